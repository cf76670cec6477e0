"""Load the data set of a comparison and settle its task."""

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..datasets._loaders import data_row, encode_features, read_csv_file
from ..utils import magnitude_limit
from ._errors import UsageError, one_line

TASKS = ("classification", "regression", "clustering", "decomposition")

# The sample a ``quick`` run keeps: enough for every model and figure to mean something. It
# grows only where the folds need more: ``n_folds`` members of every class, say.
QUICK_MAX_SAMPLES = 300

# The fewest samples R² can score: each test fold of a regression needs as many.
R2_MIN_SAMPLES = 2

# The tasks whose folds (and quick subsample) keep the class proportions of the target.
STRATIFIED_TASKS = ("classification", "clustering")

# The tasks each kind of target allows: clustering needs class labels to score against.
_TASKS_FOR_TARGET = {
    "classification": ("classification", "clustering", "decomposition"),
    "regression": ("regression", "decomposition"),
}


@dataclass
class ComparisonData:
    """The samples of a comparison with what the runner needs to know about them.

    Attributes
    ----------
    name : str
        The data set's name, or the CSV file's name.
    X : ndarray of shape (n_samples, n_features)
        The features.
    y : ndarray of shape (n_samples,)
        The target: class labels or real values.
    task : str
        The task the comparison runs: one of :data:`TASKS`.
    target_kind : {'classification', 'regression'}
        What ``y`` holds: class labels or real values.
    image_shape : tuple of int or None
        The shape each row reshapes to when the samples are images.
    class_names : list of str or None
        Display names of the classes, for classification and clustering.
    description : str
        The data set's one-line description; for a CSV file, what was done to its
        columns: dropped, imputed, one-hot encoded.
    """

    name: str
    X: np.ndarray
    y: np.ndarray
    task: str
    target_kind: str
    image_shape: tuple | None = None
    class_names: list | None = None
    description: str = ""

    @property
    def n_classes(self):
        """Number of distinct labels in ``y`` (None for a regression target)."""
        if self.target_kind == "regression":
            return None
        return len(np.unique(self.y))

    def summary(self):
        """One line for the report: samples, features, classes, image shape."""
        parts = [f"{self.X.shape[0]} samples", f"{self.X.shape[1]} features"]
        if self.n_classes is not None:
            parts.append(f"{self.n_classes} classes")
        if self.image_shape is not None:
            parts.append("images of " + "×".join(str(side) for side in self.image_shape))
        return ", ".join(parts)


def load_comparison_data(
    dataset, *, target=None, drop=None, task=None, n_folds=5, quick=False, seed=0
):
    """Load a named data set or a CSV file, settle the task and check the folds fit.

    The feature columns of a CSV file are made numbers, the same for every model: missing
    values imputed, text columns one-hot encoded, both from the whole file (see
    ``_prepare_features``), and the description says so.

    Parameters
    ----------
    dataset : str
        A name from ``sklnn.datasets.DATASETS`` or the path of a CSV file.
    target : str, default=None
        The CSV column holding the target; required for a CSV file, refused otherwise.
    drop : list of str, default=None
        CSV columns to leave out before anything else (an identifier, say); refused for
        a named data set.
    task : str, default=None
        One of :data:`TASKS`; None takes the data set's own task (classification or
        regression). Clustering and decomposition run only when asked for.
    n_folds : int, default=5
        The number of cross-validation folds the data must serve.
    quick : bool, default=False
        Keep :data:`QUICK_MAX_SAMPLES` samples, or as many as ``n_folds`` folds need
        (stratified for the tasks of :data:`STRATIFIED_TASKS`, keeping ``n_folds``
        members of every class).
    seed : int, default=0
        Seed of the synthetic data sets and of the quick subsample.

    Returns
    -------
    data : ComparisonData

    Raises
    ------
    UsageError
        For an unknown data set, a CSV file that is missing, unreadable or lacks a
        column, a feature column that is empty, mixes numbers and text or looks like an
        identifier, a missing target value, a task the data cannot serve, an infinite or
        too large value, or too few samples (or members of a class) for ``n_folds`` folds.
    """
    bunch, name = _load_bunch(dataset, target=target, drop=drop, task=task, seed=seed)
    target_task = bunch.task
    task = _resolve_task(task, target_task, name)
    X = np.asarray(bunch.data)
    y = np.asarray(bunch.target)
    source = repr(dataset)
    _check_values(X, bunch.feature_names, source)
    if target_task == "regression":
        _check_values(y[:, np.newaxis], [target or "target"], source)
    _check_spread(X, task, source)
    _check_folds(y, task, n_folds, target or "target", source)
    if quick and len(y) > QUICK_MAX_SAMPLES:
        kept = _quick_sample(y, task, n_folds, seed)
        X, y = X[kept], y[kept]
    return ComparisonData(
        name=name,
        X=X,
        y=y,
        task=task,
        target_kind=target_task,
        image_shape=getattr(bunch, "image_shape", None),
        class_names=_class_names(bunch, y) if target_task == "classification" else None,
        description=getattr(bunch, "DESCR", name),
    )


def _load_bunch(dataset, *, target, drop, task, seed):
    """Return the data set's Bunch and its display name."""
    from sklnn.datasets import DATASETS, load_csv, load_dataset

    if dataset in DATASETS:
        for option, value in (("--target", target), ("--drop", drop)):
            if value is not None:
                raise UsageError(
                    f"{option} applies to a CSV file only, not to data set {dataset!r}"
                )
        try:
            with warnings.catch_warnings():  # OpenML's retry notices: the error says it all
                warnings.filterwarnings("ignore", "A network error occurred", UserWarning)
                return load_dataset(dataset, random_state=seed), dataset
        except OSError as error:  # a download without a network, say
            raise UsageError(f"cannot load data set {dataset!r}: {one_line(error)}") from error
    if not dataset.lower().endswith(".csv") and not Path(dataset).is_file():
        choices = ", ".join(DATASETS)
        raise UsageError(
            f"unknown data set {dataset!r}; choose from {choices}, or give a CSV file path "
            "with --target COLUMN"
        )
    # A task asked for settles a CSV target's kind (whole numbers may be a regression target).
    target_task = task if task in _TASKS_FOR_TARGET else None
    return _load_csv_bunch(load_csv, dataset, target, drop, target_task), Path(dataset).name


def _load_csv_bunch(load_csv, path, target, drop, task):
    """Load a CSV file and prepare its features, the user's mistakes a :class:`UsageError`."""
    if not Path(path).is_file():
        reason = "is a folder, not a file" if Path(path).is_dir() else "does not exist"
        raise UsageError(f"CSV file {path!r} {reason}")
    if target is None:
        raise UsageError(f"give the target column of {path!r} with --target COLUMN")
    try:
        _check_header(path, target)
        bunch = load_csv(path, target, task=task, drop=drop, as_frame=True)
        bunch.data, bunch.feature_names, notes = _prepare_features(bunch.data, path)
    except UsageError:
        raise
    except (ValueError, OSError) as error:  # their messages name the file
        raise UsageError(one_line(error)) from error
    bunch.DESCR = " ".join([bunch.DESCR, *notes])
    return bunch


def _prepare_features(features, path):
    """Make a CSV file's feature columns numbers: impute, then one-hot encode.

    A missing value takes its column's median (a number column) or most frequent value (a
    text column); each text column then becomes one indicator column per category (see
    :func:`sklnn.datasets._loaders.encode_features`).

    Both are fitted on the whole file before the folds are drawn, not on each training
    fold. Neither looks at the target, so no fold learns anything about the labels it is
    scored on; what the held-out rows lend is their share of a median or of a category
    count, a small effect that does not depend on the labels. The categories of the whole
    file also spare a test fold a category its training folds never saw. Every model gets
    the same numbers, and the figures show them.

    Parameters
    ----------
    features : pandas.DataFrame
        The feature columns as read from the file.
    path : str
        The CSV file, as messages name it.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        The prepared features.
    feature_names : list of str
        Their names, an indicator column's ``'column=category'``.
    notes : list of str
        Sentences for the data's description: which columns were imputed (how many values,
        with what) and which encoded (into how many columns).

    Raises
    ------
    UsageError
        For a feature column of missing values only.
    ValueError
        For a column that mixes numbers and text or looks like an identifier or free text.
    """
    features, imputed = _impute(features, path)
    X, feature_names, categories = encode_features(features, path)
    notes = []
    if imputed:
        notes.append(
            "Missing values imputed from the whole file's features (no target values): "
            f"{'; '.join(imputed)}."
        )
    if categories:
        encoded = [f"{name!r} ({len(levels)} columns)" for name, levels in categories.items()]
        notes.append(
            f"One-hot encoded with the categories of the whole file: {', '.join(encoded)}."
        )
    return X, feature_names, notes


def _impute(features, path):
    """``features`` with each missing value filled, and one phrase per filled column."""
    filled, phrases = features.copy(), []
    for name, column in features.items():
        n_missing = int(column.isna().sum())
        if not n_missing:
            continue
        if n_missing == len(column):
            raise UsageError(
                f"feature column {name!r} of {path!r} is empty: every value is missing; "
                f"drop it with --drop {name}"
            )
        if pd.api.types.is_numeric_dtype(column):
            value = column.median()
            how = f"median {value:.4g}"
        else:
            value = column.mode().iloc[0]  # the first in sorted order on a tie
            how = f"most frequent {value!r}"
        filled[name] = column.fillna(value)
        phrases.append(f"{n_missing} in {name!r} ({how})")
    return filled, phrases


def _check_header(path, target):
    """Refuse a CSV file without data rows, with a repeated column name, or of one column.

    pandas would silently rename a repeated column ``name.1``, and a file separated by
    anything but commas reads as a single column.
    """
    head = read_csv_file(path, header=None, nrows=2, dtype=str, keep_default_na=False)
    if len(head) < 2:
        raise UsageError(f"CSV file {path!r} has a header row but no data rows")
    names = head.iloc[0].tolist()
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise UsageError(
            f"CSV file {path!r} repeats the column names {', '.join(map(repr, repeated))}; "
            "give every column its own name"
        )
    if len(names) == 1 and names[0] != target:
        raise UsageError(
            f"CSV file {path!r} has a single column {names[0]!r}; separate its columns with "
            "commas"
        )


def _check_values(values, names, source):
    """Refuse an infinite or too large value, naming its column and row.

    A missing value never gets here: the target's is refused on loading, the features'
    imputed.

    "Too large" means beyond the limit of the estimators' own check
    (:func:`sklnn.utils.magnitude_limit` for the entries of ``values``): sums of their
    squares could overflow. Such values are refused rather than rescaled: a comparison runs
    every model on the data as given, and a value near 1e308 is more often a sentinel or a
    corruption than a measurement.

    Parameters
    ----------
    values : ndarray of shape (n_samples, n_columns)
        The columns to check; integer columns always pass.
    names : list of str
        The column names.
    source : str
        The data set or CSV file, as the message names it.
    """
    if not np.issubdtype(values.dtype, np.floating):
        return
    limit = magnitude_limit(values.size)
    problems = (
        ("an infinite value", np.isinf(values), "drop or replace it"),
        (
            f"values too large (beyond {limit:.3g} in absolute value)",
            np.abs(values) > limit,  # NaN compares False
            "scale the column down first",
        ),
    )
    for what, is_bad, advice in problems:
        rows, columns = np.nonzero(is_bad)
        if rows.size:
            raise UsageError(
                f"column {names[columns[0]]!r} of {source} has {what} in "
                f"{data_row(rows[0])}; {advice}"
            )


def _check_spread(X, task, source):
    """Refuse samples that are all the same for the tasks that compare samples to each other.

    A clustering has nothing to tell apart (DBSCAN's eps would be 0), a decomposition no
    variance to explain (its ratio would be 0/0).
    """
    if task in ("clustering", "decomposition") and not np.ptp(X, axis=0).any():
        raise UsageError(
            f"every feature column of {source} is constant; {task} needs samples that differ"
        )


def _check_folds(y, task, n_folds, target, source):
    """Refuse data too small for ``n_folds`` folds, advising the largest ``--cv`` that fits.

    The stratified tasks (classification, and clustering, scored against the classes)
    need two classes, and ``n_folds`` members of each; a regression needs
    :data:`R2_MIN_SAMPLES` samples in each test fold; a decomposition, one.
    """
    if len(y) < 2:
        raise UsageError(f"{source} has {len(y)} data row; cross-validation needs 2 or more")
    if task in STRATIFIED_TASKS:
        most, reason = _most_stratified_folds(y, task, target, source)
    elif task == "regression":
        most = len(y) // R2_MIN_SAMPLES
        if most < 2:
            raise UsageError(
                f"{source} has {len(y)} data rows, too few to cross-validate a regression: R² "
                f"needs {R2_MIN_SAMPLES} samples in each of 2 test folds, "
                f"{2 * R2_MIN_SAMPLES} rows or more"
            )
        reason = (
            f"its {len(y)} data rows would leave test folds of fewer than {R2_MIN_SAMPLES} "
            "samples, too few for R²"
        )
    else:
        most, reason = len(y), f"it has {len(y)} data rows"
    if n_folds > most:
        raise UsageError(
            f"--cv {n_folds} is more folds than {source} allows: {reason}; "
            f"give --cv {most} or less"
        )


def _most_stratified_folds(y, task, target, source):
    """The most stratified folds ``y`` allows, and why; one class or a class of one refused."""
    labels, counts = np.unique(y, return_counts=True)
    labels = labels.tolist()  # Python scalars: their repr is the value as written
    if len(labels) < 2:
        raise UsageError(
            f"target column {target!r} of {source} has a single class, {labels[0]!r}; "
            f"{task} needs at least 2 classes"
        )
    smallest = counts.argmin()
    what = f"class {labels[smallest]!r} of target column {target!r}"
    if counts[smallest] < 2:
        raise UsageError(
            f"{what} of {source} has only 1 member; stratified folds need 2 or more of every "
            "class"
        )
    return int(counts[smallest]), f"{what} has {counts[smallest]} members"


def _quick_sample(y, task, n_folds, seed):
    """The sorted indices of the samples a quick run keeps.

    :data:`QUICK_MAX_SAMPLES` of them, or as many as the folds need: for the stratified
    tasks ``n_folds`` members of every class, the rest shared among the classes in
    proportion to their sizes; for a regression :data:`R2_MIN_SAMPLES` per test fold.
    """
    rng = np.random.RandomState(seed)
    if task not in STRATIFIED_TASKS:
        per_fold = R2_MIN_SAMPLES if task == "regression" else 1
        size = max(QUICK_MAX_SAMPLES, n_folds * per_fold)
        return np.sort(rng.choice(len(y), size, replace=False))
    _, classes, counts = np.unique(y, return_inverse=True, return_counts=True)
    quotas = _class_quotas(counts, n_folds)
    kept = [
        rng.choice(np.flatnonzero(classes == index), quota, replace=False)
        for index, quota in enumerate(quotas)
    ]
    return np.sort(np.concatenate(kept))


def _class_quotas(counts, floor):
    """How many members of each class the quick sample keeps.

    Each class keeps ``floor`` members; the rest of :data:`QUICK_MAX_SAMPLES` goes to the
    classes in proportion to their further members, rounded by largest remainders.
    """
    spare = QUICK_MAX_SAMPLES - floor * len(counts)
    if spare <= 0:
        return np.full(len(counts), floor)
    further = counts - floor
    shares = further * spare / further.sum()
    quotas = np.floor(shares).astype(int)
    largest_remainders = np.argsort(quotas - shares, kind="stable")
    quotas[largest_remainders[: spare - quotas.sum()]] += 1
    return floor + quotas


def _class_names(bunch, y):
    """Display names of the classes left in ``y``.

    ``bunch.target_names`` names the sorted labels of the whole data set.
    """
    name_of = dict(zip(np.unique(bunch.target).tolist(), bunch.target_names))
    return [str(name_of[label]) for label in np.unique(y).tolist()]


def _resolve_task(task, target_task, name):
    """The task to run: the requested one if the data can serve it, else the data's own."""
    if task is None:
        return target_task
    if task not in TASKS:
        raise UsageError(f"unknown task {task!r}; choose from {', '.join(TASKS)}")
    allowed = _TASKS_FOR_TARGET[target_task]
    if task not in allowed:
        raise UsageError(
            f"task {task!r} does not fit data set {name!r}, whose target is a "
            f"{target_task} target; choose from {', '.join(allowed)}"
        )
    return task

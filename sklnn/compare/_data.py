"""Load the data set of a comparison and settle its task."""

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

from ._errors import UsageError

TASKS = ("classification", "regression", "clustering", "decomposition")

# The largest sample a ``quick`` run keeps: enough for every model and figure to mean something.
QUICK_MAX_SAMPLES = 300

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
        The data set's one-line description.
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


def load_comparison_data(dataset, *, target=None, task=None, quick=False, seed=0):
    """Load a named data set or a CSV file and settle the task to run on it.

    Parameters
    ----------
    dataset : str
        A name from ``sklnn.datasets.DATASETS`` or the path of a CSV file.
    target : str, default=None
        The CSV column holding the target; required for a CSV file, refused otherwise.
    task : str, default=None
        One of :data:`TASKS`; None takes the data set's own task (classification or
        regression). Clustering and decomposition run only when asked for.
    quick : bool, default=False
        Keep at most :data:`QUICK_MAX_SAMPLES` samples (stratified for class labels).
    seed : int, default=0
        Seed of the synthetic data sets and of the quick subsample.

    Returns
    -------
    data : ComparisonData

    Raises
    ------
    UsageError
        For an unknown data set, a missing CSV file or column, or a task the data cannot
        serve.
    """
    bunch, name = _load_bunch(dataset, target=target, seed=seed)
    target_task = bunch.task
    task = _resolve_task(task, target_task, name)
    X = np.asarray(bunch.data)
    y = np.asarray(bunch.target)
    if quick and X.shape[0] > QUICK_MAX_SAMPLES:
        stratify = y if target_task == "classification" else None
        X, _, y, _ = train_test_split(
            X, y, train_size=QUICK_MAX_SAMPLES, stratify=stratify, random_state=seed
        )
    class_names = None
    if target_task == "classification":
        class_names = [str(label) for label in getattr(bunch, "target_names", np.unique(y))]
    return ComparisonData(
        name=name,
        X=X,
        y=y,
        task=task,
        target_kind=target_task,
        image_shape=getattr(bunch, "image_shape", None),
        class_names=class_names,
        description=getattr(bunch, "DESCR", name),
    )


def _load_bunch(dataset, *, target, seed):
    """Return the data set's Bunch and its display name."""
    from sklnn.datasets import DATASETS, load_csv, load_dataset

    if dataset in DATASETS:
        if target is not None:
            raise UsageError(f"--target applies to a CSV file only, not to data set {dataset!r}")
        try:
            with warnings.catch_warnings():  # OpenML's retry notices: the error says it all
                warnings.filterwarnings("ignore", "A network error occurred", UserWarning)
                return load_dataset(dataset, random_state=seed), dataset
        except OSError as error:  # a download without a network, say
            reason = " ".join(str(error).split())
            raise UsageError(f"cannot load data set {dataset!r}: {reason}") from error
    if not dataset.lower().endswith(".csv") and not Path(dataset).is_file():
        choices = ", ".join(DATASETS)
        raise UsageError(
            f"unknown data set {dataset!r}; choose from {choices}, or give a CSV file path "
            "with --target COLUMN"
        )
    return _load_csv_bunch(load_csv, dataset, target), Path(dataset).name


def _load_csv_bunch(load_csv, path, target):
    """Load a CSV file, turning the user's mistakes into a :class:`UsageError`."""
    if not Path(path).is_file():
        raise UsageError(f"CSV file {path!r} does not exist")
    if target is None:
        raise UsageError(f"give the target column of {path!r} with --target COLUMN")
    try:
        return load_csv(path, target)
    except (ValueError, OSError) as error:
        message = " ".join(str(error).split())
        raise UsageError(f"cannot load {path!r}: {message}") from error


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

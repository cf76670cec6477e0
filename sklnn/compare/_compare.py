"""run_comparison: load the data, cross-validate the models, write the report."""

import numbers
import re

from ._data import QUICK_MAX_SAMPLES, load_comparison_data
from ._errors import UsageError
from ._models import describe_settings, make_settings, select_models
from ._report import describe_device, prepare_output_folder, write_report
from ._runner import cross_validate_models, results_frame
from ._scoring import describe_scheme, task_metrics, task_splits
from ._table import cross_validation_seconds

_DEVICE_PATTERN = re.compile(r"auto|cpu|cuda(:\d+)?")


def check_device(device):
    """Check a torch device name: 'auto', 'cpu', 'cuda' or 'cuda:N'.

    Parameters
    ----------
    device : str
        The device name.

    Returns
    -------
    device : str
        Unchanged.

    Raises
    ------
    UsageError
        For any other name.
    """
    if not isinstance(device, str) or not _DEVICE_PATTERN.fullmatch(device):
        raise UsageError(f"invalid device {device!r}; choose from auto, cpu, cuda, cuda:N")
    return device


def _check_cuda(device, specs):
    """Refuse a CUDA device on a machine without one, when a torch model would use it."""
    if device.startswith("cuda") and any(spec.family == "neural" for spec in specs):
        import torch

        if not torch.cuda.is_available():
            raise UsageError(f"device {device!r}: no CUDA GPU found; use --device auto or cpu")


# What the report adds to the device of a quick run.
_QUICK_NOTE = (
    f" (quick mode: few epochs, at most {QUICK_MAX_SAMPLES} samples unless the folds need more)"
)

# The seeds NumPy's legacy generator accepts, which scikit-learn's random_state goes through.
MAX_SEED = 2**32 - 1


def check_folds(cv):
    """Check a number of cross-validation folds: an integer of at least 2.

    Parameters
    ----------
    cv : int
        The number of folds.

    Returns
    -------
    cv : int

    Raises
    ------
    UsageError
        For anything else.
    """
    if isinstance(cv, bool) or not isinstance(cv, numbers.Integral) or cv < 2:
        raise UsageError(f"invalid number of folds {cv!r}; --cv needs an integer of at least 2")
    return int(cv)


def check_seed(seed):
    """Check a seed: an integer from 0 to ``2**32 - 1``, the range NumPy accepts.

    Parameters
    ----------
    seed : int
        The seed.

    Returns
    -------
    seed : int

    Raises
    ------
    UsageError
        For anything else.
    """
    if (
        isinstance(seed, bool)
        or not isinstance(seed, numbers.Integral)
        or not 0 <= seed <= MAX_SEED
    ):
        raise UsageError(
            f"invalid seed {seed!r}; --seed needs an integer between 0 and 2**32 - 1"
        )
    return int(seed)


def _model_keys(models):
    """Model keys from a comma-separated string or a list; None stays None."""
    if models is None:
        return None
    if isinstance(models, str):
        models = models.split(",")
    return [key.strip() for key in models if key.strip()]


def run_comparison(
    dataset="digits",
    *,
    task=None,
    models=None,
    cv=5,
    device="auto",
    out=None,
    quick=False,
    seed=0,
    target=None,
    drop=None,
    progress=True,
):
    """Cross-validate sklnn models beside their scikit-learn counterparts on one data set.

    This is the engine of the ``sklnn compare`` command. Each model is cross-validated on
    the same folds with :func:`sklearn.model_selection.cross_validate` and scored by the
    task's metrics: accuracy (classification), R² (regression), adjusted Rand index and Rand
    index against the true classes (clustering), explained variance ratio and
    reconstruction error (decomposition).

    Parameters
    ----------
    dataset : str, default='digits'
        A name from :data:`sklnn.datasets.DATASETS`, or the path of a CSV file (then give
        ``target``).
    task : {'classification', 'regression', 'clustering', 'decomposition'}, default=None
        None runs the data set's own task (classification or regression); clustering and
        decomposition run only when asked for.
    models : str or list of str, default=None
        Model keys (a comma-separated string or a list), e.g. ``'mlp,sk-mlp'``; None runs
        every model that fits the task and the data. See ``sklnn compare --help``.
    cv : int, default=5
        Number of folds.
    device : str, default='auto'
        Torch device of the sklnn neural models: 'auto', 'cpu', 'cuda' or 'cuda:N'.
    out : str or path-like, default=None
        Folder for report.md, report.html, scores.csv and the PNG figures; None writes
        nothing.
    quick : bool, default=False
        A fast look: at most 300 samples unless the folds need more (``cv`` members of
        every class), and a few training epochs.
    seed : int, default=0
        Seed of the folds, the models and the generated data sets, from 0 to ``2**32 - 1``.
    target : str, default=None
        The target column of a CSV file.
    drop : list of str, default=None
        Columns of a CSV file to leave out before anything else (an identifier, say).
        The other feature columns are made numbers from the whole file: missing values
        imputed (median, or most frequent text), text columns one-hot encoded; the
        report's data line says which.
    progress : bool, default=True
        Show a progress bar on stderr.

    Returns
    -------
    results : pandas.DataFrame
        One row per model: ``model``, ``key``, ``library``, ``family``, ``metric``,
        ``mean`` and ``std`` of the main score over the folds, ``<metric>_mean`` and
        ``<metric>_std`` of the further scores, ``fit_time`` and ``predict_time`` (mean
        seconds per fold), ``time_share`` (the model's share of the cross-validation's
        time, fit and predict over all folds), ``n_folds``, the main score of each fold
        (``fold_1`` ... ``fold_<n_folds>``, for the paired test across folds), ``n_train``
        and ``n_test`` (mean samples fitted and scored per fold) and ``mode`` (``'full'``
        or ``'quick'``).

    Raises
    ------
    UsageError
        A :class:`ValueError` for an unknown data set, task or model, a model that does
        not fit the task, a bad ``cv``, ``seed`` or ``device``, a CSV file that is missing
        or unreadable or lacks a column, a missing target value, a feature column that
        cannot be made numbers, an infinite or too large value, too few
        samples or classes to cross-validate, or a blank or unwritable ``out`` folder.

    Examples
    --------
    >>> from sklnn.compare import run_comparison
    >>> results = run_comparison("iris", models="softmax,sk-logistic", cv=3, progress=False)
    >>> results[["model", "metric"]].to_numpy().tolist()
    [['SoftmaxReg (sklnn)', 'accuracy'], ['LogisticRegression (sklearn)', 'accuracy']]
    >>> bool((results["mean"] > 0.9).all())
    True
    """
    n_folds = check_folds(cv)
    check_device(device)
    seed = check_seed(seed)
    data = load_comparison_data(
        dataset, target=target, drop=drop, task=task, n_folds=n_folds, quick=quick, seed=seed
    )
    specs = select_models(_model_keys(models), data)
    _check_cuda(device, specs)
    folder = None if out is None else prepare_output_folder(out)
    settings = make_settings(data, seed=seed, device=device, quick=quick)
    metrics = task_metrics(data.task)
    splits = task_splits(data.task, n_folds, seed, data.y)
    runs = cross_validate_models(data, specs, settings, splits, metrics, progress=progress)
    results = results_frame(runs, metrics)
    if folder is not None:
        facts = [
            ("Data", data.description),
            ("Samples used", data.summary()),
            ("Task", f"{data.task}. {describe_scheme(data.task, n_folds, seed)}"),
            ("Models", describe_settings(settings, data.task)),
            ("Timings", "mean seconds per fold; predict time includes scoring; share: of "
                        f"the cross-validation's {cross_validation_seconds(results):.1f} s; "
                        "torch's one-time start-up ran before the folds, off the clock"),
            ("Device", describe_device(device, runs) + (_QUICK_NOTE * quick)),
        ]
        write_report(folder, data, results, runs, facts=facts)
    return results

"""Cross-validate the selected models and gather their scores and timings."""

import sys
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import cross_validate
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from ._errors import UsageError, one_line
from ._table import model_seconds


@dataclass
class ModelRun:
    """What cross-validating one model leaves behind.

    Attributes
    ----------
    spec : ModelSpec
        The registry entry of the model.
    scores : dict of str to ndarray of shape (n_folds,)
        Each metric's score on each fold.
    fit_times, score_times : ndarray of shape (n_folds,)
        Seconds spent fitting, and predicting plus scoring, on each fold.
    last_estimator : estimator
        The model fitted on the last fold, for the learning curves and pictures.
    last_split : tuple of ndarray
        The (fit indices, score indices) of the last fold.
    predictions : ndarray of shape (n_samples,) or None
        Out-of-fold predictions of a classifier (every sample predicted by the model that
        did not see it), for the confusion matrices; None for other tasks.
    n_train, n_test : float
        The mean number of samples fitted, and scored, per fold.
    mode : {'full', 'quick'}
        How the model was trained: a full run, or a quick smoke test (``--quick``).
    """

    spec: object
    scores: dict
    fit_times: np.ndarray
    score_times: np.ndarray
    last_estimator: object
    last_split: tuple
    predictions: np.ndarray | None = None
    n_train: float = np.nan
    n_test: float = np.nan
    mode: str = "full"


def cross_validate_models(data, specs, settings, splits, metrics, *, progress=True):
    """Cross-validate every model on the same folds, one fold at a time.

    Each fold goes through :func:`sklearn.model_selection.cross_validate` (which clones the
    model, times fit and score, and raises any fitting error); the progress bar on stderr
    advances after each model × fold job. scikit-learn's ConvergenceWarning is silenced:
    the iteration and epoch limits are chosen to keep the run short. Every model runs on one
    CPU thread meanwhile (see :func:`_timing_conditions`). A model's ValueError on a fold, its
    refusal of data it cannot fit (too few samples per class for it, say), becomes a
    :class:`UsageError` naming the model and the data set.

    Parameters
    ----------
    data : ComparisonData
        The samples.
    specs : list of ModelSpec
        The models.
    settings : ModelSettings
        What the model factories need.
    splits : list of (ndarray, ndarray)
        The (fit indices, score indices) of each fold.
    metrics : sequence of Metric
        The scores to compute, the main one first.
    progress : bool, default=True
        Show the progress bar.

    Returns
    -------
    runs : list of ModelRun

    Raises
    ------
    UsageError
        When a model refuses the data of a fold.
    """
    bar = tqdm(
        total=len(specs) * len(splits), desc="sklnn compare", unit="fit", file=sys.stderr,
        disable=not progress,
    )
    uses_torch = any(spec.library == "sklnn" and spec.family == "neural" for spec in specs)
    with bar, warnings.catch_warnings(), _timing_conditions(uses_torch):
        warnings.simplefilter("ignore", ConvergenceWarning)
        try:
            return [
                _cross_validate_model(spec, data, settings, splits, metrics, bar)
                for spec in specs
            ]
        except UsageError:
            bar.leave = False  # the error's line takes the bar's place
            raise


@contextmanager
def _timing_conditions(uses_torch):
    """Run every model on one CPU thread — BLAS, OpenMP and torch — then restore the counts;
    with torch, pay its one-time start-up first (:func:`start_torch`).

    The models of a classroom comparison are small: thread pools spend more time
    synchronizing than computing on them, and on 2 CPU cores shared with other work two
    threads made both the NumPy models and the torch networks several times slower than one.
    One thread for all also puts sklnn and scikit-learn (whose losses run on OpenMP rather
    than BLAS) on an equal footing in the timing columns.
    """
    with threadpool_limits(limits=1):
        if not uses_torch:
            yield
            return
        import torch

        start_torch()
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            yield
        finally:
            torch.set_num_threads(threads)


def start_torch():
    """Pay torch's one-time start-up before any fold is timed.

    The first optimizer a process builds imports torch's compiler (``torch._dynamo``):
    seconds (3 on this project's 2-core machine) that would otherwise be charged to the
    first fold of the first network, as a fit time scikit-learn's MLP never pays.
    """
    import torch

    torch.optim.SGD([torch.zeros(1, requires_grad=True)])


def _cross_validate_model(spec, data, settings, splits, metrics, bar):
    """Run the folds of one model and collect them into a :class:`ModelRun`."""
    estimator = spec.build(settings)
    scoring = {metric.key: metric.scorer for metric in metrics}
    predictions = np.empty_like(data.y) if data.task == "classification" else None
    folds = []
    for fit_indices, score_indices in splits:
        bar.set_postfix_str(spec.display_name)
        try:
            fold = cross_validate(
                estimator, data.X, data.y, cv=[(fit_indices, score_indices)], scoring=scoring,
                return_estimator=True, error_score="raise",
            )
        except ValueError as error:  # the model refuses the fold: too few samples, say
            raise UsageError(
                f"model {spec.key!r} cannot fit a fold of {data.name!r} "
                f"({len(fit_indices)} training samples): {one_line(error)}"
            ) from error
        folds.append(fold)
        if predictions is not None:
            predictions[score_indices] = fold["estimator"][0].predict(data.X[score_indices])
        bar.update()
    return ModelRun(
        spec=spec,
        scores={key: _column(folds, f"test_{key}") for key in scoring},
        fit_times=_column(folds, "fit_time"),
        score_times=_column(folds, "score_time"),
        last_estimator=folds[-1]["estimator"][0],
        last_split=splits[-1],
        predictions=predictions,
        n_train=np.mean([len(fit_indices) for fit_indices, _ in splits]),
        n_test=np.mean([len(score_indices) for _, score_indices in splits]),
        mode=settings.mode,
    )


def _column(folds, name):
    """One entry of every fold's cross_validate result, as an array."""
    return np.concatenate([fold[name] for fold in folds])


def results_frame(runs, metrics):
    """The results table: one row per model.

    Parameters
    ----------
    runs : list of ModelRun
        The cross-validated models.
    metrics : sequence of Metric
        The task's metrics, the main one first.

    Returns
    -------
    results : pandas.DataFrame
        Columns ``model``, ``key``, ``library``, ``family``, ``metric`` (the main metric's
        name), ``mean`` and ``std`` (of the main metric over the folds), ``<key>_mean`` and
        ``<key>_std`` for each further metric, ``fit_time`` and ``predict_time`` (mean
        seconds per fold; predict time includes scoring), ``time_share`` (the model's
        share of the cross-validation's time: its fit and predict seconds over all folds,
        over every model's), ``n_folds``, ``fold_1`` to
        ``fold_<n_folds>`` (the main metric on each fold), ``n_train`` and ``n_test`` (mean
        samples fitted and scored per fold) and ``mode`` ('full', or 'quick' for a smoke
        test).
    """
    main, *others = metrics
    rows = []
    for run in runs:
        row = {
            "model": run.spec.display_name,
            "key": run.spec.key,
            "library": run.spec.library,
            "family": run.spec.family,
            "metric": main.label,
            "mean": run.scores[main.key].mean(),
            "std": run.scores[main.key].std(),
        }
        for metric in others:
            row[f"{metric.key}_mean"] = run.scores[metric.key].mean()
            row[f"{metric.key}_std"] = run.scores[metric.key].std()
        row["fit_time"] = run.fit_times.mean()
        row["predict_time"] = run.score_times.mean()
        row["n_folds"] = len(run.fit_times)
        for fold, score in enumerate(run.scores[main.key], start=1):
            row[f"fold_{fold}"] = score
        row["n_train"] = run.n_train
        row["n_test"] = run.n_test
        row["mode"] = run.mode
        rows.append(row)
    results = pd.DataFrame(rows)
    seconds = model_seconds(results)
    results.insert(results.columns.get_loc("predict_time") + 1, "time_share",
                   seconds / seconds.sum())
    return results

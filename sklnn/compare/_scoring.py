"""What each task scores, and on which resamples of the data.

- classification: accuracy on the held-out folds of a stratified k-fold split;
- regression: R² on the held-out folds of a k-fold split;
- clustering: adjusted Rand index and Rand index of the clusters against the true labels.
  A clustering has no held-out part, so each resample is the training part of one fold of a
  stratified k-fold split ((k-1)/k of the samples): the model clusters it and is scored on
  the same samples; the spread over the k resamples gives the ± std;
- decomposition: the explained variance ratio of the kept components (training part) and
  the mean squared reconstruction error ‖x - x̂‖² of the held-out samples (course textbook,
  §5.1: on the training samples it equals the sum of the dropped eigenvalues).
"""

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import make_scorer
from sklearn.model_selection import KFold, StratifiedKFold

from sklnn.metrics import accuracy_score, adjusted_rand_score, r2_score, rand_score

from ._data import STRATIFIED_TASKS
from ._models import final_estimator, model_input


@dataclass(frozen=True)
class Metric:
    """A score reported for every model.

    Attributes
    ----------
    key : str
        Column prefix in the results table, e.g. 'accuracy'.
    label : str
        Name in tables and figures, e.g. 'adjusted Rand index'.
    scorer : callable
        ``scorer(estimator, X, y)`` for :func:`sklearn.model_selection.cross_validate`.
    """

    key: str
    label: str
    scorer: object


def _cluster_labels(estimator):
    return final_estimator(estimator).labels_


def _adjusted_rand(estimator, X, y):
    return adjusted_rand_score(y, _cluster_labels(estimator))


def _rand(estimator, X, y):
    return rand_score(y, _cluster_labels(estimator))


def _explained_variance(estimator, X, y=None):
    return float(np.sum(final_estimator(estimator).explained_variance_ratio_))


def reconstruction_error(estimator, X, y=None):
    """Mean squared distance between the samples and their PCA reconstructions.

    Parameters
    ----------
    estimator : PCA or Pipeline ending in a PCA
        A fitted PCA; a pipeline's preprocessing is applied first.
    X : ndarray of shape (n_samples, n_features)
        The samples.
    y : ignored

    Returns
    -------
    error : float
        The mean over samples of ‖z - x̂‖², where z is the PCA's input.
    """
    pca = final_estimator(estimator)
    Z = model_input(estimator, X)
    residual = Z - pca.inverse_transform(pca.transform(Z))
    return float(np.mean(np.sum(residual**2, axis=1)))


_METRICS = {
    "classification": (Metric("accuracy", "accuracy", make_scorer(accuracy_score)),),
    "regression": (Metric("r2", "R²", make_scorer(r2_score)),),
    "clustering": (
        Metric("ari", "adjusted Rand index", _adjusted_rand),
        Metric("rand", "Rand index", _rand),
    ),
    "decomposition": (
        Metric("explained_variance", "explained variance ratio", _explained_variance),
        Metric("reconstruction_error", "reconstruction error", reconstruction_error),
    ),
}

#: Every metric's column prefix and display label.
METRIC_LABELS = {metric.key: metric.label for metrics in _METRICS.values() for metric in metrics}


def task_metrics(task):
    """The metrics of ``task``, the main one first."""
    return _METRICS[task]


def task_splits(task, n_folds, seed, y):
    """The (fit indices, score indices) pairs of each fold.

    Parameters
    ----------
    task : str
        The comparison's task.
    n_folds : int
        Number of folds, at least 2.
    seed : int
        Seed of the shuffle.
    y : ndarray of shape (n_samples,)
        The target (stratifies classification and clustering folds), checked to serve
        ``n_folds`` folds by :func:`~sklnn.compare._data.load_comparison_data`.

    Returns
    -------
    splits : list of (ndarray, ndarray)
    """
    stratified = task in STRATIFIED_TASKS
    splitter_class = StratifiedKFold if stratified else KFold
    splitter = splitter_class(n_splits=n_folds, shuffle=True, random_state=seed)
    splits = list(splitter.split(np.zeros((len(y), 1)), y))
    if task == "clustering":
        return [(fit_indices, fit_indices) for fit_indices, _ in splits]
    return splits


_SCHEMES = {
    "classification": "{metric} on the held-out fold of a {k}-fold stratified cross-validation",
    "regression": "{metric} on the held-out fold of a {k}-fold cross-validation",
    "clustering": (
        "{metric} against the true classes, on {k} resamples (the training part of each fold "
        "of a {k}-fold stratified split)"
    ),
    "decomposition": (
        "{metric} of the kept components, and reconstruction error on the held-out fold, "
        "of a {k}-fold cross-validation"
    ),
}


def describe_scheme(task, n_folds, seed):
    """One sentence saying how ``task`` is scored, for the report.

    Parameters
    ----------
    task : str
        The comparison's task.
    n_folds : int
        Number of folds.
    seed : int
        Seed of the shuffled folds.

    Returns
    -------
    sentence : str
    """
    metric = task_metrics(task)[0].label
    scheme = _SCHEMES[task].format(metric=metric, k=n_folds)
    return f"{scheme[0].upper()}{scheme[1:]}, shuffled with seed {seed}."

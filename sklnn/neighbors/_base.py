"""What the k-nearest-neighbours estimators share: parameters, fit and the neighbour query."""

import itertools
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, is_regressor
from sklearn.neighbors import VALID_METRICS
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ..cluster._neighbors import SKLNN_METRICS, NeighborSearch, set_input_tags
from ..utils import atomic_fit, check_magnitude


class KNeighborsBase(BaseEstimator):
    """The k nearest training samples of a query, as the textbook's kNN (§4.3).

    Subclasses keep the targets in ``_fit_targets(y)`` and predict from the neighbours.
    """

    _parameter_constraints: dict = {
        "n_neighbors": [Interval(Integral, 1, None, closed="left")],
        "weights": [StrOptions({"uniform", "distance"}), callable, None],
        "algorithm": [StrOptions({"auto", "ball_tree", "kd_tree", "brute"})],
        "leaf_size": [Interval(Integral, 1, None, closed="left")],
        "p": [Interval(Real, 0, None, closed="right"), None],
        "metric": [
            StrOptions(set(itertools.chain(*VALID_METRICS.values())) | set(SKLNN_METRICS)),
            callable,
        ],
        "metric_params": [dict, None],
        "n_jobs": [Integral, None],
    }

    def __init__(self, n_neighbors=5, *, weights="uniform", algorithm="auto", leaf_size=30,
                 p=2, metric="minkowski", metric_params=None, n_jobs=None):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    @atomic_fit(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Keep the training samples and their classes or targets.

        Fewer samples than ``n_neighbors`` are refused here, where scikit-learn refuses
        them at the first prediction: a fitted sklnn estimator can predict.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features), or \
(n_samples, n_samples)
            Training samples, or their distances if ``metric='precomputed'``.
        y : array-like of shape (n_samples,), or (n_samples, n_outputs) for a regressor
            Their classes (classifier) or targets (regressor).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        regressor = is_regressor(self)
        X, y = validate_data(self, X, y, accept_sparse="csr", y_numeric=regressor,
                             multi_output=regressor)
        if self.metric != "precomputed":
            check_magnitude(X)
        if X.shape[0] < self.n_neighbors:  # scikit-learn fits, then fails to predict
            raise ValueError(
                f"Expected n_neighbors <= n_samples, but n_neighbors = {self.n_neighbors}, "
                f"n_samples = {X.shape[0]}: there are not enough samples to vote."
            )
        self._search = NeighborSearch(
            X, metric=self.metric, algorithm=self.algorithm, leaf_size=self.leaf_size,
            p=self.p, metric_params=self.metric_params, n_jobs=self.n_jobs,
        )  # fmt: skip
        self._fit_X = X
        self.n_samples_fit_ = X.shape[0]
        named_here = isinstance(self.metric, str) and self.metric in SKLNN_METRICS
        self.effective_metric_ = self.metric if named_here else self._search.metric
        self.effective_metric_params_ = self._search.metric_params
        self._fit_targets(y)
        return self

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """The k nearest training samples of each query, nearest first.

        Among training samples at the same distance, the one with the smaller index comes
        first (brute force and the KD-tree); the ball tree orders them as scikit-learn's
        ``BallTree`` does. scikit-learn's own order of ties depends on its algorithm.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_queries, n_features), or \
(n_queries, n_samples_fit), default=None
            The queries, or their distances to the training samples if
            ``metric='precomputed'``. None means the training samples, each without
            itself among its neighbours.
        n_neighbors : int, default=None
            Number of neighbours (``self.n_neighbors`` when None).
        return_distance : bool, default=True
            Whether to return the distances too.

        Returns
        -------
        neigh_dist : ndarray of shape (n_queries, n_neighbors)
            The distances to the neighbours (only when ``return_distance``).
        neigh_ind : ndarray of shape (n_queries, n_neighbors)
            The indices of the neighbours among the training samples.
        """
        check_is_fitted(self)
        if n_neighbors is None:
            n_neighbors = self.n_neighbors
        elif not isinstance(n_neighbors, Integral) or n_neighbors <= 0:
            raise ValueError(f"Expected n_neighbors > 0, an integer. Got {n_neighbors!r}.")
        training = X is None
        if training:
            X = self._fit_X
            n_neighbors += 1  # each training sample is its own nearest neighbour
        elif self.metric != "precomputed":
            X = validate_data(self, X, accept_sparse="csr", reset=False)
        if n_neighbors > self.n_samples_fit_:
            raise ValueError(
                f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {n_neighbors}, "
                f"n_samples_fit = {self.n_samples_fit_}, n_samples = {X.shape[0]}"
            )
        distances, indices = self._search.kneighbors(X, n_neighbors)
        if training:
            distances, indices = _without_self(distances, indices)
        return (distances, indices) if return_distance else indices

    def _neighbor_weights(self, X):
        """The neighbours of each query and their weights (1 for uniform voting)."""
        distances, indices = self.kneighbors(X)
        if self.weights in (None, "uniform"):
            return indices, np.ones_like(distances)
        if self.weights == "distance":
            weights = _inverse_distance_weights(distances)
        else:
            weights = np.asarray(self.weights(distances), dtype=np.float64)
        if np.any(np.all(weights == 0, axis=1)):
            raise ValueError(
                "All neighbors of some sample is getting zero weights. Please modify "
                "'weights' to avoid this case if you are using a user-defined function."
            )
        return indices, weights

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        set_input_tags(tags, self.metric, self.p, self.metric_params)
        return tags


def _inverse_distance_weights(distances):
    """Soft voting's weights, 1 / distance (§4.3.1); a query at distance 0 from some
    neighbours gives those weight 1 and the others 0 (as scikit-learn)."""
    with np.errstate(divide="ignore"):
        weights = 1.0 / distances
    exact = np.isinf(weights)
    exact_rows = exact.any(axis=1)
    weights[exact_rows] = exact[exact_rows]
    return weights


def _without_self(distances, indices):
    """Drop each training sample from its own neighbours (or, when duplicates crowd it
    out, its first neighbour), as scikit-learn does for ``kneighbors(None)``."""
    n_queries, n_neighbors = indices.shape
    keep = indices != np.arange(n_queries)[:, np.newaxis]
    crowded = keep.all(axis=1)
    keep[crowded, 0] = False
    shape = (n_queries, n_neighbors - 1)
    return distances[keep].reshape(shape), indices[keep].reshape(shape)

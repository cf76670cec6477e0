"""k-nearest-neighbours regression: the (weighted) mean of the neighbours' targets (§4.3)."""

import numpy as np
from sklearn.base import RegressorMixin

from ._base import KNeighborsBase


class KNeighborsRegressor(RegressorMixin, KNeighborsBase):
    """Regression by the targets of the k nearest training samples (textbook §4.3).

    kNN (§4.3.1) for a continuous target: the prediction is the mean of the targets of
    the ``n_neighbors`` nearest training samples, each counted once
    (``weights='uniform'``) or weighted by ``1 / distance`` (``weights='distance'``, the
    book's soft voting). The distances are those of §4.2 (:mod:`sklnn.metrics.pairwise`),
    searched by the neighbour search DBSCAN uses.

    Same parameters, attributes and results as scikit-learn's
    :class:`sklearn.neighbors.KNeighborsRegressor`, up to the order of training samples
    at equal distance (see :meth:`kneighbors`). Several targets (y of shape
    (n_samples, n_outputs)) are predicted together.

    Parameters
    ----------
    n_neighbors : int, default=5
        k, the number of neighbours averaged.
    weights : {'uniform', 'distance'}, callable or None, default='uniform'
        The weight of each neighbour, as in :class:`KNeighborsClassifier`.
    algorithm : {'auto', 'ball_tree', 'kd_tree', 'brute'}, default='auto'
        As in :class:`KNeighborsClassifier`.
    leaf_size : int, default=30
        Leaf size of the trees: it changes the speed, not the result.
    p : float, default=2
        The Minkowski exponent for ``metric='minkowski'`` (Eq. 4.1).
    metric : str or callable, default='minkowski'
        As in :class:`KNeighborsClassifier`.
    metric_params : dict, default=None
        Further parameters of the metric.
    n_jobs : int, default=None
        Number of threads searching neighbours at once (None: 1, -1: all processors).

    Attributes
    ----------
    effective_metric_ : str or callable
        The metric used (``'euclidean'`` for ``'minkowski'`` with p = 2).
    effective_metric_params_ : dict
        Its parameters.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when X has string feature names.
    n_samples_fit_ : int
        Number of training samples.

    See Also
    --------
    KNeighborsClassifier : the vote of the neighbours' classes.

    Examples
    --------
    >>> from sklnn.neighbors import KNeighborsRegressor
    >>> X = [[0.0], [1.0], [2.0], [3.0]]
    >>> y = [0.0, 0.0, 1.0, 1.0]
    >>> KNeighborsRegressor(n_neighbors=2).fit(X, y).predict([[1.5]])
    array([0.5])
    """

    def _fit_targets(self, y):
        self._y = y

    def predict(self, X):
        """The (weighted) mean of the neighbours' targets.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_queries, n_features), or \
(n_queries, n_samples_fit)
            The queries (distances to the training samples if ``metric='precomputed'``),
            or None for the training samples, each without itself.

        Returns
        -------
        y : ndarray of shape (n_queries,) or (n_queries, n_outputs)
        """
        indices, weights = self._neighbor_weights(X)
        targets = self._y[indices]  # (n_queries, n_neighbors[, n_outputs])
        if targets.ndim == 3:
            weights = weights[:, :, np.newaxis]
        return np.sum(targets * weights, axis=1) / np.sum(weights, axis=1)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

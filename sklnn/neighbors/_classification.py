"""k-nearest-neighbours classification: hard and soft voting (textbook §4.3.1)."""

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets

from ..utils import labels_of_one_kind
from ._base import KNeighborsBase


class KNeighborsClassifier(ClassifierMixin, KNeighborsBase):
    """Classifier by a vote of the k nearest training samples (textbook §4.3).

    kNN keeps the training samples; a new sample takes the class that wins the vote of
    its ``n_neighbors`` nearest ones (§4.3.1): each neighbour votes for its class with
    weight 1 (hard voting, ``weights='uniform'``; with ``n_neighbors=1``, the nearest
    neighbour's class), or with weight ``1 / distance`` (soft voting,
    ``weights='distance'``: nearer neighbours count more). The probability of a class is
    its share of the votes; a tie between classes goes to the first of ``classes_`` (the
    smallest label), as in scikit-learn. The distances are those of §4.2
    (:mod:`sklnn.metrics.pairwise`), searched by the neighbour search DBSCAN uses.

    Same parameters, attributes and results as scikit-learn's
    :class:`sklearn.neighbors.KNeighborsClassifier` (for a single output), up to the order
    of training samples at equal distance (see :meth:`kneighbors`).

    Parameters
    ----------
    n_neighbors : int, default=5
        k, the number of neighbours that vote.
    weights : {'uniform', 'distance'}, callable or None, default='uniform'
        The weight of each vote: ``'uniform'`` (or None) 1 (hard voting);
        ``'distance'`` the inverse of the distance (soft voting; neighbours at distance 0,
        if any, then share all the weight); a callable maps the array of distances to an
        array of weights of the same shape.
    algorithm : {'auto', 'ball_tree', 'kd_tree', 'brute'}, default='auto'
        How the neighbours are found: ``'kd_tree'`` by a KD-tree
        (:class:`scipy.spatial.cKDTree`, Minkowski metrics), ``'ball_tree'`` by
        :class:`sklearn.neighbors.BallTree`, ``'brute'`` from the distances to all the
        training samples; ``'auto'`` chooses as scikit-learn does. Sparse input always
        uses brute force.
    leaf_size : int, default=30
        Leaf size of the trees: it changes the speed, not the result.
    p : float, default=2
        The Minkowski exponent for ``metric='minkowski'`` (Eq. 4.1): 1 Manhattan, 2
        Euclidean, ``math.inf`` Chebyshev; below 1 needs ``algorithm='brute'``.
    metric : str or callable, default='minkowski'
        The distance: ``'minkowski'`` with ``p``, ``'euclidean'``, ``'manhattan'``,
        ``'chebyshev'``, ``'cosine'`` (Eq. 4.2-4.5), sklnn's ``'d2_root'`` (Eq. 4.13),
        any other metric name of :data:`sklearn.neighbors.VALID_METRICS`, a callable of
        two samples (1-D arrays), or ``'precomputed'`` (X holds distances).
    metric_params : dict, default=None
        Further parameters of the metric.
    n_jobs : int, default=None
        Number of threads searching neighbours at once (None: 1, -1: all processors).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels.
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
    KNeighborsRegressor : the mean of the neighbours' targets.
    sklnn.cluster.DBSCAN : clustering with the same neighbour search.

    Examples
    --------
    >>> from sklnn.neighbors import KNeighborsClassifier
    >>> X = [[0.0], [1.0], [2.0], [3.0]]
    >>> y = [0, 0, 1, 1]
    >>> knn = KNeighborsClassifier(n_neighbors=3).fit(X, y)
    >>> knn.predict([[1.1]])
    array([0])
    >>> knn.predict_proba([[0.9]]).round(3)
    array([[0.667, 0.333]])
    """

    def _fit_targets(self, y):
        # One class is enough (every prediction is that class), as in scikit-learn.
        with labels_of_one_kind(type(self).__name__):
            check_classification_targets(y)
            self.classes_, self._y = np.unique(y, return_inverse=True)

    def predict_proba(self, X):
        """Each class's share of the (weighted) votes of the neighbours.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_queries, n_features), or \
(n_queries, n_samples_fit)
            The queries (distances to the training samples if ``metric='precomputed'``),
            or None for the training samples, each without itself.

        Returns
        -------
        proba : ndarray of shape (n_queries, n_classes)
            Columns in the order of ``classes_``.
        """
        indices, weights = self._neighbor_weights(X)
        n_queries = indices.shape[0]
        votes = np.zeros((n_queries, self.classes_.shape[0]))
        rows = np.repeat(np.arange(n_queries), indices.shape[1])
        np.add.at(votes, (rows, self._y[indices].ravel()), weights.ravel())
        totals = votes.sum(axis=1, keepdims=True)
        totals[totals == 0] = 1
        return votes / totals

    def predict(self, X):
        """The class with the most (weighted) votes; ties go to the first in ``classes_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_queries, n_features), or \
(n_queries, n_samples_fit)
            As in :meth:`predict_proba`.

        Returns
        -------
        y : ndarray of shape (n_queries,)
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

"""DBSCAN: density-based clustering with noise (textbook §4.4.2)."""

import numbers

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.utils.validation import validate_data

from ..utils import check_number, check_option
from ._distances import METRICS, radius_neighbor_pairs


class DBSCAN(ClusterMixin, BaseEstimator):
    """DBSCAN clustering: clusters are dense regions, points in sparse regions are noise.

    Implements the course textbook, §4.4.2 (Algorithms 4 and 5). Two points are neighbours
    when their distance is at most ``eps``; a point's neighbourhood includes the point
    itself. Then

    - a *core point* has at least ``min_samples`` points (minPts) in its neighbourhood;
    - a *border point* is not a core point but lies in the neighbourhood of one;
    - an *outlier* (noise, label ``-1``) is neither.

    A cluster is a maximal set of core points linked by chains of neighbouring core points,
    plus the border points of its core points. Instead of the textbook's recursive search,
    the clusters are found on whole arrays: all neighbour pairs come at once from a KD-tree
    (Minkowski metrics, §4.2.1) or from chunked brute force (cosine distance, §4.2.2), and
    the clusters are the connected components of the graph of core-core neighbour pairs.

    The result is the same as scikit-learn's ``DBSCAN``: clusters are numbered in the order
    of their first core point, and a border point that neighbours several clusters joins
    the one with the smallest number.

    Parameters
    ----------
    eps : float, default=0.5
        The neighbourhood radius: two points are neighbours if their distance is at most
        ``eps``.
    min_samples : int, default=5
        minPts: the number of points (the point itself included) a neighbourhood must hold
        for its centre to be a core point.
    metric : {'euclidean', 'manhattan', 'chebyshev', 'minkowski', 'cosine'}, \
default='euclidean'
        The distance (§4.2): Minkowski with p = 2, 1 or ∞ (Eq. 4.1-4.4), Minkowski with the
        exponent ``p``, or the cosine distance ``1 - cossim(u, v)`` (Eq. 4.5).
    p : float, default=None
        The Minkowski exponent (at least 1, ``math.inf`` allowed) for
        ``metric='minkowski'``; None means 2. Ignored by the other metrics.

    Attributes
    ----------
    labels_ : ndarray of shape (n_samples,)
        The cluster of each sample, ``0..n_clusters-1``, or ``-1`` for noise.
    core_sample_indices_ : ndarray of shape (n_core_samples,)
        Indices of the core points, in increasing order.
    components_ : ndarray of shape (n_core_samples, n_features)
        The core points themselves.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when X has string feature names.

    See Also
    --------
    KMeans : clustering around k centres.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.cluster import DBSCAN
    >>> X = np.array([[1, 2], [2, 2], [2, 3], [8, 7], [8, 8], [25, 80]])
    >>> dbscan = DBSCAN(eps=3, min_samples=2).fit(X)
    >>> dbscan.labels_.tolist()
    [0, 0, 0, 1, 1, -1]
    >>> dbscan.core_sample_indices_.tolist()
    [0, 1, 2, 3, 4]
    """

    def __init__(self, eps=0.5, *, min_samples=5, metric="euclidean", p=None):
        self.eps = eps
        self.min_samples = min_samples
        self.metric = metric
        self.p = p

    def fit(self, X, y=None):
        """Find the DBSCAN clusters of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training samples.
        y : None
            Ignored; present for API consistency.

        Returns
        -------
        self : DBSCAN
            The fitted estimator.
        """
        X = validate_data(self, X, dtype=[np.float64, np.float32])
        self._check_params()
        p = 2 if self.p is None else self.p
        first, second = radius_neighbor_pairs(X, self.eps, self.metric, p)

        n_samples = X.shape[0]
        n_neighbors = 1 + np.bincount(first, minlength=n_samples)
        n_neighbors += np.bincount(second, minlength=n_samples)
        is_core = n_neighbors >= self.min_samples
        first_is_core, second_is_core = is_core[first], is_core[second]

        # Clusters: connected components of the core points linked by core-core pairs,
        # numbered by their smallest core point, i.e. in order of first appearance.
        core_pairs = first_is_core & second_is_core
        roots = _component_roots(n_samples, first[core_pairs], second[core_pairs])
        labels = np.full(n_samples, -1, dtype=np.intp)
        labels[is_core] = np.unique(roots[is_core], return_inverse=True)[1]

        # Border points: in the neighbourhood of a core point without being one.
        to_border = first_is_core & ~second_is_core
        from_border = ~first_is_core & second_is_core
        _label_border_points(
            labels,
            border=np.concatenate([second[to_border], first[from_border]]),
            core=np.concatenate([first[to_border], second[from_border]]),
        )

        self.labels_ = labels
        self.core_sample_indices_ = np.flatnonzero(is_core)
        self.components_ = X[self.core_sample_indices_].copy()
        return self

    def _check_params(self):
        check_number(self.eps, "eps", low=0, closed="neither")
        check_number(self.min_samples, "min_samples", kind=numbers.Integral, low=1)
        check_option(self.metric, "metric", METRICS)
        if self.p is not None:
            check_number(self.p, "p", low=1)

    def fit_predict(self, X, y=None):
        """Find the DBSCAN clusters of X and return the labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training samples.
        y : None
            Ignored; present for API consistency.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            The cluster of each sample, or ``-1`` for noise.
        """
        return self.fit(X).labels_


def _component_roots(n_nodes, first, second):
    """The smallest node of each node's connected component in the graph of edges given.

    Vectorized label propagation: every node starts as its own label; each round, the
    larger label across every edge is linked to the smaller one, the links are followed to
    their end (pointer jumping), and the edges that now join equal labels are dropped.
    Labels only decrease, so the surviving label of a component is its smallest node.
    """
    labels = np.arange(n_nodes)
    while first.size:
        np.minimum.at(labels, second, first)
        np.minimum.at(labels, first, second)
        labels = _follow_links(labels)
        first, second = labels[first], labels[second]
        crossing = first != second
        first, second = first[crossing], second[crossing]
    return labels


def _follow_links(labels):
    """Replace each label by the end of its chain of links ``i -> labels[i]``."""
    while True:
        jumped = labels[labels]
        if np.array_equal(jumped, labels):
            return labels
        labels = jumped


def _label_border_points(labels, border, core):
    """Give each border point the smallest cluster number among its core neighbours.

    ``(border[i], core[i])`` are the border-core neighbour pairs. The smallest number is
    the cluster that reaches the point first when clusters are grown one after the other
    in the order of their numbers, as the textbook's search (and scikit-learn) does.
    ``labels`` is modified in place.
    """
    unreached = np.iinfo(labels.dtype).max
    closest_cluster = np.full(labels.shape, unreached)
    np.minimum.at(closest_cluster, border, labels[core])
    reached = closest_cluster != unreached
    labels[reached] = closest_cluster[reached]

"""DBSCAN: density-based clustering with noise (textbook §4.4.2)."""

import numbers

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.utils.validation import validate_data

from ..utils import check_number, check_option
from ._distances import METRICS, radius_neighborhoods


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
    the clusters are found on whole arrays: the neighbour pairs come chunk by chunk from a
    KD-tree (Minkowski metrics, §4.2.1) or from brute force (cosine distance, §4.2.2), and
    the clusters are the connected components of the graph of core-core neighbour pairs,
    grown chunk by chunk by a vectorized union-find. Memory stays bounded: the pairs are
    kept as compact index arrays, about half what scikit-learn's list of neighbourhoods
    takes, and no temporary grows with all of them at once.

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
        n_neighbors, pair_chunks = radius_neighborhoods(X, self.eps, self.metric, p)
        is_core = n_neighbors >= self.min_samples
        self.labels_ = _cluster_labels(is_core, pair_chunks)
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


def _cluster_labels(is_core, pair_chunks):
    """The cluster of each sample, or -1 for noise, from its core status and the pairs.

    Clusters are the connected components of the core points linked by core-core pairs,
    numbered by their smallest core point, i.e. in order of first appearance; a border
    point (a neighbour of a core point without being one) joins the cluster of one of its
    core neighbours. The pairs are consumed chunk by chunk.
    """
    parents = np.arange(is_core.shape[0])
    border, border_core = [], []
    for first, second in pair_chunks:
        first_is_core, second_is_core = is_core[first], is_core[second]
        core_pairs = first_is_core & second_is_core
        _merge_components(parents, first[core_pairs], second[core_pairs])
        to_border = first_is_core & ~second_is_core
        from_border = ~first_is_core & second_is_core
        border += [second[to_border], first[from_border]]
        border_core += [first[to_border], second[from_border]]

    labels = np.full(is_core.shape[0], -1, dtype=np.intp)
    core_samples = np.flatnonzero(is_core)
    roots = _find_roots(parents, core_samples)
    labels[core_samples] = np.unique(roots, return_inverse=True)[1]
    _label_border_points(labels, np.concatenate(border), np.concatenate(border_core))
    return labels


def _find_roots(parents, nodes):
    """The root of each node's tree in the union-find forest ``parents``.

    Follows ``node -> parents[node]`` to the end, for all the nodes at once, then points
    the nodes straight at their roots (path compression, in place).
    """
    roots = parents[nodes]
    while True:
        grandparents = parents[roots]
        if np.array_equal(grandparents, roots):
            break
        roots = grandparents
    parents[nodes] = roots
    return roots


def _merge_components(parents, first, second):
    """Join the components that the edges ``(first[k], second[k])`` link (in place).

    Vectorized union-find: each round, the roots at the two ends of every edge that still
    joins two components are linked, the larger root to the smaller one, and the edges
    whose ends now share a root are dropped. Roots only ever point to smaller nodes, so
    the root of a component is its smallest node.
    """
    while first.size:
        first, second = _find_roots(parents, first), _find_roots(parents, second)
        crossing = first != second
        first, second = first[crossing], second[crossing]
        np.minimum.at(parents, second, first)
        np.minimum.at(parents, first, second)


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

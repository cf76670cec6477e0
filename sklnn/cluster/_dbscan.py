"""DBSCAN: density-based clustering with noise (textbook §4.4.2)."""

import math
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.metrics.pairwise import _VALID_METRICS
from sklearn.utils._param_validation import (
    Interval,
    InvalidParameterError,
    Options,
    StrOptions,
)
from sklearn.utils.validation import _check_sample_weight, validate_data

from ..utils import atomic_fit, check_magnitude
from ._neighbors import SKLNN_METRICS, NeighborSearch, set_input_tags


class DBSCAN(ClusterMixin, BaseEstimator):
    """DBSCAN clustering: clusters are dense regions, points in sparse regions are noise.

    Implements the course textbook, §4.4.2 (Algorithms 4 and 5), with scikit-learn's
    parameters and results. Two points are neighbours when their distance is at most
    ``eps``; a point's neighbourhood includes the point itself. Then

    - a *core point* has at least ``min_samples`` points (minPts) in its neighbourhood
      (with ``sample_weight``, neighbours weighing at least ``min_samples`` in all);
    - a *border point* is not a core point but lies in the neighbourhood of one;
    - an *outlier* (noise, label ``-1``) is neither.

    A cluster is a maximal set of core points linked by chains of neighbouring core points,
    plus the border points of its core points. Instead of the textbook's recursive search,
    the clusters are found on whole arrays: the neighbourhoods come chunk by chunk from a
    KD-tree, a ball tree or brute force (see ``algorithm``), and the clusters are the
    connected components of the graph of core-core neighbour pairs, grown chunk by chunk
    by a vectorized union-find. Once a chunk has come, its samples' neighbourhoods are
    whole, so their core status is known, and a pair of neighbours joins the clusters as
    soon as both its ends' status is. The KD-tree in at most 6 dimensions finds each pair
    once, from whichever end comes first (the pairs with a later sample wait for it);
    the other searches find whole neighbourhoods, each pair from both ends, and use it
    from the end that comes second. Memory stays bounded: only the border-core pairs and
    the waiting ones are kept from one chunk to the next, where scikit-learn keeps the
    list of every neighbourhood, and no temporary grows with all the pairs at once. A
    precomputed neighbourhood relation that is not symmetric (a k-nearest-neighbours
    graph, say) is searched as the textbook does, from each core point in turn, following
    its neighbours that are core points.

    The result is the same as scikit-learn's ``DBSCAN``: clusters are numbered in the order
    of their first core point, and a border point that neighbours several clusters joins
    the one with the smallest number.

    Parameters
    ----------
    eps : float, default=0.5
        The neighbourhood radius: two points are neighbours if their distance is at most
        ``eps``.
    min_samples : int, default=5
        minPts: the number of points (the point itself included), or their total weight,
        a neighbourhood must hold for its centre to be a core point.
    metric : str or callable, default='euclidean'
        The distance. The textbook's (§4.2): ``'euclidean'``, ``'manhattan'``,
        ``'chebyshev'`` (Minkowski with p = 2, 1, ∞, Eq. 4.1-4.4), ``'minkowski'`` with the
        exponent ``p``, ``'cosine'`` (``1 - cossim(u, v)``, Eq. 4.5), ``'d2_root'``
        (D2⟨root⟩, Eq. 4.13; see :mod:`sklnn.metrics.pairwise`); any other metric
        name of :func:`sklearn.metrics.pairwise_distances` that the ``algorithm`` can
        answer; a callable of two samples (1-D arrays) returning their distance; or
        ``'precomputed'``: X is then a square matrix of distances, dense, or sparse with
        only the stored entries as distances (a neighbourhood graph such as
        :func:`sklearn.neighbors.radius_neighbors_graph` gives).
    metric_params : dict, default=None
        Further parameters of the metric (e.g. ``{'p': 3}`` or the weights ``'w'`` of
        ``'minkowski'``, ``'V'`` of ``'seuclidean'``, keyword arguments of a callable).
    algorithm : {'auto', 'ball_tree', 'kd_tree', 'brute'}, default='auto'
        How the neighbourhoods are found: ``'kd_tree'`` by a KD-tree
        (:class:`scipy.spatial.cKDTree`, Minkowski metrics), ``'ball_tree'`` by a ball
        tree (:class:`sklearn.neighbors.BallTree`), ``'brute'`` from the distances of
        chunks of rows to all samples; ``'auto'`` chooses as scikit-learn: brute force for
        sparse or precomputed input and for more than 15 features, else a KD-tree when it
        answers the metric, else a ball tree when it does, else brute force. Sparse input
        always uses brute force (a tree asked for warns).
    leaf_size : int, default=30
        Leaf size of the KD-tree or ball tree: it changes the speed, not the result.
    p : float, default=None
        The Minkowski exponent for ``metric='minkowski'`` (Eq. 4.1); None means 2, and
        ``math.inf`` (which scikit-learn's ``DBSCAN`` does not take) the Chebyshev distance.
        Exponents below 1 (not a metric) need ``algorithm='brute'``. Ignored by the other
        metrics.
    n_jobs : int, default=None
        Number of threads searching neighbourhoods at once. None means 1 unless in a
        :func:`joblib.parallel_config` context; -1 means all processors.

    Attributes
    ----------
    labels_ : ndarray of shape (n_samples,)
        The cluster of each sample, ``0..n_clusters-1``, or ``-1`` for noise.
    core_sample_indices_ : ndarray of shape (n_core_samples,)
        Indices of the core points, in increasing order.
    components_ : {ndarray, sparse matrix} of shape (n_core_samples, n_features)
        The core points themselves (rows of X).
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

    A sample's weight counts in every neighbourhood it is in: the last sample, weighing
    2, is now a core point by itself.

    >>> DBSCAN(eps=3, min_samples=2).fit_predict(X, sample_weight=[1, 1, 1, 1, 1, 2])
    array([0, 0, 0, 1, 1, 2])
    """

    _parameter_constraints: dict = {
        "eps": [Interval(Real, 0.0, None, closed="neither")],
        "min_samples": [Interval(Integral, 1, None, closed="left")],
        "metric": [StrOptions(set(_VALID_METRICS) | {"precomputed", *SKLNN_METRICS}), callable],
        "metric_params": [dict, None],
        "algorithm": [StrOptions({"auto", "ball_tree", "kd_tree", "brute"})],
        "leaf_size": [Interval(Integral, 1, None, closed="left")],
        # sklnn adds p = ∞, the Chebyshev distance as the Minkowski limit (Eq. 4.4).
        "p": [Interval(Real, 0.0, None, closed="left"), Options(Real, {math.inf}), None],
        "n_jobs": [Integral, None],
    }

    def __init__(self, eps=0.5, *, min_samples=5, metric="euclidean", metric_params=None,
                 algorithm="auto", leaf_size=30, p=None, n_jobs=None):
        self.eps = eps
        self.min_samples = min_samples
        self.metric = metric
        self.metric_params = metric_params
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.n_jobs = n_jobs

    @atomic_fit(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Find the DBSCAN clusters of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features), or \
(n_samples, n_samples)
            Training samples, or their distances if ``metric='precomputed'``. A sparse
            matrix is converted to CSR.
        y : None
            Ignored; present for API consistency.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample: it counts that many times in every neighbourhood the
            sample is in, so a sample weighing at least ``min_samples`` is a core point by
            itself, and a negative weight may keep a neighbour from being one. None means
            weights of 1.

        Returns
        -------
        self : DBSCAN
            The fitted estimator.
        """
        X = validate_data(self, X, accept_sparse="csr")
        if self.metric != "precomputed":  # distances are only compared with eps
            check_magnitude(X)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X)
        if self.p == 0:
            raise InvalidParameterError(
                "The 'p' parameter of DBSCAN must be a float in the range (0.0, inf] or "
                "None: a Minkowski exponent. Got 0 instead."
            )
        search = NeighborSearch(
            X, metric=self.metric, algorithm=self.algorithm, leaf_size=self.leaf_size,
            p=self.p, metric_params=self.metric_params, n_jobs=self.n_jobs,
        )  # fmt: skip
        is_core = np.zeros(X.shape[0], dtype=bool)
        if search.finds_pairs_once:
            pairs = _settled_unique_pairs(search, self.eps, self.min_samples, sample_weight,
                                          is_core)
            self.labels_ = _cluster_labels(is_core, pairs)
        else:
            neighborhoods = _find_core_points(search, self.eps, self.min_samples,
                                              sample_weight, is_core)
            if search.symmetric:
                self.labels_ = _cluster_labels(is_core, _settled_pairs(neighborhoods, is_core))
            else:
                self.labels_ = _directed_pair_labels(is_core, neighborhoods)
        self.core_sample_indices_ = np.flatnonzero(is_core)
        if self.core_sample_indices_.size:
            self.components_ = X[self.core_sample_indices_].copy()
        else:
            self.components_ = np.empty((0, X.shape[1]))
        return self

    def fit_predict(self, X, y=None, sample_weight=None):
        """Find the DBSCAN clusters of X and return the labels.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features), or \
(n_samples, n_samples)
            Training samples, or their distances if ``metric='precomputed'``.
        y : None
            Ignored; present for API consistency.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample, as in :meth:`fit`.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            The cluster of each sample, or ``-1`` for noise.
        """
        return self.fit(X, sample_weight=sample_weight).labels_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        set_input_tags(tags, self.metric, self.p, self.metric_params)
        return tags


def _find_core_points(search, eps, min_samples, sample_weight, is_core):
    """The neighbourhoods of the samples, chunk by chunk, each chunk's core points found.

    A chunk holds the whole neighbourhoods of its samples, so their sizes (or weights)
    are complete: ``is_core`` is set for the chunk's samples before the chunk is yielded.

    Yields
    ------
    samples, chunk_first, second : ndarray
        As :meth:`NeighborSearch.radius_neighborhoods`: ``second[k]`` is a neighbour of
        ``samples[chunk_first[k]]``.
    """
    for samples, chunk_first, second in search.radius_neighborhoods(eps):
        weights = None if sample_weight is None else sample_weight[second]
        n_neighbors = np.bincount(chunk_first, weights=weights, minlength=samples.shape[0])
        is_core[samples] = n_neighbors >= min_samples
        yield samples, chunk_first, second


def _settled_unique_pairs(search, eps, min_samples, sample_weight, is_core):
    """Each pair of distinct neighbours once, as soon as both ends' core status is known.

    The pairs come from :meth:`NeighborSearch.radius_pairs`, each once, chunk by chunk:
    they are counted in the neighbourhoods of both their ends, and when a chunk has come,
    its samples' neighbourhoods are complete, so ``is_core`` is set for them. A pair
    with a sample of a later chunk waits for it (:class:`_WaitingPairs`).

    Yields
    ------
    first, second : ndarray of shape (n_pairs,)
        ``first[k]`` and ``second[k]`` are neighbours, both of known core status.
    """
    # Each sample is in its own neighbourhood.
    n_neighbors = (np.ones(is_core.shape[0], dtype=np.intp) if sample_weight is None
                   else sample_weight.copy())
    waiting = _WaitingPairs(known=np.zeros(is_core.shape[0], dtype=bool))
    for samples, first, second in search.radius_pairs(eps):
        _count_neighbors(n_neighbors, first, second, sample_weight)
        is_core[samples] = n_neighbors[samples] >= min_samples
        waiting.known[samples] = True
        yield waiting.settle(first, second)
    yield waiting.remaining()


def _count_neighbors(n_neighbors, first, second, sample_weight):
    """Add each end of the pairs to the other's neighbourhood size (or weight)."""
    if sample_weight is None:
        np.add.at(n_neighbors, first, 1)
        np.add.at(n_neighbors, second, 1)
    else:
        np.add.at(n_neighbors, first, sample_weight[second])
        np.add.at(n_neighbors, second, sample_weight[first])


class _WaitingPairs:
    """Pairs of samples waiting for their second end to be ``known`` (the first is).

    New pairs are checked at once; the waiting ones again whenever their number has
    doubled since they were last checked, so that a pair is checked a few times on
    average however long it waits. They are kept as 32-bit indices when these fit.
    """

    def __init__(self, known):
        self.known = known
        self.index_dtype = np.int32 if known.shape[0] <= np.iinfo(np.int32).max else np.intp
        self.pairs = []
        self.n_pairs = self.n_checked = 0

    def settle(self, first, second):
        """The given pairs and the waiting ones whose second end is known, as two
        arrays; the others wait."""
        settled = self._keep_waiting(first, second)
        if self.n_pairs <= 2 * self.n_checked:
            return settled
        waiting, self.pairs, self.n_pairs = self.pairs, [], 0
        now_settled = self._keep_waiting(*_concatenate(waiting))
        self.n_checked = self.n_pairs
        return _concatenate([settled, now_settled])

    def remaining(self):
        """All the waiting pairs, as two arrays (no longer waiting)."""
        waiting, self.pairs, self.n_pairs = self.pairs, [], 0
        return _concatenate(waiting) if waiting else (np.empty(0, dtype=np.intp),) * 2

    def _keep_waiting(self, first, second):
        """Keep waiting the pairs whose second end is not known; return the others."""
        known = self.known[second]
        if known.all():
            return first, second
        unknown = ~known
        self.pairs.append((first[unknown].astype(self.index_dtype),
                           second[unknown].astype(self.index_dtype)))
        self.n_pairs += self.pairs[-1][0].shape[0]
        return first[known], second[known]


def _concatenate(pair_chunks):
    """The pairs of the chunks, as two arrays."""
    return tuple(np.concatenate(ends) for ends in zip(*pair_chunks))


def _settled_pairs(neighborhoods, is_core):
    """Each pair of distinct neighbours once, as soon as both ends' core status is known,
    from the whole neighbourhoods of the chunks (:func:`_find_core_points`).

    For a symmetric relation, the pair of a sample and a neighbour from an earlier chunk,
    or from its own chunk and earlier in it, is the only one kept: both neighbourhoods
    have then been counted. Nothing is kept from one chunk to the next but the order in
    which the samples came.

    Yields
    ------
    first, second : ndarray of shape (n_pairs,), dtype=intp
        ``second`` is a neighbour of ``first`` and came before it.
    """
    n_samples = is_core.shape[0]
    arrival = np.full(n_samples, n_samples)  # the position of each sample in the chunks
    start = 0
    for samples, chunk_first, second in neighborhoods:
        stop = start + samples.shape[0]
        arrival[samples] = np.arange(start, stop)
        settled = arrival[second] < start + chunk_first
        yield samples[chunk_first[settled]], second[settled]
        start = stop


def _directed_pair_labels(is_core, neighborhoods):
    """The cluster of each sample for a neighbourhood relation that might not be symmetric
    (precomputed distances, a callable metric): checked on all its pairs at once."""
    first, second = [], []
    for samples, chunk_first, chunk_second in neighborhoods:
        distinct = samples[chunk_first] != chunk_second
        first.append(samples[chunk_first[distinct]])
        second.append(chunk_second[distinct])
    first, second = np.concatenate(first), np.concatenate(second)
    if _is_symmetric(first, second, is_core.shape[0]):
        upper = first < second
        return _cluster_labels(is_core, [(first[upper], second[upper])])
    return _expand_clusters(is_core, first, second)


def _is_symmetric(first, second, n_samples):
    """Whether the pair ``(second[k], first[k])`` is there for every pair ``(first[k],
    second[k])`` (each pair once)."""
    first, second = first.astype(np.int64), second.astype(np.int64)
    return np.array_equal(np.sort(first * n_samples + second),
                          np.sort(second * n_samples + first))


def _cluster_labels(is_core, pair_chunks):
    """The cluster of each sample, or -1 for noise, from its core status and the pairs.

    Clusters are the connected components of the core points linked by core-core pairs,
    numbered by their smallest core point, i.e. in order of first appearance; a border
    point (a neighbour of a core point without being one) joins the cluster of one of its
    core neighbours. The pairs are consumed chunk by chunk; ``is_core`` is read for the
    ends of a chunk's pairs when the chunk comes.
    """
    parents = np.arange(is_core.shape[0])
    border, border_core = [], []
    for first, second in pair_chunks:
        first_is_core, second_is_core = is_core[first], is_core[second]
        core_pairs = first_is_core & second_is_core
        _merge_components(parents, first[core_pairs], second[core_pairs])
        mixed = np.flatnonzero(first_is_core != second_is_core)  # a core and a border end
        first_is_the_core = first_is_core[mixed]
        border.append(np.where(first_is_the_core, second[mixed], first[mixed]))
        border_core.append(np.where(first_is_the_core, first[mixed], second[mixed]))

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
    the root of a component is its smallest node. The roots are searched once for each
    node the edges touch, however many edges it has (a point of a dense region has
    hundreds).
    """
    while first.size:
        _find_roots(parents, _touched_nodes(parents.shape[0], first, second))
        first, second = parents[first], parents[second]
        crossing = first != second
        first, second = first[crossing], second[crossing]
        np.minimum.at(parents, second, first)
        np.minimum.at(parents, first, second)


def _touched_nodes(n_nodes, first, second):
    """The distinct nodes among the ends of the edges, in increasing order (found with a
    mask of all the nodes: linear, where sorting the ends would not be)."""
    touched = np.zeros(n_nodes, dtype=bool)
    touched[first] = True
    touched[second] = True
    return np.flatnonzero(touched)


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


def _expand_clusters(is_core, first, second):
    """The cluster of each sample, or -1 for noise, for a relation that is not symmetric.

    The textbook's search (Algorithms 4 and 5), breadth-first on whole arrays: from each
    core point not yet in a cluster, in increasing order, a new cluster takes every
    sample not yet in a cluster that is a neighbour (``first -> second``) of one of its
    core points, level by level. As scikit-learn's ``DBSCAN``, only core points extend a
    cluster, and a sample stays in the first cluster that reaches it.
    """
    from_core = is_core[first]
    order = np.argsort(first[from_core], kind="stable")
    neighbors = second[from_core][order]
    indptr = np.searchsorted(first[from_core][order], np.arange(is_core.shape[0] + 1))
    labels = np.full(is_core.shape[0], -1, dtype=np.intp)
    n_clusters = 0
    for seed in np.flatnonzero(is_core):
        if labels[seed] != -1:
            continue
        labels[seed] = n_clusters
        frontier = np.array([seed])
        while frontier.size:
            reached = _csr_rows(indptr, neighbors, frontier)
            reached = np.unique(reached[labels[reached] == -1])
            labels[reached] = n_clusters
            frontier = reached[is_core[reached]]
        n_clusters += 1
    return labels


def _csr_rows(indptr, indices, rows):
    """The entries of the given rows of a CSR structure, one row after the other."""
    starts, sizes = indptr[rows], indptr[rows + 1] - indptr[rows]
    offsets = np.repeat(starts - np.cumsum(sizes) + sizes, sizes)
    return indices[offsets + np.arange(offsets.shape[0])]

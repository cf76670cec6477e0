"""Neighbour search: the samples within a radius of each sample (textbook §4.4.2), and the
k nearest samples of each query (kNN, §4.3), under the distances of §4.2.

sklnn's one neighbour search, for every estimator that needs neighbours (DBSCAN and the
k-nearest-neighbours estimators of :mod:`sklnn.neighbors`).
It takes scikit-learn's ``metric``, ``algorithm``, ``leaf_size``, ``p``, ``metric_params``
and ``n_jobs`` with their meaning (those of :class:`sklearn.neighbors.NearestNeighbors`):

- ``'kd_tree'``: a KD-tree (:class:`scipy.spatial.cKDTree`) for the Minkowski distances
  (§4.2.1, Eq. 4.1-4.4); in few dimensions it also finds each pair of neighbours once
  (``radius_pairs``), where whole neighbourhoods hold each pair twice;
- ``'ball_tree'``: a ball tree (:class:`sklearn.neighbors.BallTree`) for any metric it
  knows, and for callables;
- ``'brute'``: distances from chunks of rows to all samples: the Euclidean distance by
  the expansion ``||x||² - 2 x·y + ||y||²``, the cosine distance ``1 - cossim`` (§4.2.2,
  Eq. 4.5) by normalized dot products, the other metrics by
  :func:`sklearn.metrics.pairwise_distances`; sparse input always goes this way;
- ``metric='d2_root'``: D2⟨root⟩ (§4.2.4, Eq. 4.13), the Euclidean distance between
  the samples mapped by ``sign(x) √|x|``, answered by every algorithm on mapped data;
- ``metric='precomputed'``: the rows of a dense distance matrix, or the stored entries of
  a sparse (CSR) neighbourhood graph;
- ``'auto'``: scikit-learn's choice among these.

Memory stays bounded: the neighbourhoods come in chunks of samples whose pairs fit a working
memory (estimated on a sample of the data for the trees), and ``n_jobs`` threads search
several chunks at once (the trees and the array operations release the GIL).
"""

import math
import warnings
from functools import cached_property

import numpy as np
from joblib import Parallel, delayed, effective_n_jobs
from scipy import sparse
from scipy.spatial import cKDTree
from sklearn.metrics import pairwise_distances
from sklearn.neighbors import VALID_METRICS, VALID_METRICS_SPARSE, BallTree
from sklearn.preprocessing import normalize
from sklearn.utils import check_array
from sklearn.utils.extmath import row_norms, safe_sparse_dot

from ._distances import row_chunks, signed_sqrt, squared_euclidean_distances

# Memory for the neighbour pairs of one chunk, and what one directed pair takes there:
# a tree's (i, j, distance) record (24 bytes), the index arrays and masks made from it.
NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES = 2**24
PAIR_NBYTES = 64
# The trees estimate a chunk's pairs by counting its neighbours among every
# PAIR_SAMPLING_STEP-th sample; chunks start at MIN_CHUNK_SAMPLES samples and grow.
PAIR_SAMPLING_STEP = 16
MIN_CHUNK_SAMPLES = 16
# Memory for one chunk's block of distances in brute force.
BRUTE_FORCE_WORKING_MEMORY_BYTES = 2**26
# The KD-tree's chunks are compact regions in few dimensions, where most pairs of a chunk's
# samples are among them: there radius_pairs (each pair once) is faster than
# radius_neighborhoods (each pair from both ends). On blobs, DBSCAN took 0.5-0.8 times as
# long up to 6 features, as long at 8, 1.5 times as long at 12, where half the pairs had to
# wait for their later sample.
PAIRS_ONCE_MAX_FEATURES = 6

# The Minkowski exponent p of the metrics a KD-tree answers (§4.2.1, Eq. 4.1-4.4).
MINKOWSKI_EXPONENTS = {
    "manhattan": 1, "cityblock": 1, "l1": 1,
    "euclidean": 2, "l2": 2,
    "chebyshev": math.inf, "infinity": math.inf,
}  # fmt: skip
_MINKOWSKI_NAMES = {1: "manhattan", 2: "euclidean", math.inf: "chebyshev"}
# Metric names sklnn adds to scikit-learn's: D2<root> (§4.2.4, Eq. 4.13), searched as the
# Euclidean distance between mapped samples.
SKLNN_METRICS = {"d2_root": signed_sqrt}
# Warnings point at the estimator's caller: caller -> atomic_fit's wrapper -> scikit-learn's
# _fit_context -> fit -> NeighborSearch -> the function that warns.
_CALLER = 6


class NeighborSearch:
    """Radius neighbourhoods of the samples of X among themselves.

    Reads ``metric``, ``p`` and ``metric_params`` as scikit-learn's ``NearestNeighbors``
    does (``'minkowski'`` with p = 1, 2 or ∞ is the Manhattan, Euclidean or Chebyshev
    distance; ``p=None`` means 2), checks that ``algorithm`` can answer the metric with
    scikit-learn's errors and warnings, and builds the index (tree) once.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features) or (n_samples, n_samples)
        The samples, or their distances when ``metric='precomputed'``.
    metric : str or callable
        A metric name of :func:`sklearn.metrics.pairwise_distances`, ``'d2_root'``,
        ``'precomputed'``, or a function of two samples.
    algorithm : {'auto', 'ball_tree', 'kd_tree', 'brute'}
    leaf_size : int
        Leaf size of the trees.
    p : float or None
        The Minkowski exponent for ``metric='minkowski'``.
    metric_params : dict or None
        Further parameters of the metric.
    n_jobs : int or None
        Number of threads searching chunks at once (None: 1, or joblib's setting).

    Attributes
    ----------
    metric : str or callable
        The effective metric (e.g. ``'euclidean'`` for ``'minkowski'`` with p = 2, and for
        ``'d2_root'`` on mapped samples).
    metric_params : dict
        The effective parameters of the metric.
    algorithm : {'kd_tree', 'ball_tree', 'brute'}
        The algorithm used (``'brute'`` for a precomputed matrix).
    symmetric : bool
        Whether ``y`` is a neighbour of ``x`` exactly when ``x`` is one of ``y``, as for
        every named metric; a precomputed matrix or a callable may break that.
    finds_pairs_once : bool
        Whether :meth:`radius_pairs` is there and faster than
        :meth:`radius_neighborhoods`: with the KD-tree, in at most
        ``PAIRS_ONCE_MAX_FEATURES`` dimensions.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.cluster._neighbors import NeighborSearch
    >>> X = np.array([[0.0], [1.0], [3.0]])
    >>> search = NeighborSearch(X, metric="minkowski", p=1)
    >>> search.metric, search.algorithm
    ('manhattan', 'kd_tree')
    >>> [(samples.tolist(), first.tolist(), second.tolist())
    ...  for samples, first, second in search.radius_neighborhoods(1.0)]
    [([0, 1, 2], [0, 0, 1, 1, 2], [0, 1, 0, 1, 2])]
    """

    def __init__(self, X, *, metric="euclidean", algorithm="auto", leaf_size=30, p=None,
                 metric_params=None, n_jobs=None):
        self._map = SKLNN_METRICS.get(metric) if isinstance(metric, str) else None
        if self._map is not None:
            metric = "euclidean"
            X = self._map(check_array(X, accept_sparse="csr", dtype=[np.float64, np.float32]))
        _check_algorithm_metric(algorithm, metric)
        if metric_params is not None and "p" in metric_params and p is not None:
            warnings.warn(
                "Parameter p is found in metric_params. The corresponding parameter from "
                "__init__ is ignored.", SyntaxWarning, stacklevel=_CALLER - 1,
            )  # fmt: skip
        self.metric, self.metric_params = _effective_metric(metric, p, metric_params)
        self.symmetric = isinstance(metric, str) and metric != "precomputed"
        self.n_jobs = n_jobs
        if metric == "precomputed":
            self.algorithm, self.finds_pairs_once = "brute", False
            self._index = _PrecomputedIndex(X)
            return
        X = check_array(X, accept_sparse="csr", dtype=[np.float64, np.float32])
        self.algorithm = _choose_algorithm(algorithm, self.metric, self.metric_params, X)
        self.finds_pairs_once = (self.algorithm == "kd_tree"
                                 and X.shape[1] <= PAIRS_ONCE_MAX_FEATURES)
        if self.algorithm == "kd_tree":
            self._index = _KDTreeIndex(X, leaf_size, self.metric, self.metric_params)
        elif self.algorithm == "ball_tree":
            self._index = _BallTreeIndex(X, leaf_size, self.metric, self.metric_params)
        else:
            self._index = _BruteIndex(X, self.metric, self.metric_params)

    def radius_neighborhoods(self, radius):
        """The whole neighbourhood of every sample, chunk by chunk.

        ``y`` is in the neighbourhood of ``x`` when ``d(x, y) <= radius``; with a metric,
        every sample is in its own.

        Parameters
        ----------
        radius : float

        Yields
        ------
        samples : ndarray of shape (n_chunk_samples,), dtype=intp
            The chunk's samples; together the chunks cover every sample once.
        chunk_first, second : ndarray of shape (n_pairs,), dtype=intp
            The pairs: ``second[k]`` is a neighbour of ``samples[chunk_first[k]]``.
        """
        return self._search_chunks(self._index.pairs, radius)

    def radius_pairs(self, radius):
        """Each pair of distinct neighbours once, chunk by chunk (if ``finds_pairs_once``).

        A pair comes with the chunk of whichever of its two samples comes first in leaf
        order, so when a chunk comes, all the pairs of its samples have come: those among
        its samples, from a search of the chunk's tree in itself
        (:meth:`scipy.spatial.cKDTree.query_pairs`), and those with the samples after the
        chunk, searched among the ones within ``radius`` of the chunk's bounding box in
        every coordinate (a Minkowski distance is at least each coordinate's difference).
        :meth:`radius_neighborhoods` finds each pair twice, once from each end.

        Parameters
        ----------
        radius : float

        Yields
        ------
        samples : ndarray of shape (n_chunk_samples,), dtype=intp
            The chunk's samples; together the chunks cover every sample once.
        first, second : ndarray of shape (n_pairs,), dtype=intp
            The pairs: ``first[k]``, one of the chunk's samples, and ``second[k]`` are
            distinct neighbours.
        """
        if not self.finds_pairs_once:
            raise ValueError("radius_pairs needs the KD-tree in at most "
                             f"{PAIRS_ONCE_MAX_FEATURES} dimensions.")
        return self._search_chunks(self._index.unique_pairs, radius)

    def _search_chunks(self, search, radius):
        """``(samples, *search(samples, query, radius))`` for each chunk of the index, in
        order; ``n_jobs`` threads search chunks at once."""
        chunks = self._index.chunks(radius)
        n_jobs = effective_n_jobs(self.n_jobs)
        if n_jobs == 1:
            for samples, query in chunks:
                yield samples, *search(samples, query, radius)
            return
        # Threads share the index; "generator" keeps about 2 * n_jobs chunks in flight.
        parallel = Parallel(n_jobs=n_jobs, require="sharedmem", return_as="generator")
        yield from parallel(
            delayed(_chunk_result)(search, samples, query, radius) for samples, query in chunks
        )

    def kneighbors(self, X, n_neighbors):
        """The ``n_neighbors`` nearest samples of each query, nearest first.

        Among samples at the same distance, brute force and the KD-tree put the smaller
        sample index first; the ball tree orders them as scikit-learn's ``BallTree``.

        Parameters
        ----------
        X : {ndarray, sparse matrix} of shape (n_queries, n_features) or \
                (n_queries, n_samples)
            The queries (validated), or their distances to the samples when
            ``metric='precomputed'``.
        n_neighbors : int
            At most the number of samples.

        Returns
        -------
        distances : ndarray of shape (n_queries, n_neighbors)
        indices : ndarray of shape (n_queries, n_neighbors), dtype=intp
        """
        if self._map is not None:
            X = self._map(X)
        X = self._index.check_queries(X)
        n_queries = X.shape[0]
        chunks = row_chunks(n_queries, 8 * self._index.n_samples,
                            BRUTE_FORCE_WORKING_MEMORY_BYTES)
        parallel = Parallel(n_jobs=self.n_jobs, require="sharedmem")
        results = parallel(
            delayed(self._index.kneighbors)(X[rows], n_neighbors) for rows in chunks
        )
        if not results:  # no queries
            return np.empty((0, n_neighbors)), np.empty((0, n_neighbors), dtype=np.intp)
        distances, indices = zip(*results)
        return np.vstack(distances), np.vstack(indices).astype(np.intp, copy=False)


def _k_smallest(distances, k):
    """The k smallest distances of each row, in increasing order; ties by column index."""
    indices = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(distances, indices, axis=1), indices


def _chunk_result(search, samples, query, radius):
    return samples, *search(samples, query, radius)


def _effective_metric(metric, p, metric_params):
    """The metric and its parameters, as scikit-learn's ``NearestNeighbors`` reads them."""
    params = {} if metric_params is None else dict(metric_params)
    if metric != "minkowski":
        return metric, params
    p = params.pop("p", 2 if p is None else p)
    weights = params.pop("w", None)
    if weights is None and p in _MINKOWSKI_NAMES:
        return _MINKOWSKI_NAMES[p], params
    params["p"] = p
    if weights is not None:
        params["w"] = weights
    return "minkowski", params


def takes_sparse_input(metric, p=None, metric_params=None):
    """Whether the search answers ``metric`` on sparse input (by brute force).

    As scikit-learn's: the metrics of ``VALID_METRICS_SPARSE['brute']`` (Euclidean,
    Manhattan, cosine, precomputed) and callables.

    Examples
    --------
    >>> from sklnn.cluster._neighbors import takes_sparse_input
    >>> takes_sparse_input("minkowski", p=1), takes_sparse_input("minkowski", p=3)
    (True, False)
    """
    try:
        metric, _ = _effective_metric(metric, p, metric_params)
    except (TypeError, ValueError):  # invalid parameters, which fit reports
        return True
    return _answers_sparse(metric)


def set_input_tags(tags, metric, p=None, metric_params=None):
    """Set the input tags of an estimator that searches neighbours under ``metric``.

    A precomputed matrix holds distances (pairwise, non-negative); sparse input is taken
    by the metrics that brute force answers on it (scikit-learn's estimators say True for
    every metric, and the others raise).

    Parameters
    ----------
    tags : sklearn.utils.Tags
        The estimator's tags, changed in place.
    metric, p, metric_params
        The estimator's parameters.
    """
    tags.input_tags.pairwise = metric == "precomputed"
    tags.input_tags.positive_only = metric == "precomputed"
    tags.input_tags.sparse = takes_sparse_input(metric, p, metric_params)


def _answers_sparse(effective_metric):
    return (callable(effective_metric) or effective_metric in SKLNN_METRICS
            or effective_metric in VALID_METRICS_SPARSE["brute"])


def _check_algorithm_metric(algorithm, metric):
    """scikit-learn's check that ``algorithm`` can answer ``metric`` (before reading p)."""
    if algorithm == "auto":
        if metric == "precomputed":
            checked = "brute"
        elif callable(metric) or metric in VALID_METRICS["ball_tree"]:
            checked = "ball_tree"
        else:
            checked = "brute"
    else:
        checked = algorithm
    if callable(metric):
        if algorithm == "kd_tree":
            raise ValueError(
                f"kd_tree does not support callable metric {metric!r}: function call "
                "overhead would result in very poor performance; use "
                "algorithm='ball_tree' or 'brute'."
            )
    elif metric not in VALID_METRICS[checked]:
        raise ValueError(
            f"Metric {metric!r} not valid. Use sorted(sklearn.neighbors.VALID_METRICS"
            f"[{checked!r}]) to get valid options. Metric can also be a callable function."
        )


def _choose_algorithm(algorithm, metric, params, X):
    """The algorithm that answers ``metric`` on X: scikit-learn's rules for ``'auto'``,
    sparse input (brute force) and Minkowski exponents below 1 (brute force only)."""
    if sparse.issparse(X):
        if algorithm not in ("auto", "brute"):
            warnings.warn("cannot use tree with sparse input: using brute force",
                          stacklevel=_CALLER)
        if not _answers_sparse(metric):
            raise ValueError(
                f"Metric {metric!r} not valid for sparse input. Use "
                "sorted(sklearn.neighbors.VALID_METRICS_SPARSE['brute']) to get valid "
                "options. Metric can also be a callable function."
            )
        return "brute"
    semimetric = metric == "minkowski" and params["p"] < 1
    if algorithm == "auto":
        if X.shape[1] > 15 or semimetric:
            algorithm = "brute"
        elif metric == "minkowski" and "w" in params:
            algorithm = "ball_tree"
        elif metric in VALID_METRICS["kd_tree"]:
            algorithm = "kd_tree"
        elif callable(metric) or metric in VALID_METRICS["ball_tree"]:
            algorithm = "ball_tree"
        else:
            algorithm = "brute"
    if semimetric:
        if algorithm != "brute":
            raise ValueError(
                f'algorithm="{algorithm}" does not support 0 < p < 1 for the Minkowski '
                'metric. To resolve this problem either set p >= 1 or algorithm="brute".'
            )
        warnings.warn(
            "Mind that for 0 < p < 1, Minkowski metrics are not distance metrics. "
            "Continuing the execution with `algorithm='brute'`.", stacklevel=_CALLER
        )
    if algorithm == "kd_tree" and metric == "minkowski" and "w" in params:
        raise ValueError(
            "algorithm='kd_tree' is not valid for metric='minkowski' with a weight "
            "parameter 'w': try algorithm='ball_tree' or algorithm='brute' instead."
        )
    return algorithm


def _check_no_params(metric, params, allowed=()):
    """Refuse metric parameters that ``metric`` does not take (as scikit-learn does)."""
    unexpected = sorted(set(params) - set(allowed))
    if unexpected:
        raise TypeError(f"Metric {metric!r} got unexpected metric_params {unexpected}.")


class _TreeIndex:
    """Chunks of samples for a tree: consecutive in the tree's leaf order, so that a chunk
    is a compact region of space, and sized so that their pairs fit the working memory.

    Before a chunk is searched, its number of pairs is estimated by counting its
    neighbours among every ``PAIR_SAMPLING_STEP``-th sample (in leaf order, a uniform
    spatial sample; a count allocates nothing and costs a fraction of the search); the
    chunk is halved until the estimate fits, and the next one grows towards the size
    that fills the working memory, at most doubling.

    Subclasses set ``order`` (the samples in leaf order) and implement ``_query(samples)``
    (what both the count and the search of a chunk take, built once: the chunk's own tree,
    or its rows), ``_count_sampled(query, radius)`` and ``pairs(samples, query, radius)``.
    """

    def check_queries(self, X):
        """The queries as the tree takes them: dense."""
        return X.toarray() if sparse.issparse(X) else X

    @property
    def n_samples(self):
        return self.order.shape[0]

    def chunks(self, radius):
        """Yield the chunks for ``radius``: (sample indices, their query)."""
        sampling_ratio = self.order.shape[0] / self.order[::PAIR_SAMPLING_STEP].shape[0]
        max_pairs = max(1, NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES // PAIR_NBYTES)
        start, size = 0, MIN_CHUNK_SAMPLES
        while start < self.order.shape[0]:
            samples = self.order[start : start + size]
            query = self._query(samples)
            estimated_pairs = sampling_ratio * self._count_sampled(query, radius)
            if estimated_pairs > max_pairs and samples.shape[0] > 1:
                size = samples.shape[0] // 2
                continue
            yield samples, query
            start += samples.shape[0]
            size = max(1, int(min(2 * size, size * max_pairs / max(estimated_pairs, 1))))


class _KDTreeIndex(_TreeIndex):
    """A KD-tree (scipy's ``cKDTree``) for the Minkowski distances (§4.2.1).

    A chunk's pairs come from a dual-tree traversal between the chunk's own tree and the
    tree of all the samples.

    A copy or pickle keeps the samples and rebuilds the trees (the same trees): a
    ``cKDTree`` pickles its node buffer byte for byte, uninitialized padding included,
    so two pickles of one tree differ and a fitted estimator would not hash the same.
    """

    def __init__(self, X, leaf_size, metric, params):
        if metric == "minkowski":
            _check_no_params(metric, params, allowed=("p",))
            p = params["p"]
        else:
            _check_no_params(metric, params)
            p = MINKOWSKI_EXPONENTS[metric]
        self.__setstate__({"X": X, "leaf_size": leaf_size, "p": p})

    def __getstate__(self):
        return {"X": self.tree.data, "leaf_size": self.leaf_size, "p": self.p}

    def __setstate__(self, state):
        self.p, self.leaf_size = state["p"], state["leaf_size"]
        self.tree = cKDTree(state["X"], leafsize=self.leaf_size)
        self.order = self.tree.indices
        self.sample_tree = self._tree_of(self.order[::PAIR_SAMPLING_STEP])

    def _tree_of(self, samples):
        return cKDTree(self.tree.data[samples], leafsize=self.leaf_size)

    def _query(self, samples):
        return self._tree_of(samples)

    def _count_sampled(self, query, radius):
        return query.count_neighbors(self.sample_tree, radius, p=self.p)

    def pairs(self, samples, query, radius):
        pairs = query.sparse_distance_matrix(self.tree, radius, p=self.p, output_type="ndarray")
        return pairs["i"], pairs["j"]

    def unique_pairs(self, samples, query, radius):
        """The pairs of distinct neighbours among the chunk's samples and between them and
        the samples after the chunk in leaf order, each once (see
        :meth:`NeighborSearch.radius_pairs`)."""
        within = query.query_pairs(radius, p=self.p, output_type="ndarray")
        stop = self.leaf_positions[samples[-1]] + 1
        near = self._near_box(stop, query.mins, query.maxes, radius)
        later_tree = cKDTree(self.tree.data[near], leafsize=self.leaf_size)
        across = query.sparse_distance_matrix(later_tree, radius, p=self.p,
                                              output_type="ndarray")
        return (np.concatenate([samples[within[:, 0]], samples[across["i"]]]),
                np.concatenate([samples[within[:, 1]], near[across["j"]]]))

    def _near_box(self, start, mins, maxes, radius):
        """The samples from position ``start`` on in leaf order whose every coordinate is
        within ``radius`` of the box ``[mins, maxes]``, feature by feature."""
        # Round-off margin: a neighbour's computed coordinate difference may exceed the
        # radius by a few units in the last place.
        reach = radius * (1 + 1e-9)
        features = self.leaf_ordered_features[:, start:]
        near = np.flatnonzero(_within_reach(features[0], mins[0], maxes[0], reach))
        for values, low, high in zip(features[1:], mins[1:], maxes[1:]):
            near = near[_within_reach(values[near], low, high, reach)]
        return self.order[start + near]

    @cached_property
    def leaf_positions(self):
        """The position of each sample in leaf order."""
        positions = np.empty_like(self.order)
        positions[self.order] = np.arange(self.order.shape[0])
        return positions

    @cached_property
    def leaf_ordered_features(self):
        """The samples' features in leaf order: one row per feature."""
        return np.ascontiguousarray(self.tree.data[self.order].T)

    def kneighbors(self, X, k):
        distances, indices = self.tree.query(X, k=np.arange(1, k + 1), p=self.p)
        # The tree orders equal distances arbitrarily: smaller sample index first.
        order = np.lexsort((indices, distances))
        return (np.take_along_axis(distances, order, axis=1),
                np.take_along_axis(indices, order, axis=1))


def _within_reach(values, low, high, reach):
    """Whether each value is within ``reach`` of the interval ``[low, high]``."""
    return (low - values <= reach) & (values - high <= reach)


class _BallTreeIndex(_TreeIndex):
    """A ball tree (scikit-learn's ``BallTree``): any metric it knows, and callables.

    A copy or pickle keeps the samples and rebuilds the trees (the same trees), so that
    it shares the samples with the tree as the original does: a fitted estimator then
    pickles, and hashes, the same after a deep copy.
    """

    def __init__(self, X, leaf_size, metric, params):
        self.__setstate__({"X": X, "leaf_size": leaf_size, "metric": metric, "params": params})

    def __getstate__(self):
        return {"X": self.X, "leaf_size": self.leaf_size, "metric": self.metric,
                "params": self.params}

    def __setstate__(self, state):
        self.X, self.leaf_size = state["X"], state["leaf_size"]
        self.metric, self.params = state["metric"], state["params"]
        self.tree = BallTree(self.X, self.leaf_size, metric=self.metric, **self.params)
        self.order = np.asarray(self.tree.get_arrays()[1])
        sampled = self.X[self.order[::PAIR_SAMPLING_STEP]]
        self.sample_tree = BallTree(sampled, self.leaf_size, metric=self.metric, **self.params)

    def _query(self, samples):
        return self.X[samples]

    def _count_sampled(self, query, radius):
        return self.sample_tree.query_radius(query, radius, count_only=True).sum()

    def pairs(self, samples, query, radius):
        neighborhoods = self.tree.query_radius(query, radius)
        sizes = np.fromiter(map(len, neighborhoods), dtype=np.intp, count=samples.shape[0])
        chunk_first = np.repeat(np.arange(samples.shape[0]), sizes)
        return chunk_first, np.concatenate(neighborhoods).astype(np.intp, copy=False)

    def kneighbors(self, X, k):
        return self.tree.query(X, k)


class _RowIndex:
    """Chunks of consecutive rows whose block of distances fits the brute-force memory."""

    def chunks(self, radius):
        """Yield the chunks: (consecutive row indices, None: the rows are the query)."""
        n_samples = self.X.shape[0]
        for rows in row_chunks(n_samples, n_samples * 8, BRUTE_FORCE_WORKING_MEMORY_BYTES):
            yield np.arange(rows.start, rows.stop), None

    @property
    def n_samples(self):
        return self.X.shape[0]

    def check_queries(self, X):
        return X

    def pairs(self, samples, query, radius):
        return np.nonzero(self._distances(samples) <= radius)

    def kneighbors(self, X, k):
        return _k_smallest(self._distances_to(X), k)


class _BruteIndex(_RowIndex):
    """Brute force: the distances from a chunk of rows to all the samples.

    The Euclidean distance (§4.2.1, Eq. 4.3) by the expansion ``||x||² - 2 x·y + ||y||²``
    (in float64), the cosine distance ``1 - cossim(x, y)`` (§4.2.2, Eq. 4.5) by dot
    products of the normalized rows (a zero row has similarity 0 with every row, itself
    included); both on dense or sparse rows. Any other metric through
    :func:`sklearn.metrics.pairwise_distances`, with the parameters it would compute from
    the data (``V``, ``VI``) computed from all the samples.
    """

    def __init__(self, X, metric, params):
        self.metric, self.params = metric, params
        if metric in ("euclidean", "l2"):
            _check_no_params(metric, params)
            self.X = X.astype(np.float64, copy=False)
            self.squared_norms = row_norms(self.X, squared=True)
        elif metric == "cosine":
            _check_no_params(metric, params)
            self.X = normalize(X)  # unit rows; a zero row stays zero
        else:
            self.X = _with_32bit_indices(X) if sparse.issparse(X) else X
            self.params = _data_metric_params(metric, params, X)

    def pairs(self, samples, query, radius):
        if self.metric in ("euclidean", "l2"):
            # Compare squared distances with the squared radius: no square roots.
            rows = slice(samples[0], samples[-1] + 1)
            squared = squared_euclidean_distances(
                self.X[rows], self.X, self.squared_norms[rows], self.squared_norms
            )
            return np.nonzero(squared <= radius**2)
        return super().pairs(samples, query, radius)

    def check_queries(self, X):
        """The queries as the metric takes them (unit rows for the cosine distance)."""
        if self.metric in ("euclidean", "l2"):
            return X.astype(np.float64, copy=False)
        if self.metric == "cosine":
            return normalize(X)
        return _with_32bit_indices(X) if sparse.issparse(X) else X

    def _distances(self, samples):
        return self._distances_to(self.X[samples[0] : samples[-1] + 1])

    def _distances_to(self, rows):
        """Distances from ``rows`` (checked queries, or rows of X) to all the samples."""
        if self.metric in ("euclidean", "l2"):
            squared = squared_euclidean_distances(
                rows, self.X, row_norms(rows, squared=True), self.squared_norms
            )
            return np.sqrt(squared, out=squared)
        if self.metric == "cosine":
            similarities = safe_sparse_dot(rows, self.X.T, dense_output=True)
            return np.subtract(1, similarities, out=similarities)
        return pairwise_distances(rows, self.X, metric=self.metric, **self.params)


def _data_metric_params(metric, params, X):
    """The parameters that :func:`sklearn.metrics.pairwise_distances` computes from the
    data when they are not given: from all the samples, not from one chunk."""
    if metric == "seuclidean" and "V" not in params:
        return {**params, "V": np.var(X, axis=0, ddof=1)}
    if metric == "mahalanobis" and "VI" not in params:
        return {**params, "VI": np.linalg.inv(np.cov(X.T)).T}
    return params


def _with_32bit_indices(X):
    """X (CSR) with 32-bit indices where they fit: scikit-learn's sparse Manhattan distance
    takes no others."""
    if X.indices.dtype == np.int32 or X.nnz > np.iinfo(np.int32).max:
        return X
    indices, indptr = X.indices.astype(np.int32), X.indptr.astype(np.int32)
    return sparse.csr_matrix((X.data, indices, indptr), shape=X.shape)


class _PrecomputedIndex(_RowIndex):
    """Precomputed distances: a dense matrix, or a sparse (CSR) neighbourhood graph.

    In a sparse graph, only the stored entries are distances: a missing entry is no
    neighbour, except on the diagonal, where a missing entry means the distance 0 (a
    sample is its own neighbour unless a stored distance to itself exceeds the radius).
    """

    def __init__(self, X):
        if sparse.issparse(X):
            X = check_array(X, accept_sparse="csr", ensure_non_negative=True,
                            input_name="precomputed distance matrix")
        else:
            X = check_array(X, ensure_non_negative=True, input_name="X")
        if X.shape[0] != X.shape[1]:
            raise ValueError(
                f"Precomputed matrix must be square. Input is a {X.shape[0]}x{X.shape[1]} "
                "matrix."
            )
        self.X = X
        if sparse.issparse(X):
            self.self_distances = X.diagonal()

    def chunks(self, radius):
        if not sparse.issparse(self.X):
            yield from super().chunks(radius)
            return
        # Rows whose stored entries fit the pairs' working memory.
        max_entries = max(1, NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES // PAIR_NBYTES)
        indptr, start, n_samples = self.X.indptr, 0, self.X.shape[0]
        while start < n_samples:
            stop = np.searchsorted(indptr, indptr[start] + max_entries, side="right") - 1
            stop = min(max(stop, start + 1), n_samples)
            yield np.arange(start, stop), None
            start = stop

    def pairs(self, samples, query, radius):
        if not sparse.issparse(self.X):
            return super().pairs(samples, query, radius)
        rows = self.X[samples[0] : samples[-1] + 1]
        chunk_first = np.repeat(np.arange(samples.shape[0]), np.diff(rows.indptr))
        second = rows.indices.astype(np.intp)
        within = (rows.data <= radius) & (samples[chunk_first] != second)
        itself = np.flatnonzero(self.self_distances[samples] <= radius)
        return (np.concatenate([chunk_first[within], itself]),
                np.concatenate([second[within], samples[itself]]))

    def _distances(self, samples):
        return self.X[samples[0] : samples[-1] + 1]

    def check_queries(self, X):
        """The queries' distances to the samples: non-negative, one column per sample."""
        X = check_array(X, accept_sparse="csr", ensure_non_negative=True,
                        input_name="precomputed distance matrix")
        if X.shape[1] != self.X.shape[0]:
            raise ValueError(
                f"Precomputed metric requires shape (n_queries, n_indexed). Got {X.shape} "
                f"for {self.X.shape[0]} indexed."
            )
        return X

    def kneighbors(self, X, k):
        if not sparse.issparse(X):
            return _k_smallest(X, k)
        # In a sparse graph only the stored entries are distances.
        stored = np.diff(X.indptr)
        if stored.min(initial=k) < k:
            raise ValueError(
                f"{k} neighbors per sample are required, but some samples have only "
                f"{stored.min()} stored distances in the precomputed sparse matrix."
            )
        distances = np.full(X.shape, np.inf)
        rows = np.repeat(np.arange(X.shape[0]), stored)
        distances[rows, X.indices] = X.data
        return _k_smallest(distances, k)

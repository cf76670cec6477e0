"""Distances of the course textbook (§4.2) shared by the clustering estimators.

Everything here works on whole arrays, in row chunks, so that no ``n_samples × n_samples``
(or ``n_samples × n_clusters`` for very large data) matrix is ever held in memory at once.
"""

import math

import numpy as np
from scipy.spatial import cKDTree

# Memory for one chunk's temporary block: small enough to stay in the CPU cache when the
# block is n_rows × n_clusters, larger for the n_rows × n_samples blocks of brute force.
WORKING_MEMORY_BYTES = 2**20
BRUTE_FORCE_WORKING_MEMORY_BYTES = 2**26
MIN_CHUNK_ROWS = 16
# Memory for the neighbour pairs of one chunk, and what one directed pair takes there:
# scipy's (i, j, distance) record (24 bytes), the index arrays and masks made from it.
NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES = 2**24
PAIR_NBYTES = 64
PAIR_SAMPLING_STEP = 16

# The Minkowski family of §4.2.1, Eq. 4.1-4.4, by the exponent p.
MINKOWSKI_METRICS = {"manhattan": 1, "euclidean": 2, "chebyshev": math.inf, "minkowski": None}
METRICS = (*MINKOWSKI_METRICS, "cosine")


def chunk_rows(row_nbytes, working_memory=None):
    """Number of rows whose temporaries take about ``working_memory`` bytes.

    Parameters
    ----------
    row_nbytes : int
        Bytes of temporary memory one row needs.
    working_memory : int, default=None
        Bytes allowed for one chunk (``WORKING_MEMORY_BYTES`` when None); a chunk holds at
        least ``MIN_CHUNK_ROWS`` rows.

    Returns
    -------
    n_rows : int
    """
    if working_memory is None:
        working_memory = WORKING_MEMORY_BYTES
    return max(MIN_CHUNK_ROWS, working_memory // max(row_nbytes, 1))


def row_chunks(n_rows, row_nbytes, working_memory=None):
    """Yield slices of ``range(n_rows)`` of :func:`chunk_rows` rows each (the last shorter).

    Parameters
    ----------
    n_rows : int
        Number of rows to cover.
    row_nbytes, working_memory : int
        As in :func:`chunk_rows`.

    Yields
    ------
    rows : slice
        Consecutive, non-overlapping slices that together cover ``0..n_rows-1``.
    """
    size = chunk_rows(row_nbytes, working_memory)
    for start in range(0, n_rows, size):
        yield slice(start, min(start + size, n_rows))


def squared_euclidean_distances(X, Y, X_squared_norms, Y_squared_norms):
    """Squared Euclidean distances (§4.2.1, Eq. 4.3 squared) between the rows of X and Y.

    Uses the expansion ``||x - y||² = ||x||² - 2 x·y + ||y||²`` (as in Eq. 4.8-4.9), so the
    work is one matrix product. Negative round-off is clipped to zero.

    Parameters
    ----------
    X : ndarray of shape (n_x, n_features)
    Y : ndarray of shape (n_y, n_features)
    X_squared_norms : ndarray of shape (n_x,)
    Y_squared_norms : ndarray of shape (n_y,)

    Returns
    -------
    distances : ndarray of shape (n_x, n_y)
    """
    distances = X @ Y.T
    distances *= -2
    distances += X_squared_norms[:, np.newaxis]
    distances += Y_squared_norms
    return np.maximum(distances, 0, out=distances)


def radius_neighborhoods(X, eps, metric, p=2):
    """Neighbourhood sizes and all pairs of neighbours, found chunk by chunk.

    Minkowski-family metrics (§4.2.1) are answered by a KD-tree; the cosine distance
    ``1 - cossim(u, v)`` (§4.2.2, Eq. 4.5) by brute force on chunks of rows. Either way
    one chunk's temporaries stay bounded (about ``NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES`` of
    pairs, or ``BRUTE_FORCE_WORKING_MEMORY_BYTES`` of distances), and the pairs are kept
    compactly: each unordered pair once, as two 32-bit indices when they fit, 8 bytes a
    pair where a list of neighbourhoods (as scikit-learn's ``DBSCAN`` keeps) takes 16
    bytes and an array object per sample.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    eps : float
        The neighbourhood radius: ``x`` and ``y`` are neighbours when ``d(x, y) <= eps``.
    metric : {'euclidean', 'manhattan', 'chebyshev', 'minkowski', 'cosine'}
    p : float, default=2
        The Minkowski exponent (Eq. 4.1), used when ``metric='minkowski'``.

    Returns
    -------
    n_neighbors : ndarray of shape (n_samples,), dtype=intp
        The size of each sample's neighbourhood, the sample itself included.
    pair_chunks : list of (first, second) ndarrays
        All pairs of distinct neighbours, each once with ``first < second``, in chunks.
    """
    n_samples = X.shape[0]
    index_dtype = np.int32 if n_samples <= np.iinfo(np.int32).max else np.intp
    if metric == "cosine":
        directed_chunks = _cosine_neighbor_chunks(X, eps)
    else:
        if metric != "minkowski":
            p = MINKOWSKI_METRICS[metric]
        directed_chunks = _kdtree_neighbor_chunks(X, eps, p)

    n_neighbors = np.zeros(n_samples, dtype=np.intp)
    pair_chunks = []
    for samples, chunk_first, second in directed_chunks:
        n_neighbors[samples] += np.bincount(chunk_first, minlength=samples.shape[0])
        first = samples[chunk_first]
        upper = first < second
        pair_chunks.append(
            (first[upper].astype(index_dtype), second[upper].astype(index_dtype))
        )
    return n_neighbors, pair_chunks


def _kdtree_neighbor_chunks(X, eps, p):
    """The neighbourhoods of chunks of samples, by KD-tree.

    The samples are taken in the order of the tree's leaves, so that a chunk is a compact
    region of space; a dual-tree traversal between the chunk's own tree and the tree of
    all the samples finds its pairs. Before that, the chunk's number of pairs is
    estimated by counting its neighbours among every ``PAIR_SAMPLING_STEP``-th sample (in
    tree order, a uniform spatial sample; a count allocates nothing and costs a fraction
    of the search), and the chunk is halved until the estimate fits the working memory.

    Yields
    ------
    samples : ndarray of shape (n_chunk_samples,), dtype=intp
        The chunk's samples; together the chunks cover every sample once.
    chunk_first, second : ndarray of shape (n_pairs,), dtype=intp
        The pairs ``(samples[chunk_first[k]], second[k])`` of neighbours, the sample itself
        included: the whole neighbourhood of each sample of the chunk.
    """
    tree = cKDTree(X)
    sampled = tree.indices[::PAIR_SAMPLING_STEP]
    sample_tree = cKDTree(tree.data[sampled])
    sampling_ratio = X.shape[0] / sampled.shape[0]
    max_pairs = max(1, NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES // PAIR_NBYTES)
    start, size = 0, MIN_CHUNK_ROWS
    while start < X.shape[0]:
        samples = tree.indices[start : start + size]
        chunk_tree = cKDTree(tree.data[samples])
        estimated_pairs = sampling_ratio * chunk_tree.count_neighbors(sample_tree, eps, p=p)
        if estimated_pairs > max_pairs and samples.shape[0] > 1:
            size = samples.shape[0] // 2
            continue
        pairs = chunk_tree.sparse_distance_matrix(tree, eps, p=p, output_type="ndarray")
        yield samples, pairs["i"], pairs["j"]
        start += samples.shape[0]
        # Grow towards the chunk size that fills the working memory, at most doubling.
        size = max(1, int(min(2 * size, size * max_pairs / max(pairs.shape[0], 1))))


def _cosine_neighbor_chunks(X, eps):
    """The neighbourhoods of chunks of rows for the cosine distance, by brute force.

    Yields the same triples as :func:`_kdtree_neighbor_chunks`. A sample is always its
    own neighbour (whatever the round-off of ``1 - cossim(x, x)``); a zero vector has
    cosine similarity 0 with everything.
    """
    norms = np.sqrt(np.einsum("ij,ij->i", X, X))
    norms[norms == 0] = 1
    unit = X / norms[:, np.newaxis]
    n_samples = X.shape[0]
    for rows in row_chunks(n_samples, n_samples * unit.itemsize,
                           BRUTE_FORCE_WORKING_MEMORY_BYTES):
        distances = unit[rows] @ unit.T
        np.subtract(1, distances, out=distances)
        chunk_rows = np.arange(rows.stop - rows.start)
        distances[chunk_rows, chunk_rows + rows.start] = 0
        chunk_first, second = np.nonzero(distances <= eps)
        yield np.arange(rows.start, rows.stop), chunk_first, second

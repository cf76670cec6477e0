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


def radius_neighbor_pairs(X, eps, metric, p=2):
    """All pairs of distinct samples at distance at most ``eps`` from each other.

    Minkowski-family metrics (§4.2.1) are answered by a KD-tree; the cosine distance
    ``1 - cossim(u, v)`` (§4.2.2, Eq. 4.5) by chunked brute force.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    eps : float
        The neighbourhood radius.
    metric : {'euclidean', 'manhattan', 'chebyshev', 'minkowski', 'cosine'}
    p : float, default=2
        The Minkowski exponent (Eq. 4.1), used when ``metric='minkowski'``.

    Returns
    -------
    first, second : ndarray of shape (n_pairs,), dtype=intp
        Each unordered pair once, with ``first < second``.
    """
    if metric == "cosine":
        return _cosine_neighbor_pairs(X, eps)
    if metric != "minkowski":
        p = MINKOWSKI_METRICS[metric]
    pairs = cKDTree(X).query_pairs(eps, p=p, output_type="ndarray")
    return (np.ascontiguousarray(pairs[:, 0], dtype=np.intp),
            np.ascontiguousarray(pairs[:, 1], dtype=np.intp))


def _cosine_neighbor_pairs(X, eps):
    """Pairs ``i < j`` with ``1 - cossim(x_i, x_j) <= eps``, by chunks of rows.

    A chunk of rows is compared with itself and the rows after it only.
    """
    norms = np.sqrt(np.einsum("ij,ij->i", X, X))
    norms[norms == 0] = 1  # a zero vector has cosine similarity 0 with everything
    unit = X / norms[:, np.newaxis]
    n_samples = X.shape[0]
    first, second = [], []
    row_nbytes = n_samples * unit.itemsize
    for rows in row_chunks(n_samples, row_nbytes, BRUTE_FORCE_WORKING_MEMORY_BYTES):
        distances = 1 - unit[rows] @ unit[rows.start :].T
        chunk_rows, columns = np.nonzero(distances <= eps)
        chunk_rows += rows.start
        columns += rows.start
        upper = columns > chunk_rows
        first.append(chunk_rows[upper])
        second.append(columns[upper])
    return np.concatenate(first), np.concatenate(second)

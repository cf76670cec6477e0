"""Distances of the course textbook (§4.2) shared by the clustering estimators.

Everything here works on whole arrays, in row chunks, so that no ``n_samples × n_samples``
(or ``n_samples × n_clusters`` for very large data) matrix is ever held in memory at once.
"""

import numpy as np
from sklearn.utils.extmath import safe_sparse_dot

# Memory for one chunk's temporary block: small enough to stay in the CPU cache when the
# block is n_rows × n_clusters.
WORKING_MEMORY_BYTES = 2**20
MIN_CHUNK_ROWS = 16


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
    X : {ndarray, sparse matrix} of shape (n_x, n_features)
    Y : {ndarray, sparse matrix} of shape (n_y, n_features)
    X_squared_norms : ndarray of shape (n_x,)
    Y_squared_norms : ndarray of shape (n_y,)

    Returns
    -------
    distances : ndarray of shape (n_x, n_y)
    """
    distances = safe_sparse_dot(X, Y.T, dense_output=True)
    distances *= -2
    distances += X_squared_norms[:, np.newaxis]
    distances += Y_squared_norms
    return np.maximum(distances, 0, out=distances)


def signed_sqrt(X):
    """``sign(x) √|x|`` element-wise: the sublinear map of D2⟨root⟩ (§4.2.4, Eq. 4.13).

    ``D2⟨root⟩(u, v)`` is the Euclidean distance between the mapped vectors, so every
    Euclidean search (trees included) answers it on mapped data.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)

    Returns
    -------
    X_mapped : {ndarray, sparse matrix} of shape (n_samples, n_features)
        A new array (the map keeps zeros: a sparse matrix stays sparse).

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.cluster._distances import signed_sqrt
    >>> signed_sqrt(np.array([[4.0, -9.0, 0.0]]))
    array([[ 2., -3.,  0.]])
    """
    if hasattr(X, "data") and hasattr(X, "tocsr"):  # sparse: map the stored entries
        mapped = X.copy()
        mapped.data = np.sign(mapped.data) * np.sqrt(np.abs(mapped.data))
        return mapped
    return np.sign(X) * np.sqrt(np.abs(X))

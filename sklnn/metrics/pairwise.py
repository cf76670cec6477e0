"""Distances and similarities between vectors (course textbook, §4.2).

The Minkowski distances (Eq. 4.1) with p = 1 (Manhattan, Eq. 4.2), p = 2 (Euclidean,
Eq. 4.3) and p = ∞ (Chebyshev, Eq. 4.4), the cosine similarity (Eq. 4.5) and the cosine
distance ``1 - cossim``, and D2⟨root⟩ (Eq. 4.13), the Euclidean distance after the
sublinear map ``sign(x) √|x|`` that tempers the bursting effect (§4.2.4).

Each function takes the rows of X and of Y (Y = X when None) and returns the matrix of
their distances or similarities; those with a namesake in :mod:`sklearn.metrics.pairwise`
take its parameters and return its values.

As ``metric=`` of :class:`sklnn.cluster.DBSCAN` and of the estimators of
:mod:`sklnn.neighbors`, a distance is named by a string, as in scikit-learn: each
function's docstring gives its name (``'manhattan'``, ``'euclidean'``, ``'chebyshev'``,
``'minkowski'`` with ``p``, ``'cosine'``, and sklnn's ``'d2_root'``). A named metric lets
the neighbour search use a tree or whole-array products instead of calling a Python
function for every pair of samples.
"""

import numpy as np
from scipy.spatial.distance import cdist
from sklearn.metrics.pairwise import check_pairwise_arrays
from sklearn.preprocessing import normalize
from sklearn.utils.extmath import row_norms, safe_sparse_dot

from ..cluster._distances import signed_sqrt, squared_euclidean_distances

__all__ = [
    "chebyshev_distances",
    "cosine_distances",
    "cosine_similarity",
    "d2_root_distances",
    "euclidean_distances",
    "manhattan_distances",
    "minkowski_distances",
]


def minkowski_distances(X, Y=None, p=2):
    """Minkowski distances between the rows of X and Y (§4.2.1, Eq. 4.1).

    ``D(u, v) = (Σ_i |u_i - v_i|^p)^(1/p)``; p = 1, 2 and ∞ give the Manhattan (Eq. 4.2),
    Euclidean (Eq. 4.3) and Chebyshev (Eq. 4.4) distances. As a ``metric=``:
    ``'minkowski'`` with the estimator's ``p``. Equals
    ``sklearn.metrics.pairwise_distances(X, Y, metric='minkowski', p=p)``.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
        None means Y = X.
    p : float, default=2
        The exponent, at least 1, or ``np.inf``.

    Returns
    -------
    distances : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from sklnn.metrics.pairwise import minkowski_distances
    >>> minkowski_distances([[0, 0]], [[3, 4]], p=1)
    array([[7.]])
    """
    if not p >= 1:
        raise ValueError(f"p must be at least 1 (or np.inf), got p={p!r}.")
    if p == 1:
        return manhattan_distances(X, Y)
    if p == 2:
        return euclidean_distances(X, Y)
    if p == np.inf:
        return chebyshev_distances(X, Y)
    X, Y = _dense_pair(X, Y)
    return cdist(X, Y, metric="minkowski", p=p)


def manhattan_distances(X, Y=None):
    """Manhattan (city-block) distances between the rows of X and Y (§4.2.1, Eq. 4.2).

    ``D1(u, v) = Σ_i |u_i - v_i|``, the Minkowski distance with p = 1. As a ``metric=``:
    ``'manhattan'``. Same signature and values as
    :func:`sklearn.metrics.pairwise.manhattan_distances`.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
        None means Y = X.

    Returns
    -------
    distances : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from sklnn.metrics.pairwise import manhattan_distances
    >>> manhattan_distances([[1, 2], [3, 4]], [[1, 0]])
    array([[2.],
           [6.]])
    """
    X, Y = _dense_pair(X, Y)
    return cdist(X, Y, metric="cityblock")


def euclidean_distances(X, Y=None, *, Y_norm_squared=None, squared=False,
                        X_norm_squared=None):
    """Euclidean distances between the rows of X and Y (§4.2.1, Eq. 4.3).

    ``D2(u, v) = √(Σ_i (u_i - v_i)²)``, the Minkowski distance with p = 2, computed as
    ``√(||u||² - 2 u·v + ||v||²)`` (the expansion of Eq. 4.8-4.9) in float64. As a
    ``metric=``: ``'euclidean'``. Same signature and values as
    :func:`sklearn.metrics.pairwise.euclidean_distances` (float32 input gives float32).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
        None means Y = X (the diagonal is then exactly 0).
    Y_norm_squared : array-like of shape (n_samples_Y,) or (1, n_samples_Y), default=None
        Precomputed ``||y||²`` of the rows of Y.
    squared : bool, default=False
        Return the squared distances.
    X_norm_squared : array-like of shape (n_samples_X,) or (n_samples_X, 1), default=None
        Precomputed ``||x||²`` of the rows of X.

    Returns
    -------
    distances : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from sklnn.metrics.pairwise import euclidean_distances
    >>> euclidean_distances([[0, 0], [1, 1]], [[3, 4]])
    array([[5.        ],
           [3.60555128]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    same = Y is X
    X_norms = _squared_norms(X, X_norm_squared)
    Y_norms = X_norms if same and Y_norm_squared is None else _squared_norms(Y, Y_norm_squared)
    distances = squared_euclidean_distances(
        _as_float64(X), _as_float64(Y), X_norms, Y_norms
    )
    if same:
        np.fill_diagonal(distances, 0)
    if not squared:
        np.sqrt(distances, out=distances)
    return distances.astype(X.dtype, copy=False)


def chebyshev_distances(X, Y=None):
    """Chebyshev distances between the rows of X and Y (§4.2.1, Eq. 4.4).

    ``D∞(u, v) = max_i |u_i - v_i|``, the Minkowski distance with p = ∞. As a
    ``metric=``: ``'chebyshev'``. scikit-learn has no such function: equals
    ``sklearn.metrics.pairwise_distances(X, Y, metric='chebyshev')``.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
        None means Y = X.

    Returns
    -------
    distances : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from sklnn.metrics.pairwise import chebyshev_distances
    >>> chebyshev_distances([[0, 0]], [[3, -4]])
    array([[4.]])
    """
    X, Y = _dense_pair(X, Y)
    return cdist(X, Y, metric="chebyshev")


def cosine_similarity(X, Y=None, dense_output=True):
    """Cosine similarities between the rows of X and Y (§4.2.2, Eq. 4.5).

    ``cossim(u, v) = u·v / (||u|| ||v||)``: 1 for vectors of the same direction, 0 for
    orthogonal ones, -1 for opposite ones. A zero vector has similarity 0 with every
    vector. Same signature and values as
    :func:`sklearn.metrics.pairwise.cosine_similarity`.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
        None means Y = X.
    dense_output : bool, default=True
        Whether to return a dense array when both X and Y are sparse.

    Returns
    -------
    similarities : {ndarray, sparse matrix} of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from sklnn.metrics.pairwise import cosine_similarity
    >>> cosine_similarity([[1, 0]], [[2, 0], [0, 3], [-1, 0]])
    array([[ 1.,  0., -1.]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    X_unit = normalize(X, copy=True)
    Y_unit = X_unit if Y is X else normalize(Y, copy=True)
    return safe_sparse_dot(X_unit, Y_unit.T, dense_output=dense_output)


def cosine_distances(X, Y=None):
    """Cosine distances between the rows of X and Y: ``1 - cossim`` (§4.2.2, Eq. 4.5).

    Between 0 (same direction) and 2 (opposite directions); for unit vectors,
    ``D2 = √(2 cosine_distance)`` (§4.2.3, Eq. 4.11). As a ``metric=``: ``'cosine'``.
    Same signature and values as :func:`sklearn.metrics.pairwise.cosine_distances`.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
        None means Y = X (the diagonal is then exactly 0).

    Returns
    -------
    distances : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from sklnn.metrics.pairwise import cosine_distances
    >>> cosine_distances([[1, 0]], [[2, 0], [0, 3], [-1, 0]])
    array([[0., 1., 2.]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    distances = np.asarray(cosine_similarity(X, Y, dense_output=True))
    distances *= -1
    distances += 1
    np.clip(distances, 0, 2, out=distances)
    if Y is X:
        np.fill_diagonal(distances, 0)
    return distances


def d2_root_distances(X, Y=None):
    """D2⟨root⟩ distances between the rows of X and Y (§4.2.4, Eq. 4.13).

    ``D2⟨root⟩(u, v) = √(Σ_i (sign(u_i) √|u_i| - sign(v_i) √|v_i|)²)``: the Euclidean
    distance after a square root that keeps the sign, so that a few large differences
    (bursts) weigh less. On non-negative vectors it is Eq. 4.12. As a ``metric=``:
    ``'d2_root'`` (sklnn's name; scikit-learn has no such distance).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
        None means Y = X.

    Returns
    -------
    distances : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from sklnn.metrics.pairwise import d2_root_distances
    >>> d2_root_distances([[4, 0]], [[-9, 1]])
    array([[5.09901951]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    X_root = signed_sqrt(X)
    return euclidean_distances(X_root, X_root if Y is X else signed_sqrt(Y))


def _dense_pair(X, Y):
    """X and Y checked and dense (float64, or float32 when both are)."""
    X, Y = check_pairwise_arrays(X, Y)
    X_dense = _dense(X)
    return X_dense, X_dense if Y is X else _dense(Y)


def _dense(X):
    return X.toarray() if hasattr(X, "toarray") else X


def _as_float64(X):
    return X.astype(np.float64, copy=False)


def _squared_norms(X, precomputed):
    if precomputed is None:
        return row_norms(_as_float64(X), squared=True)
    return np.asarray(precomputed, dtype=np.float64).reshape(-1)

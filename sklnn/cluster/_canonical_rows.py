"""The rows of a data set in an order that depends only on their values.

k-means draws its initial centres by inverse-CDF sampling along the samples (k-means++ and
``init='random'``), so with the rows taken in the order given, the centres drawn from one
random state depend on that order, and a point of weight 3 is not drawn like three copies
of it. Drawn along the canonical order of :class:`CanonicalRows` instead, they depend only
on the weighted set of points: the same for any permutation of the rows, and for a point
of integer weight w or repeated w times (the copies of a point are adjacent, so they take
the same share of the cumulative sum as the weighted point).
"""

from functools import cached_property

import numpy as np
import scipy.sparse as sp

from ._distances import row_chunks

# splitmix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
# OOPSLA 2014): a well-mixed odd 64-bit multiplier for each feature.
_GOLDEN_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))
_SHIFTS = (np.uint64(30), np.uint64(27), np.uint64(31))
_HALF, _SIXTEEN, _LOW_16 = np.uint64(32), np.uint64(16), np.uint64(0xFFFF)


class CanonicalRows:
    """The rows of X sorted by value, and which of them hold the same point.

    The rows are sorted by a 32-bit hash of their values rounded to float32 (so that
    float32 and float64 copies of the same data, dense or sparse, are sorted alike), and
    rows whose hashes collide by their exact values. Both attributes are computed on
    first use.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        The data, C-contiguous if dense, CSR if sparse.

    Attributes
    ----------
    order : ndarray of shape (n_samples,)
        The indices of the rows in canonical order; equal rows are adjacent.
    point_ids : ndarray of shape (n_samples,)
        For each row, the rank in canonical order of the distinct point it holds:
        two rows share a point id if and only if they are equal.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.cluster._canonical_rows import CanonicalRows
    >>> X = np.array([[1.0, 2.0], [0.0, 5.0], [1.0, 2.0]])
    >>> rows = CanonicalRows(X)
    >>> bool(rows.point_ids[0] == rows.point_ids[2] != rows.point_ids[1])
    True
    >>> sorted(rows.order[rows.point_ids[rows.order] == rows.point_ids[0]].tolist())
    [0, 2]
    """

    def __init__(self, X):
        self.X = X

    @cached_property
    def _sorted(self):
        """(order, whether each position starts a new point)."""
        keys = _row_hashes(self.X)
        order = _argsort_32_bits(keys)
        sorted_keys = keys[order]
        new_key = np.empty(order.shape[0], dtype=bool)
        new_key[:1] = True
        np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=new_key[1:])
        repeats = np.flatnonzero(~new_key)
        equal = _rows_equal(self.X, order[repeats - 1], order[repeats])
        if not equal.all():
            # Distinct rows with the same hash: sort the runs they are in by value.
            run_ids = np.cumsum(new_key) - 1
            _sort_runs_by_value(self.X, order, run_ids, np.unique(run_ids[repeats[~equal]]))
            equal = _rows_equal(self.X, order[repeats - 1], order[repeats])
        new_point = new_key
        new_point[repeats[~equal]] = True
        return order, new_point

    @cached_property
    def order(self):
        return self._sorted[0]

    @cached_property
    def point_ids(self):
        order, new_point = self._sorted
        point_ids = np.empty(order.shape[0], dtype=np.intp)
        point_ids[order] = np.cumsum(new_point) - 1
        return point_ids

    def draw(self, masses, uniforms):
        """Rows drawn with probability proportional to ``masses``, by inverse CDF.

        Parameters
        ----------
        masses : ndarray of shape (n_samples,)
            Non-negative, with a positive sum.
        uniforms : ndarray of shape (n_draws,)
            Uniform numbers in [0, 1), one per draw.

        Returns
        -------
        rows : ndarray of shape (n_draws,)
            Indices of rows of positive mass.
        """
        cumulative = np.cumsum(masses[self.order], dtype=np.float64)
        total = cumulative[-1]
        positions = np.searchsorted(cumulative, uniforms * total, side="right")
        # Round-off can reach the total: keep to the last position of positive mass.
        last = np.searchsorted(cumulative, total, side="left")
        return self.order[np.minimum(positions, last)]


def _feature_multipliers(features):
    """splitmix64 of each feature index: odd, well-mixed 64-bit multipliers."""
    z = (np.asarray(features, dtype=np.uint64) + np.uint64(1)) * _GOLDEN_GAMMA
    z = (z ^ (z >> _SHIFTS[0])) * _MIX[0]
    z = (z ^ (z >> _SHIFTS[1])) * _MIX[1]
    return (z ^ (z >> _SHIFTS[2])) | np.uint64(1)


def _float32_bits(values):
    """The bits of the values rounded to float32 (beyond its range: infinite), as 64-bit
    unsigned integers."""
    with np.errstate(over="ignore"):
        rounded = values.astype(np.float32)
    return rounded.view(np.uint32).astype(np.uint64)


def _row_hashes(X):
    """A 32-bit hash of each row: the top half of ``Σ_j bits(float32(x_j)) · m_j`` modulo
    2**64.

    Integer arithmetic is exact, so equal rows get equal hashes wherever they sit; a zero
    contributes nothing, so a sparse row hashes like its dense copy. The top bits of the
    sum depend on every bit of the row, so rows that differ rarely collide.
    """
    if sp.issparse(X):
        if not X.has_canonical_format:
            X = X.copy()
            X.sum_duplicates()
        terms = _float32_bits(X.data) * _feature_multipliers(X.indices)
        cumulative = np.concatenate([np.zeros(1, dtype=np.uint64), np.cumsum(terms)])
        hashes = cumulative[X.indptr[1:]] - cumulative[X.indptr[:-1]]
        return hashes >> _HALF
    multipliers = _feature_multipliers(np.arange(X.shape[1]))
    hashes = np.empty(X.shape[0], dtype=np.uint64)
    for rows in row_chunks(X.shape[0], 8 * X.shape[1]):
        np.matmul(_float32_bits(X[rows]), multipliers, out=hashes[rows])
    return hashes >> _HALF


def _argsort_32_bits(keys):
    """Stable argsort of keys below 2**32: two passes of NumPy's radix sort on 16 bits."""
    order = np.argsort((keys & _LOW_16).astype(np.uint16), kind="stable")
    high = (keys[order] >> _SIXTEEN).astype(np.uint16)
    return order[np.argsort(high, kind="stable")]


def _rows_equal(X, first, second):
    """Whether rows ``first[i]`` and ``second[i]`` of X are equal, for each i (compared
    by chunks of dense rows)."""
    if sp.issparse(X):
        return np.diff((X[first] != X[second]).tocsr().indptr) == 0
    equal = np.empty(first.shape[0], dtype=bool)
    for pairs in row_chunks(first.shape[0], 2 * X.shape[1] * X.dtype.itemsize):
        equal[pairs] = np.all(X[first[pairs]] == X[second[pairs]], axis=1)
    return equal


def _sort_runs_by_value(X, order, run_ids, runs):
    """Sort, in place, the positions of ``order`` in the given runs by the rows' values."""
    positions = np.flatnonzero(np.isin(run_ids, runs))
    rows = order[positions]
    values = X[rows].toarray() if sp.issparse(X) else X[rows]
    # Primary key: the run, so that each run keeps its place.
    by_value = np.lexsort((*values.T[::-1], run_ids[positions]))
    order[positions] = rows[by_value]

"""Checks of training data beyond scikit-learn's ``validate_data``."""

import math

import numpy as np
from scipy import sparse
from sklearn.utils._array_api import get_namespace


def magnitude_limit(n_entries, dtype=np.float64):
    """The largest magnitude :func:`check_magnitude` lets through: ``√(max / n) / 2``.

    Parameters
    ----------
    n_entries : int
        Number of entries whose squares are summed.
    dtype : floating-point dtype, default=np.float64
        The type they are computed in (NumPy's or an array API namespace's).

    Returns
    -------
    limit : float

    Examples
    --------
    >>> from sklnn.utils import magnitude_limit
    >>> float(f"{magnitude_limit(100):.3g}")
    6.7e+152
    """
    return math.sqrt(float(np.finfo(dtype).max) / max(n_entries, 1)) / 2


def check_magnitude(array, name="X"):
    """Refuse values too large to compute with in the array's floating-point type.

    Every sklnn estimator sums squares of its inputs: distances (k-means, DBSCAN),
    variances (PCA), squared errors and their gradients (the linear models, the networks).
    With ``n`` entries of magnitude at most ``m``, such sums stay below ``n·(2m)²``, finite
    when ``m ≤ √(max / n) / 2``, ``max`` the largest number of the type (float64 for
    integers). Beyond that limit the fitted attributes would overflow to inf or NaN, or a
    solver would fail deep inside; the values are refused up front instead, as too large:
    they need scaling (``StandardScaler``), which changes nothing for a scale-invariant
    model and avoids overflow for the others.

    Parameters
    ----------
    array : {ndarray, sparse matrix, array API array}
        The validated (finite) data: its number of entries ``n`` is the product of its
        shape.
    name : str, default="X"
        The argument's name, for the error message.

    Returns
    -------
    array : {ndarray, sparse matrix, array API array}
        ``array`` unchanged.

    Raises
    ------
    ValueError
        If a value's magnitude is above the limit.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.utils import check_magnitude
    >>> check_magnitude(np.array([[1.0, 2.0]]))
    array([[1., 2.]])
    >>> check_magnitude(np.array([[3e38, 1.0]], dtype=np.float32))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: X holds values up to 3e+38 in magnitude, too large to compute with...
    """
    values = array.data if sparse.issparse(array) else array
    n_entries = math.prod(array.shape)
    if n_entries == 0 or values.shape[0] == 0:
        return array
    xp, _ = get_namespace(values)
    largest = float(xp.max(xp.abs(values)))
    floating = xp.isdtype(values.dtype, "real floating")
    float_type = values.dtype if floating else np.float64
    limit = magnitude_limit(n_entries, xp.finfo(float_type).dtype)
    if largest > limit:
        type_name = str(float_type).removeprefix("torch.")
        raise ValueError(
            f"{name} holds values up to {largest:.3g} in magnitude, too large to compute with "
            f"in {type_name}: sums of the squares of its {n_entries} entries would overflow "
            f"(the limit is {limit:.3g}). Scale the data first, e.g. with "
            "sklearn.preprocessing.StandardScaler."
        )
    return array

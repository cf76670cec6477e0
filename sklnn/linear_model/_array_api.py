"""Array API inputs (PyTorch tensors, ...) of the linear models, as scikit-learn takes them.

With ``sklearn.config_context(array_api_dispatch=True)``, scikit-learn's linear models take
arrays of any Array API namespace and device, and give back their fitted attributes and
predictions in that namespace, on that device. sklnn's solvers are NumPy and SciPy code:
``fit`` moves such inputs to NumPy on the CPU, solves there, and moves the fitted
``coef_`` and ``intercept_`` back to the input's namespace and device; the prediction
methods then compute in that namespace (a matrix product and elementwise functions).
"""

import numpy as np
from sklearn.utils._array_api import (
    _is_numpy_namespace,
    get_namespace,
    get_namespace_and_device,
    move_to,
)


def to_numpy(X, *arrays):
    """``X`` and ``arrays`` in NumPy, and the namespace and device of ``X`` to return to.

    Without array API dispatch, or for NumPy input, everything is returned unchanged.
    ``arrays`` may hold None, lists or other non-array values, returned unchanged.
    """
    xp, is_array_api, device = get_namespace_and_device(X)
    if not is_array_api or _is_numpy_namespace(xp):
        return (X, *arrays), xp, device
    return [_in_numpy(array) for array in (X, *arrays)], xp, device


def _in_numpy(array):
    if array is None or _is_numpy_namespace(get_namespace(array)[0]):
        return array
    return move_to(array, xp=np, device="cpu")


def from_numpy(estimator, xp, device, *attributes):
    """Move the fitted ``attributes`` of ``estimator`` to the namespace ``xp`` and ``device``."""
    if _is_numpy_namespace(xp):
        return
    for name in attributes:
        setattr(estimator, name, move_to(getattr(estimator, name), xp=xp, device=device))

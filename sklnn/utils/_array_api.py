"""Array API inputs (PyTorch tensors, ...), as scikit-learn takes them.

With ``sklearn.config_context(array_api_dispatch=True)``, scikit-learn's estimators and
metrics take arrays of any Array API namespace and device, and give back their results in
that namespace, on that device. sklnn computes in NumPy and SciPy: its code moves such
inputs to NumPy on the CPU, computes there, and moves the results back (the linear models
their fitted ``coef_`` and ``intercept_``, whose predictions then compute in the input's
namespace; the metrics that return arrays, those arrays).
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


def to_input_namespace(result, *inputs):
    """Return the NumPy ``result`` in the array namespace and on the device of ``inputs``.

    Without array API dispatch, or for NumPy inputs, ``result`` is returned unchanged.
    """
    xp, is_array_api, device = get_namespace_and_device(*inputs)
    return xp.asarray(result, device=device) if is_array_api else result


def from_numpy(estimator, xp, device, *attributes):
    """Move the fitted ``attributes`` of ``estimator`` to the namespace ``xp`` and ``device``."""
    if _is_numpy_namespace(xp):
        return
    for name in attributes:
        setattr(estimator, name, move_to(getattr(estimator, name), xp=xp, device=device))

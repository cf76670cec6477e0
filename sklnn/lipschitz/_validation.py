"""Checks of the networks, layers and input shapes given to :mod:`sklnn.lipschitz`."""

import numbers
from itertools import chain

import torch
from sklearn.base import BaseEstimator
from torch import nn


def check_network(module):
    """Raise a ``TypeError`` unless ``module`` is a ``torch.nn.Module``.

    An sklnn estimator is refused too, with a pointer to its own bound: a fitted neural
    estimator has it in ``lipschitz_bound_`` already, for the input shape it was fitted on.
    """
    if isinstance(module, nn.Module):
        return module
    hint = (
        " A fitted sklnn neural estimator holds the bound of its network in its "
        "lipschitz_bound_ attribute, and the network in net_.module_."
        if isinstance(module, BaseEstimator)
        else ""
    )
    raise TypeError(
        f"module must be a torch.nn.Module, such as nn.Sequential(*layers), got "
        f"{type(module).__name__}.{hint}"
    )


def check_input_shape(input_shape):
    """``input_shape`` as a tuple of positive ints, the shape of one sample.

    Sizes are taken as they are, never rounded or parsed: ``4.5`` or ``"4"`` is refused,
    as is a bare ``4`` (the shape of ``n_features`` inputs is ``(n_features,)``).
    """
    sizes = () if isinstance(input_shape, (str, bytes)) else input_shape
    try:
        shape = tuple(sizes)
    except TypeError:
        shape = ()
    if not shape or not all(_is_positive_int(size) for size in shape):
        raise ValueError(
            f"input_shape must be the shape of one sample, a tuple of positive sizes such as "
            f"(n_features,) or (channels, height, width), got {input_shape!r}."
        )
    return tuple(int(size) for size in shape)


def _is_positive_int(size):
    return isinstance(size, numbers.Integral) and not isinstance(size, bool) and size > 0


def check_finite_parameters(layer, name=None):
    """Raise a ``ValueError`` if a parameter or buffer of ``layer`` holds NaN or infinity.

    Only the layer's own tensors are checked, not its submodules'. ``name`` is the layer's
    name in its network, for the message.
    """
    tensors = chain(layer.named_parameters(recurse=False), layer.named_buffers(recurse=False))
    for tensor_name, tensor in tensors:
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            where = f" {name!r}" if name else ""
            raise ValueError(
                f"The {tensor_name} of the {type(layer).__name__} layer{where} holds NaN or "
                f"infinity: its Lipschitz constant is not defined. Did its training diverge?"
            )

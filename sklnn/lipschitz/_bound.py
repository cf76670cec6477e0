"""Upper bounds of a network's Lipschitz constant, layer by layer."""

import math
import numbers
from functools import partial
from typing import NamedTuple

import torch
from torch import nn

from ..utils import check_number, check_seed
from ._modules import Residual
from ._spectral import PowerIteration, spectral_norm
from ._validation import check_finite_parameters, check_input_shape, check_network

_REGULARIZED = (nn.Linear, nn.Conv2d)
_LINEAR_MAPS = (nn.Linear, nn.Conv2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d)
_SHAPE_DEPENDENT = (*_LINEAR_MAPS, nn.AdaptiveMaxPool2d)
_ONE_LIPSCHITZ = (
    nn.ReLU,
    nn.Hardtanh,  # ReLU6 too
    nn.Tanh,
    nn.Softplus,
    nn.Identity,
    nn.Flatten,
    nn.Unflatten,
    nn.Dropout,  # identity in evaluation mode, like the other dropouts
    nn.Dropout1d,
    nn.Dropout2d,
    nn.AlphaDropout,
)
_SUPPORTED = (
    "Sequential, Residual, Linear, Conv2d, BatchNorm1d/2d/3d, LayerNorm, AvgPool2d, "
    "AdaptiveAvgPool2d, "
    "MaxPool2d, AdaptiveMaxPool2d, ReLU, ReLU6, Hardtanh, LeakyReLU, ELU, Tanh, Sigmoid, "
    "Softplus, Identity, Flatten, Unflatten, Dropout, Dropout1d, Dropout2d, AlphaDropout"
)


class RegularizedLayer(NamedTuple):
    """A ``Linear`` or ``Conv2d`` layer of a network, with the shape of one of its inputs."""

    name: str
    layer: nn.Module
    input_shape: tuple


def _input_shapes(module, input_shape, layer_types):
    """Per-sample input shapes of the ``layer_types`` submodules, in the order they run.

    ``module`` and ``input_shape`` are checked, and so is every tensor of the network (a
    NaN or infinite weight gets an error naming its layer). A dummy batch then goes through
    ``module`` in evaluation mode, with forward pre-hooks recording what each layer receives;
    the training flags are restored afterwards.
    """
    check_network(module)
    input_shape = check_input_shape(input_shape)
    for name, layer in module.named_modules():
        check_finite_parameters(layer, name)
    shapes = {}

    def record(layer, args):
        shape = tuple(args[0].shape[1:])
        if shapes.setdefault(layer, shape) != shape:
            raise ValueError(
                f"The {type(layer).__name__} layer is applied to inputs of two shapes, "
                f"{shapes[layer]} and {shape}; its operator norm is not defined by one shape."
            )

    layers = [layer for layer in module.modules() if isinstance(layer, layer_types)]
    handles = [layer.register_forward_pre_hook(record) for layer in layers]
    training = {submodule: submodule.training for submodule in module.modules()}
    try:
        module.eval()
        with torch.no_grad():
            _run_dummy_batch(module, input_shape)
    finally:
        for handle in handles:
            handle.remove()
        for submodule, flag in training.items():
            submodule.training = flag
    return shapes


def _run_dummy_batch(module, input_shape):
    """Run ``module`` on zeros of shape ``(2, *input_shape)``; name the layer that fails.

    Two samples: a batch norm without running statistics normalizes a batch of one by
    nothing and raises. Torch's error on a batch that does not fit a layer (a matrix
    product of the wrong width, a wrong number of channels) becomes a ``ValueError``
    naming ``input_shape`` and that layer, the innermost module running when it raised.
    """
    running = []

    def enter(layer, args):
        running.append((layer, args))

    def leave(layer, args, output):
        running.pop()

    hooks = [
        hook
        for layer in module.modules()
        for hook in (layer.register_forward_pre_hook(enter), layer.register_forward_hook(leave))
    ]
    reference = next(module.parameters(), torch.empty(0))
    try:
        module(torch.zeros((2, *input_shape), dtype=reference.dtype, device=reference.device))
    except NotImplementedError as error:  # a container without forward, e.g. ModuleList
        raise TypeError(
            f"The {type(module).__name__} module cannot run a batch ({error}); pass a network "
            "that can, such as nn.Sequential(*layers)."
        ) from error
    except (RuntimeError, IndexError) as error:
        raise ValueError(
            f"input_shape={input_shape} does not fit the {type(module).__name__} network: "
            f"{_failing_layer(module, running)}{error}"
        ) from error
    finally:
        for hook in hooks:
            hook.remove()


def _failing_layer(module, running):
    """``"its layer 'NAME', LAYER, fails on inputs of shape S: "`` for the innermost one."""
    if not running:  # the batch itself could not be made
        return ""
    layer, args = running[-1]
    name = next(name for name, submodule in module.named_modules() if submodule is layer)
    inputs = args[0] if args else None
    shape = f" on inputs of shape {tuple(inputs.shape[1:])}" if torch.is_tensor(inputs) else ""
    return f"its layer {name!r}, {layer!r}, fails{shape}: "


def collect_regularized_layers(module, input_shape):
    """Find the ``Linear`` and ``Conv2d`` layers of a network and the shapes of their inputs.

    These are the layers that LBA regularization draws from (talk
    ``seeds/000_5952624a66961393.txt``, slide "Idea del método"). The shapes come from one
    dummy forward pass in evaluation mode; the network may be any ``torch.nn.Module``.

    Parameters
    ----------
    module : torch.nn.Module
        The network.
    input_shape : tuple of int
        The shape of one input sample, without the batch dimension: ``(n_features,)`` or
        ``(channels, height, width)``.

    Returns
    -------
    layers : list of RegularizedLayer
        ``(name, layer, input_shape)`` of each layer, in the order the forward pass runs
        them; a layer the forward pass never runs is left out.

    Raises
    ------
    TypeError
        If ``module`` is not a ``torch.nn.Module``.
    ValueError
        If ``input_shape`` is not a tuple of positive ints or does not fit the network,
        or a weight or buffer of the network holds NaN or infinity.

    Examples
    --------
    >>> import torch
    >>> from sklnn.lipschitz import collect_regularized_layers
    >>> net = torch.nn.Sequential(
    ...     torch.nn.Conv2d(1, 4, 3), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(144, 10)
    ... )
    >>> [(name, shape) for name, _, shape in collect_regularized_layers(net, (1, 8, 8))]
    [('0', (1, 8, 8)), ('3', (144,))]
    """
    shapes = _input_shapes(module, input_shape, _REGULARIZED)
    names = {layer: name for name, layer in module.named_modules()}
    return [RegularizedLayer(names[layer], layer, shape) for layer, shape in shapes.items()]


def lipschitz_bound(module, input_shape, *, tol=1e-6, random_state=0):
    """Upper bound of a network's Lipschitz constant with respect to the L2 norm.

    ‖f(x) − f(x′)‖ ≤ LB ‖x − x′‖ with LB the product of the layers' constants (talk
    ``seeds/000_5952624a66961393.txt``, slides "Continuidad de Lipschitz" and "Core Idea":
    LB = ∏ σ(W⁽ⁱ⁾)). The bound is of the network in evaluation mode (dropout off, batch
    norm with its running statistics). Layers contribute:

    - ``Sequential``: the product of its children's bounds; ``Residual``: ``1 + L(body)``;
    - ``Linear``, ``Conv2d``, ``AvgPool2d``, ``AdaptiveAvgPool2d``: their operator norm on
      the inputs they receive (:func:`spectral_norm`; the input shapes come from a dummy
      forward pass); for non-overlapping ``k × k`` average pooling this is ``1/k``;
    - ``BatchNorm``: ``max |γ / √(running_var + ε)|``, a per-channel scaling (the shift does
      not matter);
    - ``LayerNorm``: ``‖diag(γ) P‖₂ / √ε`` ≤ ``max |γ| / √ε`` with P the centring
      projection ``I − 𝟙𝟙ᵀ / n``: the layer's exact constant, reached on samples whose
      features are all equal (derivation in ``_layer_norm_bound``); 1/√ε ≈ 316 for torch's
      default ε = 1e-5, and ε = 0 leaves no constant at all (a ``ValueError``);
    - ``MaxPool2d``: ``√m`` with ``m`` the largest number of pooling windows that share an
      input pixel, ``∏ ⌈k · gcd(d, s) / s⌉`` over the two axes (kernel ``k``, stride ``s``,
      dilation ``d``): 1 for non-overlapping windows; ``AdaptiveMaxPool2d`` likewise from
      its windows;
    - ``ReLU``, ``ReLU6``, ``Hardtanh``, ``Tanh``, ``Softplus``, ``Identity``, ``Flatten``,
      ``Unflatten`` and dropouts: 1; ``Sigmoid``: 1/4; ``LeakyReLU``: ``max(1, |slope|)``;
      ``ELU``: ``max(1, |α|)``.

    Any other module raises a ``TypeError``, rather than giving a bound that may be wrong.

    Parameters
    ----------
    module : torch.nn.Module
        The network, built from the modules listed above.
    input_shape : tuple of int
        The shape of one input sample, without the batch dimension.
    tol : float, default=1e-6
        The relative accuracy of the operator norms of convolutions and average poolings
        (see :func:`spectral_norm`).
    random_state : int, RandomState instance or None, default=0
        Draws the starting vectors of those computations.

    Returns
    -------
    bound : float
        The upper bound of the Lipschitz constant.

    Raises
    ------
    TypeError
        If ``module`` is not a ``torch.nn.Module`` (an sklnn estimator has its bound in
        ``lipschitz_bound_``), or the network holds a module of another type.
    ValueError
        If ``input_shape`` is not a tuple of positive ints or does not fit the network,
        or a weight or buffer of the network holds NaN or infinity.

    Examples
    --------
    >>> import torch
    >>> from sklnn.lipschitz import Residual, lipschitz_bound
    >>> _ = torch.manual_seed(0)
    >>> net = torch.nn.Sequential(
    ...     torch.nn.Linear(3, 3, bias=False), torch.nn.ReLU(),
    ...     Residual(torch.nn.Sequential(torch.nn.Linear(3, 3, bias=False), torch.nn.Tanh())),
    ... )
    >>> for linear in (net[0], net[2].body[0]):
    ...     _ = linear.weight.data.copy_(2 * torch.eye(3))
    >>> lipschitz_bound(net, (3,))  # 2 · 1 · (1 + 2 · 1)
    6.0
    """
    shapes = _input_shapes(module, input_shape, _SHAPE_DEPENDENT)

    def layer_norm(layer):
        return spectral_norm(layer, shapes.get(layer), tol=tol, random_state=random_state)

    with torch.no_grad():
        return float(_module_bound(module, shapes, layer_norm))


def _module_bound(module, shapes, layer_norm):
    """The bound of ``module``, with ``layer_norm(layer)`` the norm of each linear map."""
    if isinstance(module, nn.Sequential):
        return math.prod(_module_bound(child, shapes, layer_norm) for child in module)
    if isinstance(module, Residual):
        return 1.0 + _module_bound(module.body, shapes, layer_norm)
    if isinstance(module, _LINEAR_MAPS):
        return layer_norm(module)
    if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)):
        return _batch_norm_bound(module)
    if isinstance(module, nn.LayerNorm):
        return _layer_norm_bound(module)
    if isinstance(module, nn.MaxPool2d):
        return _max_pool_bound(module)
    if isinstance(module, nn.AdaptiveMaxPool2d):
        return _adaptive_max_pool_bound(module, shapes[module])
    if isinstance(module, _ONE_LIPSCHITZ):
        return 1.0
    if isinstance(module, nn.Sigmoid):
        return 0.25
    if isinstance(module, nn.LeakyReLU):
        return _slope_bound(module, "negative_slope")
    if isinstance(module, nn.ELU):
        return _slope_bound(module, "alpha")
    raise TypeError(
        f"lipschitz_bound knows no Lipschitz bound for a {type(module).__name__} module. "
        f"Build the network from: {_SUPPORTED}."
    )


def _slope_bound(layer, attribute):
    """``max(1, |slope|)``, the constant of an activation whose steepest slope is ``slope``."""
    slope = getattr(layer, attribute)
    if not math.isfinite(slope):
        raise ValueError(
            f"The {type(layer).__name__} layer has {attribute}={slope!r}: its Lipschitz constant "
            "is not defined."
        )
    return max(1.0, abs(slope))


def _batch_norm_bound(layer):
    if layer.running_var is None:
        raise ValueError(
            f"A {type(layer).__name__} layer with track_running_stats=False normalizes by the "
            f"batch's statistics; it has no Lipschitz constant of its own."
        )
    scale = torch.rsqrt(layer.running_var + layer.eps)
    if layer.affine:
        scale = scale * layer.weight
    return float(scale.abs().max())


def _layer_norm_bound(layer):
    """The Lipschitz constant of a ``LayerNorm`` layer for the L2 norm: ``‖diag(γ) P‖₂ / √ε``.

    Layer normalisation (course textbook §3.5.7, Eqs. 3.44-3.45, statistics taken over
    the features of each sample) maps a sample x of n = ``prod(normalized_shape)`` values to
    ``y = γ ⊙ (x − μ) / √(σ² + ε) + β`` with μ the mean and σ² the biased variance of x. It
    is not linear; its constant is the largest norm of its Jacobian, found as follows.
    Write ``c = P x`` with ``P = I − 𝟙𝟙ᵀ / n`` the centring projection, so σ² = ‖c‖² / n, and
    ``s = √(‖c‖² / n + ε)``. Then ``y = γ ⊙ c / s + β`` and

        ∂y/∂x = diag(γ) J P,    J = (I − c cᵀ / (n s²)) / s.

    J is symmetric with eigenvalue 1/s on every direction orthogonal to c (𝟙 among them)
    and ε / s³ on c, all in (0, 1/√ε] since s ≥ √ε; as 𝟙 is an eigenvector, J commutes
    with P, so ``∂y/∂x = diag(γ) P · (J P)`` with ‖J P‖ ≤ 1/√ε, and
    ``‖∂y/∂x‖ ≤ ‖diag(γ) P‖ / √ε``. At c = 0 (a sample with all features equal)
    ``∂y/∂x = diag(γ) P / √ε``: the bound is attained, so it is the Lipschitz constant
    itself (the supremum of the Jacobian norm, ℝⁿ being convex). As ‖P‖ = 1 (n ≥ 2), it is
    at most ``max |γ| / √ε``, with equality when γ is constant; a layer of one feature
    (P = 0) outputs β whatever its input and has constant 0. A ``LayerNorm`` applied to
    several groups of n values treats each alone, so the constant is the same.

    Parameters
    ----------
    layer : torch.nn.LayerNorm
        The layer; ``γ`` is its ``weight``, or 1 without an elementwise affine map.

    Returns
    -------
    bound : float
        The Lipschitz constant of the layer.

    Examples
    --------
    >>> import torch
    >>> from sklnn.lipschitz import lipschitz_bound
    >>> lipschitz_bound(torch.nn.Sequential(torch.nn.LayerNorm(4, eps=0.01)), (4,))  # 1/√0.01
    10.0
    """
    if not layer.eps > 0:
        raise ValueError(
            f"The LayerNorm layer has eps={layer.eps!r}: without a positive eps it divides by "
            "a standard deviation that may be 0, and has no Lipschitz constant."
        )
    n_features = math.prod(layer.normalized_shape)
    gamma = torch.ones(n_features, dtype=torch.float64)
    if layer.weight is not None:
        gamma = layer.weight.detach().reshape(-1).double()
    with torch.no_grad():
        scaled_projection = torch.diag(gamma) - gamma[:, None] / n_features
        norm = torch.linalg.matrix_norm(scaled_projection, ord=2)
    return float(norm) / math.sqrt(layer.eps)


def _pair(value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def _max_pool_bound(layer):
    sharing = math.prod(
        math.ceil(kernel * math.gcd(dilation, stride) / stride)
        for kernel, stride, dilation in zip(
            _pair(layer.kernel_size), _pair(layer.stride), _pair(layer.dilation)
        )
    )
    return math.sqrt(sharing)


def _adaptive_max_pool_bound(layer, input_shape):
    sharing = 1
    for size, n_out in zip(input_shape[-2:], _pair(layer.output_size)):
        n_out = size if n_out is None else n_out
        index = torch.arange(n_out)
        starts = torch.div(index * size, n_out, rounding_mode="floor")
        ends = torch.div((index + 1) * size + n_out - 1, n_out, rounding_mode="floor")
        covered = (starts[:, None] <= torch.arange(size)) & (torch.arange(size) < ends[:, None])
        sharing *= int(covered.sum(dim=0).max())
    return math.sqrt(sharing)


class PowerIterationBound:
    """Cheap running estimate of :func:`lipschitz_bound` while a network trains.

    The same product over layers as :func:`lipschitz_bound`, with the norm of each linear map
    (``Linear``, ``Conv2d`` as the operator it applies, average pooling) estimated by a
    :class:`PowerIteration` whose vector is kept between calls, instead of an exact SVD or a
    fresh Lanczos run. Training moves the weights a little between two calls, so a few
    iterations from the kept vector track each σ closely (the bound is logged per epoch).

    Each power-iteration estimate is a lower estimate of its σ that rises to it, so the
    returned value approaches the exact product bound from below: it is an upper bound of the
    network's Lipschitz constant up to the accuracy of the power iterations (the estimated
    σ's are exact up to that accuracy; the other factors are exact).

    The network, ``input_shape`` and the finiteness of the weights are checked at
    construction, as by :func:`lipschitz_bound`; :meth:`estimate` checks nothing (it runs
    once an epoch in training loops), so weights that a diverging training makes NaN give
    a NaN estimate.

    Parameters
    ----------
    module : torch.nn.Module
        The network, built from the modules :func:`lipschitz_bound` supports.
    input_shape : tuple of int
        The shape of one input sample, without the batch dimension.
    n_iter : int, default=5
        Power iterations per layer at each :meth:`estimate`.
    warm_up : int, default=50
        Power iterations per layer at construction.
    random_state : int, RandomState instance or None, default=None
        Draws the starting vectors.

    Examples
    --------
    >>> import torch
    >>> from sklnn.lipschitz import PowerIterationBound, lipschitz_bound
    >>> _ = torch.manual_seed(0)
    >>> net = torch.nn.Sequential(
    ...     torch.nn.Conv2d(1, 2, 3, padding=1), torch.nn.ReLU(), torch.nn.Flatten(),
    ...     torch.nn.Linear(32, 3))
    >>> tracker = PowerIterationBound(net, (1, 4, 4), random_state=0)
    >>> estimates = [tracker.estimate() for _ in range(20)]
    >>> exact = lipschitz_bound(net, (1, 4, 4))
    >>> bool(abs(estimates[-1] - exact) < 1e-4 * exact)
    True
    """

    def __init__(self, module, input_shape, *, n_iter=5, warm_up=50, random_state=None):
        check_number(n_iter, "n_iter", kind=numbers.Integral, low=1)
        check_number(warm_up, "warm_up", kind=numbers.Integral, low=0)
        self.module = module
        self.n_iter = n_iter
        self._shapes = _input_shapes(module, input_shape, _SHAPE_DEPENDENT)
        make_power = partial(PowerIteration, random_state=check_seed(random_state))
        self._powers = {
            layer: make_power(layer, self._shapes.get(layer))
            for layer in module.modules()
            if isinstance(layer, _LINEAR_MAPS)
        }
        if warm_up:
            for power in self._powers.values():
                power.estimate(warm_up)

    def estimate(self):
        """Run ``n_iter`` power iterations per layer and return the current bound.

        Returns
        -------
        bound : float
            The product bound with the latest σ estimates.
        """

        def layer_norm(layer):
            return float(self._powers[layer].estimate(self.n_iter))

        with torch.no_grad():
            return float(_module_bound(self.module, self._shapes, layer_norm))

"""Spectral norms of dense, convolution and average-pooling layers.

The spectral norm σ(W) of a linear layer is its Lipschitz constant with respect to the
Euclidean norm: the largest singular value of the linear map it applies, talk
``seeds/000_5952624a66961393.txt``, slide "Core Idea": LB = ∏ √ρ(W⁽ⁱ⁾ᵀW⁽ⁱ⁾). For a
convolution the map is the convolution *as applied* to inputs of a given shape (its padding,
stride, dilation and groups included), not the kernel reshaped to a matrix (H. Sedghi,
V. Gupta, P. M. Long, "The singular values of convolutional layers", ICLR 2019).
"""

import math
import numbers

import numpy as np
import torch
import torch.nn.functional as F
from scipy.sparse.linalg import LinearOperator, eigsh
from torch import nn

from ..utils import check_number, check_option, check_seed
from ._validation import check_finite_parameters, check_input_shape

_METHODS = ("operator", "reshaped")
_POOLINGS = (nn.AvgPool2d, nn.AdaptiveAvgPool2d)


class _DenseOperator:
    """``x ↦ W x`` for a dense layer, or for a convolution kernel reshaped to a matrix."""

    def __init__(self, layer):
        self.layer = layer
        self.vector_shape = (layer.weight[0].numel(),)

    def matrix(self):
        weight = self.layer.weight
        return weight if weight.dim() == 2 else weight.flatten(1)

    def forward(self, vector):
        return self.matrix() @ vector

    def adjoint(self, vector):
        return vector @ self.matrix()  # Wᵀ v, without materializing the transpose


class _ConvOperator:
    """The linear map of a ``Conv2d`` layer without bias on inputs of shape ``(C, H, W)``.

    Its adjoint is ``conv_transpose2d`` with the same weight, stride, padding, dilation and
    groups, and the ``output_padding`` that gives back the input's height and width (the rows
    and columns a strided convolution never reads).
    """

    def __init__(self, layer, input_shape):
        if layer.padding_mode != "zeros":
            raise ValueError(
                f"The operator norm is implemented for zero padding only, not "
                f"padding_mode={layer.padding_mode!r}."
            )
        channels, *spatial = _check_image_shape(input_shape, layer)
        if channels != layer.in_channels:
            raise ValueError(
                f"input_shape {tuple(input_shape)} has {channels} channels but the Conv2d layer "
                f"expects {layer.in_channels}."
            )
        self.layer = layer
        self.vector_shape = (1, channels, *spatial)
        self.padding = _explicit_padding(layer)
        self.output_padding = tuple(
            _output_padding(size, kernel, stride, pad, dilation)
            for size, kernel, stride, pad, dilation in zip(
                spatial, layer.kernel_size, layer.stride, self.padding, layer.dilation
            )
        )

    def forward(self, vector):
        layer = self.layer
        return F.conv2d(
            vector, layer.weight, None, layer.stride, self.padding, layer.dilation, layer.groups
        )

    def adjoint(self, vector):
        layer = self.layer
        return F.conv_transpose2d(
            vector,
            layer.weight,
            None,
            layer.stride,
            self.padding,
            self.output_padding,
            layer.groups,
            layer.dilation,
        )


class _PoolingOperator:
    """The linear map of an average-pooling layer on one ``(H, W)`` channel.

    Pooling acts on each channel alike, so its norm is that of the one-channel map. The
    adjoint is the map's vector-Jacobian product, exact because the map is linear.
    """

    def __init__(self, layer, input_shape):
        _, height, width = _check_image_shape(input_shape, layer)
        self.layer = layer
        self.vector_shape = (1, 1, height, width)
        try:
            layer(torch.zeros(self.vector_shape))
        except RuntimeError as error:  # e.g. an image smaller than the kernel
            raise ValueError(
                f"input_shape {tuple(input_shape)} does not fit the {type(layer).__name__} "
                f"layer: {error}"
            ) from error

    def forward(self, vector):
        return self.layer(vector)

    def adjoint(self, vector):
        with torch.enable_grad():
            point = torch.zeros(
                self.vector_shape, dtype=vector.dtype, device=vector.device, requires_grad=True
            )
            (gradient,) = torch.autograd.grad(self.layer(point), point, grad_outputs=vector)
        return gradient


def _check_image_shape(input_shape, layer):
    if input_shape is None:
        raise ValueError(
            f"The operator norm of a {type(layer).__name__} layer depends on the shape of its "
            f"input; pass input_shape=(channels, height, width)."
        )
    shape = check_input_shape(input_shape)
    if len(shape) != 3:
        raise ValueError(
            f"input_shape must be (channels, height, width) for a {type(layer).__name__} "
            f"layer, got {shape}."
        )
    return shape


def _explicit_padding(layer):
    """The per-side zero padding of a ``Conv2d`` layer as a pair of ints."""
    if layer.padding == "valid":
        return (0, 0)
    if layer.padding == "same":
        total = [d * (k - 1) for k, d in zip(layer.kernel_size, layer.dilation)]
        if any(size % 2 for size in total):
            raise ValueError(
                "The operator norm is implemented for symmetric padding only; padding='same' "
                f"pads asymmetrically with kernel_size={layer.kernel_size} and "
                f"dilation={layer.dilation}."
            )
        return tuple(size // 2 for size in total)
    return tuple(layer.padding)


def _output_padding(size, kernel, stride, padding, dilation):
    """The ``output_padding`` that makes ``conv_transpose2d`` return ``size`` rows."""
    reach = dilation * (kernel - 1) + 1
    n_out = (size + 2 * padding - reach) // stride + 1
    if n_out < 1:
        raise ValueError(
            f"An input of size {size} is smaller than the kernel's reach {reach} after padding "
            f"{padding}."
        )
    return size - ((n_out - 1) * stride - 2 * padding + reach)


def _linear_operator(layer, input_shape, method):
    if isinstance(layer, nn.Linear) or (isinstance(layer, nn.Conv2d) and method == "reshaped"):
        return _DenseOperator(layer)
    if isinstance(layer, nn.Conv2d):
        return _ConvOperator(layer, input_shape)
    if isinstance(layer, _POOLINGS):
        return _PoolingOperator(layer, input_shape)
    raise TypeError(
        f"No spectral norm for a {type(layer).__name__} layer; expected Linear, Conv2d, "
        f"AvgPool2d or AdaptiveAvgPool2d."
    )


def _like(layer):
    """A tensor of the dtype and device to compute in: the weight's, else float64 on the CPU."""
    weight = getattr(layer, "weight", None)
    return torch.empty(0, dtype=torch.float64) if weight is None else weight


class PowerIteration:
    """Power-iteration estimate of a layer's spectral norm, warm-started between calls.

    Keeps a unit vector ``v`` of the layer's input space. Each iteration computes
    ``u = A v``, estimates σ(A) by ``‖u‖`` (a lower bound of σ, since ``‖v‖ = 1``, that rises
    to it: ``‖u‖²`` is the Rayleigh quotient of ``AᵀA`` at ``v``) and moves ``v`` to
    ``w / ‖w‖`` with ``w = Aᵀ u``. Training changes the weights a little at each step, so
    one iteration per step from the kept vector tracks σ closely. For a ``Conv2d`` layer
    with ``method='operator'``, ``A`` is the convolution as applied to inputs of
    ``input_shape`` (``conv2d``) and ``Aᵀ`` its adjoint (``conv_transpose2d``); with
    ``method='reshaped'``, ``A`` is the kernel reshaped to
    ``(out_channels, in_channels · kh · kw)``. ``AvgPool2d`` and ``AdaptiveAvgPool2d``
    layers are linear too and supported. Biases are left out: they do not change a
    Lipschitz constant.

    Parameters
    ----------
    layer : torch.nn.Linear, torch.nn.Conv2d, torch.nn.AvgPool2d or \
torch.nn.AdaptiveAvgPool2d
        The layer. Its current weight is read at every iteration, so the estimate follows
        training.
    input_shape : tuple of int, default=None
        The shape ``(channels, height, width)`` of one input sample. Required by a
        convolution with ``method='operator'`` and by a pooling layer; ignored otherwise.
    method : {'operator', 'reshaped'}, default='operator'
        What σ of a convolution means: the operator norm, or the norm of the reshaped kernel
        (what :func:`torch.nn.utils.spectral_norm` computes).
    random_state : int, RandomState instance or None, default=None
        Draws the starting vector.

    Attributes
    ----------
    vector : torch.Tensor
        The kept unit vector, in the layer weight's dtype and on its device (float64 on the
        CPU for pooling layers).
    sigma : torch.Tensor or None
        The last estimate, a detached 0-d tensor; ``None`` before the first call.

    See Also
    --------
    spectral_norm : σ of a layer, to convergence.

    Examples
    --------
    >>> import torch
    >>> from sklnn.lipschitz import PowerIteration, spectral_norm
    >>> _ = torch.manual_seed(0)
    >>> linear = torch.nn.Linear(6, 4)
    >>> power = PowerIteration(linear, random_state=0)
    >>> estimates = [float(power.estimate()) for _ in range(50)]  # one iteration per step
    >>> bool(abs(estimates[-1] - spectral_norm(linear)) < 1e-4)
    True
    """

    def __init__(self, layer, input_shape=None, *, method="operator", random_state=None):
        check_option(method, "method", _METHODS)
        self.layer = layer
        self.input_shape = input_shape
        self.method = method
        self._operator = _linear_operator(layer, input_shape, method)
        check_finite_parameters(layer)
        self.vector = torch.from_numpy(
            _unit_start(self._operator.vector_shape, random_state)
        ).to(_like(layer))
        self.sigma = None

    def estimate(self, n_iter=1):
        """Run power iterations from the kept vector and return the estimate of σ.

        Parameters
        ----------
        n_iter : int, default=1
            The number of iterations, each one application of the layer's map and one of its
            adjoint. No GPU synchronization happens.

        Returns
        -------
        sigma : torch.Tensor
            The estimate, a detached 0-d tensor.
        """
        check_number(n_iter, "n_iter", kind=numbers.Integral, low=1)
        return self._estimate(n_iter)

    def _estimate(self, n_iter):
        # The training loop's path: no validation, seven operations per iteration.
        with torch.no_grad():
            self.vector = self.vector.to(_like(self.layer))  # the module may have moved
            for _ in range(n_iter):
                self.sigma = self._iterate()
        return self.sigma

    def _iterate(self):
        image = self._operator.forward(self.vector)
        sigma = torch.linalg.vector_norm(image)
        back = self._operator.adjoint(image)
        back_norm = torch.linalg.vector_norm(back)
        # A zero weight maps v to zero (then back = 0 too, or underflows to it): σ = 0 and v
        # stays, with no division by zero and no GPU synchronization.
        self.vector = torch.where(back_norm > 0, back / back_norm, self.vector)
        return sigma


def _unit_start(shape, random_state):
    start = check_seed(random_state).standard_normal(shape)
    return start / np.linalg.norm(start)


def spectral_norm(layer, input_shape=None, *, method="operator", tol=1e-6, random_state=0):
    """Spectral norm σ of a layer: its Lipschitz constant with respect to the L2 norm.

    σ(W) = √ρ(WᵀW), the largest singular value of the layer's linear map (talk
    ``seeds/000_5952624a66961393.txt``, slide "Core Idea"). Dense maps (a ``Linear``
    weight, a reshaped ``Conv2d`` kernel) are small, so their σ is computed exactly by SVD.
    For a ``Conv2d`` with ``method='operator'`` and for the average-pooling layers, σ² is
    the largest eigenvalue of ``AᵀA``, computed by the Lanczos method
    (:func:`scipy.sparse.linalg.eigsh`) with ``A`` and ``Aᵀ`` applied as in
    :class:`PowerIteration` (``conv2d`` and ``conv_transpose2d``). Lanczos rather than
    plain power iteration: the spectra of convolutions crowd near their top (σ₂/σ₁ ≈ 0.999
    is common), where power iteration needs hundreds of steps for three correct digits.

    Parameters
    ----------
    layer : torch.nn.Linear, torch.nn.Conv2d, torch.nn.AvgPool2d or \
torch.nn.AdaptiveAvgPool2d
        The layer; its bias is ignored (it does not change the Lipschitz constant).
    input_shape : tuple of int, default=None
        The shape ``(channels, height, width)`` of one input sample; required by a convolution
        with ``method='operator'`` and by a pooling layer.
    method : {'operator', 'reshaped'}, default='operator'
        For a convolution: the norm of the operator it applies to inputs of ``input_shape``
        (padding, stride, dilation and groups included), or the largest singular value of the
        kernel reshaped to ``(out_channels, in_channels · kh · kw)`` (what
        :func:`torch.nn.utils.spectral_norm` computes; not a Lipschitz constant of the layer).
    tol : float, default=1e-6
        The relative accuracy of σ² asked of the Lanczos method (ARPACK's ``tol``; 0 asks for
        machine precision). ARPACK's test is conservative: the default usually gives σ to
        about 1e-9.
    random_state : int, RandomState instance or None, default=0
        Draws the Lanczos method's starting vector.

    Returns
    -------
    sigma : float
        The spectral norm.

    Raises
    ------
    ValueError
        If ``input_shape`` is missing or does not fit the layer, or the layer's weight
        holds NaN or infinity.
    TypeError
        If the layer is of another type.

    Examples
    --------
    >>> import torch
    >>> from sklnn.lipschitz import spectral_norm
    >>> conv = torch.nn.Conv2d(1, 1, kernel_size=3, padding=1, bias=False)
    >>> _ = conv.weight.data.fill_(1.0)
    >>> round(spectral_norm(conv, method="reshaped"), 4)  # ‖kernel‖ for one channel
    3.0
    >>> # a 3×3 box sum on 8×8 images: (1 + 2 cos(π/9))² ≈ 8.29, neither 3 nor 9
    >>> round(spectral_norm(conv, input_shape=(1, 8, 8)), 4)
    8.2909
    """
    check_option(method, "method", _METHODS)
    check_number(tol, "tol", low=0)
    operator = _linear_operator(layer, input_shape, method)
    check_finite_parameters(layer)
    with torch.no_grad():
        if isinstance(operator, _DenseOperator):
            return float(torch.linalg.matrix_norm(operator.matrix(), ord=2))
        return _lanczos_norm(operator, _like(layer), _weight_scale(layer), tol, random_state)


def _weight_scale(layer):
    """The largest ``|w|`` of the layer's weight; 1 for a pooling layer or a zero weight."""
    weight = getattr(layer, "weight", None)
    return 1.0 if weight is None else float(weight.abs().max()) or 1.0


def _lanczos_norm(operator, like, scale, tol, random_state):
    """σ(A) = s · √λ_max(BᵀB), B = A / s, by the Lanczos method, B applied by torch in
    ``like``'s dtype.

    With ``s`` the largest weight, σ(B)² is of the order of the kernel's size, so that
    weights near the dtype's limits (σ² would overflow or underflow) get their norm too.
    """
    shape = operator.vector_shape
    size = math.prod(shape)

    def gram(vector):
        vector = torch.from_numpy(vector).to(like).reshape(shape)
        product = operator.adjoint(operator.forward(vector) / scale) / scale
        return product.reshape(-1).to("cpu", torch.float64).numpy()

    start = _unit_start(size, random_state)
    image = gram(start)
    if size == 1 or not np.any(image):  # too small for ARPACK, or the zero map
        return scale * math.sqrt(max(float(start @ image), 0.0))
    gram_operator = LinearOperator((size, size), matvec=gram, dtype=np.float64)
    (eigenvalue,) = eigsh(
        gram_operator, k=1, which="LA", v0=start, tol=tol, return_eigenvectors=False
    )
    return scale * math.sqrt(max(float(eigenvalue), 0.0))

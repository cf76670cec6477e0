"""Torch modules built by sklnn's neural estimators."""

import math
from contextlib import contextmanager
from functools import partial

import torch
from torch import nn

from ..lipschitz import Residual

# scikit-learn's four activations, then the course material's (group report 004).
ACTIVATIONS = {
    "identity": nn.Identity,
    "logistic": nn.Sigmoid,
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,
    "elu": nn.ELU,
    "softplus": nn.Softplus,
}


class _WeightedBatchNorm:
    """Batch normalisation whose training statistics weigh each sample by its sample weight.

    With ``sample_weight`` set (see :func:`batch_weights`), a training forward pass
    normalises with the weighted mean and (biased) variance of the batch, and updates the
    running variance with the unbiased factor ``W / (W - 1)``, W the total weight: an integer
    weight acts as that many copies of the sample, as in the loss. Without weights, or in
    inference mode, it is torch's batch normalisation.
    """

    sample_weight = None

    def forward(self, x):
        if not self.training or self.sample_weight is None:
            return super().forward(x)
        channel_shape = (1, -1) + (1,) * (x.dim() - 2)
        dims = [0, *range(2, x.dim())]
        weight = self.sample_weight.reshape(-1, *(1,) * (x.dim() - 1)).to(x.dtype)
        total = self.sample_weight.sum() * (x[0].numel() // x.shape[1])
        mean = (weight * x).sum(dims) / total
        centred = x - mean.reshape(channel_shape)
        variance = (weight * centred.square()).sum(dims) / total
        if self.track_running_stats:
            with torch.no_grad():
                self.num_batches_tracked.add_(1)
                unbiased = variance * total / (total - 1).clamp_min(1)
                self.running_mean.lerp_(mean, self.momentum)
                self.running_var.lerp_(unbiased, self.momentum)
        out = centred * torch.rsqrt(variance + self.eps).reshape(channel_shape)
        if self.affine:
            out = out * self.weight.reshape(channel_shape) + self.bias.reshape(channel_shape)
        return out


class BatchNorm1d(_WeightedBatchNorm, nn.BatchNorm1d):
    """``torch.nn.BatchNorm1d`` with sample-weighted training statistics."""


class BatchNorm2d(_WeightedBatchNorm, nn.BatchNorm2d):
    """``torch.nn.BatchNorm2d`` with sample-weighted training statistics."""


@contextmanager
def batch_weights(layers, sample_weight):
    """Let the batch normalisation ``layers`` weigh the batch by ``sample_weight``."""
    for layer in layers:
        layer.sample_weight = sample_weight
    try:
        yield
    finally:
        for layer in layers:
            layer.sample_weight = None


def check_normalization(batch_norm, layer_norm):
    """Refuse ``batch_norm`` and ``layer_norm`` together: they would normalise the same
    pre-activations twice."""
    if batch_norm and layer_norm:
        raise ValueError(
            "batch_norm=True and layer_norm=True both normalise each hidden layer's "
            "pre-activations; choose one of them."
        )


def glorot_uniform(widths, activation, random_state):
    """Initial weights of a dense network, drawn as scikit-learn's MLP draws them.

    For each layer in turn, its weight matrix then its biases, from U(−b, b) with
    b = √(6 / (fan_in + fan_out)), or √(2 / (fan_in + fan_out)) for the logistic activation
    (Glorot and Bengio, "Understanding the difficulty of training deep feedforward neural
    networks", 2010): the same ``random_state`` gives scikit-learn's initial weights.

    Parameters
    ----------
    widths : sequence of int
        The width of each layer, inputs first, outputs last.
    activation : str
        The hidden activation, a key of ``ACTIVATIONS``.
    random_state : RandomState
        The generator the weights are drawn from.

    Returns
    -------
    weights : list of (ndarray of shape (fan_in, fan_out), ndarray of shape (fan_out,))

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.neural_network._modules import glorot_uniform
    >>> [w.shape for w, _ in glorot_uniform([4, 8, 3], "relu", np.random.RandomState(0))]
    [(4, 8), (8, 3)]
    """
    factor = 2.0 if activation == "logistic" else 6.0
    weights = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        bound = math.sqrt(factor / (fan_in + fan_out))
        coef = random_state.uniform(-bound, bound, (fan_in, fan_out))
        intercept = random_state.uniform(-bound, bound, fan_out)
        weights.append((coef, intercept))
    return weights


class MLP(nn.Sequential):
    """Multilayer perceptron: dense hidden layers, then a linear output layer.

    Each hidden layer is ``Linear → [BatchNorm1d | LayerNorm] → activation → [Dropout]``
    (course textbook, §3.3, Code 3.2; batch and layer normalisation as in §3.5.7,
    Eqs. 3.44-3.45). The output
    layer is linear: the loss applies the softmax (cross-entropy, §3.3.1 Eq. 3.23) or
    compares directly (squared error).

    Parameters
    ----------
    n_features : int
        Size of one input sample.
    hidden_layer_sizes : sequence of int
        Width of each hidden layer; empty for a linear model.
    n_outputs : int
        Number of output units (classes, or regression targets).
    activation : str, default='relu'
        A key of ``ACTIVATIONS``.
    dropout : float, default=0.0
        Probability of zeroing a hidden unit during training; 0 adds no dropout layer.
    batch_norm : bool, default=False
        Normalise each hidden layer's pre-activations over the mini-batch.
    layer_norm : bool, default=False
        Normalise each hidden layer's pre-activations over the layer's units, sample by
        sample (``torch.nn.LayerNorm``); not together with ``batch_norm``.

    Examples
    --------
    >>> import torch
    >>> from sklnn.neural_network._modules import MLP
    >>> mlp = MLP(4, (8,), 3, batch_norm=True)
    >>> [type(layer).__name__ for layer in mlp]
    ['Linear', 'BatchNorm1d', 'ReLU', 'Linear']
    >>> mlp(torch.zeros(2, 4)).shape
    torch.Size([2, 3])
    >>> [type(layer).__name__ for layer in MLP(4, (8,), 3, layer_norm=True)]
    ['Linear', 'LayerNorm', 'ReLU', 'Linear']
    """

    def __init__(
        self,
        n_features,
        hidden_layer_sizes,
        n_outputs,
        *,
        activation="relu",
        dropout=0.0,
        batch_norm=False,
        layer_norm=False,
    ):
        check_normalization(batch_norm, layer_norm)
        layers = []
        width_in = n_features
        for width in hidden_layer_sizes:
            layers.append(nn.Linear(width_in, width))
            if batch_norm:
                layers.append(BatchNorm1d(width))
            if layer_norm:
                layers.append(nn.LayerNorm(width))
            layers.append(ACTIVATIONS[activation]())
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width_in = width
        layers.append(nn.Linear(width_in, n_outputs))
        super().__init__(*layers)


POOLINGS = {"max": nn.MaxPool2d, "avg": nn.AvgPool2d}


def _conv_unit(channels_in, channels_out, kernel_size, *, stride, activation, batch_norm):
    """``Conv2d`` keeping the image size (at stride 1) → [``BatchNorm2d``] → activation."""
    layers = [nn.Conv2d(channels_in, channels_out, kernel_size, stride, kernel_size // 2)]
    if batch_norm:
        layers.append(BatchNorm2d(channels_out))
    layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)


def _pooled_side(side, stem_stride, pool_size):
    """Image side after the stem (zero padding ``kernel_size // 2``) and the pooling."""
    side = (side - 1) // stem_stride + 1
    return -(-max(side - pool_size, 0) // pool_size) + 1  # ceil_mode: windows may overhang


class ResidualCNN(nn.Sequential):
    """Residual convolutional network on flat image inputs, with a dense head.

    ``Unflatten`` to ``image_shape`` → stem ``Conv2d`` (stride ``stem_stride``) →
    ``n_blocks`` residual blocks ``x + body(x)`` with ``body = Conv2d → [BatchNorm2d] →
    activation`` (:class:`~sklnn.lipschitz.Residual`) → ``pool_size`` × ``pool_size``
    pooling → ``Flatten`` → [``Dropout``] → dense head (:class:`MLP`). The convolutions keep
    the image size (zero padding ``kernel_size // 2``); pooling uses ``ceil_mode``, so that
    even a 1 × 1 image keeps one pixel. The talk's residual networks
    (``seeds/000_5952624a66961393.txt``, "Experimentos y Resultados"; course textbook §3.5:
    convolution §3.5.1 and §3.5.4, pooling §3.5.5), built only from layers whose Lipschitz
    constants :func:`~sklnn.lipschitz.lipschitz_bound` knows.

    Parameters
    ----------
    image_shape : tuple of int
        ``(channels, height, width)`` of one image.
    n_outputs : int
        Number of output units.
    channels : int, default=16
        Channels of the stem and of the residual blocks.
    n_blocks : int, default=2
        Number of residual blocks.
    kernel_size : int, default=3
        Side of the convolution kernels (odd).
    stem_stride : int, default=1
        Stride of the stem convolution.
    pooling : {'max', 'avg'}, default='max'
        The pooling after the blocks.
    pool_size : int, default=2
        Side and stride of the pooling windows.
    head_layer_sizes : sequence of int, default=(64,)
        Widths of the hidden layers of the dense head.
    activation : str, default='relu'
        A key of ``ACTIVATIONS``.
    dropout : float, default=0.0
        Dropout before the head and after each of its hidden layers; 0 adds none.
    batch_norm : bool, default=False
        Batch normalisation after each convolution and head hidden layer.

    Examples
    --------
    >>> import torch
    >>> from sklnn.neural_network._modules import ResidualCNN
    >>> net = ResidualCNN((1, 8, 8), 3, channels=4, n_blocks=2)
    >>> [type(layer).__name__ for layer in net]
    ['Unflatten', 'Sequential', 'Residual', 'Residual', 'MaxPool2d', 'Flatten', 'MLP']
    >>> net(torch.zeros(5, 64)).shape
    torch.Size([5, 3])
    """

    def __init__(
        self,
        image_shape,
        n_outputs,
        *,
        channels=16,
        n_blocks=2,
        kernel_size=3,
        stem_stride=1,
        pooling="max",
        pool_size=2,
        head_layer_sizes=(64,),
        activation="relu",
        dropout=0.0,
        batch_norm=False,
    ):
        unit = partial(
            _conv_unit, kernel_size=kernel_size, activation=activation, batch_norm=batch_norm
        )
        layers = [
            nn.Unflatten(1, tuple(image_shape)),
            unit(image_shape[0], channels, stride=stem_stride),
            *[Residual(unit(channels, channels, stride=1)) for _ in range(n_blocks)],
            POOLINGS[pooling](pool_size, ceil_mode=True),
            nn.Flatten(),
        ]
        n_features = channels * math.prod(
            _pooled_side(side, stem_stride, pool_size) for side in image_shape[1:]
        )
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        head = MLP(
            n_features,
            head_layer_sizes,
            n_outputs,
            activation=activation,
            dropout=dropout,
            batch_norm=batch_norm,
        )
        super().__init__(*layers, head)

"""Backpropagation written out for the dense networks, without autograd's bookkeeping.

On a small network most of a training step's time is not arithmetic but overhead: autograd
records a graph node per operation in the forward pass and walks the graph back, and each
node costs more than its matrix product when the batch is small. For a plain multilayer
perceptron (``Linear`` layers and element-wise activations: the course textbook's
network, §3.3, and its backpropagation, §3.3.2) the backward pass is short enough to write
down: :class:`DenseBackprop` computes the loss and every parameter's gradient with the very
operations autograd runs (the same ATen kernels on the same operands, in the same order), so
the gradients, and thus the trained weights, are bitwise those of ``loss.backward()``;
``tests/neural_network/test_backprop.py`` checks it for every activation, loss, dtype and
sample weighting offered.
"""

import torch
from torch import nn
from torch.nn import functional as F

from ._modules import MLP

_aten = torch.ops.aten


def _relu_gradient(grad, activation):
    return _aten.threshold_backward.default(grad, activation, 0)


def _sigmoid_gradient(grad, activation):
    return _aten.sigmoid_backward.default(grad, activation)


def _tanh_gradient(grad, activation):
    return _aten.tanh_backward.default(grad, activation)


def _identity_gradient(grad, activation):
    return grad


# The activations whose derivative is written out: their forward function and the backward
# formula autograd applies (torch's derivatives.yaml), from the gradient of the activation
# and the activation itself (each of these derivatives is a function of the latter).
_ACTIVATIONS = {
    nn.ReLU: (torch.relu, _relu_gradient),
    nn.Sigmoid: (torch.sigmoid, _sigmoid_gradient),
    nn.Tanh: (torch.tanh, _tanh_gradient),
    nn.Identity: (None, _identity_gradient),
}


def _input_gradient(grad, weight, inputs):
    """Gradient of ``F.linear(inputs, weight, bias)`` with respect to ``inputs``.

    Autograd's ``mm_mat1_backward`` for ``addmm(bias, inputs, weight.t())``, including its
    choice of a column-major product for a column-major ``inputs``.
    """
    if inputs.stride() == (1, inputs.shape[0]):
        return weight.t().mm(grad.t()).t()
    return grad.mm(weight)


class DenseBackprop:
    """The loss and gradients of a training step of an :class:`~._modules.MLP`, by hand.

    Supports the MLPs made of ``Linear`` layers and the activations ReLU, logistic, tanh
    and identity (no dropout, batch or layer normalisation: those train through autograd),
    on the CPU (where the equality with autograd is tested), with a loss of
    :mod:`._losses`. Build it with :meth:`of`, which returns None for any other network;
    the gradients are written into the parameters' ``.grad`` tensors, which :meth:`of`
    allocates where missing.

    Parameters
    ----------
    layers : list of (Parameter, Parameter, callable or None, callable)
        Each dense layer's weight and bias, with the forward and backward functions of the
        activation after it (the output layer's: None and the identity's).
    criterion : _WeightedMeanLoss
        The data loss.
    """

    def __init__(self, layers, criterion):
        self.layers = layers
        self.criterion = criterion

    @classmethod
    def of(cls, module, criterion):
        """Return the ``DenseBackprop`` of ``module``, or None if it is not supported."""
        if type(module) is not MLP or next(module.parameters()).device.type != "cpu":
            return None
        layers = list(module)
        if not all(isinstance(layer, nn.Linear) for layer in layers[::2]):
            return None
        activations = [_ACTIVATIONS.get(type(layer)) for layer in layers[1::2]]
        if None in activations or len(layers) % 2 != 1:
            return None
        activations.append(_ACTIVATIONS[nn.Identity])
        for parameter in module.parameters():  # the gradients are written into .grad
            if parameter.grad is None:
                parameter.grad = torch.zeros_like(parameter)
        return cls(
            [(dense.weight, dense.bias, *pair) for dense, pair in zip(layers[::2], activations)],
            criterion,
        )

    def loss_and_gradients(self, X, y, sample_weight=None):
        """Set each parameter's ``.grad`` to the gradient of the loss on the batch.

        Parameters
        ----------
        X : torch.Tensor of shape (batch_size, n_features)
            The batch, in the network's dtype.
        y : torch.Tensor
            Its targets, as the loss takes them.
        sample_weight : torch.Tensor of shape (batch_size,) or None, default=None
            Its sample weights.

        Returns
        -------
        loss : torch.Tensor
            The data loss (0-d), as the autograd path computes it.
        """
        with torch.no_grad():
            saved = []  # each layer's input and activation
            for weight, bias, activation, _ in self.layers:
                pre_activation = F.linear(X, weight, bias)
                inputs, X = X, pre_activation if activation is None else activation(pre_activation)
                saved.append((inputs, X))
            loss, grad = self.criterion.value_and_gradient(X, y, sample_weight)
            for index in range(len(self.layers) - 1, -1, -1):
                weight, bias, _, activation_gradient = self.layers[index]
                inputs, activation = saved[index]
                grad = activation_gradient(grad, activation)
                # The gradients of addmm(bias, inputs, weight.t()): autograd's
                # mm_mat2_backward of the column-major weight.t(), and the sum over the
                # batch to which the broadcast bias's gradient is reduced.
                torch.mm(grad.t(), inputs, out=weight.grad)
                torch.sum(grad, 0, out=bias.grad)
                if index:
                    grad = _input_gradient(grad, weight, inputs)
        return loss

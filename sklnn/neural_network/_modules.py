"""Torch modules built by sklnn's neural estimators."""

from torch import nn

ACTIVATIONS = {
    "relu": nn.ReLU,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "leaky_relu": nn.LeakyReLU,
    "elu": nn.ELU,
    "softplus": nn.Softplus,
    "identity": nn.Identity,
}


class MLP(nn.Sequential):
    """Multilayer perceptron: dense hidden layers, then a linear output layer.

    Each hidden layer is ``Linear → [BatchNorm1d] → activation → [Dropout]`` (course
    textbook, §3.3, Code 3.2; batch normalisation as in §3.5.7, Eqs. 3.44-3.45). The output
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

    Examples
    --------
    >>> import torch
    >>> from sklnn.neural_network._modules import MLP
    >>> mlp = MLP(4, (8,), 3, batch_norm=True)
    >>> [type(layer).__name__ for layer in mlp]
    ['Linear', 'BatchNorm1d', 'ReLU', 'Linear']
    >>> mlp(torch.zeros(2, 4)).shape
    torch.Size([2, 3])
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
    ):
        layers = []
        width_in = n_features
        for width in hidden_layer_sizes:
            layers.append(nn.Linear(width_in, width))
            if batch_norm:
                layers.append(nn.BatchNorm1d(width))
            layers.append(ACTIVATIONS[activation]())
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width_in = width
        layers.append(nn.Linear(width_in, n_outputs))
        super().__init__(*layers)

"""Lipschitz constants of neural networks and the LBA regularization penalty.

Spectral norms of dense, convolution and pooling layers (the convolution as the operator it
applies to inputs of a given shape, by power iteration with ``conv2d`` and
``conv_transpose2d``), an upper bound of a network's Lipschitz constant with respect to the L2
norm (exact, or tracked cheaply during training by warm-started power iterations), a
``Residual`` block module that the bound understands, and the LBA penalty
``σ(W_a) · ‖W_a‖²_F`` on one randomly drawn layer per step (talk
``seeds/000_5952624a66961393.txt``; M. Chacon-Chamorro, F. A. Gallego, J. C. Riaño-Rojas,
"Reducing overfitting in ResNet with Adaptive Lipschitz regularization", J. Comput. Appl.
Math., 2025).
"""

from ._bound import (
    PowerIterationBound,
    RegularizedLayer,
    collect_regularized_layers,
    lipschitz_bound,
)
from ._lba import LBAPenalty
from ._modules import Residual
from ._spectral import PowerIteration, spectral_norm

__all__ = [
    "LBAPenalty",
    "PowerIteration",
    "PowerIterationBound",
    "RegularizedLayer",
    "Residual",
    "collect_regularized_layers",
    "lipschitz_bound",
    "spectral_norm",
]

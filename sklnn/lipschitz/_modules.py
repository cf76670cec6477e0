"""Torch modules whose Lipschitz bound :func:`~sklnn.lipschitz.lipschitz_bound` knows."""

from torch import nn


class Residual(nn.Module):
    """Residual block ``x ↦ x + body(x)``, with Lipschitz bound ``1 + L(body)``.

    The residual architectures of the LBA experiments (talk
    ``seeds/000_5952624a66961393.txt``, "Experimentos y Resultados": residual dense nets and
    CNNs) are built from such blocks. Since ‖(x + g(x)) − (y + g(y))‖ ≤ (1 + L(g))‖x − y‖,
    :func:`~sklnn.lipschitz.lipschitz_bound` bounds a block by ``1 + L(body)``.

    Parameters
    ----------
    body : torch.nn.Module
        The residual branch; it must return a tensor of its input's shape.

    Examples
    --------
    >>> import torch
    >>> from sklnn.lipschitz import Residual
    >>> block = Residual(torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.ReLU()))
    >>> block(torch.zeros(2, 4)).shape
    torch.Size([2, 4])
    """

    def __init__(self, body):
        super().__init__()
        self.body = body

    def forward(self, x):
        out = self.body(x)
        if out.shape != x.shape:
            raise ValueError(
                f"The body of a Residual block must keep its input's shape {tuple(x.shape)}, "
                f"but it returned shape {tuple(out.shape)}."
            )
        return x + out

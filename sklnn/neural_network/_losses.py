"""The data losses of sklnn's neural estimators, as scikit-learn's MLPs define them.

Each loss is a torch module called on the network's raw outputs ``z`` (before the output
activation), the encoded targets and optional sample weights; it returns the weighted mean
over the samples of a per-sample loss, ``Σᵢ wᵢ lᵢ / Σᵢ wᵢ``, so that an integer weight counts
as that many copies of the sample. The output activation (``out_activation_``) is part of
the loss, computed stably from ``z``:

- ``'softmax'``: multiclass cross-entropy, lᵢ = −log softmax(zᵢ)[yᵢ] (course textbook §3.3.1,
  Eq. 3.23);
- ``'logistic'``: binary cross-entropy of the sigmoid, summed over the outputs (one output
  for a binary problem, one per label for a multilabel one): scikit-learn's
  ``binary_log_loss``;
- ``'identity'``: half the squared error, averaged over the outputs (scikit-learn's
  ``squared_loss``: ``loss_curve_`` is half the mean squared error);
- ``'exp'``: half the Poisson deviance with a log link, lᵢ = Σₖ yᵢₖ log(yᵢₖ / μᵢₖ) − yᵢₖ + μᵢₖ,
  μ = exp(z) (scikit-learn's ``poisson_loss``).
"""

import torch
from torch import nn
from torch.nn import functional as F


class _WeightedMeanLoss(nn.Module):
    """Base of the losses: the weighted mean of ``per_sample``.

    Without weights, ``mean`` computes the plain mean with torch's fused reductions.
    """

    @classmethod
    def mean(cls, z, target):
        return cls.per_sample(z, target).mean()

    def forward(self, z, target, sample_weight=None):
        if sample_weight is None:
            return self.mean(z, target)
        losses = self.per_sample(z, target)
        total = sample_weight.sum()  # a batch of weights 0 contributes 0 (not 0/0)
        return (losses * sample_weight).sum() / total.clamp_min(torch.finfo(total.dtype).tiny)


class SoftmaxCrossEntropy(_WeightedMeanLoss):
    """Cross-entropy of the softmax of ``z`` against class indices."""

    @staticmethod
    def per_sample(z, target):
        return F.cross_entropy(z, target, reduction="none")

    @staticmethod
    def mean(z, target):
        return F.cross_entropy(z, target)


class LogisticLoss(_WeightedMeanLoss):
    """Binary cross-entropy of the sigmoid of each output against 0/1 targets, summed."""

    @staticmethod
    def per_sample(z, target):
        return F.binary_cross_entropy_with_logits(z, target, reduction="none").sum(dim=1)

    @staticmethod
    def mean(z, target):
        return F.binary_cross_entropy_with_logits(z, target, reduction="sum") / z.shape[0]


class HalfSquaredError(_WeightedMeanLoss):
    """Half the squared error, averaged over the outputs."""

    @staticmethod
    def per_sample(z, target):
        return 0.5 * (z - target).square().mean(dim=1)

    @staticmethod
    def mean(z, target):
        return 0.5 * F.mse_loss(z, target)


class HalfPoissonDeviance(_WeightedMeanLoss):
    """Half the Poisson deviance of ``μ = exp(z)``, summed over the outputs."""

    @staticmethod
    def per_sample(z, target):
        return (torch.xlogy(target, target) - target - target * z + torch.exp(z)).sum(dim=1)


LOSSES = {
    "softmax": SoftmaxCrossEntropy,
    "logistic": LogisticLoss,
    "identity": HalfSquaredError,
    "exp": HalfPoissonDeviance,
}

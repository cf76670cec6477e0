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

_aten = torch.ops.aten
# The reductions of ATen's loss functions, and the class index they ignore.
_NONE, _MEAN = 0, 1
_IGNORE_INDEX = -100


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
        return (losses * sample_weight).sum() / self._weight_total(sample_weight)

    @staticmethod
    def _weight_total(sample_weight):
        total = sample_weight.sum()  # a batch of weights 0 contributes 0 (not 0/0)
        return total.clamp_min(torch.finfo(total.dtype).tiny)

    def value_and_gradient(self, z, target, sample_weight=None):
        """The loss and its gradient with respect to ``z``, as ``backward()`` computes it.

        The operations of autograd's backward pass of :meth:`forward` (torch's
        ``derivatives.yaml``), on the same operands in the same order: the gradient is
        bitwise autograd's (see :mod:`._backprop`). Call it under ``torch.no_grad()``.

        Returns
        -------
        loss : torch.Tensor
            The loss, 0-d.
        gradient : torch.Tensor
            Its gradient, of the shape of ``z``.
        """
        if sample_weight is None:
            return self.mean_and_gradient(z, target)
        losses, backward = self.per_sample_and_backward(z, target)
        total = self._weight_total(sample_weight)
        loss = (losses * sample_weight).sum() / total
        return loss, backward(torch.ones_like(loss) / total * sample_weight)

    @classmethod
    def mean_and_gradient(cls, z, target):
        """:meth:`mean` and its gradient: that of the mean of the per-sample losses."""
        losses, backward = cls.per_sample_and_backward(z, target)
        loss = losses.mean()
        return loss, backward(torch.ones_like(loss).expand(losses.shape) / losses.numel())


class SoftmaxCrossEntropy(_WeightedMeanLoss):
    """Cross-entropy of the softmax of ``z`` against class indices."""

    @staticmethod
    def per_sample(z, target):
        return F.cross_entropy(z, target, reduction="none")

    @staticmethod
    def mean(z, target):
        return F.cross_entropy(z, target)

    @staticmethod
    def _negative_log_likelihood(z, target, reduction):
        """``F.cross_entropy``'s steps: the log-softmax, then the negative log-likelihood,
        with a function of the latter's gradient that returns the gradient of ``z``."""
        log_proba = torch.log_softmax(z, 1)
        loss, total_weight = _aten.nll_loss_forward.default(
            log_proba, target, None, reduction, _IGNORE_INDEX
        )

        def backward(grad):
            grad = _aten.nll_loss_backward.default(
                grad, log_proba, target, None, reduction, _IGNORE_INDEX, total_weight
            )
            return _aten._log_softmax_backward_data.default(grad, log_proba, 1, z.dtype)

        return loss, backward

    @classmethod
    def per_sample_and_backward(cls, z, target):
        return cls._negative_log_likelihood(z, target, _NONE)

    @classmethod
    def mean_and_gradient(cls, z, target):
        loss, backward = cls._negative_log_likelihood(z, target, _MEAN)
        return loss, backward(torch.ones_like(loss))


class LogisticLoss(_WeightedMeanLoss):
    """Binary cross-entropy of the sigmoid of each output against 0/1 targets, summed."""

    @staticmethod
    def per_sample(z, target):
        return F.binary_cross_entropy_with_logits(z, target, reduction="none").sum(dim=1)

    @staticmethod
    def mean(z, target):
        return F.binary_cross_entropy_with_logits(z, target, reduction="sum") / z.shape[0]

    @staticmethod
    def _gradient(z, target, grad):
        # FunctionsManual's binary_cross_entropy_with_logits_backward, without weights.
        return (z.sigmoid() - target) * grad

    @classmethod
    def per_sample_and_backward(cls, z, target):
        losses = cls.per_sample(z, target)
        return losses, lambda grad: cls._gradient(z, target, grad.unsqueeze(1).expand_as(z))

    @classmethod
    def mean_and_gradient(cls, z, target):
        loss = cls.mean(z, target)
        return loss, cls._gradient(z, target, torch.ones_like(loss) / z.shape[0])


class HalfSquaredError(_WeightedMeanLoss):
    """Half the squared error, averaged over the outputs."""

    @staticmethod
    def per_sample(z, target):
        return 0.5 * (z - target).square().mean(dim=1)

    @staticmethod
    def mean(z, target):
        return 0.5 * F.mse_loss(z, target)

    @classmethod
    def per_sample_and_backward(cls, z, target):
        def backward(grad):
            grad = (grad * 0.5).unsqueeze(1).expand_as(z) / z.shape[1]
            return grad * (2.0 * (z - target))

        return cls.per_sample(z, target), backward

    @classmethod
    def mean_and_gradient(cls, z, target):
        loss = cls.mean(z, target)
        grad = torch.ones_like(loss) * 0.5
        return loss, _aten.mse_loss_backward.default(grad, z, target, _MEAN)


class HalfPoissonDeviance(_WeightedMeanLoss):
    """Half the Poisson deviance of ``μ = exp(z)``, summed over the outputs."""

    @classmethod
    def per_sample(cls, z, target):
        return cls.per_sample_and_backward(z, target)[0]

    @classmethod
    def per_sample_and_backward(cls, z, target):
        mean = torch.exp(z)
        losses = (torch.xlogy(target, target) - target - target * z + mean).sum(dim=1)

        def backward(grad):
            grad = grad.unsqueeze(1).expand_as(z)
            return -grad * target + grad * mean

        return losses, backward


LOSSES = {
    "softmax": SoftmaxCrossEntropy,
    "logistic": LogisticLoss,
    "identity": HalfSquaredError,
    "exp": HalfPoissonDeviance,
}

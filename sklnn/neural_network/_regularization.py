"""Weight penalties, and the one place that maps ``regularization`` to what training uses.

A penalty is an object with four methods, called by the training loop:

- ``setup(module, input_shape)``: once, after the module is built and moved to its device;
  ``input_shape`` is the shape of one sample, e.g. ``(n_features,)``;
- ``on_epoch_begin()``: at the start of each epoch;
- ``add_gradient(module, sample_count)``: once per training step, after ``backward()`` of
  the data loss (the weighted mean over the mini-batch); adds the penalty's gradient to the
  weights' ``.grad`` in place and returns its value, detached, for the reported training
  loss. ``sample_count`` is the batch's number of samples, or the sum of their weights (a
  0-d tensor): scikit-learn's L2 term is divided by it; the L1 and LBA penalties are not.
  Adding closed-form gradients rather than building autograd nodes saves passes over the
  weights and kernel launches at every step.
- ``before_optimizer_step(optimizer)``: once per training step, right before
  ``optimizer.step()``: where a decoupled decay (LBA's ``decay='decoupled'``) shrinks the
  weights by the step's learning rate; nothing for the other penalties.

Each penalty is also callable, ``penalty(module, sample_count)``: the same value as a
differentiable tensor, for training loops of one's own.

The L2 and L1 penalties apply to every parameter with two or more dimensions (the weight
matrices of dense layers, the kernels of convolutions); the LBA penalty
(:class:`sklnn.lipschitz.LBAPenalty`) to one of them, drawn at random. Biases and
normalisation scales are never penalised.
"""

import torch

from ..lipschitz import LBAPenalty
from ..lipschitz._lba import accumulate_grad
from ..utils import check_option


def _weight_matrices(module):
    return [param for param in module.parameters() if param.ndim >= 2]


class _WeightPenalty:
    """Base of the penalties on weight matrices; stateless between steps."""

    def __init__(self, strength):
        self.strength = strength
        self._module = self._weights = None

    def setup(self, module, input_shape):
        """Find the weight matrices of ``module`` once, rather than at each step."""
        self._module, self._weights = module, _weight_matrices(module)

    def _weights_of(self, module):
        """The weight matrices of ``module``: those found by :meth:`setup`, if of it."""
        return self._weights if module is self._module else _weight_matrices(module)

    def on_epoch_begin(self):
        """Nothing changes between epochs."""

    def before_optimizer_step(self, optimizer):
        """Nothing to do: the penalty's gradient is in ``.grad`` already."""

    # A constant factor of every layer's norm (L2's ½), applied once to their sum: a power of
    # two, it gives bitwise the sum of the scaled norms, one multiplication per layer fewer.
    _norm_factor = 1.0

    def __call__(self, module, sample_count=1):
        return self._value(self._weights_of(module), self._scale(sample_count))

    def add_gradient(self, module, sample_count=1):
        """Add ``scale · ∂norm/∂W`` to each weight's ``.grad``; return the penalty."""
        scale, weights = self._scale(sample_count), self._weights_of(module)
        with torch.no_grad():
            for weight in weights:
                accumulate_grad(weight, self._derivative(weight), scale)
            return self._value(weights, scale)

    def _value(self, weights, scale):
        norms = torch.stack([self._norm(weight) for weight in weights])
        return scale * self._norm_factor * norms.sum()

    def _scale(self, sample_count):
        """The factor of the norm: ``strength``, over ``sample_count`` if the penalty is."""
        return self.strength


class L2Penalty(_WeightPenalty):
    """L2 (ridge) penalty ``alpha · ½ Σ_l ‖W_l‖²_F / m``, scikit-learn's MLP ``alpha``.

    Added to the mean loss of each training step, over the weight matrices only, with m the
    number of samples that mean runs over: the mini-batch's (the sum of their weights with
    ``sample_weight``), or the whole training set's for ``solver='lbfgs'``. The gradient of
    a step is thus ``(Σᵢ wᵢ ∇lᵢ + alpha · W) / Σᵢ wᵢ``. This is scikit-learn's convention
    (``BaseMultilayerPerceptron._backprop`` adds ``0.5 · alpha · Σ ‖W‖² / n_samples`` to
    the batch's mean loss), so the same ``alpha`` gives the same objective in both
    packages. It is also the student report's term ``λ/(2m) Σ_l ‖W^(l)‖²`` (001, §2.2),
    with ``λ = alpha`` and m the number of samples in the averaged cost; the group report's
    ridge term ``λ Σ w²`` (004), added to the mean loss, is ``alpha = 2λm``. In torch's terms,
    a step on m samples with ``alpha`` is ``weight_decay = alpha / m`` on the weight
    matrices: the larger the batch, the less each step decays the weights.

    Parameters
    ----------
    strength : float
        ``alpha`` in the formula.

    Examples
    --------
    >>> import torch
    >>> from sklnn.neural_network._regularization import L2Penalty
    >>> layer = torch.nn.Linear(2, 1)
    >>> with torch.no_grad():
    ...     _ = layer.weight.copy_(torch.tensor([[3.0, 4.0]]))
    >>> round(L2Penalty(0.1)(layer, sample_count=5).item(), 6)  # 0.1 · ½ · 25 / 5
    0.25
    """

    _norm_factor = 0.5

    @staticmethod
    def _norm(weight):
        return weight.square().sum()

    def _scale(self, sample_count):
        if isinstance(sample_count, torch.Tensor):  # a batch's weights may sum to 0
            scale = self.strength / sample_count
            return torch.where(sample_count > 0, scale, torch.zeros_like(scale))
        return self.strength / sample_count

    @staticmethod
    def _derivative(weight):
        return weight


class L1Penalty(_WeightPenalty):
    """L1 (lasso) penalty ``l1 · Σ_l Σ_ij |W_l,ij|``, which drives weights to exactly zero.

    The lasso term of the group report (004, "Regularización L1"), over the weight matrices
    only, added to each mini-batch's mean loss, not divided by its number of samples.

    Parameters
    ----------
    strength : float
        ``l1`` in the formula.

    Examples
    --------
    >>> import torch
    >>> from sklnn.neural_network._regularization import L1Penalty
    >>> layer = torch.nn.Linear(2, 1)
    >>> with torch.no_grad():
    ...     _ = layer.weight.copy_(torch.tensor([[3.0, -4.0]]))
    >>> round(L1Penalty(0.1)(layer).item(), 6)
    0.7
    """

    @staticmethod
    def _norm(weight):
        return weight.abs().sum()

    @staticmethod
    def _derivative(weight):
        return torch.sign(weight)  # 0 at 0, as autograd's derivative of |w|


def _lba_penalty(estimator, random_state):
    # Dense networks have no convolution: both norms are then the same.
    method = getattr(estimator, "lipschitz_norm", "operator")
    return LBAPenalty(
        estimator.lba_strength,
        resample=estimator.lba_resample,
        random_state=random_state,
        method=method,
        layers=estimator.lba_layers,
        decay=estimator.lba_decay,
    )


# The one place where a ``regularization`` name becomes training ingredients. Each entry: the
# estimator parameter holding the strength, and the factory ``(estimator, random_state) ->
# penalty`` (None: dropout, which is a layer of the module, not a penalty).
REGULARIZERS = {
    "l2": ("alpha", lambda estimator, random_state: L2Penalty(estimator.alpha)),
    "l1": ("l1", lambda estimator, random_state: L1Penalty(estimator.l1)),
    "dropout": ("dropout", None),
    "lba": ("lba_strength", _lba_penalty),
}
# Techniques that ``regularization='auto'`` applies whenever their strength is non-zero (LBA
# only when asked by name: its strength has a non-zero default).
AUTO_REGULARIZERS = ("l2", "l1", "dropout")


def resolve_regularization(estimator, random_state=None):
    """Return the penalties and the dropout rate that ``estimator.regularization`` selects.

    - ``'auto'``: every technique of ``AUTO_REGULARIZERS`` whose strength parameter
      (``alpha``, ``l1``, ``dropout``) is non-zero, together;
    - ``None``: no regularization at all, whatever the strengths;
    - a name (``'l2'``, ``'l1'``, ``'dropout'``, ``'lba'``): that technique alone, with its
      strength, which must then be positive. A grid search over ``regularization`` thus
      compares the techniques one at a time.

    Parameters
    ----------
    estimator : BaseNeuralEstimator
        Reads ``regularization`` and the strength parameters (and, for LBA,
        ``lba_resample``, ``lba_layers``, ``lba_decay`` and ``lipschitz_norm`` where it
        has one).
    random_state : int or None, default=None
        Seed of the penalties that draw at random (LBA's layer draws).

    Returns
    -------
    penalties : list
        Penalty objects (see the module docstring).
    dropout : float
        Dropout rate for the module's hidden layers.

    Raises
    ------
    ValueError
        If ``regularization`` is unknown, or names a technique whose strength is zero.
    """
    options = ("auto", None, *REGULARIZERS)
    choice = check_option(estimator.regularization, "regularization", options)
    if choice is None:
        return [], 0.0
    if choice == "auto":
        names = [name for name in AUTO_REGULARIZERS if getattr(estimator, REGULARIZERS[name][0])]
    else:
        strength_name = REGULARIZERS[choice][0]
        if not getattr(estimator, strength_name) > 0:
            raise ValueError(
                f"regularization={choice!r} needs {strength_name} > 0, got "
                f"{strength_name}={getattr(estimator, strength_name)!r}."
            )
        names = [choice]
    penalties = [
        REGULARIZERS[name][1](estimator, random_state) for name in names if REGULARIZERS[name][1]
    ]
    dropout = estimator.dropout if "dropout" in names else 0.0
    return penalties, dropout

"""Solvers and learning-rate schedules of sklnn's neural estimators.

The stochastic solvers are torch optimizers; ``'lbfgs'`` is SciPy's L-BFGS-B on the full
batch (see :mod:`._lbfgs`). The learning rate of each epoch is set by
:func:`scheduled_learning_rate`; ``'adaptive'`` is applied by the stopping rule (see
:class:`~._training.TrainingMonitor`).
"""

import math

from torch import optim

STOCHASTIC_SOLVERS = ("sgd", "adam", "adagrad", "adadelta", "rmsprop", "adamw")
SOLVERS = ("lbfgs", *STOCHASTIC_SOLVERS)

# scikit-learn's three schedules, then the course material's (student report 001).
LEARNING_RATES = ("constant", "invscaling", "adaptive", "linear", "exponential", "step", "cosine")


def optimizer_params(estimator):
    """Return the torch optimizer class of ``estimator.solver`` and its keyword arguments.

    Course textbook, §3.9: SGD (3.9.1, Eq. 3.53) with momentum (3.9.2, Eqs. 3.54-3.55; torch
    folds the learning rate α into V, the same update for a constant α) or Nesterov's
    momentum (3.9.3, Eqs. 3.56-3.57), AdaGrad (3.9.4, Eqs. 3.58-3.59), RMSProp (3.9.5,
    Eq. 3.60), Adam (3.9.6, Eqs. 3.61-3.64); Adadelta and AdamW as compared in the group
    report (004). ``'sgd'`` takes ``momentum`` and ``nesterovs_momentum`` and the Adam
    family ``beta_1``, ``beta_2`` and ``epsilon``, as scikit-learn's; AdaGrad, Adadelta and
    RMSProp run with torch's defaults.

    The optimizer talk (003) writes momentum in its averaged form, ``m ← β m + (1 − β) g``
    from m = 0 and ``θ ← θ − α m``. sklnn offers no option for it because it is already
    the same iteration: with ``v ← β v + g`` (torch's and scikit-learn's buffer, Eq. 3.54
    without α) the buffers stay proportional, ``m = (1 − β) v``, so ``solver='sgd'``,
    ``momentum=β``, ``nesterovs_momentum=False`` and ``learning_rate_init=α (1 − β)``
    follow 003's steps exactly (under any schedule, scaled alike). torch's
    ``SGD(dampening=β)`` is not that form: it starts its buffer at the first gradient
    undamped, ``m₁ = g₁`` instead of ``(1 − β) g₁``: its first step is ``1 / (1 − β)``
    times 003's, and its buffer exceeds 003's by ``β^k g₁`` at step k.

    Parameters
    ----------
    estimator : BaseNeuralEstimator
        Reads ``solver``, ``momentum``, ``nesterovs_momentum``, ``beta_1``, ``beta_2`` and
        ``epsilon``.

    Returns
    -------
    optimizer : type
        A ``torch.optim.Optimizer`` subclass.
    kwargs : dict
        Its arguments besides the parameters and the learning rate.

    Examples
    --------
    >>> from sklnn.neural_network import MLPClassifier
    >>> from sklnn.neural_network._optim import optimizer_params
    >>> optimizer_params(MLPClassifier(solver="sgd", momentum=0.5))
    (<class 'torch.optim.sgd.SGD'>, {'momentum': 0.5, 'nesterov': True})
    """
    solver = estimator.solver
    if solver == "sgd":
        nesterov = bool(estimator.nesterovs_momentum and estimator.momentum > 0)
        return optim.SGD, {"momentum": estimator.momentum, "nesterov": nesterov}
    # torch takes the betas both floats (an integer 0 is a valid beta_1 for scikit-learn).
    betas = (float(estimator.beta_1), float(estimator.beta_2))
    adam = {"betas": betas, "eps": estimator.epsilon}
    optimizers = {
        "adam": (optim.Adam, adam),
        "adamw": (optim.AdamW, adam),
        "adagrad": (optim.Adagrad, {}),
        "adadelta": (optim.Adadelta, {}),
        "rmsprop": (optim.RMSprop, {}),
        # L-BFGS runs in SciPy (see ._lbfgs); the net keeps a torch optimizer it never steps.
        "lbfgs": (optim.SGD, {}),
    }
    return optimizers[solver]


def scheduled_learning_rate(estimator, epoch, n_samples_seen):
    """The learning rate of an epoch under ``estimator.learning_rate``, or None to keep it.

    With η₀ = ``learning_rate_init``, t the number of epochs trained before this one and
    T = ``max_iter - 1``:

    - ``'constant'``: η₀; ``'adaptive'``: η₀, divided by 5 by the stopping rule each time
      the monitored quantity stalls (None is returned for both: the rate is left as it is);
    - ``'invscaling'``: η₀ / (n + 1)^``power_t``, n the number of samples trained on so far
      (``t_``), as scikit-learn;
    - ``'linear'``: η₀ − min(t, T)·(η₀ − η_f)/T, with η_f = ``lr_end_factor``·η₀ (the student
      report's linear schedule with saturation, 001 Eq. 9);
    - ``'exponential'``: η₀·γᵗ, γ = ``lr_decay`` (001 Eq. 10);
    - ``'step'``: η₀·γ^⌊t / ``lr_step_size``⌋;
    - ``'cosine'``: η_f + (η₀ − η_f)·(1 + cos(π·min(t, T)/T))/2.

    Parameters
    ----------
    estimator : BaseNeuralEstimator
        Reads the schedule's parameters.
    epoch : int
        t, the number of epochs trained before this one (warm starts and ``partial_fit``
        calls included).
    n_samples_seen : int
        n, the number of training samples seen before this epoch.

    Returns
    -------
    learning_rate : float or None

    Examples
    --------
    >>> from sklnn.neural_network import MLPClassifier
    >>> from sklnn.neural_network._optim import scheduled_learning_rate
    >>> model = MLPClassifier(learning_rate="invscaling", learning_rate_init=0.1, power_t=0.5)
    >>> scheduled_learning_rate(model, epoch=1, n_samples_seen=99)
    0.01
    """
    schedule = estimator.learning_rate
    rate = estimator.learning_rate_init
    last = max(estimator.max_iter - 1, 1)
    progress = min(epoch, last) / last
    final = estimator.lr_end_factor * rate
    if schedule == "invscaling":
        try:
            return rate / (n_samples_seen + 1) ** estimator.power_t
        except OverflowError:  # (n + 1)^power_t beyond the floats: the rate is 0
            return 0.0
    if schedule == "linear":
        return rate - progress * (rate - final)
    if schedule == "exponential":
        return rate * estimator.lr_decay**epoch
    if schedule == "step":
        return rate * estimator.lr_decay ** (epoch // estimator.lr_step_size)
    if schedule == "cosine":
        return final + (rate - final) * (1 + math.cos(math.pi * progress)) / 2
    return None

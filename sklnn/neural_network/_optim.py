"""Optimizer and learning-rate schedule factories for sklnn's neural estimators."""

from skorch.callbacks import LRScheduler
from torch import optim
from torch.optim import lr_scheduler

# Course textbook, §3.9: SGD (3.9.1, Eq. 3.53), momentum (3.9.2, Eqs. 3.54-3.55; torch
# folds the learning rate α into V, the same update for a constant α), Nesterov (3.9.3,
# Eqs. 3.56-3.57), AdaGrad (3.9.4, Eqs. 3.58-3.59), RMSProp (3.9.5, Eq. 3.60), Adam (3.9.6,
# Eqs. 3.61-3.64); Adadelta and AdamW as compared in the group report (004).
OPTIMIZERS = {
    "sgd": (optim.SGD, ()),
    "momentum": (optim.SGD, ("momentum",)),
    "nesterov": (optim.SGD, ("momentum", "nesterov")),
    "adagrad": (optim.Adagrad, ()),
    "adadelta": (optim.Adadelta, ()),
    "rmsprop": (optim.RMSprop, ()),
    "adam": (optim.Adam, ()),
    "adamw": (optim.AdamW, ()),
}

LR_SCHEDULES = ("constant", "linear", "exponential", "step", "cosine", "plateau")


def optimizer_params(name, momentum):
    """Return the torch optimizer class and its keyword arguments for ``name``.

    Parameters
    ----------
    name : str
        A key of ``OPTIMIZERS``.
    momentum : float
        ρ of Eq. 3.54, used by ``'momentum'`` and ``'nesterov'``.

    Returns
    -------
    optimizer : type
        A ``torch.optim.Optimizer`` subclass.
    kwargs : dict
        Its arguments besides the parameters and the learning rate.

    Examples
    --------
    >>> from sklnn.neural_network._optim import optimizer_params
    >>> optimizer_params("nesterov", 0.9)
    (<class 'torch.optim.sgd.SGD'>, {'momentum': 0.9, 'nesterov': True})
    """
    optimizer, options = OPTIMIZERS[name]
    values = {"momentum": momentum, "nesterov": True}
    return optimizer, {option: values[option] for option in options}


def lr_scheduler_callback(
    name, *, max_epochs, decay, step_size, end_factor, learning_rate, monitor, tol
):
    """Return the skorch callback applying learning-rate schedule ``name``, once per epoch.

    With η₀ the initial learning rate and t the epoch (0-based), T = ``max_epochs - 1``:

    - ``'constant'``: η₀ (no callback, None is returned);
    - ``'linear'``: η₀ - t·(η₀ - η_f)/T, with η_f = ``end_factor``·η₀ (the student report's
      linear schedule with saturation, 001 Eq. 9);
    - ``'exponential'``: η₀·γᵗ, γ = ``decay`` (001 Eq. 10);
    - ``'step'``: η₀·γ^⌊t/``step_size``⌋;
    - ``'cosine'``: η_f + (η₀ - η_f)·(1 + cos(πt/T))/2;
    - ``'plateau'``: multiply by γ after ``step_size`` epochs in which ``monitor`` has not
      improved by more than ``tol``.

    Parameters
    ----------
    name : str
        One of ``LR_SCHEDULES``.
    max_epochs, step_size : int
        See above.
    decay, end_factor, learning_rate, tol : float
        See above.
    monitor : str
        History column watched by ``'plateau'`` (``'valid_loss'`` or ``'train_loss'``).

    Returns
    -------
    callback : skorch.callbacks.LRScheduler or None
    """
    last_epoch = max(max_epochs - 1, 1)
    schedules = {
        "constant": None,
        "linear": (
            lr_scheduler.LinearLR,
            {"start_factor": 1.0, "end_factor": end_factor, "total_iters": last_epoch},
        ),
        "exponential": (lr_scheduler.ExponentialLR, {"gamma": decay}),
        "step": (lr_scheduler.StepLR, {"step_size": step_size, "gamma": decay}),
        "cosine": (
            lr_scheduler.CosineAnnealingLR,
            {"T_max": last_epoch, "eta_min": end_factor * learning_rate},
        ),
        "plateau": (
            lr_scheduler.ReduceLROnPlateau,
            {"factor": decay, "patience": step_size, "threshold": tol, "threshold_mode": "abs"},
        ),
    }
    if schedules[name] is None:
        return None
    policy, kwargs = schedules[name]
    return LRScheduler(policy=policy, monitor=monitor, event_name=None, **kwargs)

"""Solvers and learning-rate schedules of sklnn's neural estimators.

The stochastic solvers are torch optimizers; ``'lbfgs'`` is SciPy's L-BFGS-B on the full
batch (see :mod:`._lbfgs`). The learning rate of each epoch is set by
:func:`scheduled_learning_rate`; ``'adaptive'`` is applied by the stopping rule (see
:class:`~._training.TrainingMonitor`).
"""

import math

import torch
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


# Bytes to which each parameter's slice of a flat buffer is aligned: torch's CPU allocator
# aligns every tensor so, and the BLAS products' rounding depends on their operands'
# alignment (an 8-byte offset changes it): at this alignment the products of the views are
# those of tensors of their own.
_ALIGNMENT_BYTES = 64


class FlatParameters:
    """A module's parameters, gradients and optimizer state as views of flat buffers.

    A context manager around training (see :meth:`of`). On entry each parameter's data and
    ``.grad`` become views of one buffer each (each view aligned as a tensor of its own
    would be, with zeros between them), and a twin of the optimizer (the same class, with
    the group's hyperparameters) takes the flat buffer as its single parameter, its state
    the per-parameter states laid out alike. :meth:`step` then updates the whole network at
    once: one kernel per operation of the update instead of one per operation and
    parameter, which is what the update of a small network spends its time on. The
    optimizers offered update element by element, so the flat update is the per-parameter
    one, bitwise (tested), and the zeros between the views stay zero (their gradient is
    zero). On exit the parameters get storage of their own again, and the optimizer the
    twin's state, parameter by parameter: what follows (``partial_fit``, a warm start,
    pickling) sees an optimizer that stepped as usual.

    The gradients are written into the views (:class:`~._backprop.DenseBackprop`), or
    autograd accumulates them there after :meth:`zero_grad`: ``0 + g``, which is ``g``
    except that a ``-0.0`` entry becomes ``+0.0``, a difference no update's result shows.

    Parameters
    ----------
    optimizer : torch.optim.Optimizer
        The optimizer of the parameters, with a single parameter group.
    flat_state : dict
        Its state laid out flat (see :func:`_flat_state`).
    """

    def __init__(self, optimizer, flat_state):
        self.optimizer = optimizer
        self.group = optimizer.param_groups[0]
        self.parameters = self.group["params"]
        self.flat_state = flat_state

    @classmethod
    def of(cls, optimizer):
        """Return the ``FlatParameters`` of ``optimizer``, or None where it does not apply:
        several parameter groups, parameters of different dtypes or off the CPU (where the
        equality with the per-parameter update is tested), or a state that is not kept
        element by element."""
        groups = optimizer.param_groups
        if len(groups) != 1:
            return None
        parameters = groups[0]["params"]
        if {(p.dtype, p.device.type) for p in parameters} != {(parameters[0].dtype, "cpu")}:
            return None
        flat_state = _flat_state(optimizer, parameters)
        return None if flat_state is None else cls(optimizer, flat_state)

    def __enter__(self):
        # Not requiring gradients, the twin's in-place updates need no torch.no_grad().
        self.flat = torch.nn.Parameter(
            _lay_out_flat(self.parameters, self.parameters), requires_grad=False
        )
        self.flat.grad = torch.zeros_like(self.flat)
        for parameter, data, grad in zip(
            self.parameters, _views(self.flat.detach(), self.parameters),
            _views(self.flat.grad, self.parameters),
        ):  # fmt: skip
            parameter.data, parameter.grad = data, grad
        # The twin steps with the group's hyperparameters of the moment (see step).
        self.twin = type(self.optimizer)([self.flat], lr=self.group["lr"])
        self._denominator = self._adam_steps = None
        if self.flat_state:
            self.twin.state[self.flat] = self.flat_state
        return self

    def zero_grad(self):
        """Zero the gradients, into which autograd then accumulates (see the class)."""
        self.flat.grad.zero_()

    def step(self):
        """The optimizer's step, on the flat buffers, with the group's hyperparameters."""
        group, state = self.group, self.twin.state.get(self.flat)
        adam = isinstance(self.twin, optim.Adam) and state is not None
        if adam and not (group["amsgrad"] or group["maximize"]):
            self._adam_step(group, state)
            return
        twin_group = self.twin.param_groups[0]
        for key, value in group.items():
            if key != "params":
                twin_group[key] = value
        self.twin.step()

    def _adam_step(self, group, state):
        """``Adam.step`` (``AdamW``'s too) once its state exists, without ``amsgrad`` and
        ``maximize``: the operations of torch's ``_single_tensor_adam`` in their order (so
        bitwise its update), with the denominator computed in a buffer kept between
        steps. torch allocates it anew twice per step: on an MNIST-sized network (200 000
        weights) that took two thirds of the update, and the class's per-call plumbing
        (profiling hooks, grad mode, gathering the state) a third of a small network's.
        The step count is a Python int until :meth:`__exit__` writes it into the state's
        ``step`` tensor (torch adds 1 to that tensor and reads it back at every step: 1 % of
        a small network's step); ``beta ** step`` is the same number for the int and for
        the float torch reads."""
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        flat, grad = self.flat.detach(), self.flat.grad
        lr, (beta1, beta2), weight_decay = group["lr"], group["betas"], group["weight_decay"]
        if self._adam_steps is None:
            self._adam_steps = int(state["step"].item())
        self._adam_steps += 1
        step = self._adam_steps
        if weight_decay != 0:
            if group["decoupled_weight_decay"]:
                flat.mul_(1 - lr * weight_decay)
            else:
                grad = grad.add(flat, alpha=weight_decay)
        exp_avg.lerp_(grad, 1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        bias_correction1 = 1 - beta1**step
        bias_correction2_sqrt = (1 - beta2**step) ** 0.5
        if self._denominator is None:
            self._denominator = torch.empty_like(flat)
        denominator = torch.sqrt(exp_avg_sq, out=self._denominator)
        denominator.div_(bias_correction2_sqrt).add_(group["eps"])
        flat.addcdiv_(exp_avg, denominator, value=-lr / bias_correction1)

    def __exit__(self, *exc_info):
        for parameter in self.parameters:
            parameter.data = parameter.data.clone()
            parameter.grad = parameter.grad.clone()
        state = self.twin.state.get(self.flat, {})
        if self._adam_steps is not None:
            state["step"].fill_(self._adam_steps)
        cut = {key: _views(value, self.parameters) for key, value in state.items() if value.dim()}
        for index, parameter in enumerate(self.parameters if state else ()):
            self.optimizer.state[parameter] = {
                key: cut[key][index].clone() if key in cut else value.clone()
                for key, value in state.items()
            }
        del self.flat, self.twin, self._denominator, self._adam_steps
        return False


def _offsets(parameters):
    """Where each parameter's slice starts in a flat buffer, and the buffer's length."""
    step = max(_ALIGNMENT_BYTES // parameters[0].element_size(), 1)
    offsets, end = [], 0
    for parameter in parameters:
        offsets.append(end)
        end += -(-parameter.numel() // step) * step
    return offsets, end


def _views(flat, parameters):
    """``flat`` cut into views of the parameters' shapes."""
    offsets, _ = _offsets(parameters)
    return [
        flat[start : start + parameter.numel()].view_as(parameter)
        for start, parameter in zip(offsets, parameters)
    ]


def _lay_out_flat(tensors, parameters):
    """The ``tensors`` (one of each parameter's shape) copied into a flat buffer."""
    _, length = _offsets(parameters)
    flat = tensors[0].new_zeros(length)
    for view, tensor in zip(_views(flat, parameters), tensors):
        view.copy_(tensor.detach())
    return flat


def _flat_state(optimizer, parameters):
    """The optimizer's state of ``parameters``, its tensors of the parameters' shapes laid
    out flat (a scalar, such as Adam's step count, is the same for all): {} before the
    first step; None if the state is not of that form."""
    states = [optimizer.state.get(parameter, {}) for parameter in parameters]
    if not any(states):
        return {}
    flat = {}
    for key, value in states[0].items():
        values = [state.get(key) for state in states]
        if not all(isinstance(v, torch.Tensor) for v in values):
            return None
        if value.dim() == 0 and all(torch.equal(v, value) for v in values):
            flat[key] = value.clone()
        elif all(v.shape == p.shape for v, p in zip(values, parameters)):
            flat[key] = _lay_out_flat(values, parameters)
        else:
            return None
    return flat

"""The LBA penalty: Lipschitz-bound regularization of one random layer per step."""

import numbers

import numpy as np
import torch
from sklearn.exceptions import NotFittedError
from torch.nn import Conv2d

from ..utils import check_number, check_option, check_seed
from ._bound import collect_regularized_layers
from ._spectral import PowerIteration

_WARM_UP_ITER = 10
_DRAWS_AT_ONCE = 1024  # layer indices drawn per call of the random generator
LAYER_POOLS = ("all", "no_stem", "no_head", "body")
DECAYS = ("coupled", "decoupled")


def accumulate_grad(parameter, direction, scale):
    """Add ``scale · direction`` to ``parameter.grad`` in place, as autograd accumulates it.

    ``scale`` is a number or a 0-d tensor; either way the update is one fused kernel.
    """
    if parameter.grad is None:
        parameter.grad = direction * scale
    elif isinstance(scale, torch.Tensor):
        parameter.grad.addcmul_(direction, scale)
    else:
        parameter.grad.add_(direction, alpha=scale)


class LBAPenalty:
    """Lipschitz-bound (LBA) penalty ``strength · σ(W_a) · ‖W_a‖²_F`` on a random layer a.

    The talk ``seeds/000_5952624a66961393.txt`` (slide "Idea del método") regularizes with the
    layer's own Lipschitz constant as the weight-decay coefficient, on one layer a drawn at
    random so that the other layers keep learning: L_r = L(θ) + LB(a)‖θ(a)‖². ``strength=1``
    is that formula exactly: the penalty is ``strength · σ(W_a) · ‖W_a‖²_F`` with σ(W_a)
    **detached** (a coefficient: its gradient is ``2 · strength · σ(W_a) · W_a``) and biases
    not penalized. The authors' CIFAR-10 code (github.com/mavivi95/overfittingLipschitzBound:
    σ times ``tf.nn.l2_loss`` = σ·½‖W‖²) is ``strength=0.5``; their MNIST code adds
    σ·‖W‖_F, the norm not squared, which this class does not offer: its gradient
    σ·W/‖W‖_F has the same size whatever ‖W‖, a different regularizer (a constant pull to 0,
    not a decay in proportion to the weights) from the one the talk and the paper state. The
    regularized layers are ``Linear`` and ``Conv2d`` layers (all of them, or the pool
    ``layers`` selects); σ of a
    convolution is its operator norm on the inputs it receives (``method='operator'``). Each
    layer keeps its power-iteration vector (:class:`PowerIteration`), and each call runs
    ``n_power_iter`` iterations on the drawn layer only, so the penalty costs about one
    forward and one backward pass of that layer on a single sample.

    The training loop calls :meth:`setup` once, :meth:`on_epoch_begin` at the start of each
    epoch, :meth:`add_gradient` after each step's ``backward()`` and
    :meth:`before_optimizer_step` right before ``optimizer.step()``; a loop of one's own may
    instead add ``penalty(module)`` to the loss before ``backward()``: the same step.

    With ``decay='decoupled'`` the penalty is not added to the gradient: as AdamW decouples
    L2 from Adam (I. Loshchilov, F. Hutter, "Decoupled weight decay regularization", ICLR
    2019, Algorithm 2), the drawn layer is shrunk by the step's own learning rate lr,
    ``W_a ← W_a − lr · 2 · strength · σ(W_a) · W_a``, in :meth:`before_optimizer_step`,
    before the optimizer's update (which thus reads the gradient of the data loss alone).
    With plain SGD this is the coupled step exactly. Under Adam they differ: the coupled
    penalty's gradient is divided coordinate by coordinate by the root of the second
    moment (of the data loss's gradient and its own), whereas the decoupled decay is the
    fraction ``lr · 2 · strength · σ`` of each weight, however the data loss's gradient
    scales. At the same strength, Adam and lr = 1e-3, the decoupled decay is the weaker
    (the Lipschitz bound of an MLP on digits: 21 decoupled, 12 coupled, 27 without LBA, at
    strength 0.005). ``add_gradient`` and ``__call__`` then return the penalty's value,
    detached, so the reported training loss keeps its meaning.

    Parameters
    ----------
    strength : float, default=1.0
        The multiplier of the penalty (non-negative).
    resample : {'step', 'epoch'}, default='step'
        Draw a new layer at every call, or at every :meth:`on_epoch_begin`.
    random_state : int, RandomState instance or None, default=None
        Draws the layers (uniformly, with replacement) and the power-iteration vectors.
    method : {'operator', 'reshaped'}, default='operator'
        σ of a convolution: its operator norm, or the norm of its reshaped kernel.
    n_power_iter : int, default=1
        Power iterations per call on the drawn layer.
    layers : {'all', 'no_stem', 'no_head', 'body'}, default='all'
        The pool of layers drawn from, among the network's ``Linear`` and ``Conv2d``
        layers in the order the forward pass runs them: ``'all'`` of them; ``'no_stem'``
        all but the first (the stem); ``'no_head'`` all but the head, which is the
        ``Linear`` layers that run after the last ``Conv2d`` (the dense head of a
        convolutional network), or the last layer (the output layer) of a network without
        convolutions; ``'body'`` neither the stem nor the head: the residual blocks'
        convolutions of :class:`~sklnn.neural_network.LipschitzCNN`, the pool of the
        authors' CIFAR-10 code ("one conv layer drawn uniformly from all but the stem").
    decay : {'coupled', 'decoupled'}, default='coupled'
        Add the penalty's gradient to ``.grad`` (the talk's regularized loss), or shrink
        the drawn layer's weights by the learning rate times that gradient before the
        optimizer's update (AdamW's decoupling; see above).

    Attributes
    ----------
    layers_ : list of RegularizedLayer
        ``(name, layer, input_shape)`` of the layers in the pool.
    layer_index_ : int
        The index in ``layers_`` of the layer currently drawn.
    sigmas_ : ndarray of shape (n_layers,)
        The latest σ estimate of each layer.

    Examples
    --------
    >>> import torch
    >>> from sklnn.lipschitz import LBAPenalty
    >>> _ = torch.manual_seed(0)
    >>> net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    >>> penalty = LBAPenalty(strength=0.1, random_state=0)
    >>> penalty.setup(net, input_shape=(4,))
    >>> loss = penalty(net)  # add to the data loss before backward()
    >>> loss.backward()
    >>> len(penalty.layers_), penalty.layer_index_ in (0, 1)
    (2, True)
    """

    def __init__(
        self,
        strength=1.0,
        resample="step",
        random_state=None,
        method="operator",
        n_power_iter=1,
        layers="all",
        decay="coupled",
    ):
        self.strength = strength
        self.resample = resample
        self.random_state = random_state
        self.method = method
        self.n_power_iter = n_power_iter
        self.layers = layers
        self.decay = decay

    def setup(self, module, input_shape):
        """Find the regularized layers, start their power iterations, draw the first layer.

        Each layer's power iteration runs a few steps here, so that the first training steps
        already use a fair estimate of σ.

        Parameters
        ----------
        module : torch.nn.Module
            The network, on the device and in the dtype it trains in.
        input_shape : tuple of int
            The shape of one input sample, without the batch dimension.
        """
        check_number(self.strength, "strength", low=0)
        check_option(self.resample, "resample", ("step", "epoch"))
        check_option(self.method, "method", ("operator", "reshaped"))
        check_number(self.n_power_iter, "n_power_iter", kind=numbers.Integral, low=1)
        check_option(self.layers, "layers", LAYER_POOLS)
        check_option(self.decay, "decay", DECAYS)
        layers = collect_regularized_layers(module, input_shape)
        if not layers:
            raise ValueError(
                f"LBAPenalty regularizes Linear and Conv2d layers, and the "
                f"{type(module).__name__} module runs none."
            )
        layers = self._pool(layers, type(module).__name__)
        self._rng = check_seed(self.random_state)
        self._decoupled_decay = None
        self._draws = []
        self._module = module
        self._powers = [
            PowerIteration(layer, shape, method=self.method, random_state=self._rng)
            for _, layer, shape in layers
        ]
        for power in self._powers:
            power.estimate(_WARM_UP_ITER)
        self.layers_ = layers
        self._draw()

    def on_epoch_begin(self):
        """Draw a new layer when ``resample='epoch'``."""
        self._check_setup()
        if self.resample == "epoch":
            self._draw()

    def __call__(self, module, sample_count=None):
        """The penalty ``strength · σ(W_a) · ‖W_a‖²_F`` of the drawn layer a.

        Parameters
        ----------
        module : torch.nn.Module
            The network given to :meth:`setup`.
        sample_count : int, tensor or None, default=None
            The batch's (weighted) number of samples, which the training loops of sklnn
            pass to every penalty; the LBA penalty is not divided by it (the talk's
            L(θ) + LB(a)‖θ(a)‖² adds it to the mean loss as it is).

        Returns
        -------
        penalty : torch.Tensor
            A 0-d tensor, differentiable with respect to ``W_a`` only; its gradient is
            ``2 · strength · σ(W_a) · W_a``. Detached with ``decay='decoupled'``.
        """
        weight, coefficient = self._step(module)
        if self.decay == "decoupled":
            return self._value(weight, coefficient)
        # ⟨W, g⟩ with g = 2·strength·σ·W detached has the gradient g and twice the value:
        # subtracting half of its detached value leaves the penalty, in three passes over W.
        gradient = weight.detach() * (2 * coefficient)
        scaled_norm = torch.dot(weight.reshape(-1), gradient.reshape(-1))
        return scaled_norm - 0.5 * scaled_norm.detach()

    def add_gradient(self, module, sample_count=None):
        """Add the penalty's gradient to ``W_a.grad`` in place; return the penalty.

        For a training loop that calls it after ``loss.backward()`` instead of adding
        ``penalty(module)`` to the loss: the same step, without autograd nodes (fewer
        passes over ``W_a`` and fewer kernel launches, which dominate on a GPU).

        Parameters
        ----------
        module : torch.nn.Module
            The network given to :meth:`setup`.
        sample_count : int, tensor or None, default=None
            Not used: see :meth:`__call__`.

        Returns
        -------
        penalty : torch.Tensor
            A detached 0-d tensor, the value of the penalty.
        """
        weight, coefficient = self._step(module)
        if self.decay == "coupled":
            with torch.no_grad():
                accumulate_grad(weight, weight, 2 * coefficient)
        return self._value(weight, coefficient)

    def before_optimizer_step(self, optimizer):
        """With ``decay='decoupled'``, shrink the drawn layer: ``W_a ← W_a − lr·2·strength·σ·W_a``.

        Called once per step, after :meth:`add_gradient` (or :meth:`__call__`) and right
        before ``optimizer.step()``, as ``torch.optim.AdamW`` decays the weights before its
        update; lr is the learning rate of the optimizer's parameter group holding ``W_a``.
        Does nothing with ``decay='coupled'``.

        Parameters
        ----------
        optimizer : torch.optim.Optimizer
            The optimizer about to step, which trains ``W_a``.
        """
        self._check_setup()
        if self._decoupled_decay is None:
            return
        weight, coefficient = self._decoupled_decay
        self._decoupled_decay = None
        lr = next(
            (
                group["lr"]
                for group in optimizer.param_groups
                if any(parameter is weight for parameter in group["params"])
            ),
            None,
        )
        if lr is None:
            raise ValueError(
                f"The optimizer does not train the weight of layer "
                f"{self.layers_[self.layer_index_].name!r}, which LBAPenalty decays."
            )
        with torch.no_grad():
            weight.mul_(1 - 2 * lr * coefficient)

    @staticmethod
    def _value(weight, coefficient):
        """``strength · σ · ‖W‖²_F``, detached (``coefficient`` = strength · σ)."""
        with torch.no_grad():
            flat = weight.reshape(-1)
            return torch.dot(flat, flat) * coefficient

    def _step(self, module):
        """Draw the layer (in 'step' mode), update its σ; return ``(W_a, strength·σ)``."""
        self._check_setup()
        if module is not self._module:
            raise ValueError(
                "LBAPenalty was set up on another module; call setup(module, input_shape) "
                "with this one first."
            )
        if self.resample == "step":
            self._draw()
        power = self._powers[self.layer_index_]
        sigma = power._estimate(self.n_power_iter)
        weight, coefficient = power.layer.weight, sigma * self.strength
        if self.decay == "decoupled":
            self._decoupled_decay = (weight, coefficient)
        return weight, coefficient

    def _pool(self, layers, module_name):
        """The layers (all Linear and Conv2d, in order) that ``self.layers`` keeps."""
        convolutions = [i for i, (_, layer, _) in enumerate(layers) if isinstance(layer, Conv2d)]
        head_start = convolutions[-1] + 1 if convolutions else len(layers) - 1
        start = 0 if self.layers in ("all", "no_head") else 1
        stop = len(layers) if self.layers in ("all", "no_stem") else head_start
        pool = layers[start:stop]
        if not pool:
            raise ValueError(
                f"layers={self.layers!r} (lba_layers of sklnn's estimators) leaves no layer to "
                f"draw from: the {module_name} network runs {len(layers)} Linear and Conv2d "
                f"layers, of which {len(layers) - head_start} in the head (after the last "
                "convolution, or the output layer of a network without convolutions) and one "
                "stem (the first); choose a larger pool, or a deeper network."
            )
        return pool

    @property
    def sigmas_(self):
        self._check_setup()
        return np.array([float(power.sigma) for power in self._powers])

    def _draw(self):
        if not self._draws:
            self._draws = self._rng.randint(len(self.layers_), size=_DRAWS_AT_ONCE).tolist()[::-1]
        self.layer_index_ = self._draws.pop()

    def _check_setup(self):
        if not hasattr(self, "layers_"):
            raise NotFittedError("Call LBAPenalty.setup(module, input_shape) first.")

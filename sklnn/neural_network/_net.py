"""The skorch net that sklnn's neural estimators train: ``TensorNet`` and its callbacks."""

import math

import torch
from sklearn.metrics import r2_score
from skorch import NeuralNet
from skorch.callbacks import Callback, EpochTimer
from skorch.utils import TeeGenerator
from torch.func import functional_call
from tqdm.auto import tqdm

from ..lipschitz import PowerIterationBound
from ._data import TensorDataset


def valid_accuracy(y_true, y_pred):
    """Accuracy of the logits ``y_pred`` against the encoded labels ``y_true`` (tensors)."""
    return (y_pred.argmax(dim=1) == y_true).double().mean().item()


def valid_r2(y_true, y_pred):
    """R² of ``y_pred`` against ``y_true`` (tensors), averaged over the outputs."""
    if len(y_true) < 2:  # undefined
        return math.nan
    return r2_score(y_true.cpu().numpy(), y_pred.cpu().numpy())


def _float64_state(module):
    state = {**dict(module.named_parameters()), **dict(module.named_buffers())}
    return {name: t.double() if t.is_floating_point() else t for name, t in state.items()}


class TensorNet(NeuralNet):
    """A skorch ``NeuralNet`` over whole tensors, with weight penalties, recording per epoch.

    Differences from ``NeuralNet``:

    - data: ``X`` and ``y`` are tensors wrapped in a :class:`~._data.TensorDataset`, batched by
      index (pass ``iterator_train=IndexBatchIterator``), not a per-sample ``Dataset``;
    - loss: ``backward()`` runs on the data loss; then each penalty of ``penalties`` adds its
      gradient to the weights' ``.grad`` and its value to the step's training loss
      (``add_gradient``, see :mod:`._regularization`). The validation loss is the data loss
      alone;
    - steps: no optimizer closure (none of the optimizers offered re-evaluates the loss) and
      no ``module.train()`` walk when the mode is unchanged: per-step Python overhead matters
      on small networks and on a GPU;
    - inference: a float64 batch runs in float64 (on float64 copies of the weights), as
      scikit-learn computes in the dtype of ``X``: a float32 matrix product rounds
      differently for different batch sizes, so the float32 outputs of one sample may change
      in the 7th digit with the other samples of its batch. Training is float32;
    - history: one row per epoch with ``train_loss`` (mean over the epoch's mini-batches of
      the objective minimised), ``valid_loss``, the validation score named by
      ``valid_scoring``, ``lr`` (the learning rate used in the epoch) and ``dur``; no
      per-batch records, and one device synchronisation per epoch rather than per batch.

    Parameters
    ----------
    module, criterion : torch.nn.Module or type
        As in ``NeuralNet``.
    penalties : sequence, default=()
        Penalty objects called at each training step.
    valid_scoring : tuple of (str, callable) or None, default=None
        History column name and ``function(y_true, y_pred) -> float`` of the validation score.
    **kwargs
        Passed to ``NeuralNet``.
    """

    def __init__(self, module, criterion, *, penalties=(), valid_scoring=None, **kwargs):
        super().__init__(module, criterion, **kwargs)
        self.penalties = penalties
        self.valid_scoring = valid_scoring

    def get_default_callbacks(self):
        return [("epoch_timer", EpochTimer())]

    def get_dataset(self, X, y=None):
        if isinstance(X, TensorDataset):
            return X
        return TensorDataset(X, y)

    def on_epoch_begin(self, net, dataset_train=None, dataset_valid=None, **kwargs):
        super().on_epoch_begin(net, dataset_train, dataset_valid, **kwargs)
        self.history.record("lr", self.optimizer_.param_groups[0]["lr"])
        for penalty in self.penalties:
            penalty.on_epoch_begin()

    def on_batch_begin(self, net, batch=None, training=False, **kwargs):
        """Record nothing per batch (skorch opens a per-batch history entry here)."""

    def _set_training(self, training=True):
        if self.module_.training != training:  # module.train() walks every layer
            super()._set_training(training)

    def train_step(self, batch, **fit_params):
        """One optimisation step: skorch's, without the closure none of our optimizers uses."""
        self._zero_grad_optimizer()
        step = self.train_step_single(batch, **fit_params)
        for penalty in self.penalties:
            step["loss"] = step["loss"] + penalty.add_gradient(self.module_)
        self.notify(
            "on_grad_computed",
            named_parameters=TeeGenerator(self.get_all_learnable_params()),
            batch=batch,
            training=True,
        )
        self._step_optimizer(None)
        return step

    def infer(self, x, **fit_params):
        device = torch.device(self.device)
        if x.dtype == torch.float64:
            state = _float64_state(self.module_)
            return functional_call(self.module_, state, (x.to(device),), fit_params)
        if x.device != device or x.dtype != torch.float32:  # a no-op .to() costs on a GPU
            x = x.to(device, torch.float32)
        return self.module_(x, **fit_params)

    def get_loss(self, y_pred, y_true, X=None, training=False):
        if y_true.device != y_pred.device:
            y_true = y_true.to(y_pred.device)
        return self.criterion_(y_pred, y_true)

    def run_single_epoch(self, iterator, training, prefix, step_fn, **fit_params):
        if iterator is None:
            return
        loss_sum, n_seen, outputs, targets = 0.0, 0, [], []
        for batch in iterator:
            self.notify("on_batch_begin", batch=batch, training=training)
            step = step_fn(batch, **fit_params)
            loss_sum = loss_sum + step["loss"].detach() * len(batch[0])
            n_seen += len(batch[0])
            if not training:
                outputs.append(step["y_pred"])
                targets.append(batch[1])
            self.notify("on_batch_end", batch=batch, training=training, **step)
        mean_loss = float(loss_sum / n_seen)
        if not math.isfinite(mean_loss):
            raise ValueError(
                f"The {prefix} loss became {mean_loss} at epoch {len(self.history)}: training "
                "diverged. Scale the inputs (e.g. StandardScaler) or lower learning_rate_init."
            )
        self.history.record(f"{prefix}_loss", mean_loss)
        if not training and self.valid_scoring is not None:
            name, score = self.valid_scoring
            self.history.record(name, score(torch.cat(targets), torch.cat(outputs)))


class EpochProgressBar(Callback):
    """A tqdm progress bar over the epochs, showing the latest losses.

    Parameters
    ----------
    total : int
        The number of epochs planned (early stopping may end sooner).
    """

    def __init__(self, total):
        self.total = total

    def on_train_begin(self, net, **kwargs):
        self.bar_ = tqdm(total=self.total, unit="epoch", desc=type(net.module_).__name__)

    def on_epoch_end(self, net, **kwargs):
        losses = {key: net.history[-1].get(key) for key in ("train_loss", "valid_loss")}
        self.bar_.set_postfix(
            {key: f"{value:.4f}" for key, value in losses.items() if value is not None},
            refresh=False,
        )
        self.bar_.update()

    def on_train_end(self, net, **kwargs):
        self.bar_.close()
        self.bar_ = None


class LipschitzBoundLogger(Callback):
    """Record a running estimate of the network's Lipschitz bound at the end of each epoch.

    The history column ``lipschitz_bound`` is :class:`~sklnn.lipschitz.PowerIterationBound`'s
    estimate of :func:`~sklnn.lipschitz.lipschitz_bound` (the product of the layers'
    constants): the σ of each dense and convolution layer comes from a few power iterations
    from the vector kept since the previous epoch, so that logging costs about as much as a
    few forward and backward passes of one sample, not an SVD or a Lanczos run per epoch.
    Power iteration approaches each σ from below: the logged value is at most the exact
    bound of the same weights, and in our MNIST runs within a few per cent of it (the
    ``logged/exact`` column of ``examples/lipschitz_regularization.py``'s results).

    Parameters
    ----------
    input_shape : tuple of int
        The shape of one input sample of the module.
    n_iter : int, default=10
        Power iterations per layer and epoch (50 more before the first epoch).
    random_state : int or None, default=None
        Seed of the starting vectors.
    """

    def __init__(self, input_shape, n_iter=10, random_state=None):
        self.input_shape = input_shape
        self.n_iter = n_iter
        self.random_state = random_state

    def on_train_begin(self, net, **kwargs):
        self.bound_ = PowerIterationBound(
            net.module_, self.input_shape, n_iter=self.n_iter, random_state=self.random_state
        )

    def on_epoch_end(self, net, **kwargs):
        net.history.record("lipschitz_bound", self.bound_.estimate())

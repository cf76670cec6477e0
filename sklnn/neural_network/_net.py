"""The skorch net that sklnn's neural estimators train: ``TensorNet`` and its callbacks."""

import copy
import warnings
from contextlib import nullcontext

import torch
from skorch import NeuralNet
from skorch.callbacks import Callback, EpochTimer
from torch.func import functional_call

from ..lipschitz import PowerIterationBound
from ._backprop import DenseBackprop
from ._data import TensorDataset
from ._modules import _WeightedBatchNorm, batch_weights
from ._optim import FlatParameters


def _float64_state(module):
    state = {**dict(module.named_parameters()), **dict(module.named_buffers())}
    return {name: t.double() if t.is_floating_point() else t for name, t in state.items()}


class TensorNet(NeuralNet):
    """A skorch ``NeuralNet`` over whole tensors, with sample weights and weight penalties.

    Differences from ``NeuralNet``:

    - data: a :class:`~._data.TensorDataset` of ``X``, ``y`` and optional sample weights,
      batched by index (pass ``iterator_train=IndexBatchIterator``), not a per-sample
      ``Dataset``; each batch is ``(X, y, sample_weight)``;
    - loss: the criterion takes the batch's sample weights (see :mod:`._losses`), and so do
      the batch normalisation layers in training mode (see
      :class:`~._modules.BatchNorm1d`). ``backward()`` runs on the data loss; then each
      penalty of ``penalties`` adds its gradient to the weights' ``.grad`` and its value to
      the step's training loss (``add_gradient(module, sample_count)``, with the batch's
      weighted sample count; see :mod:`._regularization`). The validation loss is the data
      loss alone;
    - steps: no optimizer closure (none of the optimizers offered re-evaluates the loss), no
      ``module.train()`` walk when the mode is unchanged, gradients reset by setting
      ``.grad`` to None (what ``optimizer.zero_grad()`` does, without its profiling hooks),
      and no per-batch callbacks (``on_batch_begin``, ``on_grad_computed``,
      ``on_batch_end``: the nets' callbacks act per epoch): per-step Python overhead
      matters on small networks and on a GPU. The optimizer updates all the parameters at
      once (:class:`~._optim.FlatParameters`), and a plain dense network on the CPU has its
      forward and backward passes written out (:class:`~._backprop.DenseBackprop`): the
      same steps as autograd's and the optimizer's, parameter by parameter, bitwise;
    - epochs: :meth:`train_epochs` runs them under a monitor (see
      :class:`~._training.TrainingMonitor`) that sets each epoch's learning rate and decides
      when to stop, rather than under callbacks raising ``KeyboardInterrupt``;
    - precision: the module trains in the dtype it was built in (the estimators build it in
      the dtype of ``X``, as scikit-learn computes in X's dtype). At inference, a batch runs
      in the wider of its dtype and the module's (a float64 batch on a float32 module runs
      on float64 copies of the weights);
    - history: one row per epoch with ``train_loss`` (the epoch's mean over its mini-batches
      of the objective minimised, each batch counted by its number of samples, as
      scikit-learn's ``loss_curve_``), ``valid_loss`` and ``valid_<score>`` (the data loss
      and the score of the validation set), with ``score_training_set`` ``train_data_loss``
      and ``train_<score>`` (the same two of the training set, at the epoch's end weights
      in evaluation mode), ``lr`` (the learning rate used in the epoch) and ``dur``; no
      per-batch records, and one device synchronisation per epoch rather than per batch.

    Parameters
    ----------
    module, criterion : torch.nn.Module or type
        As in ``NeuralNet``.
    penalties : sequence, default=()
        Penalty objects called at each training step.
    scoring : tuple of (str, callable) or None, default=None
        Name (``'acc'``, ``'r2'``: the history columns are ``valid_<name>`` and
        ``train_<name>``) and ``function(y_true, y_pred, sample_weight) -> float`` of the
        score (tensors; ``sample_weight`` may be None).
    score_training_set : bool, default=False
        Also evaluate the training set after each epoch.
    **kwargs
        Passed to ``NeuralNet``.
    """

    def __init__(
        self, module, criterion, *, penalties=(), scoring=None, score_training_set=False,
        **kwargs,
    ):  # fmt: skip
        super().__init__(module, criterion, **kwargs)
        self.penalties = penalties
        self.scoring = scoring
        self.score_training_set = score_training_set

    def get_default_callbacks(self):
        return [("epoch_timer", EpochTimer())]

    def initialize(self):
        super().initialize()
        self.module_dtype_ = next(self.module_.parameters()).dtype
        # The penalties hold the module's layers and tensors on its device: pickled with
        # the module (skorch pickles these attributes apart from the others), they point
        # at the unpickled module's layers, and load on a machine without the GPU.
        self.cuda_dependent_attributes_ = [*self.cuda_dependent_attributes_, "penalties"]
        return self

    def __getstate__(self):
        state = super().__getstate__()
        for found_again_at_each_training_call in ("batch_norms_", "trained_parameters_"):
            state.pop(found_again_at_each_training_call, None)
        return state

    def __deepcopy__(self, memo):
        """Copy the attributes themselves: torch copies modules and optimizers on their
        device, without the round trip through ``torch.save`` that skorch's pickling
        state makes (8 times slower on a small MLP)."""
        copied = object.__new__(type(self))
        memo[id(self)] = copied
        vars(copied).update(copy.deepcopy(vars(self), memo))
        return copied

    def get_dataset(self, X, y=None):
        if isinstance(X, TensorDataset):
            return X
        return TensorDataset(X, y)

    def on_epoch_begin(self, net, dataset_train=None, dataset_valid=None, **kwargs):
        super().on_epoch_begin(net, dataset_train, dataset_valid, **kwargs)
        for penalty in self.penalties:
            penalty.on_epoch_begin()

    def _set_training(self, training=True):
        if self.module_.training != training:  # module.train() walks every layer
            super()._set_training(training)

    def train_step_single(self, batch, **fit_params):
        """Forward, weighted loss and ``backward()`` on one ``(X, y, sample_weight)`` batch."""
        self._set_training(True)
        Xi, yi, weight = batch
        if weight is not None and self.batch_norms_:
            with batch_weights(self.batch_norms_, weight):
                y_pred = self.infer(Xi, **fit_params)
        else:
            y_pred = self.infer(Xi, **fit_params)
        loss = self.get_loss(y_pred, yi, sample_weight=weight)
        loss.backward()
        return {"loss": loss, "y_pred": y_pred}

    def _set_grads_to_none(self):
        """``optimizer.zero_grad()``, without its profiling hooks."""
        for parameter in self.trained_parameters_:
            parameter.grad = None

    def add_penalty_gradients(self, loss, sample_count):
        """Add each penalty's gradient to ``.grad``; return ``loss`` plus the penalties."""
        for penalty in self.penalties:
            loss = loss + penalty.add_gradient(self.module_, sample_count)
        return loss

    def train_step(self, batch, **fit_params):
        """One optimisation step: skorch's, without the closure none of our optimizers uses
        and without per-batch callbacks (the nets' callbacks act per epoch); the dense
        networks' written out (see :class:`~._backprop.DenseBackprop`)."""
        Xi, yi, weight = batch
        if self.backprop_ is not None:
            self._set_training(True)
            step = {"loss": self.backprop_.loss_and_gradients(Xi, yi, weight)}
        else:
            self.zero_grad_()
            step = self.train_step_single(batch, **fit_params)
        sample_count = Xi.shape[0] if weight is None else weight.sum()
        step["loss"] = self.add_penalty_gradients(step["loss"], sample_count)
        for penalty in self.penalties:
            penalty.before_optimizer_step(self.optimizer_)
        self.optimizer_step_()
        return step

    def validation_step(self, batch, **fit_params):
        self._set_training(False)
        Xi, yi, weight = batch
        with torch.no_grad():
            y_pred = self.infer(Xi, **fit_params)
            loss = self.get_loss(y_pred, yi, sample_weight=weight)
        return {"loss": loss, "y_pred": y_pred}

    def evaluation_step(self, batch, training=False):
        self.check_is_fitted()
        with torch.set_grad_enabled(training):
            self._set_training(training)
            return self.infer(batch[0])

    def infer(self, x, **fit_params):
        device = torch.device(self.device)
        if x.dtype == torch.float64 and self.module_dtype_ != torch.float64:
            state = _float64_state(self.module_)
            return functional_call(self.module_, state, (x.to(device),), fit_params)
        if x.device != device or x.dtype != self.module_dtype_:  # a no-op .to() costs on a GPU
            x = x.to(device, self.module_dtype_)
        return self.module_(x, **fit_params)

    def get_loss(self, y_pred, y_true, X=None, training=False, sample_weight=None):
        if y_true.device != y_pred.device:
            y_true = y_true.to(y_pred.device)
        if sample_weight is not None and sample_weight.device != y_pred.device:
            sample_weight = sample_weight.to(y_pred.device)
        return self.criterion_(y_pred, y_true, sample_weight)

    def train_epochs(self, dataset, epochs, monitor=None):
        """Train for up to ``epochs`` epochs on ``dataset``, split by ``train_split``.

        Parameters
        ----------
        dataset : TensorDataset
            The training data (and validation data, when ``train_split`` holds some out).
        epochs : int
            The most epochs to run.
        monitor : object or None, default=None
            Its ``on_train_begin(net)`` and ``on_train_end(net)`` are called first and last,
            ``on_epoch_begin(net)`` after the callbacks' and ``on_epoch_end(net)`` after
            them; training stops when the latter returns True.

        Returns
        -------
        self : TensorNet
        """
        if not self.initialized_:
            self.initialize()
        self.trained_parameters_ = [
            parameter for group in self.optimizer_.param_groups for parameter in group["params"]
        ]
        # The batch normalisation layers, which take the sample weights of a batch.
        self.batch_norms_ = [
            layer for layer in self.module_.modules() if isinstance(layer, _WeightedBatchNorm)
        ]
        same_dtype = dataset.X.dtype == self.module_dtype_
        self.backprop_ = DenseBackprop.of(self.module_, self.criterion_) if same_dtype else None
        flat = FlatParameters.of(self.optimizer_)
        self.optimizer_step_ = (flat or self.optimizer_).step
        self.zero_grad_ = flat.zero_grad if flat else self._set_grads_to_none
        self.notify("on_train_begin", X=dataset, y=None)
        if monitor is not None:
            monitor.on_train_begin(self)
        try:
            with flat or nullcontext():
                self.fit_loop(dataset, epochs=epochs, monitor=monitor)
        except KeyboardInterrupt:
            warnings.warn("Training interrupted by user.", stacklevel=2)
        finally:  # what this training call's steps use
            del self.backprop_, self.optimizer_step_, self.zero_grad_
        if monitor is not None:
            monitor.on_train_end(self)
        self.notify("on_train_end", X=dataset, y=None)
        return self

    def fit_loop(self, X, y=None, epochs=None, monitor=None, **fit_params):
        """skorch's loop over epochs, with the monitor's learning rate and stopping rule."""
        self.check_training_readiness()
        epochs = self.max_epochs if epochs is None else epochs
        dataset_train, dataset_valid = self.get_split_datasets(X, y)
        on_epoch_kwargs = {"dataset_train": dataset_train, "dataset_valid": dataset_valid}
        iterator_train = self.get_iterator(dataset_train, training=True)
        evaluations = []  # (batches, loss column, score prefix) evaluated after each epoch
        if self.score_training_set:
            batches = self.get_iterator(dataset_train, training=False)
            evaluations.append((batches, "train_data_loss", "train"))
        if dataset_valid is not None:
            batches = self.get_iterator(dataset_valid, training=False)
            evaluations.append((batches, "valid_loss", "valid"))
        for _ in range(epochs):
            self.notify("on_epoch_begin", **on_epoch_kwargs)
            if monitor is not None:
                monitor.on_epoch_begin(self)
            self.history.record("lr", self.optimizer_.param_groups[0]["lr"])
            self.run_single_epoch(
                iterator_train, training=True, prefix="train", step_fn=self.train_step,
                **fit_params,
            )  # fmt: skip
            for evaluation in evaluations:
                self.evaluate(*evaluation)
            self.notify("on_epoch_end", **on_epoch_kwargs)
            if monitor is not None and monitor.on_epoch_end(self):
                break
        return self

    def run_single_epoch(self, iterator, training, prefix, step_fn, **fit_params):
        """One pass of ``step_fn`` over ``iterator``; record the mean loss as
        ``<prefix>_loss``."""
        loss = BatchLossMean()
        for batch in iterator:
            loss.add(step_fn(batch, **fit_params)["loss"], batch[0].shape[0])
        self.history.record(f"{prefix}_loss", loss.value())

    def evaluate(self, batches, loss_column, prefix):
        """Record the data loss (as ``loss_column``) and the score (as ``<prefix>_<name>``)
        of the ``batches`` of a dataset, in evaluation mode."""
        loss, outputs, targets, weights = BatchLossMean(), [], [], []
        for batch in batches:
            step = self.validation_step(batch)
            loss.add(step["loss"], len(batch[0]))
            outputs.append(step["y_pred"])
            targets.append(batch[1])
            weights.append(batch[2])
        self.history.record(loss_column, loss.value())
        if self.scoring is not None:
            name, score = self.scoring
            weight = None if weights[0] is None else torch.cat(weights)
            value = score(torch.cat(targets), torch.cat(outputs), weight)
            self.history.record(f"{prefix}_{name}", value)


class BatchLossMean:
    """The mean loss of an epoch from its batches' mean losses: ``Σ_b n_b l_b / Σ_b n_b``.

    The sum runs as the tensor expression ``total = total + loss * n_b`` would, one rounding
    per operation in the loss's dtype, so the mean is bitwise that expression's. A float64
    loss on the CPU is summed as a Python float, whose arithmetic is the same IEEE double
    arithmetic (an overflow gives ``inf`` silently, as torch's does): reading it costs
    0.2 µs where the two tensor operations cost about 5 µs, out of a training step of about
    300 µs on digits. Other losses stay tensors: a loss on a GPU would make the host wait
    for the device at every batch.

    Examples
    --------
    >>> import torch
    >>> mean = BatchLossMean()
    >>> mean.add(torch.tensor(0.5), 3)
    >>> mean.add(torch.tensor(2.0), 1)
    >>> mean.value()  # (3 · 0.5 + 1 · 2) / 4
    0.875
    """

    def __init__(self):
        self.total, self.count = 0.0, 0

    def add(self, loss, count):
        """Add a batch of ``count`` samples whose mean loss is ``loss`` (a 0-d tensor)."""
        if loss.dtype == torch.float64 and loss.device.type == "cpu":
            self.total = self.total + loss.item() * count
        else:
            self.total = self.total + loss.detach() * count
        self.count += count

    def value(self):
        """The mean, a Python float."""
        return float(self.total / self.count)


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

"""Shared machinery of sklnn's neural estimators, composed over skorch.

An estimator here is a scikit-learn ``BaseEstimator`` holding hyperparameters only; ``fit``
validates the data and the hyperparameters (before any torch code runs), builds the torch
module and a :class:`~._net.TensorNet` (a skorch ``NeuralNet``, stored as ``net_``), trains it
on float32 tensors, and records the per-epoch history. A classifier or regressor mixin from
this module supplies the loss, the target encoding and the predictions.
"""

import io
import numbers
from collections.abc import Iterable
from contextlib import contextmanager

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, is_classifier
from sklearn.utils import check_random_state, column_or_1d
from sklearn.utils.validation import check_consistent_length, check_is_fitted, validate_data
from skorch.callbacks import EarlyStopping

from ..lipschitz import lipschitz_bound
from ..utils import check_number, check_option, encode_labels
from ._data import IndexBatchIterator, TensorDataset, ValidationSplit, place_tensor, split_sizes
from ._net import EpochProgressBar, LipschitzBoundLogger, TensorNet, valid_accuracy, valid_r2
from ._optim import LR_SCHEDULES, OPTIMIZERS, lr_scheduler_callback, optimizer_params
from ._regularization import resolve_regularization

# name: (type, low, high, which bounds are allowed), as taken by ``check_number``.
_NUMBER_PARAMS = {
    "alpha": (numbers.Real, 0, None, "left"),
    "l1": (numbers.Real, 0, None, "left"),
    "lba_strength": (numbers.Real, 0, None, "left"),
    "dropout": (numbers.Real, 0, 1, "left"),
    "learning_rate_init": (numbers.Real, 0, None, "neither"),
    "momentum": (numbers.Real, 0, 1, "left"),
    "lr_decay": (numbers.Real, 0, 1, "neither"),
    "lr_step_size": (numbers.Integral, 1, None, "left"),
    "lr_end_factor": (numbers.Real, 0, 1, "both"),
    "max_epochs": (numbers.Integral, 1, None, "left"),
    "patience": (numbers.Integral, 1, None, "left"),
    "validation_fraction": (numbers.Real, 0, 1, "neither"),
    "tol": (numbers.Real, 0, None, "left"),
}
_AUTO_BATCH_SIZE = 200


def resolve_device(device):
    """Return the torch device string that ``device`` names, checking that it exists.

    Parameters
    ----------
    device : str
        ``'auto'`` (CUDA when torch sees a GPU, else CPU), ``'cpu'``, ``'cuda'`` or
        ``'cuda:N'``.

    Returns
    -------
    device : str
        ``'cpu'`` or ``'cuda:N'`` (the current GPU's index when none is given).

    Raises
    ------
    ValueError
        If ``device`` is not one of the above, or names a GPU that torch does not see.

    Examples
    --------
    >>> from sklnn.neural_network._base import resolve_device
    >>> resolve_device("cpu")
    'cpu'
    """
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    try:
        parsed = torch.device(device) if isinstance(device, str) else None
    except RuntimeError:
        parsed = None
    if parsed is None or parsed.type not in ("cpu", "cuda"):
        raise ValueError(
            f"Invalid value for 'device': {device!r}. Allowed values are 'auto', 'cpu', "
            "'cuda', 'cuda:N'."
        )
    if parsed.type == "cpu":
        return "cpu"
    n_gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if (parsed.index or 0) >= n_gpus:
        raise ValueError(
            f"device={device!r} needs a CUDA GPU, but torch sees {n_gpus}; use "
            "device='auto' or 'cpu'."
        )
    index = torch.cuda.current_device() if parsed.index is None else parsed.index
    return f"cuda:{index}"


@contextmanager
def _seeded_torch(seed, device):
    """Seed torch's global generators (weight init, dropout) and restore them on exit."""
    device = torch.device(device)
    cuda_devices = []
    if device.type == "cuda":
        cuda_devices = [torch.cuda.current_device() if device.index is None else device.index]
    with torch.random.fork_rng(devices=cuda_devices):
        torch.manual_seed(seed)
        yield


def check_layer_sizes(sizes, name):
    """Return the layer widths ``sizes`` (an int or a sequence of ints ≥ 1) as a tuple."""
    sizes = list(sizes) if isinstance(sizes, Iterable) else [sizes]
    for size in sizes:
        check_number(size, name, kind=numbers.Integral, low=1)
    return tuple(sizes)


def _has_batch_norm(module):
    batch_norm = torch.nn.modules.batchnorm._BatchNorm
    return any(isinstance(layer, batch_norm) for layer in module.modules())


def _load_net(data):
    """Unpickle a net saved by ``torch.save``, onto the CPU where torch sees no GPU."""
    map_location = None if torch.cuda.is_available() else "cpu"
    return torch.load(io.BytesIO(data), map_location=map_location, weights_only=False)


class BaseNeuralEstimator(BaseEstimator):
    """Base of sklnn's neural estimators: validation, the skorch net, training, persistence.

    It takes the training hyperparameters shared by every neural estimator (regularization,
    optimizer, learning-rate schedule, batches, epochs, early stopping, device; see
    :class:`~sklnn.neural_network.MLPClassifier`). Subclasses add the architecture's
    hyperparameters to ``__init__`` (listing the shared ones too, as scikit-learn's
    ``get_params`` reads the signature) and implement ``_check_module_params(n_features)``
    and ``_build_module(n_features, n_outputs, dropout)``; the module takes flat inputs
    ``(batch, n_features)`` and must be built from the layers
    :func:`~sklnn.lipschitz.lipschitz_bound` supports. ``NeuralClassifierMixin`` or
    ``NeuralRegressorMixin`` goes to their left.
    """

    # Samples per forward pass at validation, prediction and attack time.
    _inference_batch_size = 1024

    def __init__(
        self,
        *,
        regularization,
        dropout,
        alpha,
        l1,
        lba_strength,
        lba_resample,
        optimizer,
        learning_rate_init,
        momentum,
        lr_schedule,
        lr_decay,
        lr_step_size,
        lr_end_factor,
        batch_size,
        max_epochs,
        early_stopping,
        patience,
        validation_fraction,
        tol,
        random_state,
        device,
        verbose,
    ):
        self.regularization = regularization
        self.dropout = dropout
        self.alpha = alpha
        self.l1 = l1
        self.lba_strength = lba_strength
        self.lba_resample = lba_resample
        self.optimizer = optimizer
        self.learning_rate_init = learning_rate_init
        self.momentum = momentum
        self.lr_schedule = lr_schedule
        self.lr_decay = lr_decay
        self.lr_step_size = lr_step_size
        self.lr_end_factor = lr_end_factor
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.early_stopping = early_stopping
        self.patience = patience
        self.validation_fraction = validation_fraction
        self.tol = tol
        self.random_state = random_state
        self.device = device
        self.verbose = verbose

    def _check_module_params(self, n_features):
        raise NotImplementedError

    def _build_module(self, n_features, n_outputs, dropout):
        raise NotImplementedError

    def _as_matrix(self, X, *, reset):
        """Return ``X`` as the 2-D array-like of samples that ``validate_data`` checks.

        The identity here; :class:`~sklnn.neural_network.LipschitzCNN` flattens images.
        """
        return X

    def _logs_lipschitz_bound(self):
        """Whether ``history_`` gets a per-epoch ``lipschitz_bound`` column."""
        return self.regularization == "lba"

    def fit(self, X, y):
        """Train the network from scratch on ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training inputs; float32 and float64 are both trained in float32 (predictions
            are computed in the dtype of the ``X`` they are asked for). ``LipschitzCNN``
            also takes images, ``(n_samples, [channels,] height, width)``.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Class labels (classifiers) or targets (regressors).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        X, y = validate_data(
            self,
            self._as_matrix(X, reset=True),
            y,
            dtype=[np.float32, np.float64],
            **self._target_validation,
        )
        y, n_outputs = self._encode_targets(y)
        n_samples, n_features = X.shape
        n_train = self._check_params(n_samples, n_features)
        device = resolve_device(self.device)
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        penalties, dropout = resolve_regularization(self, seed)
        with _seeded_torch(seed, device):
            module = self._build_module(n_features, n_outputs, dropout)
            net = self._make_net(module, n_train, penalties, device, seed)
            net.initialize()
            for penalty in penalties:
                penalty.setup(net.module_, (n_features,))
            net.partial_fit(place_tensor(X, device, torch.float32), place_tensor(y, device))
        self._record_training(net)
        return self

    def _check_params(self, n_samples, n_features):
        """Validate the hyperparameters; return the number of training samples."""
        for name, (kind, low, high, closed) in _NUMBER_PARAMS.items():
            check_number(getattr(self, name), name, kind=kind, low=low, high=high, closed=closed)
        check_option(self.optimizer, "optimizer", OPTIMIZERS)
        check_option(self.lr_schedule, "lr_schedule", LR_SCHEDULES)
        check_option(self.early_stopping, "early_stopping", (True, False))
        check_option(self.verbose, "verbose", (0, 1))
        check_option(self.lba_resample, "lba_resample", ("step", "epoch"))
        if isinstance(self.batch_size, str):
            check_option(self.batch_size, "batch_size", ("auto",))
        else:
            check_number(self.batch_size, "batch_size", kind=numbers.Integral, low=1)
        self._check_module_params(n_features)
        if not self.early_stopping:
            return n_samples
        n_train, _ = split_sizes(n_samples, self.validation_fraction)
        if n_train < 1:
            raise ValueError(
                f"early_stopping=True holds out validation_fraction={self.validation_fraction} "
                f"of the samples and needs at least one more: got {n_samples} sample(s)."
            )
        return n_train

    def _make_net(self, module, n_train, penalties, device, seed):
        batch_norm = _has_batch_norm(module)
        if batch_norm and n_train < 2:
            raise ValueError(
                f"Batch normalisation needs at least 2 training samples, got {n_train} sample."
            )
        optimizer, optimizer_kwargs = optimizer_params(self.optimizer, self.momentum)
        requested_batch_size = _AUTO_BATCH_SIZE if self.batch_size == "auto" else self.batch_size
        return TensorNet(
            module,
            self._criterion,
            optimizer=optimizer,
            lr=self.learning_rate_init,
            max_epochs=self.max_epochs,
            batch_size=min(requested_batch_size, n_train),
            iterator_train=IndexBatchIterator,
            iterator_train__shuffle=True,
            iterator_train__seed=seed,
            iterator_train__min_batch_size=2 if batch_norm else 1,
            iterator_valid=IndexBatchIterator,
            iterator_valid__batch_size=self._inference_batch_size,
            train_split=self._train_split(seed),
            callbacks=self._callbacks(seed),
            penalties=penalties,
            valid_scoring=self._valid_scoring,
            device=device,
            verbose=0,
            **{f"optimizer__{key}": value for key, value in optimizer_kwargs.items()},
        )

    def _train_split(self, seed):
        if not self.early_stopping:
            return None
        return ValidationSplit(
            self.validation_fraction, stratify=is_classifier(self), seed=seed
        )

    def _callbacks(self, seed):
        monitor = "valid_loss" if self.early_stopping else "train_loss"
        scheduler = lr_scheduler_callback(
            self.lr_schedule,
            max_epochs=self.max_epochs,
            decay=self.lr_decay,
            step_size=self.lr_step_size,
            end_factor=self.lr_end_factor,
            learning_rate=self.learning_rate_init,
            monitor=monitor,
            tol=self.tol,
        )
        callbacks = [("progress_bar", EpochProgressBar(self.max_epochs))] if self.verbose else []
        callbacks += [("lr_scheduler", scheduler)] if scheduler is not None else []
        if self._logs_lipschitz_bound():
            logger = LipschitzBoundLogger((self.n_features_in_,), random_state=seed)
            callbacks.append(("lipschitz_bound", logger))
        if self.early_stopping:
            stopper = EarlyStopping(
                monitor=monitor,
                patience=self.patience,
                threshold=self.tol,
                threshold_mode="abs",
                load_best=True,
            )
            callbacks.append(("early_stopping", stopper))
        return callbacks

    def _history_columns(self):
        validation = ["valid_loss", self._valid_scoring[0]] if self.early_stopping else []
        bound = ["lipschitz_bound"] if self._logs_lipschitz_bound() else []
        return ["epoch", "train_loss", *validation, "lr", "dur", *bound]

    def _record_training(self, net):
        self.net_ = net
        columns = self._history_columns()
        self.history_ = pd.DataFrame(
            {column: [epoch.get(column) for epoch in net.history] for column in columns}
        )
        self.loss_curve_ = self.history_["train_loss"].tolist()
        self.n_iter_ = len(self.history_)
        if self.early_stopping:
            self.best_epoch_ = int(dict(net.callbacks_)["early_stopping"].best_epoch_)
        else:
            self.best_epoch_ = int(self.history_["epoch"][self.history_["train_loss"].idxmin()])
        self.lipschitz_bound_ = lipschitz_bound(net.module_, (self.n_features_in_,))

    def _validated_input(self, X):
        """``X`` checked against the fit, as a 2-D float array."""
        check_is_fitted(self)
        X = self._as_matrix(X, reset=False)
        return validate_data(self, X, reset=False, dtype=[np.float64, np.float32])

    def _forward(self, X):
        """Return the module's outputs on ``X`` as a CPU tensor (inference mode).

        Float64 ``X`` is computed in float64, float32 in float32 (see
        :class:`~._net.TensorNet`).
        """
        X = self._validated_input(X)
        return self.net_.forward(TensorDataset(place_tensor(X, "cpu")))

    def _loss_input_gradient(self, X, y):
        """Gradient of the data loss at ``(X, y)`` with respect to each sample of ``X``.

        What gradient attacks (:mod:`sklnn.robustness`) ascend: the training criterion
        (cross-entropy or squared error), summed over the samples so that each sample's
        gradient is its own loss's, with the network in inference mode, in float32 on the
        training device, in batches of ``_inference_batch_size`` samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs, as :meth:`predict` takes them.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Their labels (as in ``classes_``) or targets.

        Returns
        -------
        gradient : ndarray of shape (n_samples, n_features), dtype float32
        """
        X = self._validated_input(X)
        target = self._loss_target(y)
        check_consistent_length(X, target)
        module = self.net_.module_.eval()
        device = next(module.parameters()).device
        criterion = self._criterion(reduction="sum")
        gradients = []
        with torch.enable_grad():
            for start in range(0, len(X), self._inference_batch_size):
                rows = slice(start, start + self._inference_batch_size)
                inputs = torch.tensor(X[rows], dtype=torch.float32, device=device)
                inputs.requires_grad_(True)
                loss = criterion(module(inputs), target[rows].to(device))
                gradients.append(torch.autograd.grad(loss, inputs)[0].cpu())
        return torch.cat(gradients).numpy()

    def __getstate__(self):
        state = super().__getstate__()
        if "net_" in state:
            # torch.save records each tensor's device, and torch.load can remap them all
            # (optimizer state, callbacks and penalties included): a net trained on a GPU
            # unpickles on a machine without one.
            buffer = io.BytesIO()
            torch.save(state["net_"], buffer)
            state = {**state, "net_": buffer.getvalue()}
        return state

    def __setstate__(self, state):
        if isinstance(state.get("net_"), bytes):
            state = {**state, "net_": _load_net(state["net_"])}
        super().__setstate__(state)


class NeuralClassifierMixin(ClassifierMixin):
    """Classification for a :class:`BaseNeuralEstimator`: labels, cross-entropy, probabilities.

    The network has one output unit per class (two for a binary problem) and is trained
    with the cross-entropy of the softmax of its outputs (course textbook, §3.3.1,
    Eq. 3.23).
    """

    _criterion = torch.nn.CrossEntropyLoss
    _valid_scoring = ("valid_acc", valid_accuracy)
    _target_validation = {}

    def _encode_targets(self, y):
        self.classes_, y_encoded = encode_labels(y, estimator_name=type(self).__name__)
        return y_encoded, len(self.classes_)

    def _loss_target(self, y):
        """The class indices of the labels ``y``, as the loss takes them (a tensor)."""
        y = column_or_1d(y)
        indices = np.searchsorted(self.classes_, y).clip(max=len(self.classes_) - 1)
        unknown = self.classes_[indices] != y
        if np.any(unknown):
            raise ValueError(
                f"y holds labels the {type(self).__name__} was not fitted on: "
                f"{np.unique(y[unknown])[:5].tolist()}; its classes_ are "
                f"{self.classes_.tolist()}."
            )
        return torch.as_tensor(indices, dtype=torch.int64)

    def predict_proba(self, X):
        """Return the class probabilities, the softmax of the network's outputs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes), dtype float64
            Columns in the order of ``classes_``; rows sum to 1.
        """
        return torch.softmax(self._forward(X).double(), dim=1).numpy()

    def predict_log_proba(self, X):
        """Return the logarithm of :meth:`predict_proba`, computed stably.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes), dtype float64
        """
        return torch.log_softmax(self._forward(X).double(), dim=1).numpy()

    def predict(self, X):
        """Return the most probable class of each sample, as one of the labels of ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        indices = self._forward(X).argmax(dim=1).numpy()
        return self.classes_[indices]


class NeuralRegressorMixin(RegressorMixin):
    """Regression for a :class:`BaseNeuralEstimator`: one linear output per target, MSE loss.

    ``y`` may be 1-D (one target) or 2-D (several); predictions take the same shape.
    """

    _criterion = torch.nn.MSELoss
    _valid_scoring = ("valid_r2", valid_r2)
    _target_validation = {"multi_output": True, "y_numeric": True}

    def _encode_targets(self, y):
        self._y_ndim = np.ndim(y)
        y = np.asarray(y, dtype=np.float32).reshape(len(y), -1)
        self._n_outputs = y.shape[1]
        return y, y.shape[1]

    def _loss_target(self, y):
        """The targets ``y`` as the loss takes them: a float32 (n_samples, n_outputs) tensor."""
        y = np.asarray(y, dtype=np.float32).reshape(len(y), -1)
        if y.shape[1] != self._n_outputs:
            raise ValueError(
                f"y has {y.shape[1]} target(s) per sample, but the {type(self).__name__} was "
                f"fitted on {self._n_outputs}."
            )
        return torch.from_numpy(y)

    def predict(self, X):
        """Return the predicted targets.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs), dtype float64
            1-D when the training ``y`` was.
        """
        y_pred = self._forward(X).double().numpy()
        return y_pred.ravel() if self._y_ndim == 1 else y_pred

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

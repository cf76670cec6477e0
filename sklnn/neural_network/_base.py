"""Shared machinery of sklnn's neural estimators, composed over skorch.

An estimator here is a scikit-learn ``BaseEstimator`` holding hyperparameters only: those of
scikit-learn's ``MLPClassifier`` and ``MLPRegressor``, with their meaning, plus sklnn's. ``fit``
validates the data and the hyperparameters (before any torch code runs), builds the torch
module in the dtype of ``X`` and a :class:`~._net.TensorNet` (a skorch ``NeuralNet``, stored
as ``net_``), and trains it as scikit-learn's MLP trains: epochs of mini-batches under
scikit-learn's stopping rule (:class:`~._training.TrainingMonitor`), or L-BFGS on the full
batch (:mod:`._lbfgs`). A classifier or regressor mixin from this module supplies the loss,
the target encoding and the predictions.
"""

import io
import math
import warnings
from contextlib import contextmanager
from functools import partial, update_wrapper
from numbers import Integral, Real
from types import MethodType

import numpy as np
import pandas as pd
import torch
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.metrics import r2_score
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils import check_random_state, column_or_1d
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.multiclass import (
    _check_partial_fit_first_call,
    check_classification_targets,
    type_of_target,
    unique_labels,
)
from sklearn.utils.validation import (
    _check_sample_weight,
    check_consistent_length,
    check_is_fitted,
    validate_data,
)

from ..lipschitz import lipschitz_bound
from ..lipschitz._lba import DECAYS, LAYER_POOLS
from ..utils import atomic_fit, labels_of_one_kind
from ._data import (
    IndexBatchIterator,
    IndexSplit,
    TensorDataset,
    place_tensor,
    validation_split,
)
from ._lbfgs import fit_lbfgs
from ._losses import LOSSES
from ._net import LipschitzBoundLogger, TensorNet
from ._optim import LEARNING_RATES, SOLVERS, STOCHASTIC_SOLVERS, optimizer_params
from ._regularization import REGULARIZERS, resolve_regularization
from ._training import TrainingMonitor, init_training_state

_AUTO_BATCH_SIZE = 200
_TORCH_DTYPES = {np.dtype(np.float32): torch.float32, np.dtype(np.float64): torch.float64}


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
        # What torch.manual_seed(seed) does for the devices training can use, without its
        # MPS, XPU and MTIA seeding, nor on a CPU fit its CUDA seeding: that one, where CUDA
        # is not started, queues a callback with a formatted stack trace (half a
        # millisecond a fit, for generators a CPU fit never draws from).
        torch.default_generator.manual_seed(seed)
        if cuda_devices:  # CUDA is started: fork_rng saved the device's generator state
            torch.cuda.manual_seed_all(seed)
        yield


def check_layer_sizes(sizes, name):
    """Return the layer widths ``sizes`` (an int or a sequence of ints ≥ 1) as a tuple.

    Raises
    ------
    TypeError
        If a width is not an integer.
    ValueError
        If a width is below 1.
    """
    sizes = list(sizes) if np.iterable(sizes) else [sizes]
    for size in sizes:
        if not isinstance(size, Integral) or isinstance(size, bool):
            raise TypeError(f"{name} must hold integers, got {sizes} (a {type(size).__name__}).")
    if any(size < 1 for size in sizes):
        raise ValueError(f"{name} must be > 0, got {sizes}.")
    return tuple(int(size) for size in sizes)


def _load_net(data):
    """Unpickle a net saved by ``torch.save``, onto the CPU where torch sees no GPU."""
    map_location = None if torch.cuda.is_available() else "cpu"
    return torch.load(io.BytesIO(data), map_location=map_location, weights_only=False)


def _samples_per_epoch(n_train, sample_weight, split):
    """The samples an epoch trains on, ``t_``'s step: the sum of their weights when they
    have some (an integer weight counts as that many samples)."""
    if sample_weight is None:
        return n_train
    train = slice(None) if split is None else split.train.numpy()
    return float(sample_weight[train].sum())


class _computed_when_read:
    """Decorator of a method that computes a fitted attribute from the trained network:
    the attribute, computed when first read after a fit and then stored in the
    estimator's ``__dict__``, where later reads find it (a non-data descriptor, like
    ``functools.cached_property``).

    Before a fit, reading it raises ``AttributeError`` (``hasattr`` is False), as for any
    fitted attribute. A fit discards the stored value (``_record_training``). Pickling,
    hence ``copy.deepcopy``, keeps it when it was read, and computes nothing: the copy
    computes it from the same weights when read.
    """

    def __init__(self, method):
        self.method = method
        self.name = method.__name__
        self.__doc__ = method.__doc__

    def __get__(self, estimator, owner=None):
        if estimator is None:
            return self
        if "net_" not in vars(estimator):
            raise AttributeError(
                f"{type(estimator).__name__!r} object has no attribute {self.name!r} (not "
                "fitted yet)"
            )
        value = vars(estimator)[self.name] = self.method(estimator)
        return value


def _recorded(history, column):
    """Whether some epoch of a skorch ``history`` recorded ``column``."""
    return any(column in epoch for epoch in history)


def _epoch_of_best(history, column, best):
    """The ``epoch`` of the first row of a skorch ``history`` whose ``column`` is the best
    (``best`` is ``np.nanargmax`` or ``np.nanargmin``; missing values and NaN skipped), or
    None when no row holds a number."""
    values = np.array([epoch.get(column) for epoch in history], dtype=float)  # None: NaN
    if np.isnan(values).all():
        return None
    return int(history[int(best(values))]["epoch"])


class _NoPartialFitWithValidation(AttributeError, ValueError):
    """``partial_fit`` with ``early_stopping=True`` or ``monitor_validation=True``: one epoch
    on the data given holds nothing out. An ``AttributeError`` (so
    ``hasattr(estimator, 'partial_fit')`` is False, as for ``solver='lbfgs'``) that is also
    the ``ValueError`` scikit-learn raises for early stopping."""


class _partial_fit_method:
    """Decorator of ``partial_fit``: available with the stochastic solvers and without a
    validation set, else an ``AttributeError`` saying why (as scikit-learn's
    ``available_if``, which hides the reason behind "has no attribute")."""

    def __init__(self, method):
        self.method = method
        update_wrapper(self, method)

    def __get__(self, estimator, owner=None):
        if estimator is None:
            return self.method
        if estimator.solver not in STOCHASTIC_SOLVERS:
            raise AttributeError(
                f"partial_fit is only available for stochastic optimizers. "
                f"{estimator.solver} is not stochastic."
            )
        for option in ("early_stopping", "monitor_validation"):
            if getattr(estimator, option):
                raise _NoPartialFitWithValidation(f"partial_fit does not support {option}=True")
        return MethodType(self.method, estimator)


class BaseNeuralEstimator(BaseEstimator):
    """Base of sklnn's neural estimators: validation, the skorch net, training, persistence.

    It takes the training hyperparameters shared by every neural estimator (scikit-learn's
    MLP parameters and sklnn's regularization, schedules and device; see
    :class:`~sklnn.neural_network.MLPClassifier`). Subclasses add the architecture's
    hyperparameters to ``__init__`` (listing the shared ones too, as scikit-learn's
    ``get_params`` reads the signature) and implement ``_check_module_params(n_features)``
    and ``_build_module(n_features, n_outputs, dropout)``; the module takes flat inputs
    ``(batch, n_features)`` and must be built from the layers
    :func:`~sklnn.lipschitz.lipschitz_bound` supports. ``NeuralClassifierMixin`` or
    ``NeuralRegressorMixin`` goes to their left.
    """

    _parameter_constraints: dict = {
        "solver": [StrOptions(set(SOLVERS))],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "learning_rate": [StrOptions(set(LEARNING_RATES))],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "early_stopping": ["boolean"],
        "monitor_validation": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            Options(Real, {np.inf}),
        ],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "l1": [Interval(Real, 0, None, closed="left")],
        "lba_strength": [Interval(Real, 0, None, closed="left")],
        "lba_resample": [StrOptions({"step", "epoch"})],
        "lba_layers": [StrOptions(set(LAYER_POOLS))],
        "lba_decay": [StrOptions(set(DECAYS))],
        "regularization": [StrOptions({"auto", *REGULARIZERS}), None],
        "lr_decay": [Interval(Real, 0, 1, closed="neither")],
        "lr_step_size": [Interval(Integral, 1, None, closed="left")],
        "lr_end_factor": [Interval(Real, 0, 1, closed="both")],
        "device": [str],
    }

    # Samples per forward pass at validation, prediction and attack time.
    _inference_batch_size = 1024

    def __init__(
        self,
        *,
        solver,
        alpha,
        batch_size,
        learning_rate,
        learning_rate_init,
        power_t,
        max_iter,
        shuffle,
        random_state,
        tol,
        verbose,
        warm_start,
        momentum,
        nesterovs_momentum,
        early_stopping,
        monitor_validation,
        validation_fraction,
        beta_1,
        beta_2,
        epsilon,
        n_iter_no_change,
        max_fun,
        dropout,
        l1,
        lba_strength,
        lba_resample,
        lba_layers,
        lba_decay,
        regularization,
        lr_decay,
        lr_step_size,
        lr_end_factor,
        device,
    ):
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.monitor_validation = monitor_validation
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.dropout = dropout
        self.l1 = l1
        self.lba_strength = lba_strength
        self.lba_resample = lba_resample
        self.lba_layers = lba_layers
        self.lba_decay = lba_decay
        self.regularization = regularization
        self.lr_decay = lr_decay
        self.lr_step_size = lr_step_size
        self.lr_end_factor = lr_end_factor
        self.device = device

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

    @atomic_fit(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Train the network on ``(X, y)``: from scratch, or on from the last fit with
        ``warm_start=True``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training inputs. The network trains in X's dtype: float32 stays float32, other
            inputs are trained in float64, as scikit-learn computes. A sparse matrix is
            densified one mini-batch at a time. ``LipschitzCNN`` also takes images,
            ``(n_samples, [channels,] height, width)``.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Class labels (classifiers: a label indicator matrix for multilabel problems) or
            targets (regressors).
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample in the loss (the validation score too, with early
            stopping): an integer weight counts as that many copies of the sample. None
            weighs every sample 1.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit(X, y, sample_weight, incremental=False)

    def _fit(self, X, y, sample_weight, incremental):
        """Validate, then train (one epoch when ``incremental``): scikit-learn's ``_fit``."""
        self._check_training_params()
        device = resolve_device(self.device)
        first_pass = not self._has_weights() or (not self.warm_start and not incremental)
        X, y = validate_data(
            self,
            self._as_matrix(X, reset=first_pass),
            y,
            accept_sparse=["csr", "csc"],
            multi_output=True,
            dtype=(np.float64, np.float32),
            reset=first_pass,
            **self._target_validation,
        )
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        targets = self._encode_targets(y, X.dtype, reset=first_pass, incremental=incremental)
        n_samples, n_features = X.shape
        self._check_module_params(n_features)
        # One random stream, drawn in scikit-learn's order: initial weights, split, the rest.
        random_state = check_random_state(self.random_state)
        previous = None if first_pass else getattr(self, "net_", None)
        initial = None
        if previous is None:
            initial = self._initial_weights(random_state, n_features, draw=first_pass)
        split = self._split(targets, n_samples, random_state, incremental)
        seed = random_state.randint(np.iinfo(np.int32).max)
        n_train = n_samples if split is None else len(split.train)
        dataset = TensorDataset(
            place_tensor(X, device, _TORCH_DTYPES[X.dtype]),
            place_tensor(targets, device),
            None if sample_weight is None else place_tensor(sample_weight, device),
        )
        with _seeded_torch(seed, device):  # the module's initialisation, dropout's draws
            if incremental and previous is not None:
                net = previous  # partial_fit goes on with the same optimizer
            else:
                net = self._make_net(X.dtype, n_features, device, seed, previous, initial)
            self._configure_net(net, n_train, split, seed)
            if self.solver == "lbfgs":
                fit_lbfgs(self, net, dataset)
            else:
                n_seen = _samples_per_epoch(n_train, sample_weight, split)
                self._fit_stochastic(net, dataset, n_seen, incremental)
        self._check_finite(net)
        self._record_training(net)
        return self

    def _check_training_params(self):
        """Cross-parameter checks of the training options."""
        if self.solver != "lbfgs":
            return
        if self.monitor_validation:
            raise ValueError(
                "monitor_validation=True evaluates a validation set after each epoch of a "
                "stochastic solver; solver='lbfgs' runs no epochs. Use a stochastic solver "
                "such as 'adam', or set monitor_validation=False."
            )
        _, dropout = resolve_regularization(self)
        stochastic = {
            "dropout": dropout > 0,
            "batch_norm": self.batch_norm,
            "regularization='lba'": self.regularization == "lba",
        }
        for option, used in stochastic.items():
            if used:
                raise ValueError(
                    f"solver='lbfgs' minimises the deterministic full-batch loss and cannot "
                    f"train with {option} (which draws at random, or normalises mini-batches); "
                    "use a stochastic solver such as 'adam', or turn the option off."
                )

    def _holds_out_validation(self):
        """Whether ``fit`` holds out ``validation_fraction`` of the samples."""
        return (self.early_stopping or self.monitor_validation) and self.solver != "lbfgs"

    def _split(self, targets, n_samples, random_state, incremental):
        """The validation split of the training samples (early stopping, monitoring), or
        None."""
        if incremental or not self._holds_out_validation():
            return None
        train, valid = validation_split(
            n_samples,
            self.validation_fraction,
            stratify=self._stratification(targets),
            random_state=random_state,
        )
        return IndexSplit(train, valid)

    def _stratification(self, targets):
        """Labels the early-stopping split keeps the proportions of (None: a random split)."""
        return None

    def _batch_size(self, n_train):
        """``batch_size``, clipped to the training set as scikit-learn clips it."""
        if self.solver == "lbfgs":
            return n_train
        if self.batch_size == "auto":
            return min(_AUTO_BATCH_SIZE, n_train)
        if self.batch_size > n_train:
            warnings.warn(
                "Got `batch_size` less than 1 or larger than sample size. It is going to be "
                "clipped",
                stacklevel=2,
            )
        return min(self.batch_size, n_train)

    def _has_weights(self):
        """Whether training can go on from weights: a fitted network's."""
        return hasattr(self, "net_")

    def _initial_weights(self, random_state, n_features, *, draw):
        """Weights for a new network, or None for the module's own initialisation."""
        return None

    def _set_weights(self, module, weights):
        raise NotImplementedError

    def _make_net(self, dtype, n_features, device, seed, previous, initial=None):
        """Build the net: a new module (with the ``initial`` weights when given), or the
        previous fit's module with ``warm_start``.

        A new net has a new optimizer, as scikit-learn makes one at each ``fit``.
        """
        penalties, dropout = resolve_regularization(self, seed)
        if previous is None:
            module = self._build_module(n_features, self.n_outputs_, dropout)
            module = module.to(_TORCH_DTYPES[np.dtype(dtype)])
            if initial is not None:
                self._set_weights(module, initial)
        else:
            module = previous.module_
        optimizer, optimizer_kwargs = optimizer_params(self)
        net = TensorNet(
            module,
            LOSSES[self.out_activation_],
            optimizer=optimizer,
            lr=self.learning_rate_init,
            max_epochs=self.max_iter,
            iterator_train=IndexBatchIterator,
            iterator_valid=IndexBatchIterator,
            iterator_valid__batch_size=self._inference_batch_size,
            callbacks=self._callbacks(seed),
            penalties=penalties,
            scoring=self._scoring(),
            device=device,
            verbose=0,
            **{f"optimizer__{key}": value for key, value in optimizer_kwargs.items()},
        )
        net.initialize()
        for penalty in penalties:
            penalty.setup(net.module_, (n_features,))
        if previous is None:
            init_training_state(self)
        else:
            net.history = previous.history
        return net

    def _configure_net(self, net, n_train, split, seed):
        """Set what may change between calls: the split, batches and shuffling."""
        batch_norm = any(
            isinstance(layer, torch.nn.modules.batchnorm._BatchNorm)
            for layer in net.module_.modules()
        )
        if batch_norm and n_train < 2:
            raise ValueError(
                f"Batch normalisation needs at least 2 training samples, got {n_train} sample."
            )
        batch_size = self._batch_size(n_train)
        if batch_norm and batch_size < 2:
            raise ValueError(
                "batch_norm=True normalises each mini-batch by its own mean and variance, "
                f"which needs batch_size >= 2; got batch_size={batch_size}."
            )
        net.train_split = split
        net.score_training_set = self.monitor_validation and split is not None
        net.batch_size = batch_size
        net.iterator_train__shuffle = self.shuffle
        net.iterator_train__seed = seed
        net.iterator_train__min_batch_size = 2 if batch_norm else 1

    def _callbacks(self, seed):
        if not self._logs_lipschitz_bound():
            return []
        logger = LipschitzBoundLogger((self.n_features_in_,), random_state=seed)
        return [("lipschitz_bound", logger)]

    def _fit_stochastic(self, net, dataset, n_seen, incremental):
        """Epochs of mini-batches under scikit-learn's stopping rule; ``n_seen`` samples
        an epoch (see :func:`_samples_per_epoch`)."""
        monitor = TrainingMonitor(self, n_seen, incremental=incremental)
        net.train_epochs(dataset, 1 if incremental else self.max_iter, monitor)

    def _check_finite(self, net):
        """Refuse a training that diverged: non-finite weights (or batch-norm statistics), or
        a non-finite loss at the weights kept (early stopping keeps the best epoch's weights
        instead, as scikit-learn does, and ``loss_`` then records the divergence)."""
        state = net.module_.state_dict().values()
        weights = all(torch.isfinite(t).all() for t in state if t.is_floating_point())
        kept_best = self.early_stopping and self.solver != "lbfgs"
        if weights and (kept_best or math.isfinite(self.loss_)):
            return
        raise ValueError(
            "Solver produced non-finite parameter weights. The input data may contain large "
            "values and need to be preprocessed (e.g. with StandardScaler), or "
            "learning_rate_init, or the penalty (alpha, l1, lba_strength), is too large: the "
            f"training loss was not finite after {self.n_iter_} iteration(s). The estimator "
            "is left as it was before this fit."
        )

    def _history_columns(self, net):
        """``epoch``, ``train_loss`` and ``dur``, and the other columns training recorded."""
        score = net.scoring[0]
        evaluations = ["train_data_loss", f"train_{score}", "valid_loss", f"valid_{score}"]
        bound = ["lipschitz_bound"] if self._logs_lipschitz_bound() else []
        columns = ["epoch", "train_loss", *evaluations, "lr", "dur", *bound]
        recorded = {column for row in net.history for column in row}
        return [c for c in columns if c in recorded or c in ("epoch", "train_loss", "dur")]

    def _record_training(self, net):
        self.net_ = net
        self._record_parameters(net.module_)
        columns = self._history_columns(net)
        self.history_ = pd.DataFrame(
            {column: [epoch.get(column) for epoch in net.history] for column in columns}
        )
        self.best_epoch_ = self._best_epoch(net)
        vars(self).pop("lipschitz_bound_", None)  # the previous fit's, computed again when read

    @_computed_when_read
    def lipschitz_bound_(self):
        # Computed when first read rather than at the end of every fit: its SVDs (Lanczos
        # runs for a CNN) and dummy forward pass are 0.6 ms of a 4 ms one-epoch fit of a
        # 100-unit MLP on iris, 14 ms for LipschitzCNN's default network.
        return lipschitz_bound(self.net_.module_, (self.n_features_in_,))

    def _record_parameters(self, module):
        """Set the fitted attributes that describe the trained weights (none here)."""

    def _best_epoch(self, net):
        """The epoch (from 1) whose weights the model keeps with early stopping (0: the
        initial ones), else the epoch of the lowest training loss."""
        column = f"valid_{net.scoring[0]}"
        if self.early_stopping and self.solver != "lbfgs" and _recorded(net.history, column):
            best = _epoch_of_best(net.history, column, np.nanargmax)
        else:
            best = _epoch_of_best(net.history, "train_loss", np.nanargmin)
        return 0 if best is None else best

    def _validated_input(self, X):
        """``X`` checked against the fit, as a 2-D float array (sparse stays sparse)."""
        check_is_fitted(self)
        X = self._as_matrix(X, reset=False)
        return validate_data(
            self, X, reset=False, accept_sparse=["csr", "csc"], dtype=[np.float64, np.float32]
        )

    def _forward(self, X):
        """Return the module's raw outputs on ``X`` as a CPU tensor (inference mode).

        Computed in the wider of X's dtype and the network's (see :class:`~._net.TensorNet`).
        """
        X = self._validated_input(X)
        return self.net_.forward(TensorDataset(place_tensor(X, "cpu")))

    def _loss_input_gradient(self, X, y):
        """Gradient of the data loss at ``(X, y)`` with respect to each sample of ``X``.

        What gradient attacks (:mod:`sklnn.robustness`) ascend: the training loss
        (cross-entropy, or the regressor's loss), summed over the samples so that each
        sample's gradient is its own loss's, with the network in inference mode, in its
        dtype on the training device, in batches of ``_inference_batch_size`` samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs, as :meth:`predict` takes them.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Their labels (as in ``classes_``) or targets.

        Returns
        -------
        gradient : ndarray of shape (n_samples, n_features)
        """
        X = self._validated_input(X)
        target = self._loss_target(y)
        check_consistent_length(X, target)
        module = self.net_.module_.eval()
        parameter = next(module.parameters())
        if target.is_floating_point():
            target = target.to(parameter.dtype)
        loss = self.net_.criterion_.per_sample
        gradients = []
        with torch.enable_grad():
            for start in range(0, len(X), self._inference_batch_size):
                rows = slice(start, start + self._inference_batch_size)
                inputs = torch.tensor(X[rows], dtype=parameter.dtype, device=parameter.device)
                inputs.requires_grad_(True)
                batch_loss = loss(module(inputs), target[rows].to(parameter.device)).sum()
                gradients.append(torch.autograd.grad(batch_loss, inputs)[0].cpu())
        return torch.cat(gradients).numpy()

    def __getstate__(self):
        state = super().__getstate__()
        if "net_" in state:
            # torch.save records each tensor's device, and torch.load can remap them all
            # (optimizer state, callbacks and penalties included): a net trained on a GPU
            # unpickles on a machine without one.
            buffer = io.BytesIO()
            torch.save({"net": state["net_"], "best": state.get("_best_state")}, buffer)
            state = {**state, "net_": buffer.getvalue(), "_best_state": None}
        return state

    def __setstate__(self, state):
        if isinstance(state.get("net_"), bytes):
            saved = _load_net(state["net_"])
            state = {**state, "net_": saved["net"], "_best_state": saved["best"]}
        super().__setstate__(state)


def accuracy(out_activation, y_true, z, sample_weight):
    """The (weighted) accuracy of the raw outputs ``z`` against the encoded targets.

    Subset accuracy for multilabel targets, as scikit-learn's ``accuracy_score``.
    """
    if out_activation == "softmax":
        correct = z.argmax(dim=1) == y_true
    else:
        correct = ((z > 0) == (y_true > 0.5)).all(dim=1)
    correct = correct.double()
    if sample_weight is None:
        return correct.mean().item()
    sample_weight = sample_weight.double()
    return ((correct * sample_weight).sum() / sample_weight.sum()).item()


def r2(out_activation, y_true, z, sample_weight):
    """The (weighted) R² of the predictions of ``z``; NaN if any is not finite."""
    y_pred = torch.exp(z) if out_activation == "exp" else z
    if not torch.isfinite(y_pred).all():
        return math.nan
    weight = None if sample_weight is None else sample_weight.cpu().numpy()
    return float(r2_score(y_true.cpu().numpy(), y_pred.cpu().numpy(), sample_weight=weight))


def _binarize_fitted_labels(label_binarizer, y):
    """``label_binarizer.transform(y)`` for the labels ``y`` it was just fitted on.

    The same indicator matrix (one column per class, one column of the second class for
    two, a column of zeros for one; a multilabel ``y`` as it is), without validating
    ``y`` a third time: ``transform`` finds its type twice more, half a millisecond,
    as much as the rest of a small network's set-up.
    """
    if label_binarizer.y_type_ == "multilabel-indicator":
        return (y.toarray() if sparse.issparse(y) else np.asarray(y)).astype(int)
    classes = label_binarizer.classes_
    if len(classes) == 1:
        return np.zeros((len(y), 1), dtype=int)
    columns = classes[1:] if len(classes) == 2 else classes
    return (np.asarray(y).reshape(-1, 1) == columns).astype(int)


class NeuralClassifierMixin(ClassifierMixin):
    """Classification for a :class:`BaseNeuralEstimator`, as scikit-learn's MLPClassifier.

    The labels are binarized (``LabelBinarizer``): a multiclass problem has one output per
    class and the softmax cross-entropy (course textbook, §3.3.1, Eq. 3.23); a binary
    problem has one logistic output, and a multilabel one (``y`` a label indicator matrix)
    one logistic output per label, with the binary cross-entropy (``out_activation_``).
    """

    _target_validation = {}

    def _scoring(self):
        return "acc", partial(accuracy, self.out_activation_)

    def _encode_targets(self, y, dtype, *, reset, incremental):
        """Binarize the labels (checking them against the fit's); return the loss targets."""
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        with labels_of_one_kind(type(self).__name__):
            check_classification_targets(y)
            if not hasattr(self, "classes_") or (reset and not incremental):
                self._label_binarizer = LabelBinarizer().fit(y)
                self.classes_ = self._label_binarizer.classes_
                indicator = _binarize_fitted_labels(self._label_binarizer, y)
            else:
                self._check_known_classes(y)
                indicator = self._label_binarizer.transform(y)
        self._stratify_labels = indicator.astype(bool)
        if reset:
            self.n_outputs_ = indicator.shape[1]
            multiclass = self._label_binarizer.y_type_ == "multiclass"
            self.out_activation_ = "softmax" if multiclass else "logistic"
        return self._loss_encoding(indicator, dtype)

    def _check_known_classes(self, y):
        classes = unique_labels(y)
        if self.warm_start:
            if set(classes) != set(self.classes_):
                raise ValueError(
                    "warm_start can only be used where `y` has the same classes as in the "
                    f"previous call to fit. Previously got {self.classes_}, `y` has {classes}"
                )
        elif len(np.setdiff1d(classes, self.classes_, assume_unique=True)):
            raise ValueError(
                f"`y` has classes not in `self.classes_`. `self.classes_` has {self.classes_}."
                f" 'y' has {classes}."
            )

    def _loss_encoding(self, indicator, dtype):
        if self.out_activation_ == "softmax":
            return indicator.argmax(axis=1).astype(np.int64)
        return indicator.astype(dtype)

    def _stratification(self, targets):
        # As scikit-learn's: stratified on the binarized labels of a binary problem (one
        # output unit), a plain random split for multiclass and multilabel y.
        return self._stratify_labels if self.n_outputs_ == 1 else None

    def _loss_target(self, y):
        """The labels ``y`` encoded as the loss takes them (a tensor)."""
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y.ravel()
        multilabel = self._label_binarizer.y_type_.startswith("multilabel")
        if (y.ndim == 2) != multilabel:
            expected = "a label indicator matrix" if multilabel else "one label per sample"
            raise ValueError(
                f"y has shape {y.shape}, but the {type(self).__name__} was fitted on "
                f"{expected}."
            )
        labels = unique_labels(y)
        unknown = np.setdiff1d(labels, self.classes_)
        if len(unknown):
            raise ValueError(
                f"y holds labels the {type(self).__name__} was not fitted on: "
                f"{unknown[:5].tolist()}; its classes_ are {self.classes_.tolist()}."
            )
        indicator = self._label_binarizer.transform(y)
        return torch.as_tensor(self._loss_encoding(indicator, np.float64))

    @_partial_fit_method
    @atomic_fit(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Update the model with one epoch over ``(X, y)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input data.
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            The labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample in the loss.
        classes : array-like of shape (n_classes,), default=None
            Every class of all the calls to ``partial_fit`` (e.g. ``np.unique(y_all)``):
            required at the first call, optional afterwards; ``y`` need not hold them all.

        Returns
        -------
        self : object
            The updated estimator.
        """
        if _check_partial_fit_first_call(self, classes):
            self._label_binarizer = LabelBinarizer()
            if type_of_target(y).startswith("multilabel"):
                self._label_binarizer.fit(y)
            else:
                self._label_binarizer.fit(classes)
        return self._fit(X, y, sample_weight, incremental=True)

    def predict_proba(self, X):
        """Return the class probabilities.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``: the softmax of the outputs, or for a
            binary problem ``[1 - p, p]`` with p the logistic output, or for a multilabel
            one each label's logistic output (rows need not sum to 1). A model trained on
            a single class gives one column of ones (scikit-learn gives two columns).
        """
        z = self._forward(X)
        if self.out_activation_ == "softmax":
            return torch.softmax(z, dim=1).numpy()
        if len(self.classes_) == 1:  # trained on one class: certain of it
            return np.ones((len(z), 1), dtype=z.numpy().dtype)
        if self.n_outputs_ == 1:
            return torch.cat([torch.sigmoid(-z), torch.sigmoid(z)], dim=1).numpy()
        return torch.sigmoid(z).numpy()

    def predict_log_proba(self, X):
        """Return ``log(predict_proba(X))``, as scikit-learn.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        proba = self.predict_proba(X)
        return np.log(proba, out=proba)


    def predict(self, X):
        """Return the most probable class of each sample (the labels above ½, multilabel).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_labels)
            Labels of ``y``'s kind.
        """
        z = self._forward(X)
        scores = z if self.out_activation_ == "softmax" else (z > 0).double()
        return self._label_binarizer.inverse_transform(scores.numpy())

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        tags.input_tags.sparse = True
        return tags


class NeuralRegressorMixin(RegressorMixin):
    """Regression for a :class:`BaseNeuralEstimator`, as scikit-learn's MLPRegressor.

    One output per target: identity output and half the squared error
    (``loss='squared_error'``), or exponential output and half the Poisson deviance
    (``loss='poisson'``). ``y`` may be 1-D (one target) or 2-D (several).
    """

    _target_validation = {"y_numeric": True}

    def _scoring(self):
        return "r2", partial(r2, self.out_activation_)

    def _encode_targets(self, y, dtype, *, reset, incremental):
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        if self.loss == "poisson" and np.any(y < 0):
            raise ValueError("loss='poisson' requires y >= 0 (counts or rates).")
        y = np.asarray(y, dtype=dtype).reshape(len(y), -1)
        if reset:
            self.n_outputs_ = y.shape[1]
            self.out_activation_ = "exp" if self.loss == "poisson" else "identity"
        elif y.shape[1] != self.n_outputs_:
            raise ValueError(
                f"y has {y.shape[1]} target(s) per sample, but the {type(self).__name__} was "
                f"fitted on {self.n_outputs_}."
            )
        return y

    def _loss_target(self, y):
        """The targets ``y`` as the loss takes them: a (n_samples, n_outputs) tensor."""
        try:
            y = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"y must hold the {type(self).__name__}'s numeric targets: {error}"
            ) from error
        if y.shape[1] != self.n_outputs_:
            raise ValueError(
                f"y has {y.shape[1]} target(s) per sample, but the {type(self).__name__} was "
                f"fitted on {self.n_outputs_}."
            )
        return torch.as_tensor(y)

    @_partial_fit_method
    @atomic_fit(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """Update the model with one epoch over ``(X, y)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            The targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample in the loss.

        Returns
        -------
        self : object
            The updated estimator.
        """
        return self._fit(X, y, sample_weight, incremental=True)

    def predict(self, X):
        """Return the predicted targets.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            1-D for a single target; in the dtype the network computes in.
        """
        z = self._forward(X)
        y_pred = torch.exp(z) if self.out_activation_ == "exp" else z
        y_pred = y_pred.numpy()
        return y_pred.ravel() if y_pred.shape[1] == 1 else y_pred

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.input_tags.sparse = True
        return tags

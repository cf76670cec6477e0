"""Multilayer perceptrons: ``MLPClassifier`` and ``MLPRegressor``, trained through skorch."""

import numbers
from collections.abc import Iterable

from ..utils import check_number, check_option
from ._base import BaseNeuralEstimator, NeuralClassifierMixin, NeuralRegressorMixin
from ._modules import ACTIVATIONS, MLP

_PARAMETERS_DOC = """
    hidden_layer_sizes : int or sequence of int, default=(100,)
        Width of each hidden layer; ``()`` gives a linear model.
    activation : {'relu', 'sigmoid', 'tanh', 'leaky_relu', 'elu', 'softplus', \
'identity'}, default='relu'
        Activation of the hidden layers (textbook §3.3, Eqs. 3.20-3.22; group report 004).
    dropout : float in [0, 1), default=0.0
        Probability of zeroing each hidden unit during training (never at prediction).
    batch_norm : bool, default=False
        Batch normalisation of each hidden layer before its activation (textbook §3.5.7).
        Prediction uses the running statistics, so it is the same whatever the batch.
    alpha : float, default=1e-4
        Strength of the L2 penalty ``alpha · ½ Σ_l ‖W_l‖²_F`` on the weight matrices (not the
        biases), added to the mean loss of each mini-batch; not divided by the batch size,
        so its gradient is SGD's weight decay ``alpha · W``. scikit-learn's MLP divides its
        penalty by the batch size (and halves the squared error): its ``alpha=a`` is
        ``a / batch_size`` here for classification, ``2a / batch_size`` for regression.
    l1 : float, default=0.0
        Strength of the L1 penalty ``l1 · Σ_l Σ_ij |W_l,ij|`` on the weight matrices.
    regularization : {'auto', None, 'l2', 'l1', 'dropout'}, default='auto'
        Which regularization trains the network. ``'auto'`` applies every one of L2
        (``alpha``), L1 (``l1``) and dropout (``dropout``) whose strength is non-zero;
        ``None`` applies none of them; a name applies that one alone, with its strength
        (which must then be positive). A grid search over ``regularization`` thus compares
        the techniques one at a time, each at the strength set on the estimator.
    optimizer : {'sgd', 'momentum', 'nesterov', 'adagrad', 'adadelta', 'rmsprop', 'adam', \
'adamw'}, default='adam'
        The torch optimizer (textbook §3.9): plain mini-batch SGD, SGD with (Nesterov)
        momentum ``momentum``, or an adaptive method with torch's defaults. ``'adamw'`` is
        ``torch.optim.AdamW``, with its own decoupled weight decay 0.01 besides ``alpha``.
        Adadelta is usually run with ``learning_rate_init=1.0``.
    learning_rate_init : float, default=1e-3
        Initial learning rate η₀.
    momentum : float in [0, 1), default=0.9
        ρ of the momentum and Nesterov optimizers (textbook Eqs. 3.54-3.57).
    lr_schedule : {'constant', 'linear', 'exponential', 'step', 'cosine', 'plateau'}, \
default='constant'
        Learning rate per epoch t (from 0), with T = ``max_epochs - 1``:
        ``'linear'`` η₀ - t·(η₀ - η_f)/T (η_f = ``lr_end_factor``·η₀, student report
        001 Eq. 9); ``'exponential'`` η₀·γᵗ (Eq. 10, γ = ``lr_decay``); ``'step'``
        η₀·γ^⌊t / ``lr_step_size``⌋; ``'cosine'`` η_f + (η₀ - η_f)(1 + cos(πt/T))/2;
        ``'plateau'`` multiplies by γ after ``lr_step_size`` epochs without an improvement
        larger than ``tol`` of the validation loss (training loss without early stopping).
    lr_decay : float in (0, 1), default=0.9
        γ of the exponential, step and plateau schedules.
    lr_step_size : int, default=10
        Epochs between two decays (``'step'``), or without improvement before a decay
        (``'plateau'``).
    lr_end_factor : float in [0, 1], default=0.01
        Final learning rate of the linear and cosine schedules, as a fraction of η₀.
    batch_size : int or 'auto', default='auto'
        Samples per mini-batch; ``'auto'`` is ``min(200, n_samples)``, as in scikit-learn.
    max_epochs : int, default=200
        Passes over the training data (fewer with early stopping).
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data (stratified for classifiers),
        stop when the validation loss has not improved by more than ``tol`` for ``patience``
        epochs, and keep the weights of the best epoch. Without it, training runs
        ``max_epochs`` epochs.
    patience : int, default=10
        Epochs without improvement before early stopping.
    validation_fraction : float in (0, 1), default=0.1
        Share of the training data held out for early stopping.
    tol : float, default=1e-4
        Smallest decrease of the monitored loss counted as an improvement.
    random_state : int, RandomState instance or None, default=None
        Seeds the weight initialisation, the mini-batch order, dropout and the validation
        split. The same value gives the same model on the CPU.
    device : str, default='auto'
        ``'auto'`` (a CUDA GPU when torch sees one, else the CPU), ``'cpu'``, ``'cuda'`` or
        ``'cuda:N'``. The data go to the GPU whole when they fit, else batch by batch.
    verbose : {0, 1}, default=0
        1 shows a progress bar over the epochs.
"""

_ATTRIBUTES_DOC = """
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when ``X`` had string column names.
    net_ : skorch.NeuralNet
        The trained skorch net; ``net_.module_`` is the torch module (an ``MLP``).
    history_ : pandas.DataFrame
        One row per epoch: ``epoch``, ``train_loss`` (mean over the epoch's mini-batches of
        the objective minimised: data loss plus penalties, with dropout active),
        ``valid_loss`` and ``{valid_column}`` (with early stopping), ``lr`` (the learning
        rate of the epoch) and ``dur`` (seconds).
    loss_curve_ : list of float
        ``history_['train_loss']``.
    best_epoch_ : int
        With early stopping, the epoch (from 1) of the lowest validation loss, whose
        weights the model keeps; otherwise the epoch of the lowest training loss (the model
        keeps the last epoch's weights).
    n_iter_ : int
        Number of epochs run.
"""


def _document(cls):
    """Fill the shared Parameters and Attributes sections into the docstring of ``cls``."""
    valid_column = cls._valid_scoring[0]
    cls.__doc__ = cls.__doc__.replace("    {parameters}\n", _PARAMETERS_DOC[1:]).replace(
        "    {attributes}\n", _ATTRIBUTES_DOC[1:].replace("{valid_column}", valid_column)
    )
    return cls


class _BaseMLP(BaseNeuralEstimator):
    """Hyperparameters and module of the multilayer perceptrons."""

    def __init__(
        self,
        *,
        hidden_layer_sizes=(100,),
        activation="relu",
        dropout=0.0,
        batch_norm=False,
        alpha=1e-4,
        l1=0.0,
        regularization="auto",
        optimizer="adam",
        learning_rate_init=1e-3,
        momentum=0.9,
        lr_schedule="constant",
        lr_decay=0.9,
        lr_step_size=10,
        lr_end_factor=0.01,
        batch_size="auto",
        max_epochs=200,
        early_stopping=False,
        patience=10,
        validation_fraction=0.1,
        tol=1e-4,
        random_state=None,
        device="auto",
        verbose=0,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.dropout = dropout
        self.batch_norm = batch_norm
        self.alpha = alpha
        self.l1 = l1
        self.regularization = regularization
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

    def _hidden_layer_sizes(self):
        sizes = self.hidden_layer_sizes
        sizes = list(sizes) if isinstance(sizes, Iterable) else [sizes]
        for size in sizes:
            check_number(size, "hidden_layer_sizes", kind=numbers.Integral, low=1)
        return tuple(sizes)

    def _check_module_params(self):
        self._hidden_layer_sizes()
        check_option(self.activation, "activation", ACTIVATIONS)
        check_option(self.batch_norm, "batch_norm", (True, False))

    def _build_module(self, n_features, n_outputs, dropout):
        return MLP(
            n_features,
            self._hidden_layer_sizes(),
            n_outputs,
            activation=self.activation,
            dropout=dropout,
            batch_norm=self.batch_norm,
        )


@_document
class MLPClassifier(NeuralClassifierMixin, _BaseMLP):
    """Multilayer perceptron classifier trained with mini-batch gradient descent, on skorch.

    Dense hidden layers with a non-linear activation, then one output per class; training
    minimises the cross-entropy of the softmax of the outputs (course textbook, §3.3,
    Eq. 3.23 and Code 3.2) by backpropagation with the chosen optimizer (§3.9), plus the
    selected regularization. Runs on a CUDA GPU when one is present.

    Parameters
    ----------
    {parameters}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, in the order of ``predict_proba``'s columns.
    {attributes}

    See Also
    --------
    MLPRegressor : The same network for regression.
    sklearn.neural_network.MLPClassifier : scikit-learn's NumPy implementation.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklnn.neural_network import MLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> model = make_pipeline(
    ...     StandardScaler(),
    ...     MLPClassifier(hidden_layer_sizes=(16,), learning_rate_init=0.01, max_epochs=50,
    ...                   random_state=0, device="cpu"),
    ... ).fit(X, y)
    >>> model.score(X, y) > 0.9
    True
    >>> model[-1].history_.columns.tolist()
    ['epoch', 'train_loss', 'lr', 'dur']
    """


@_document
class MLPRegressor(NeuralRegressorMixin, _BaseMLP):
    """Multilayer perceptron regressor trained with mini-batch gradient descent, on skorch.

    Dense hidden layers with a non-linear activation, then one linear output per target;
    training minimises the mean squared error by backpropagation with the chosen optimizer
    (course textbook, §3.3 and §3.9), plus the selected regularization. Runs on a CUDA GPU
    when one is present.

    Parameters
    ----------
    {parameters}

    Attributes
    ----------
    {attributes}

    See Also
    --------
    MLPClassifier : The same network for classification.
    sklearn.neural_network.MLPRegressor : scikit-learn's NumPy implementation.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.neural_network import MLPRegressor
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(-1, 1, size=(200, 2))
    >>> y = X[:, 0] ** 2 + X[:, 1]
    >>> model = MLPRegressor(hidden_layer_sizes=(32,), learning_rate_init=0.01,
    ...                      max_epochs=200, random_state=0, device="cpu").fit(X, y)
    >>> model.score(X, y) > 0.9
    True
    >>> model.predict(X[:3]).shape
    (3,)
    """

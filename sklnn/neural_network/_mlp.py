"""Multilayer perceptrons: ``MLPClassifier`` and ``MLPRegressor``, trained through skorch."""

from functools import partial
from numbers import Integral

import numpy as np
import torch
from sklearn.utils._param_validation import Interval, StrOptions
from torch import nn

from ._base import (
    BaseNeuralEstimator,
    NeuralClassifierMixin,
    NeuralRegressorMixin,
    check_layer_sizes,
)
from ._docs import document
from ._modules import ACTIVATIONS, MLP, check_normalization, glorot_uniform

_ARCHITECTURE_PARAMETERS_DOC = """
    hidden_layer_sizes : array-like of shape (n_layers - 2,) or int, default=(100,)
        Width of each hidden layer; ``()`` gives a linear model.
    activation : {'identity', 'logistic', 'tanh', 'relu', 'leaky_relu', 'elu', \
'softplus'}, default='relu'
        Activation of the hidden layers: scikit-learn's four (``'logistic'`` is the
        sigmoid 1 / (1 + e⁻ˣ)), then those of the group report 004 (textbook §3.3,
        Eqs. 3.20-3.22).
    batch_norm : bool, default=False
        Batch normalisation of each hidden layer before its activation (textbook §3.5.7),
        with each sample counted by its weight; prediction uses the running statistics, so
        it is the same whatever the batch.
    layer_norm : bool, default=False
        Layer normalisation of each hidden layer before its activation (textbook §3.5.7):
        each sample is normalised by the mean and variance of its own pre-activations
        (``torch.nn.LayerNorm``, ε = 1e-5), so training and prediction compute the same
        function, any batch size works and ``solver='lbfgs'`` may use it. Not together with
        ``batch_norm``. Each such layer multiplies ``lipschitz_bound_`` by its exact
        constant, at most ``max |γ| / √ε`` (about 316 for γ = 1): it is reached on
        pre-activations that are all equal.
"""


class _BaseMLP(BaseNeuralEstimator):
    """Hyperparameters, module and weight attributes of the multilayer perceptrons."""

    _parameter_constraints: dict = {
        **BaseNeuralEstimator._parameter_constraints,
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "batch_norm": ["boolean"],
        "layer_norm": ["boolean"],
    }
    _bound_logging_doc = "with ``regularization='lba'``"

    def _hidden_layer_sizes(self):
        return check_layer_sizes(self.hidden_layer_sizes, "hidden_layer_sizes")

    def _check_module_params(self, n_features):
        self._hidden_layer_sizes()

    def _check_training_params(self):
        check_normalization(self.batch_norm, self.layer_norm)
        super()._check_training_params()

    def _build_module(self, n_features, n_outputs, dropout):
        return MLP(
            n_features,
            self._hidden_layer_sizes(),
            n_outputs,
            activation=self.activation,
            dropout=dropout,
            batch_norm=self.batch_norm,
            layer_norm=self.layer_norm,
        )

    def _has_weights(self):
        # Weights set by hand (coefs_ and intercepts_, without a fit) are a starting point.
        return hasattr(self, "net_") or hasattr(self, "coefs_")

    def _initial_weights(self, random_state, n_features, *, draw):
        """scikit-learn's initial weights, drawn from ``random_state``; or, when
        ``draw=False`` (no network yet, weights set by hand), ``coefs_`` and ``intercepts_``.
        """
        if not draw:
            return list(zip(self.coefs_, self.intercepts_))
        widths = [n_features, *self._hidden_layer_sizes(), self.n_outputs_]
        return glorot_uniform(widths, self.activation, random_state)

    def _set_weights(self, module, weights):
        dense = [layer for layer in module.modules() if isinstance(layer, nn.Linear)]
        if [layer.weight.shape[::-1] for layer in dense] != [np.shape(w) for w, _ in weights]:
            raise ValueError(
                "coefs_ do not fit the network: shapes "
                f"{[np.shape(w) for w, _ in weights]}, expected "
                f"{[tuple(layer.weight.shape[::-1]) for layer in dense]}."
            )
        with torch.no_grad():
            for layer, (coef, intercept) in zip(dense, weights):
                layer.weight.copy_(torch.as_tensor(np.asarray(coef).T))
                layer.bias.copy_(torch.as_tensor(np.asarray(intercept)).reshape(-1))

    def _record_parameters(self, module):
        """``coefs_`` and ``intercepts_``: the dense layers' weights, as scikit-learn's."""
        dense = [layer for layer in module.modules() if isinstance(layer, nn.Linear)]
        self.coefs_ = [layer.weight.detach().cpu().numpy().T.copy() for layer in dense]
        self.intercepts_ = [layer.bias.detach().cpu().numpy().copy() for layer in dense]
        self.n_layers_ = len(dense) + 1


_LOSS_DOC = """
    loss : {'squared_error', 'poisson'}, default='squared_error'
        The loss, as scikit-learn's: half the squared error (so ``loss_curve_`` is half
        the mean squared error), or half the Poisson deviance with an exponential output
        (a log link; ``y`` must be non-negative).
"""

_ATTRIBUTES_DOC = """
    coefs_ : list of ndarray of shape (n_units_in, n_units_out)
        The weight matrix of each dense layer, in X's dtype, as scikit-learn's
        (``coefs_[i]`` maps layer i to layer i + 1; with ``batch_norm=True`` or
        ``layer_norm=True`` the normalisations between them are not included).
    intercepts_ : list of ndarray of shape (n_units_out,)
        The bias vector of each dense layer.
    n_layers_ : int
        Number of layers, input and output layers included.
"""


@partial(
    document,
    architecture_parameters=_ARCHITECTURE_PARAMETERS_DOC,
    extra_attributes=_ATTRIBUTES_DOC,
    loss_name="the cross-entropy",
    out_activations="``'softmax'`` (multiclass) or ``'logistic'`` (binary, multilabel)",
)
class MLPClassifier(NeuralClassifierMixin, _BaseMLP):
    """Multilayer perceptron classifier, scikit-learn's MLPClassifier on PyTorch.

    Dense hidden layers with a non-linear activation, then one output per class (one
    logistic output for two classes, one per label for a multilabel problem); training
    minimises the cross-entropy of the outputs (course textbook, §3.3, Eq. 3.23 and
    Code 3.2), plus ``alpha``'s L2 penalty and the selected regularization, by
    backpropagation with the chosen solver (§3.9). The weights start as scikit-learn's
    (Glorot uniform). Takes scikit-learn's parameters with their meaning, so that
    ``from sklnn.neural_network import MLPClassifier`` can replace scikit-learn's import;
    adds dropout, batch normalisation, L1 and LBA regularization, more activations,
    solvers and schedules, and runs on a CUDA GPU when one is present.

    Parameters
    ----------
    {architecture_parameters}
    {training_parameters}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, in the order of ``predict_proba``'s columns.
    {extra_attributes}
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
    ...     MLPClassifier(hidden_layer_sizes=(16,), learning_rate_init=0.05, max_iter=50,
    ...                   random_state=0, device="cpu"),
    ... ).fit(X, y)
    >>> model.score(X, y) > 0.9
    True
    >>> [coef.shape for coef in model[-1].coefs_]
    [(4, 16), (16, 3)]
    >>> lbfgs = MLPClassifier(hidden_layer_sizes=(8,), solver="lbfgs", random_state=0,
    ...                       device="cpu").fit(X, y)
    >>> lbfgs.score(X, y) > 0.95
    True
    """

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        monitor_validation=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_fun=15000,
        batch_norm=False,
        layer_norm=False,
        dropout=0.0,
        l1=0.0,
        lba_strength=0.005,
        lba_resample="step",
        lba_layers="all",
        lba_decay="coupled",
        regularization="auto",
        lr_decay=0.9,
        lr_step_size=10,
        lr_end_factor=0.01,
        device="auto",
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.batch_norm = batch_norm
        self.layer_norm = layer_norm
        super().__init__(
            solver=solver,
            alpha=alpha,
            batch_size=batch_size,
            learning_rate=learning_rate,
            learning_rate_init=learning_rate_init,
            power_t=power_t,
            max_iter=max_iter,
            shuffle=shuffle,
            random_state=random_state,
            tol=tol,
            verbose=verbose,
            warm_start=warm_start,
            momentum=momentum,
            nesterovs_momentum=nesterovs_momentum,
            early_stopping=early_stopping,
            monitor_validation=monitor_validation,
            validation_fraction=validation_fraction,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            n_iter_no_change=n_iter_no_change,
            max_fun=max_fun,
            dropout=dropout,
            l1=l1,
            lba_strength=lba_strength,
            lba_resample=lba_resample,
            lba_layers=lba_layers,
            lba_decay=lba_decay,
            regularization=regularization,
            lr_decay=lr_decay,
            lr_step_size=lr_step_size,
            lr_end_factor=lr_end_factor,
            device=device,
        )


@partial(
    document,
    architecture_parameters=_LOSS_DOC + _ARCHITECTURE_PARAMETERS_DOC[1:],
    extra_attributes=_ATTRIBUTES_DOC,
    loss_name="half the squared error, or half the Poisson deviance",
    out_activations="``'identity'`` (``loss='squared_error'``) or ``'exp'`` "
    "(``loss='poisson'``)",
)
class MLPRegressor(NeuralRegressorMixin, _BaseMLP):
    """Multilayer perceptron regressor, scikit-learn's MLPRegressor on PyTorch.

    Dense hidden layers with a non-linear activation, then one output per target;
    training minimises scikit-learn's loss, half the mean squared error (or half the
    Poisson deviance with a log link, ``loss='poisson'``), plus ``alpha``'s L2 penalty and
    the selected regularization, by backpropagation with the chosen solver (course
    textbook, §3.3 and §3.9). The weights start as scikit-learn's (Glorot uniform). Takes
    scikit-learn's parameters with their meaning; adds dropout, batch normalisation, L1
    and LBA regularization, more activations, solvers and schedules, and runs on a CUDA
    GPU when one is present.

    Parameters
    ----------
    {architecture_parameters}
    {training_parameters}

    Attributes
    ----------
    {extra_attributes}
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
    ...                      max_iter=300, random_state=0, device="cpu").fit(X, y)
    >>> model.score(X, y) > 0.9
    True
    >>> model.predict(X[:3]).shape
    (3,)
    """

    _parameter_constraints: dict = {
        **_BaseMLP._parameter_constraints,
        "loss": [StrOptions({"squared_error", "poisson"})],
    }

    def __init__(
        self,
        loss="squared_error",
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        monitor_validation=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_fun=15000,
        batch_norm=False,
        layer_norm=False,
        dropout=0.0,
        l1=0.0,
        lba_strength=0.005,
        lba_resample="step",
        lba_layers="all",
        lba_decay="coupled",
        regularization="auto",
        lr_decay=0.9,
        lr_step_size=10,
        lr_end_factor=0.01,
        device="auto",
    ):
        self.loss = loss
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.batch_norm = batch_norm
        self.layer_norm = layer_norm
        super().__init__(
            solver=solver,
            alpha=alpha,
            batch_size=batch_size,
            learning_rate=learning_rate,
            learning_rate_init=learning_rate_init,
            power_t=power_t,
            max_iter=max_iter,
            shuffle=shuffle,
            random_state=random_state,
            tol=tol,
            verbose=verbose,
            warm_start=warm_start,
            momentum=momentum,
            nesterovs_momentum=nesterovs_momentum,
            early_stopping=early_stopping,
            monitor_validation=monitor_validation,
            validation_fraction=validation_fraction,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            n_iter_no_change=n_iter_no_change,
            max_fun=max_fun,
            dropout=dropout,
            l1=l1,
            lba_strength=lba_strength,
            lba_resample=lba_resample,
            lba_layers=lba_layers,
            lba_decay=lba_decay,
            regularization=regularization,
            lr_decay=lr_decay,
            lr_step_size=lr_step_size,
            lr_end_factor=lr_end_factor,
            device=device,
        )

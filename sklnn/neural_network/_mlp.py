"""Multilayer perceptrons: ``MLPClassifier`` and ``MLPRegressor``, trained through skorch."""

from functools import partial

from ..utils import check_option
from ._base import (
    BaseNeuralEstimator,
    NeuralClassifierMixin,
    NeuralRegressorMixin,
    check_layer_sizes,
)
from ._docs import document
from ._modules import ACTIVATIONS, MLP

_ARCHITECTURE_PARAMETERS_DOC = """
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
"""


class _BaseMLP(BaseNeuralEstimator):
    """Hyperparameters and module of the multilayer perceptrons."""

    _bound_logging_doc = "with ``regularization='lba'``"

    def __init__(
        self,
        *,
        hidden_layer_sizes=(100,),
        activation="relu",
        dropout=0.0,
        batch_norm=False,
        alpha=1e-4,
        l1=0.0,
        lba_strength=0.01,
        lba_resample="step",
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
        self.batch_norm = batch_norm
        super().__init__(
            regularization=regularization,
            dropout=dropout,
            alpha=alpha,
            l1=l1,
            lba_strength=lba_strength,
            lba_resample=lba_resample,
            optimizer=optimizer,
            learning_rate_init=learning_rate_init,
            momentum=momentum,
            lr_schedule=lr_schedule,
            lr_decay=lr_decay,
            lr_step_size=lr_step_size,
            lr_end_factor=lr_end_factor,
            batch_size=batch_size,
            max_epochs=max_epochs,
            early_stopping=early_stopping,
            patience=patience,
            validation_fraction=validation_fraction,
            tol=tol,
            random_state=random_state,
            device=device,
            verbose=verbose,
        )

    def _hidden_layer_sizes(self):
        return check_layer_sizes(self.hidden_layer_sizes, "hidden_layer_sizes")

    def _check_module_params(self, n_features):
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


@partial(document, architecture_parameters=_ARCHITECTURE_PARAMETERS_DOC)
class MLPClassifier(NeuralClassifierMixin, _BaseMLP):
    """Multilayer perceptron classifier trained with mini-batch gradient descent, on skorch.

    Dense hidden layers with a non-linear activation, then one output per class; training
    minimises the cross-entropy of the softmax of the outputs (course textbook, §3.3,
    Eq. 3.23 and Code 3.2) by backpropagation with the chosen optimizer (§3.9), plus the
    selected regularization. Runs on a CUDA GPU when one is present.

    Parameters
    ----------
    {architecture_parameters}
    {training_parameters}

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


@partial(document, architecture_parameters=_ARCHITECTURE_PARAMETERS_DOC)
class MLPRegressor(NeuralRegressorMixin, _BaseMLP):
    """Multilayer perceptron regressor trained with mini-batch gradient descent, on skorch.

    Dense hidden layers with a non-linear activation, then one linear output per target;
    training minimises the mean squared error by backpropagation with the chosen optimizer
    (course textbook, §3.3 and §3.9), plus the selected regularization. Runs on a CUDA GPU
    when one is present.

    Parameters
    ----------
    {architecture_parameters}
    {training_parameters}

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

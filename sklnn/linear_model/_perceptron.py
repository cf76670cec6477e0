"""The perceptron as a sigmoid neuron (course textbook, §3.2)."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import _check_sample_weight, validate_data

from ..utils import atomic_fit, check_magnitude
from ._classifier import LinearClassifierMixin, encode_targets
from ._fit import fit_linear_model, set_loss_curve

_LOSSES = {"bce": "binomial", "mse": "sigmoid_squared"}


class Perceptron(LinearClassifierMixin, ClassifierMixin, BaseEstimator):
    """Binary perceptron: one sigmoid neuron trained by gradient descent.

    The neuron aggregates its input, ``a = Φᵀx + ϕ₀`` (course textbook, §3.2, Eq. 3.1),
    and outputs ``ŷ = σ(a)``, σ the sigmoid. Training follows Algorithm 1 and Code 3.1:
    the parameters start from ``N(0, 0.1)`` and move by gradient descent,
    ``Φ ← Φ - α ∇L`` (Eq. 3.5), on the mean loss (Eq. 3.4) — binary cross-entropy
    (Eq. 3.3, gradient Eq. 3.19) or the squared error ``½(ŷ - y)²`` (Eq. 3.2, gradient
    Eq. 3.13). It draws a hyperplane, so it learns AND and OR but not XOR.

    With ``loss='bce'`` it is logistic regression without a penalty (see LogRegression).
    Gradient descent runs on centered features (the intercept absorbs the shift), which
    conditions the problem better without changing the model. ``sample_weight`` weighs
    each sample's loss, ``Σᵢ sᵢ Lᵢ / Σᵢ sᵢ``: with full batches an integer weight counts a
    sample that many times.

    To follow the textbook step by step, start from its weights (``fit``'s ``coef_init``
    and ``intercept_init``) and run its number of steps (``max_iter``, ``tol=0``);
    ``loss_curve_`` holds the loss after each. For the weights along the way, fit one
    step at a time (``max_iter=1``), each fit from the last ``coef_`` and ``intercept_``:
    the same path as one fit of all the steps. With ``fit_intercept=True`` the steps are
    taken on centered features; the textbook's own path, on its design matrix
    ``[1, X]``, is that matrix fitted with ``fit_intercept=False``.

    Parameters
    ----------
    loss : {'bce', 'mse'}, default='bce'
        Binary cross-entropy or mean squared error of the neuron's output.
    learning_rate : 'auto' or float, default='auto'
        Step size ``α``. ``'auto'`` is ``1 / L`` with ``L`` the Lipschitz constant of the
        loss's gradient: ``c σ_max(X)² / n`` for the weights (``X`` centered) and ``c`` for
        the bias, ``c`` = 1/4 for BCE and 0.08 for MSE (bounds of the loss's second
        derivative in ``a``). The textbook's examples use ``learning_rate=1.0``.
    max_iter : int, default=1000
        Maximum number of epochs (passes over the training data).
    tol : float, default=1e-4
        Stop when every entry of the loss's gradient is at most ``tol`` in absolute value
        (checked after each epoch, on all the training data).
    batch_size : int or None, default=None
        Number of samples per gradient step; ``None`` uses all of them (full batch, as in
        the textbook). Mini-batches are drawn in a new random order at each epoch.
    fit_intercept : bool, default=True
        Whether to fit the bias ``ϕ₀``.
    random_state : int, RandomState instance or None, default=None
        Seeds the initial weights and the mini-batch order.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The two class labels; ``classes_[1]`` is the one the neuron fires for.
    coef_ : ndarray of shape (1, n_features)
        Weights ``Φ``.
    intercept_ : ndarray of shape (1,)
        Bias ``ϕ₀`` (0 when ``fit_intercept=False``).
    n_iter_ : int
        Number of epochs run.
    loss_curve_ : list of float
        The mean loss ``Σᵢ sᵢ Lᵢ / Σᵢ sᵢ`` on all the training data after each epoch,
        ``n_iter_`` values.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when ``X`` has string column names.

    See Also
    --------
    LogRegression : The same model fitted by L-BFGS, with an optional L2 penalty.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.linear_model import Perceptron
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> # Separable classes: the BCE keeps falling as the weights grow and its gradient
    >>> # shrinks slowly, so ask for tol=1e-3 (250 epochs) rather than 1e-4 (2 500).
    >>> Perceptron(tol=1e-3, random_state=0).fit(X, [0, 0, 0, 1]).predict(X)  # AND
    array([0, 0, 0, 1])
    >>> Perceptron(tol=1e-3, random_state=0).fit(X, [0, 1, 1, 1]).predict(X)  # OR
    array([0, 1, 1, 1])
    """

    _parameter_constraints: dict = {
        "loss": [StrOptions(set(_LOSSES))],
        "learning_rate": [StrOptions({"auto"}), Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left"), None],
        "fit_intercept": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        loss="bce",
        learning_rate="auto",
        max_iter=1000,
        tol=1e-4,
        batch_size=None,
        fit_intercept=True,
        random_state=None,
    ):
        self.loss = loss
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        self.batch_size = batch_size
        self.fit_intercept = fit_intercept
        self.random_state = random_state

    @atomic_fit(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, *, coef_init=None, intercept_init=None):
        """Train the neuron by gradient descent.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Two class labels of any type.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each sample in the loss; None weighs them all 1.
        coef_init : array-like of shape (n_features,) or (1, n_features), default=None
            The weights gradient descent starts from, scikit-learn's ``SGDClassifier``
            fit argument; None starts from random weights, ``N(0, 0.1)`` (zeros if
            ``intercept_init`` is given).
        intercept_init : float or array-like of shape (1,), default=None
            The bias it starts from (only with ``fit_intercept=True``); None starts from
            a random bias (0 if ``coef_init`` is given).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=[np.float64, np.float32])
        check_magnitude(X)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=np.float64, ensure_non_negative=True
            )
        self.classes_, _, Y = encode_targets(self, y, X.dtype, binary_only=True)
        self.coef_, self.intercept_, self.n_iter_, loss_curve = fit_linear_model(
            X,
            Y,
            loss=_LOSSES[self.loss],
            solver="gd",
            sample_weight=sample_weight,
            fit_intercept=self.fit_intercept,
            learning_rate=self.learning_rate,
            max_iter=self.max_iter,
            tol=self.tol,
            batch_size=self.batch_size,
            coef_init=coef_init,
            intercept_init=intercept_init,
            init_scale=0.1,
            random_state=self.random_state,
        )
        set_loss_curve(self, loss_curve)
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        tags.input_tags.sparse = True
        return tags

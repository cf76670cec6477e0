"""Plumbing shared by the sklnn linear classifiers.

:class:`LinearClassifierMixin` gives the prediction methods of every linear classifier;
:class:`BaseLogisticRegression` the hyperparameters and ``fit`` that LogRegression
(binary) and SoftmaxReg (multinomial) share: scikit-learn's ``LogisticRegression``'s,
with the same meaning, plus the textbook's gradient ascent and FISTA.
"""

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.callback import CallbackSupportMixin
from sklearn.utils._array_api import (
    check_same_namespace,
    get_namespace,
    get_namespace_and_device,
    indexing_dtype,
    move_to,
)
from sklearn.utils._param_validation import Hidden, Interval, StrOptions
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from sklnn.utils import encode_labels, refuse_unsupported
from sklnn.utils._array_api import from_numpy, to_numpy

from ..utils import atomic_fit, check_magnitude
from ._fit import fit_linear_model, set_loss_curve
from ._losses import log_softmax

# scikit-learn's solver values that sklnn refuses, with the reason and what to use instead.
_REFUSED_SOLVERS = {
    "liblinear": (
        "LIBLINEAR penalizes the intercept (a synthetic feature scaled by "
        "intercept_scaling), another objective than every other solver's; use 'lbfgs', "
        "'newton-cg' or 'newton-cholesky' for the L2 penalty and 'fista' for L1 or "
        "elastic-net"
    ),
    "sag": (
        "stochastic average gradient updates the weights one sample at a time, a Python "
        "loop over samples sklnn's NumPy estimators do not run; use 'lbfgs' or "
        "'newton-cholesky', which minimize the same objective"
    ),
    "saga": (
        "SAGA updates the weights one sample at a time, a Python loop over samples "
        "sklnn's NumPy estimators do not run; use 'fista' (accelerated proximal "
        "gradient), which minimizes the same objective with any penalty"
    ),
}
# Solvers that handle the L1 and elastic-net penalties.
_L1_SOLVERS = ("liblinear", "saga", "fista")


def encode_targets(estimator, y, dtype, *, binary_only):
    """Encode class labels as the target matrix of a linear model.

    Returns ``classes_``, the encoded labels and ``Y``: with two classes, a 0/1 column
    (``Y[:, 0] == 1`` for ``classes_[1]``) for the binomial loss; with more, one-hot rows
    for the multinomial loss.
    """
    classes, y_encoded = encode_labels(
        y, estimator_name=type(estimator).__name__, binary_only=binary_only
    )
    if classes.shape[0] > 2:
        return classes, y_encoded, np.eye(classes.shape[0], dtype=dtype)[y_encoded]
    return classes, y_encoded, y_encoded.astype(dtype)[:, np.newaxis]


class LinearClassifierMixin:
    """Prediction methods of a linear classifier with ``coef_`` and ``intercept_``.

    A binary model has one row in ``coef_``: its score is the log-odds of ``classes_[1]``
    and ``P(classes_[1] | x) = σ(score)``. A multinomial model has one row per class and
    ``P(class | x) = softmax(scores)``.
    """

    def _scores(self, X):
        check_is_fitted(self)
        xp, _ = get_namespace(X)
        check_same_namespace(X, self, attribute="coef_", method="predict")
        X = validate_data(
            self, X, reset=False, accept_sparse="csr", dtype=[xp.float64, xp.float32]
        )
        return safe_sparse_dot(X, self.coef_.T, dense_output=True) + self.intercept_

    def decision_function(self, X):
        """Confidence scores of the samples in ``X``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            With two classes, the log-odds of ``classes_[1]`` (positive: ``classes_[1]``
            is predicted); otherwise the score of each class.
        """
        xp, _ = get_namespace(X)
        scores = self._scores(X)
        return xp.reshape(scores, (-1,)) if scores.shape[1] == 1 else scores

    def predict(self, X):
        """Predict the class of the samples in ``X``, the most probable one.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Labels taken from ``classes_``.
        """
        xp, _, device = get_namespace_and_device(X)
        scores = self.decision_function(X)
        if scores.ndim == 1:
            indices = xp.astype(scores > 0, indexing_dtype(xp))
        else:
            indices = xp.argmax(scores, axis=1)
        classes_xp, _, classes_device = get_namespace_and_device(self.classes_)
        indices = move_to(indices, xp=classes_xp, device=classes_device)
        labels = classes_xp.take(self.classes_, indices, axis=0)
        if isinstance(labels, np.ndarray) and labels.dtype.kind in "OSU":  # strings stay NumPy
            return labels
        return move_to(labels, xp=xp, device=device)

    def predict_log_proba(self, X):
        """Logarithm of the class probabilities, computed without overflow.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``.
        """
        xp, _ = get_namespace(X)
        scores = self._scores(X)
        if scores.shape[1] == 1:  # log σ(∓s) = -log(1 + e^{±s})
            zero = xp.zeros_like(scores[:, 0])
            return -xp.stack(
                [xp.logaddexp(zero, scores[:, 0]), xp.logaddexp(zero, -scores[:, 0])], axis=1
            )
        return log_softmax(scores, xp=xp)

    def predict_proba(self, X):
        """Class probabilities of the samples in ``X``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``; each row sums to 1.
        """
        xp, _ = get_namespace(X)
        return xp.exp(self.predict_log_proba(X))

    def densify(self):
        """Convert ``coef_`` back to a dense array, after :meth:`sparsify`.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        check_is_fitted(self)
        if sp.issparse(self.coef_):
            self.coef_ = self.coef_.toarray()
        return self

    def sparsify(self):
        """Convert ``coef_`` to a sparse CSR matrix, to save memory when most weights are 0.

        Worth it for an L1-penalized model (``l1_ratio=1``), whose weights are sparse.
        ``intercept_`` stays dense; :meth:`densify` converts back.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        check_is_fitted(self)
        self.coef_ = sp.csr_matrix(self.coef_)
        return self


class BaseLogisticRegression(
    CallbackSupportMixin, LinearClassifierMixin, ClassifierMixin, BaseEstimator
):
    """Maximum-likelihood logistic regression, binomial or multinomial.

    Subclasses set ``_binary_only``. See LogRegression and SoftmaxReg for the parameters.
    Callbacks (``set_callbacks``, scikit-learn's ``sklearn.callback`` API) hear of the fit
    and of every iteration of every solver.
    """

    _binary_only = False

    _parameter_constraints: dict = {
        "penalty": [
            StrOptions({"l1", "l2", "elasticnet"}),
            None,
            Hidden(StrOptions({"deprecated"})),
        ],
        "C": [Interval(Real, 0, None, closed="right")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), None],
        "dual": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "intercept_scaling": [Interval(Real, 0, None, closed="neither")],
        "class_weight": [dict, StrOptions({"balanced"}), None],
        "random_state": ["random_state"],
        "solver": [
            StrOptions(
                {"lbfgs", "liblinear", "newton-cg", "newton-cholesky", "sag", "saga", "gd",
                 "fista"}
            )
        ],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "n_jobs": [None, Integral],
        "learning_rate": [StrOptions({"auto"}), Interval(Real, 0, None, closed="neither")],
    }

    def __init__(
        self,
        penalty="deprecated",
        *,
        C=1.0,
        l1_ratio=0.0,
        dual=False,
        tol=1e-4,
        fit_intercept=True,
        intercept_scaling=1,
        class_weight=None,
        random_state=None,
        solver="lbfgs",
        max_iter=100,
        verbose=0,
        warm_start=False,
        n_jobs=None,
        learning_rate="auto",
    ):
        self.penalty = penalty
        self.C = C
        self.l1_ratio = l1_ratio
        self.dual = dual
        self.tol = tol
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.class_weight = class_weight
        self.random_state = random_state
        self.solver = solver
        self.max_iter = max_iter
        self.verbose = verbose
        self.warm_start = warm_start
        self.n_jobs = n_jobs
        self.learning_rate = learning_rate

    @atomic_fit(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, *, coef_init=None, intercept_init=None):
        """Fit the model by maximum likelihood.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels of any type.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample in the loss, ``C Σᵢ sᵢ lossᵢ``: an integer weight
            counts a sample that many times. Multiplied by ``class_weight``.
        coef_init : array-like of shape (n_classes, n_features), default=None
            The weights the solver starts from, scikit-learn's ``SGDClassifier`` fit
            argument: the shape of ``coef_``, ``(1, n_features)`` or ``(n_features,)``
            with two classes. None starts from zeros, or from the previous fit's
            ``coef_`` with ``warm_start`` (these arguments win over it).
        intercept_init : float or array-like of shape (n_classes,), default=None
            The bias it starts from (only with ``fit_intercept=True``), the shape of
            ``intercept_``; None starts from 0. Every solver starts there (``'gd'`` is the
            textbook's gradient ascent).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        penalty, C = self._penalty_and_C()
        y_namespace, _ = get_namespace(y)
        (X, y, sample_weight), xp, device = to_numpy(X, y, sample_weight)
        X, y, Y, sample_weight = self._training_data(X, y, sample_weight)
        metadata = None if sample_weight is None else {"sample_weight": sample_weight}
        fit_context = self._init_callback_context(max_subtasks=max(self.max_iter, 1) + 1)
        fit_context.call_on_fit_task_begin(estimator=self, X=X, y=y, metadata=metadata)
        iterations = None
        if hasattr(self, "_skl_callbacks"):
            iterations = _IterationContexts(fit_context, self, X, y, metadata)
        initial = self._initial_params(Y.shape[1], X.shape[1], coef_init, intercept_init)
        coef, intercept, n_iter, loss_curve = self._solve(
            X, Y, sample_weight, penalty, C, iterations, initial
        )
        set_loss_curve(self, loss_curve)
        self.coef_ = coef.astype(X.dtype)
        self.intercept_ = intercept.astype(X.dtype)
        self.n_iter_ = np.array([n_iter], dtype=np.int32)
        from_numpy(self, xp, device, "coef_", "intercept_", "n_iter_")
        from_numpy(self, y_namespace, device, "classes_")  # labels given as such an array
        fit_context.call_on_fit_task_end(
            estimator=self, X=X, y=y, metadata=metadata, reconstruction_attributes={}
        )
        return self

    def _training_data(self, X, y, sample_weight):
        """Validated ``X`` and ``y``, the target matrix ``Y`` (``classes_`` set) and the
        sample weights times the class weights (None if all 1)."""
        if self.n_jobs is not None:
            warnings.warn(
                "'n_jobs' has no effect since 1.8 and will be removed in 1.10. "
                f"You provided 'n_jobs={self.n_jobs}', please leave it unspecified.",
                FutureWarning,
                stacklevel=5,  # the caller of fit, through atomic_fit and _fit_context
            )
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse="csr",
            dtype=[np.float64, np.float32],
            order="C",
            accept_large_sparse=self.solver not in _REFUSED_SOLVERS,  # scikit-learn's error
        )
        check_magnitude(X)
        if self.solver == "liblinear" and np.unique(y).shape[0] > 2:
            raise ValueError(
                "The 'liblinear' solver does not support multiclass classification"
                " (n_classes >= 3). Either use another solver or wrap the estimator in a "
                "OneVsRestClassifier to keep applying a one-versus-rest scheme."
            )
        refuse_unsupported(self, "solver", _REFUSED_SOLVERS)
        self.classes_, y_encoded, Y = encode_targets(
            self, y, X.dtype, binary_only=self._binary_only
        )
        return X, y, Y, self._sample_weight(X, y, y_encoded, sample_weight)

    def _solve(self, X, Y, sample_weight, penalty, C, iterations, initial):
        """``coef``, ``intercept``, the number of iterations of the solver and its loss
        curve (None unless ``solver='gd'``).

        The objective ``C Σᵢ sᵢ lossᵢ + penalty`` is minimized divided by ``C Σᵢ sᵢ``:
        the weighted mean loss plus the penalty over ``C Σᵢ sᵢ``, the same minimum.
        """
        weight_sum = X.shape[0] if sample_weight is None else sample_weight.sum()
        l1_ratio = {"l1": 1.0, "l2": 0.0, "elasticnet": self.l1_ratio}[penalty]
        coef, intercept, n_iter, loss_curve = fit_linear_model(
            X,
            Y,
            loss="binomial" if Y.shape[1] == 1 else "multinomial",
            solver=self.solver,
            sample_weight=sample_weight,
            l2=(1.0 - l1_ratio) / (C * weight_sum),
            l1=l1_ratio / (C * weight_sum),
            fit_intercept=self.fit_intercept,
            learning_rate=self.learning_rate,
            max_iter=self.max_iter,
            tol=self.tol,
            verbose=self.verbose,
            callback=iterations,
            **initial,
        )
        if iterations is not None:
            iterations.close()
        if Y.shape[1] > 1:  # the symmetric parametrization of the softmax, see _center
            coef, intercept = _center(coef, intercept, penalized=np.isfinite(C))
        return coef, intercept, n_iter, loss_curve

    def _penalty_and_C(self):
        """The penalty and ``C`` in force, from ``l1_ratio``, ``C`` and the deprecated
        ``penalty``, with scikit-learn 1.9's warnings and errors."""
        if self.penalty == "deprecated":
            if self.l1_ratio is None:
                warnings.warn(
                    "'l1_ratio=None' was deprecated in version 1.8 and will trigger an "
                    "error in 1.10. Use 0<=l1_ratio<=1 instead.",
                    FutureWarning,
                    stacklevel=4,
                )
            penalty = {0: "l2", None: "l2", 1: "l1"}.get(self.l1_ratio, "elasticnet")
            if np.isinf(self.C):
                penalty = None
        else:
            penalty = self.penalty
            warnings.warn(
                "'penalty' was deprecated in version 1.8 and will be removed in 1.10. To "
                "avoid this warning, leave 'penalty' set to its default value and use "
                "'l1_ratio' or 'C' instead. Use l1_ratio=0 instead of penalty='l2', "
                "l1_ratio=1 instead of penalty='l1', l1_ratio set to a float between 0 "
                "and 1 instead of penalty='elasticnet', and C=np.inf instead of "
                "penalty=None.",
                FutureWarning,
                stacklevel=4,
            )
        _check_solver(self.solver, penalty, self.dual)
        if penalty != "elasticnet" and self.l1_ratio is not None and 0 < self.l1_ratio < 1:
            warnings.warn(
                "l1_ratio parameter is only used when penalty is 'elasticnet'. Got "
                f"(penalty={penalty})",
                stacklevel=4,
            )
        if (self.penalty == "l2" and self.l1_ratio != 0) or (
            self.penalty == "l1" and self.l1_ratio != 1
        ):
            warnings.warn(
                f"Inconsistent values: penalty={self.penalty} with "
                f"l1_ratio={self.l1_ratio}. penalty is deprecated. Please use l1_ratio only.",
                stacklevel=4,
            )
        if penalty == "elasticnet" and self.l1_ratio is None:
            raise ValueError("l1_ratio must be specified when penalty is elasticnet.")
        if penalty is None:
            if self.penalty is None and self.C != 1.0:
                warnings.warn(
                    "Setting penalty=None will ignore the C and l1_ratio parameters",
                    stacklevel=4,
                )
            return "l2", np.inf
        return penalty, self.C

    def _sample_weight(self, X, y, y_encoded, sample_weight):
        """The weights of the samples in the loss, times ``class_weight``; None if all 1."""
        if sample_weight is None and self.class_weight is None:
            return None
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        if self.class_weight is not None:
            if self.class_weight == "balanced" and sample_weight is not None:
                _check_every_class_weighs(self.classes_, y_encoded, sample_weight)
            per_class = compute_class_weight(
                self.class_weight, classes=self.classes_, y=y, sample_weight=sample_weight
            )
            weights = per_class[y_encoded]
            sample_weight = weights if sample_weight is None else sample_weight * weights
        return sample_weight

    def _initial_params(self, n_outputs, n_features, coef_init, intercept_init):
        """``fit_linear_model``'s ``coef_init`` and ``intercept_init``: those given to
        ``fit`` if any, else the previous fit's parameters when ``warm_start``."""
        if coef_init is not None or intercept_init is not None:
            return {"coef_init": coef_init, "intercept_init": intercept_init}
        if not (self.warm_start and hasattr(self, "coef_")):
            return {}
        coef, intercept = move_to(self.coef_, self.intercept_, xp=np, device="cpu")
        coef = coef.toarray() if sp.issparse(coef) else coef
        if coef.shape != (n_outputs, n_features):
            raise ValueError(
                f"Initialization coef is of shape {coef.shape}, expected shape "
                f"{(n_outputs, n_features)}: warm_start needs the classes and features of "
                "the previous fit."
            )
        intercept = intercept if self.fit_intercept else None
        return {"coef_init": coef.astype(np.float64), "intercept_init": intercept}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.array_api_support = True
        return tags


class _IterationContexts:
    """One callback subcontext per solver iteration, as scikit-learn's ``LogisticRegression``
    opens for L-BFGS: begun with the parameters the iteration starts from and ended with
    those it reaches, each a fitted copy of the estimator for the callbacks. Called with
    ``(coef, intercept)`` at the start and after every iteration; ``close`` ends the last,
    empty, subcontext."""

    def __init__(self, context, estimator, X, y, metadata):
        self._context, self._estimator = context, estimator
        self._data = {"X": X, "y": y, "metadata": metadata}
        self._dtype = X.dtype
        self._current = None

    def __call__(self, coef, intercept):
        attributes = {
            "coef_": coef.astype(self._dtype),
            "intercept_": intercept.astype(self._dtype),
        }
        if self._current is not None:
            self._current.call_on_fit_task_end(
                estimator=self._estimator, reconstruction_attributes=attributes, **self._data
            )
        self._current = self._context.subcontext(task_name=f"{self._estimator.solver}-iter")
        self._current.call_on_fit_task_begin(
            estimator=self._estimator, reconstruction_attributes=attributes, **self._data
        )

    def close(self):
        self._current.call_on_fit_task_end(estimator=self._estimator)


def _check_solver(solver, penalty, dual):
    """scikit-learn's checks of the solver against the penalty and ``dual``; 'gd' is an
    L2 solver like 'lbfgs' and 'fista' takes every penalty like 'saga'."""
    if solver not in _L1_SOLVERS and penalty not in ("l2", None):
        raise ValueError(
            f"Solver {solver} supports only 'l2' or None penalties, got {penalty} penalty."
        )
    if solver != "liblinear" and dual:
        raise ValueError(f"Solver {solver} supports only dual=False, got dual={dual}")
    if penalty == "elasticnet" and solver not in ("saga", "fista"):
        raise ValueError(
            f"Only 'saga' solver supports elasticnet penalty, got solver={solver}. "
            "(sklnn implements it with solver='fista'.)"
        )
    if solver == "liblinear" and penalty is None:
        raise ValueError(
            "C=np.inf as well as penalty=None is not supported for the liblinear solver"
        )


def _check_every_class_weighs(classes, y_encoded, sample_weight):
    """class_weight='balanced' divides by each class's total weight: none may be 0."""
    totals = np.bincount(y_encoded, weights=sample_weight, minlength=classes.shape[0])
    if np.any(totals <= 0):
        raise ValueError(
            "class_weight='balanced' needs a positive total sample_weight in every class; "
            f"class {classes[np.argmax(totals <= 0)]!r} has none."
        )


def _center(coef, intercept, *, penalized):
    """The symmetric parametrization of a multinomial model, as scikit-learn's.

    The softmax does not change when the same vector is added to every class's
    parameters (course textbook, §2.4, Eq. 2.64-2.65: ``k - 1`` free weight vectors), so
    the unpenalized parameters — the intercepts, and the weights when ``C=np.inf`` — are
    centered to sum to zero over the classes: the same probabilities, one representative.
    """
    intercept = intercept - intercept.mean()
    if not penalized:
        coef = coef - coef.mean(axis=0)
    return coef, intercept


# The parameters and attributes LogRegression and SoftmaxReg share, for their docstrings.
LOGISTIC_PARAMETERS_DOC = """
    Parameters
    ----------
    penalty : {'l1', 'l2', 'elasticnet', None}, default='l2'
        Deprecated in scikit-learn 1.8, as there: use ``l1_ratio`` and ``C`` instead
        (``l1_ratio=0`` for 'l2', ``1`` for 'l1', in between for 'elasticnet',
        ``C=np.inf`` for None). Setting it warns with a ``FutureWarning``.
    C : float, default=1.0
        Inverse of the penalty strength, > 0; ``np.inf`` means no penalty.
    l1_ratio : float, default=0.0
        Elastic-net mixing, ``0 <= l1_ratio <= 1``: the penalty is
        ``l1_ratio ‖Φ‖₁ + (1 - l1_ratio) ½‖Φ‖²``. 0 (L2) is handled by every solver,
        anything above only by ``'fista'``.
    dual : bool, default=False
        The dual formulation exists only for 'liblinear', which sklnn refuses: ``True``
        raises a ValueError, as with scikit-learn's other solvers.
    tol : float, default=1e-4
        Stop when every entry of the objective's gradient (for 'fista', of its gradient
        mapping) is at most ``tol`` in absolute value; 'newton-cholesky' also needs the
        Newton decrement below ``tol``.
    fit_intercept : bool, default=True
        Whether to fit the bias ``ϕ₀`` (never penalized).
    intercept_scaling : float, default=1
        Used only by 'liblinear' in scikit-learn; no effect here, as there with the
        other solvers.
    class_weight : dict or 'balanced', default=None
        Weights of the classes, ``{label: weight}``, multiplied into ``sample_weight``;
        'balanced' uses ``n_samples / (n_classes * np.bincount(y))`` (weighted counts).
    random_state : int, RandomState instance or None, default=None
        Used only by scikit-learn's stochastic solvers ('sag', 'saga', 'liblinear'), which
        sklnn refuses; no effect here, as there with the other solvers.
    solver : {'lbfgs', 'newton-cg', 'newton-cholesky', 'gd', 'fista'}, default='lbfgs'
        Algorithm, all on the same objective: 'lbfgs' (L-BFGS, scipy), 'newton-cg'
        (Newton steps by conjugate gradients), 'newton-cholesky' (exact Newton steps;
        for many samples and few features), and two sklnn extras: 'gd', the textbook's
        gradient ascent, and 'fista', accelerated proximal gradient, the solver for the
        L1 and elastic-net penalties. scikit-learn's 'liblinear', 'sag' and 'saga' are
        refused with ``sklnn.exceptions.NotSupportedError``.
    max_iter : int, default=100
        Maximum number of iterations of the solver.
    verbose : int, default=0
        Print the objective at every iteration when positive.
    warm_start : bool, default=False
        Start from the previous fit's ``coef_`` and ``intercept_`` instead of zeros.
    n_jobs : int, default=None
        No effect; deprecated, as in scikit-learn 1.8 (a ``FutureWarning`` if set).
    learning_rate : 'auto' or float, default='auto'
        Step size ``α`` of 'gd' and 'fista', on the objective divided by ``C Σ sᵢ`` (a
        weighted mean loss). 'auto' is ``1 / L``, ``L`` the Lipschitz constant of its
        gradient: ``c σ_max(S^½ X)² / Σ sᵢ + (1 - l1_ratio) / (C Σ sᵢ)`` for the weights
        (``X`` centered, ``S`` the sample weights, ``c`` = ¼ binomial, ½ multinomial) and
        ``c`` for the intercepts, a step that converges whatever the scale of the
        features.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels; with two, ``classes_[1]`` is the positive class.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        Weights ``Φ``: one row with two classes, one per class with more. The dtype of
        ``X`` (float32 stays float32).
    intercept_ : ndarray of shape (1,) or (n_classes,)
        Bias ``ϕ₀`` (0 when ``fit_intercept=False``).
    n_iter_ : ndarray of shape (1,)
        Number of iterations run.
    loss_curve_ : list of float
        ``solver='gd'`` only (not set by the other solvers): the objective it minimizes,
        the weighted mean loss plus the penalty over ``C Σ sᵢ``, after each iteration,
        ``n_iter_[0]`` values. The weights along the way: see Perceptron, whose way of
        replaying the textbook step by step (``coef_init``, ``max_iter=1``) holds here.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when ``X`` has string column names.
"""

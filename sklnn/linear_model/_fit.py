"""The one entry point of the linear models' solvers: :func:`fit_linear_model`."""

import numpy as np
from sklearn.utils import check_array, check_random_state
from sklearn.utils.extmath import safe_sparse_dot

from ._losses import LinearObjective
from ._newton import newton_cg, newton_cholesky
from ._proximal import fista
from ._solvers import Progress, auto_learning_rate, gradient_descent, lbfgs

# The solvers that run on implicitly centered features (see fit_linear_model).
_CENTERED_SOLVERS = ("gd", "fista")


def weighted_column_mean(X, sample_weight=None):
    """The (weighted) mean of each column of ``X``, dense or sparse, as float64."""
    if sample_weight is None:
        return np.asarray(X.mean(axis=0, dtype=np.float64)).ravel()
    return np.ravel(safe_sparse_dot(sample_weight, X)) / sample_weight.sum()


def fit_linear_model(
    X,
    Y,
    *,
    loss,
    solver,
    sample_weight=None,
    l2=0.0,
    l1=0.0,
    fit_intercept=True,
    learning_rate="auto",
    max_iter=100,
    tol=1e-4,
    batch_size=None,
    coef_init=None,
    intercept_init=None,
    init_scale=0.0,
    random_state=None,
    verbose=0,
    callback=None,
):
    """Fit ``z = W x + b`` by minimizing the weighted mean ``loss`` plus
    ``l1 ‖W‖₁ + ½ l2 ‖W‖²``.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_outputs)
    loss : {'squared', 'binomial', 'multinomial', 'sigmoid_squared'}
    solver : {'gd', 'lbfgs', 'newton-cg', 'newton-cholesky', 'fista'}
        ``'gd'`` (see :func:`gradient_descent`) and ``'fista'`` run on centered features,
        ``x - mean(x)``: the model is the same (the intercept absorbs the shift and is
        mapped back at the end) but the intercept no longer couples with the weights,
        which makes the problem much better conditioned for first-order methods. The
        centering is implicit (see :class:`LinearObjective`): a sparse ``X`` stays sparse.
        Only ``'fista'`` accepts ``l1 > 0``.
    sample_weight : ndarray of shape (n_samples,) or None, default=None
    l2, l1 : float, default=0.0
    fit_intercept : bool, default=True
    learning_rate : 'auto' or float, default='auto'
        Step size of ``'gd'`` and ``'fista'``; ``'auto'`` derives one from the Lipschitz
        constant of the gradient, see :func:`auto_learning_rate`.
    max_iter : int, default=100
        Maximum number of iterations (epochs for mini-batch gradient descent).
    tol : float, default=1e-4
        Stopping tolerance, see :meth:`LinearObjective.has_converged`.
    batch_size : int or None, default=None
        Mini-batch size of gradient descent; ``None`` uses all samples at each step.
    coef_init, intercept_init : array-like or None, default=None
        Starting parameters, see :func:`check_initial_weights`; the one not given starts
        from zeros.
    init_scale : float, default=0.0
        Without ``coef_init`` and ``intercept_init``: standard deviation of the normal
        random initial parameters; 0 starts from zeros.
    random_state : int, RandomState instance or None, default=None
        Draws the initial parameters and shuffles the mini-batches.
    verbose : int, default=0
        Print the objective at every iteration when positive.
    callback : callable or None, default=None
        ``callback(coef, intercept)``, called with the starting parameters and after
        every iteration.

    Returns
    -------
    coef : ndarray of shape (n_outputs, n_features)
    intercept : ndarray of shape (n_outputs,)
    n_iter : int
    loss_curve : list of float or None
        The objective after every iteration of ``'gd'`` (see :func:`gradient_descent`);
        None for the other solvers.
    """
    X_offset = None
    if solver in _CENTERED_SOLVERS and fit_intercept:
        X_offset = weighted_column_mean(X, sample_weight)
    objective = LinearObjective(
        X,
        Y,
        loss=loss,
        sample_weight=sample_weight,
        l2=l2,
        fit_intercept=fit_intercept,
        X_offset=X_offset,
    )
    random_state = check_random_state(random_state)
    coef_init, intercept_init = check_initial_weights(
        coef_init, intercept_init, Y.shape[1], X.shape[1], fit_intercept=fit_intercept
    )
    if coef_init is not None or intercept_init is not None:
        coef = np.zeros((Y.shape[1], X.shape[1])) if coef_init is None else coef_init
        intercept = np.zeros(Y.shape[1]) if intercept_init is None else intercept_init
        if X_offset is not None:  # the same model in the centered parametrization
            intercept = intercept + coef @ X_offset
        params = objective.pack(coef, intercept)
    elif init_scale > 0:
        params = random_state.normal(0.0, init_scale, size=objective.n_params)
    else:
        params = np.zeros(objective.n_params)

    def model_parameters(params):
        coef, intercept = objective.unpack(params)
        if X_offset is not None:  # back from the centered parametrization
            intercept = intercept - coef @ X_offset
        return coef, intercept

    if callback is not None:
        callback(*model_parameters(params))
    progress = Progress(
        verbose, None if callback is None else lambda params: callback(*model_parameters(params))
    )
    if solver in _CENTERED_SOLVERS and learning_rate == "auto":
        learning_rate = auto_learning_rate(objective)
    options = {"max_iter": max_iter, "tol": tol, "progress": progress}
    loss_curve = None
    if solver == "gd":
        params, n_iter, loss_curve = gradient_descent(
            objective,
            params,
            learning_rate=learning_rate,
            batch_size=batch_size,
            random_state=random_state,
            **options,
        )
    elif solver == "fista":
        params, n_iter = fista(objective, params, l1=l1, learning_rate=learning_rate, **options)
    elif solver == "lbfgs":
        params, n_iter = lbfgs(objective, params, **options)
    elif solver == "newton-cg":
        params, n_iter = newton_cg(objective, params, **options)
    else:
        params, n_iter = newton_cholesky(objective, params, **options)
    return *model_parameters(params), n_iter, loss_curve


def check_initial_weights(coef_init, intercept_init, n_outputs, n_features, *, fit_intercept):
    """Validate the starting weights given to ``fit``, scikit-learn's ``coef_init`` and
    ``intercept_init`` (the fit arguments of its ``SGDClassifier``).

    Parameters
    ----------
    coef_init : array-like of shape (n_outputs, n_features) or None
        The shape of ``coef_``; ``(n_features,)`` too with one output (a binary
        classifier, a single regression target).
    intercept_init : float, array-like of shape (n_outputs,) or None
        Only with ``fit_intercept=True``.
    n_outputs, n_features : int
        The number of outputs (targets, or one per class beyond binary) and of features.
    fit_intercept : bool

    Returns
    -------
    coef_init : ndarray of shape (n_outputs, n_features) or None
    intercept_init : ndarray of shape (n_outputs,) or None

    Raises
    ------
    ValueError
        Naming the argument, if its shape is not the model's, it is not finite, or
        ``intercept_init`` is given with ``fit_intercept=False``.
    """
    if coef_init is not None:
        coef_init = _check_init(coef_init, "coef_init", (n_outputs, n_features))
    if intercept_init is not None:
        if not fit_intercept:
            raise ValueError(
                "intercept_init was given but fit_intercept=False: the model has no "
                "intercept."
            )
        intercept_init = _check_init(intercept_init, "intercept_init", (n_outputs,))
    return coef_init, intercept_init


def _check_init(value, name, shape):
    """``value`` as a finite float64 array of ``shape``; with one output, a 1-D weight
    vector and a scalar intercept are accepted too."""
    value = check_array(
        value, ensure_2d=False, allow_nd=True, dtype=np.float64, input_name=name,
        ensure_min_samples=0,
    )
    if shape[0] == 1 and value.size == np.prod(shape) and value.ndim < len(shape):
        value = value.reshape(shape)
    if value.shape != shape:
        accepted = f"{shape}" + (f" or {shape[1:] or 'a scalar'}" if shape[0] == 1 else "")
        raise ValueError(
            f"{name} has shape {value.shape}; expected {accepted}, the shape of the fitted "
            f"{name.replace('_init', '_')}."
        )
    return value


def set_loss_curve(estimator, loss_curve):
    """Set ``estimator.loss_curve_`` to the ``loss_curve`` of :func:`fit_linear_model`, a
    list as scikit-learn's MLPs'; when it is None (a solver other than ``'gd'``), remove a
    previous fit's."""
    if loss_curve is None:
        vars(estimator).pop("loss_curve_", None)
    else:
        estimator.loss_curve_ = loss_curve



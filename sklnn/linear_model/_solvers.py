"""Iterative solvers shared by the sklnn linear models: gradient descent and L-BFGS.

Both minimize the same :class:`~sklnn.linear_model._losses.LinearObjective`, so a model
fitted with ``solver='gd'`` and ``solver='lbfgs'`` converges to the same parameters.
"""

import numbers
import warnings

import numpy as np
from scipy.linalg import eigvalsh
from scipy.optimize import minimize
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state

from sklnn.utils import check_number

from ._losses import LinearObjective


def check_solver_params(learning_rate, max_iter, tol):
    """Validate the hyperparameters every iterative solver takes.

    ``learning_rate`` is ``'auto'`` or a positive float, ``max_iter`` an integer ≥ 1 and
    ``tol`` a float ≥ 0.
    """
    if isinstance(learning_rate, str):
        if learning_rate != "auto":
            raise ValueError(
                f"Invalid value for 'learning_rate': {learning_rate!r}. "
                "Allowed values are 'auto' or a positive float."
            )
    else:
        check_number(learning_rate, "learning_rate", low=0, closed="neither")
    check_number(max_iter, "max_iter", kind=numbers.Integral, low=1)
    check_number(tol, "tol", low=0)


def fit_linear_model(
    X,
    Y,
    *,
    loss,
    solver,
    l2=0.0,
    fit_intercept=True,
    learning_rate="auto",
    max_iter=100,
    tol=1e-4,
    batch_size=None,
    init_scale=0.0,
    random_state=None,
):
    """Fit ``z = W x + b`` by minimizing the mean ``loss`` plus ``½ l2 ‖W‖²``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_outputs)
    loss : {'squared', 'binomial', 'multinomial', 'sigmoid_squared'}
    solver : {'lbfgs', 'gd'}
        ``'gd'``: gradient descent, see :func:`gradient_descent`. It runs on centered
        features, ``x - mean(x)``: the model is the same (the intercept absorbs the shift
        and is mapped back at the end) but the intercept no longer couples with the
        weights, which makes the problem much better conditioned for gradient descent.
        ``'lbfgs'``: ``scipy.optimize.minimize(method='L-BFGS-B')`` on the raw features.
    l2 : float, default=0.0
    fit_intercept : bool, default=True
    learning_rate : 'auto' or float, default='auto'
        Step size of gradient descent; ``'auto'`` derives one from the Lipschitz constant
        of the gradient, see :func:`auto_learning_rate`.
    max_iter : int, default=100
        Maximum number of iterations (epochs for mini-batch gradient descent).
    tol : float, default=1e-4
        Stop when every entry of the gradient is at most ``tol`` in absolute value.
    batch_size : int or None, default=None
        Mini-batch size of gradient descent; ``None`` uses all samples at each step.
    init_scale : float, default=0.0
        Standard deviation of the normal random initial parameters; 0 starts from zeros.
    random_state : int, RandomState instance or None, default=None
        Draws the initial parameters and shuffles the mini-batches.

    Returns
    -------
    coef : ndarray of shape (n_outputs, n_features)
    intercept : ndarray of shape (n_outputs,)
    n_iter : int
    """
    X_offset = None
    if solver == "gd" and fit_intercept:
        X_offset = X.mean(axis=0)
        X = X - X_offset
    objective = LinearObjective(X, Y, loss=loss, l2=l2, fit_intercept=fit_intercept)
    random_state = check_random_state(random_state)
    params = np.zeros(objective.n_params)
    if init_scale > 0:
        params = random_state.normal(0.0, init_scale, size=objective.n_params)

    if solver == "lbfgs":
        params, n_iter = lbfgs(objective, params, max_iter=max_iter, tol=tol)
    else:
        if learning_rate == "auto":
            learning_rate = auto_learning_rate(objective)
        params, n_iter = gradient_descent(
            objective,
            params,
            learning_rate=learning_rate,
            max_iter=max_iter,
            tol=tol,
            batch_size=batch_size,
            random_state=random_state,
        )

    coef, intercept = objective.unpack(params)
    if X_offset is not None:
        intercept = intercept - coef @ X_offset
    return coef, intercept, n_iter


def auto_learning_rate(objective):
    """Step sizes from the Lipschitz constant of the objective's gradient, one per parameter.

    For a mean loss whose second derivative in ``z`` is at most ``c``, the Hessian of the
    objective is bounded by ``c X̃ᵀX̃ / n + l2`` with ``X̃ = [X, 1]``. ``X`` is assumed
    centered when ``fit_intercept`` (as :func:`fit_linear_model` does for gradient
    descent), so this bound is block diagonal: ``L_W = c σ_max(X)² / n + l2`` for the
    weights and ``L_b = c`` for the intercepts. Steps ``1 / L_W`` and ``1 / L_b`` then
    decrease the objective at every iteration (for a convex loss gradient descent converges
    from any start), whatever the scale of the features. ``σ_max(X)²`` is the top
    eigenvalue of the smaller of ``XᵀX`` and ``XXᵀ``.
    """
    X = objective.X
    n_samples, n_features = X.shape
    gram = X.T @ X if n_features <= n_samples else X @ X.T
    top = gram.shape[0] - 1
    largest_eigenvalue = float(eigvalsh(gram, subset_by_index=[top, top])[0])
    weights_lipschitz = objective.curvature * largest_eigenvalue / n_samples + objective.l2
    steps = np.full(objective.n_params, 1.0 / weights_lipschitz if weights_lipschitz > 0 else 1.0)
    if objective.fit_intercept:
        n_outputs = objective.Y.shape[1]
        steps[n_features * n_outputs :] = 1.0 / objective.curvature
    return steps


@np.errstate(over="ignore", invalid="ignore")  # divergence is reported as a ValueError
def gradient_descent(
    objective, params, *, learning_rate, max_iter, tol, batch_size=None, random_state=None
):
    """Minimize ``objective`` by (mini-)batch gradient descent, ``Φ ← Φ - α ∇J(Φ)``.

    The textbook's update (course textbook, §2.2, Eq. 2.39 as ascent on the
    log-likelihood; §3.2, Eq. 3.5 as descent on the loss). With ``batch_size`` set, each
    iteration is an epoch over shuffled mini-batches. After each iteration the full
    gradient is checked: the descent stops once its largest absolute entry is at most
    ``tol``; otherwise a ``ConvergenceWarning`` is emitted after ``max_iter`` iterations.

    Returns
    -------
    params : ndarray
    n_iter : int
        Number of iterations (epochs) run.

    Raises
    ------
    ValueError
        If the parameters overflow (the learning rate is too large for the data).
    """
    n_samples = objective.X.shape[0]
    _, gradient = objective(params)
    for n_iter in range(1, max_iter + 1):
        if batch_size is None or batch_size >= n_samples:
            params = params - learning_rate * gradient
        else:
            for rows in _minibatches(n_samples, batch_size, random_state):
                params = params - learning_rate * objective(params, rows)[1]
        _, gradient = objective(params)
        if not np.all(np.isfinite(gradient)):
            raise ValueError(
                f"Gradient descent diverged at iteration {n_iter}: the parameters are no "
                "longer finite. Use a smaller learning_rate or scale the data (e.g. with "
                "StandardScaler)."
            )
        if np.max(np.abs(gradient)) <= tol:
            return params, n_iter
    warnings.warn(
        f"Gradient descent did not converge in max_iter={max_iter} iterations: the "
        f"largest gradient entry is {np.max(np.abs(gradient)):.3g} > tol={tol}. Increase "
        "max_iter or the learning_rate, or scale the data.",
        ConvergenceWarning,
        stacklevel=5,  # the caller of the estimator's fit (np.errstate adds a frame)
    )
    return params, max_iter


def _minibatches(n_samples, batch_size, random_state):
    """Shuffled row indices split into batches of at most ``batch_size`` rows."""
    order = random_state.permutation(n_samples)
    return np.array_split(order, -(-n_samples // batch_size))


def lbfgs(objective, params, *, max_iter, tol):
    """Minimize ``objective`` with L-BFGS (``scipy.optimize.minimize``).

    The options are scikit-learn's for ``LogisticRegression(solver='lbfgs')``: ``tol`` bounds
    the largest absolute gradient entry at convergence, at most ``max_iter`` iterations, up
    to 50 line-search steps. Emits a ``ConvergenceWarning`` when L-BFGS stops early.
    """
    result = minimize(
        objective,
        params,
        method="L-BFGS-B",
        jac=True,
        options={
            "maxiter": max_iter,
            "maxls": 50,
            "gtol": tol,
            "ftol": 64 * np.finfo(float).eps,
        },
    )
    if not result.success:
        warnings.warn(
            f"L-BFGS did not converge ({result.message}). Increase max_iter or scale the data.",
            ConvergenceWarning,
            stacklevel=4,  # the caller of the estimator's fit
        )
    return result.x, min(result.nit, max_iter)

"""First-order and quasi-Newton solvers of the sklnn linear models, and their plumbing.

The textbook's gradient descent and L-BFGS minimize a
:class:`~sklnn.linear_model._losses.LinearObjective`; the step sizes from the Lipschitz
constant of its gradient serve gradient descent and FISTA (``_proximal.py``); the
convergence warning and progress lines serve every solver.
"""

import sys
import warnings

import numpy as np
import scipy.sparse as sp
from scipy.linalg import eigvalsh
from scipy.optimize import minimize
from scipy.sparse.linalg import LinearOperator, eigsh
from sklearn.exceptions import ConvergenceWarning


def auto_learning_rate(objective):
    """Step sizes from the Lipschitz constant of the objective's gradient, one per parameter.

    For a loss whose second derivative in ``z`` is at most ``c``, the Hessian of the
    objective is bounded by ``c X̃ᵀSX̃ / Σsᵢ + l2`` with ``X̃ = [X, 1]`` and ``S`` the
    diagonal of sample weights. ``X`` is centered (implicitly, by ``objective.X_offset``)
    when ``fit_intercept``, as :func:`fit_linear_model` does for gradient descent, so this
    bound is block diagonal: ``L_W = c σ_max(S^½ X)² / Σsᵢ + l2`` for the weights and
    ``L_b = c`` for the intercepts. Steps ``1 / L_W`` and ``1 / L_b`` then decrease the
    objective at every iteration (for a convex loss gradient descent converges from any
    start), whatever the scale of the features.
    """
    largest_eigenvalue = _largest_gram_eigenvalue(objective)
    weights_lipschitz = (
        objective.curvature * largest_eigenvalue / objective.weight_sum + objective.l2
    )
    steps = np.full(
        (objective.Y.shape[1], objective.X.shape[1] + objective.fit_intercept),
        1.0 / weights_lipschitz if weights_lipschitz > 0 else 1.0,
    )
    if objective.fit_intercept:
        steps[:, -1] = 1.0 / objective.curvature
    return steps.ravel()


def _largest_gram_eigenvalue(objective):
    """``σ_max(S^½ (X - X_offset))²``: the top eigenvalue of the (centered) weighted Gram.

    Dense ``X``: ``eigvalsh`` of the smaller of ``XᵀX`` and ``XXᵀ``. Sparse ``X``: Lanczos
    (``eigsh``) on the operator ``v ↦ Xᵀ S X v``, the centering applied implicitly.
    """
    X, offset, weights = objective.X, objective.X_offset, objective.sample_weight
    n_samples, n_features = X.shape
    if not sp.issparse(X):
        if offset is not None:
            X = X - offset.astype(X.dtype)
        if weights is not None:
            X = X * np.sqrt(weights).astype(X.dtype)[:, np.newaxis]
        gram = X.T @ X if n_features <= n_samples else X @ X.T
        top = gram.shape[0] - 1
        return float(eigvalsh(gram, subset_by_index=[top, top])[0])

    weights = np.ones(n_samples) if weights is None else weights
    offset = np.zeros(n_features) if offset is None else offset

    def gram_product(vector):
        centered_scores = X @ vector.ravel() - offset @ vector.ravel()
        weighted = weights * centered_scores
        return X.T @ weighted - offset * weighted.sum()

    if n_features == 1:
        return float(gram_product(np.ones(1))[0])
    operator = LinearOperator((n_features, n_features), matvec=gram_product, dtype=np.float64)
    return float(eigsh(operator, k=1, which="LA", v0=np.ones(n_features))[0][0])


def gradient_descent(
    objective,
    params,
    *,
    learning_rate,
    max_iter,
    tol,
    batch_size=None,
    random_state=None,
    progress=None,
):
    """Minimize ``objective`` by (mini-)batch gradient descent, ``Φ ← Φ - α ∇J(Φ)``.

    The textbook's update (course textbook, §2.2, Eq. 2.39 as ascent on the
    log-likelihood; §3.2, Eq. 3.5 as descent on the loss). With ``batch_size`` set, each
    iteration is an epoch over shuffled mini-batches. After each iteration the full
    gradient is checked against ``tol`` (:meth:`LinearObjective.has_converged`); a
    ``ConvergenceWarning`` is emitted if that never happens in ``max_iter`` iterations.
    ``progress`` (a :class:`Progress`) hears of every iteration.

    Returns
    -------
    params : ndarray
    n_iter : int
        Number of iterations (epochs) run.
    loss_curve : list of float
        The objective after each iteration (epoch), ``n_iter`` values, on all the data.

    Raises
    ------
    ValueError
        If the parameters overflow (the learning rate is too large for the data).
    """
    with np.errstate(over="ignore", invalid="ignore"):  # divergence: a ValueError below
        n_samples = objective.X.shape[0]
        value, gradient = objective(params)
        loss_curve = []
        for n_iter in range(1, max_iter + 1):
            if batch_size is None or batch_size >= n_samples:
                params = params - learning_rate * gradient
            else:
                for rows in _minibatches(n_samples, batch_size, random_state):
                    params = params - learning_rate * objective(params, rows)[1]
            value, gradient = objective(params)
            loss_curve.append(float(value))
            progress("Gradient descent", n_iter, params, value, gradient)
            if not (np.isfinite(value) and np.all(np.isfinite(gradient))):
                raise ValueError(
                    f"Gradient descent diverged at iteration {n_iter}: the parameters are no "
                    "longer finite. Use a smaller learning_rate or scale the data (e.g. with "
                    "StandardScaler)."
                )
            if objective.has_converged(params, value, gradient, tol):
                return params, n_iter, loss_curve
    warn_not_converged(
        f"Gradient descent did not converge in max_iter={max_iter} iterations "
        f"(tol={tol}). Increase max_iter or the learning_rate, or scale the data."
    )
    return params, max_iter, loss_curve


def _minibatches(n_samples, batch_size, random_state):
    """Shuffled row indices split into batches of at most ``batch_size`` rows."""
    order = random_state.permutation(n_samples)
    return np.array_split(order, -(-n_samples // batch_size))


def lbfgs(objective, params, *, max_iter, tol, progress=None):
    """Minimize ``objective`` with L-BFGS (``scipy.optimize.minimize``).

    The options are scikit-learn's for ``LogisticRegression(solver='lbfgs')``: ``tol`` bounds
    the largest absolute gradient entry at convergence, at most ``max_iter`` iterations, up
    to 50 line-search steps. Emits a ``ConvergenceWarning`` when L-BFGS stops early.
    ``progress`` (a :class:`Progress`) hears of every iteration.
    """
    progress = progress or Progress()
    n_iter = iter(range(1, max_iter + 2))  # scipy reports once even for max_iter=0

    def report(intermediate_result):
        progress("L-BFGS", next(n_iter), intermediate_result.x, intermediate_result.fun)

    result = minimize(
        objective,
        params,
        method="L-BFGS-B",
        jac=True,
        callback=report if progress.listening else None,
        options={
            "maxiter": max_iter,
            "maxls": 50,
            "gtol": tol,
            "ftol": 64 * np.finfo(float).eps,
        },
    )
    n_iter = min(result.nit, max_iter)
    if not result.success:
        warn_not_converged(
            f"lbfgs failed to converge after {n_iter} iteration(s) ({result.message}). "
            f"Increase the number of iterations (max_iter={max_iter}) or scale the data."
        )
    return result.x, n_iter


class Progress:
    """What every solver reports after each iteration: a progress line when ``verbose``,
    and the parameters to ``callback`` (a function of the flat parameters), if any."""

    def __init__(self, verbose=0, callback=None):
        self.verbose = verbose
        self.callback = callback

    @property
    def listening(self):
        return bool(self.verbose) or self.callback is not None

    def __call__(self, solver, n_iter, params, value, gradient=None):
        if self.verbose:
            line = f"{solver} iteration {n_iter}: objective {value:.10g}"
            if gradient is not None:
                line += f", max |gradient| {np.max(np.abs(gradient)):.3g}"
            print(line)
        if self.callback is not None:
            self.callback(params)


def warn_not_converged(message, category=ConvergenceWarning):
    """Emit a ``ConvergenceWarning`` (or ``category``) that points at the code that called
    ``fit``: the frames of sklnn and of scikit-learn's ``_fit_context`` wrapper are
    skipped."""
    stacklevel = 2
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_globals["__name__"].startswith(_INNER_MODULES):
        stacklevel += 1
        frame = frame.f_back
    warnings.warn(message, category, stacklevel=stacklevel)


_INNER_MODULES = ("sklnn.", "sklearn.base")

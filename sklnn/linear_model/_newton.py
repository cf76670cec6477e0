"""Newton solvers of the logistic models: Newton-CG and Newton-Cholesky.

Both take Newton steps ``Φ ← Φ + t d`` with ``∇²J d = -∇J`` on the objective of
:class:`~sklnn.linear_model._losses.LinearObjective`, ``t`` from a backtracking line search
that starts at the full step. Newton-CG solves for ``d`` approximately by conjugate
gradients on Hessian-vector products (Nocedal & Wright, "Numerical Optimization", 2nd ed.,
2006, Algorithm 7.1); Newton-Cholesky forms the Hessian and solves exactly by Cholesky
(ibid., §3.3), which suits many samples and few features. Each step depends only on the
current parameters, so two fits of one iteration, the second warm-started, give the same
model as one fit of two.
"""

import warnings

import numpy as np
from scipy.linalg import LinAlgError, LinAlgWarning, solve

from ._solvers import Progress, lbfgs, warn_not_converged

# Armijo's sufficient-decrease constant and the backtracking factor of the line search.
_ARMIJO = 1e-4
_BACKTRACK = 0.5
_MAX_BACKTRACKS = 30
# At most this many conjugate-gradient iterations per Newton step (scikit-learn's 200).
_MAX_CG_ITER = 200


def newton_cg(objective, params, *, max_iter, tol, progress=None):
    """Minimize ``objective`` by line-search Newton-CG; stop when ``max |∇J| ≤ tol``.

    The conjugate gradients stop when the residual of ``∇²J d = -∇J`` falls below
    ``min(½, √‖∇J‖) ‖∇J‖`` (Nocedal & Wright's forcing sequence, superlinear convergence),
    or on a direction of non-positive curvature.

    Returns
    -------
    params : ndarray
    n_iter : int
        Number of Newton steps taken.
    """
    progress = progress or Progress()
    value, gradient = objective(params)
    for n_iter in range(max_iter):
        if np.max(np.abs(gradient)) <= tol:
            return params, n_iter
        direction = _conjugate_gradient(objective.hessian_product(params), gradient)
        step = _line_search(objective, params, value, gradient, direction)
        if step is None:
            warn_not_converged(
                "newton-cg failed to converge: the line search found no decrease of the "
                "objective. Increase the number of iterations or scale the data."
            )
            return params, n_iter
        params, value, gradient = step
        progress("Newton-CG", n_iter + 1, params, value, gradient)
    warn_not_converged(
        f"newton-cg failed to converge in max_iter={max_iter} iterations. Increase the "
        "number of iterations or scale the data."
    )
    return params, max_iter


def _conjugate_gradient(hessian_product, gradient):
    """An approximate solution ``d`` of ``H d = -g`` by conjugate gradients, from 0."""
    gradient_norm = np.linalg.norm(gradient)
    tolerance = min(0.5, np.sqrt(gradient_norm)) * gradient_norm
    direction = np.zeros_like(gradient)
    residual = gradient.copy()  # H d + g
    search = -residual
    residual_squared = residual @ residual
    for iteration in range(_MAX_CG_ITER):
        curved = hessian_product(search)
        curvature = search @ curved
        if curvature <= 0:  # a direction of non-positive curvature: stop
            return -gradient if iteration == 0 else direction
        alpha = residual_squared / curvature
        direction += alpha * search
        residual += alpha * curved
        new_residual_squared = residual @ residual
        if np.sqrt(new_residual_squared) <= tolerance:
            break
        search = -residual + (new_residual_squared / residual_squared) * search
        residual_squared = new_residual_squared
    return direction


def _line_search(objective, params, value, gradient, direction):
    """Backtracking from the full Newton step until Armijo's sufficient decrease.

    Near machine precision, where the objective can no longer decrease measurably, a
    step that does not raise it and shrinks ``‖∇J‖₁`` is accepted, as scikit-learn's
    Newton solvers do. Returns ``(params, value, gradient)`` after the step, or None if
    no step is accepted.
    """
    slope = gradient @ direction
    tiny = 16 * np.finfo(np.float64).eps * abs(value)
    step = 1.0
    for _ in range(_MAX_BACKTRACKS):
        candidate = params + step * direction
        new_value, new_gradient = objective(candidate)
        if new_value - value <= _ARMIJO * step * slope:
            return candidate, new_value, new_gradient
        if abs(new_value - value) <= tiny and (
            np.sum(np.abs(new_gradient)) < np.sum(np.abs(gradient))
        ):
            return candidate, new_value, new_gradient
        step *= _BACKTRACK
    return None


def newton_cholesky(objective, params, *, max_iter, tol, progress=None):
    """Minimize ``objective`` by Newton steps solved with a Cholesky factorization.

    Stops, as scikit-learn's solver does, when ``max |∇J| ≤ tol`` and the Newton
    decrement ``½ dᵀ ∇²J d ≤ tol`` (Boyd & Vandenberghe, "Convex Optimization", 2004,
    §9.5.1). The multinomial loss does not change when the same vector is added to every
    class's parameters (the softmax is shift-invariant, course textbook §2.4, Eq.
    2.64-2.65), so its Hessian is singular along those directions where they are not
    penalized (the intercepts, and every feature when ``l2 = 0``); the projector onto
    them is added to the Hessian, which leaves the Newton step unchanged elsewhere (the
    gradient has no component along them) and makes the matrix positive definite. If it
    is still singular or very ill conditioned (collinear features without a penalty), a
    ``LinAlgWarning`` is emitted and L-BFGS finishes the job, as in scikit-learn.

    Returns
    -------
    params : ndarray
    n_iter : int
        Number of Newton steps taken (plus L-BFGS's iterations after a fallback).
    """
    progress = progress or Progress()
    value, gradient = objective(params)
    null_space_projector = _shift_invariance_projector(objective)
    for n_iter in range(max_iter):
        hessian = objective.hessian(params)
        direction = _cholesky_direction(hessian + null_space_projector, gradient)
        if direction is None:
            warn_not_converged(
                "The Newton-Cholesky solver met a singular or very ill-conditioned Hessian "
                f"at iteration {n_iter + 1}; it resorts to lbfgs. Removing collinear "
                "features or a stronger penalty (smaller C) avoids this.",
                LinAlgWarning,
            )
            # The Newton iteration that failed counts against max_iter, as in scikit-learn.
            params, lbfgs_iter = lbfgs(
                objective, params, max_iter=max(max_iter - n_iter - 1, 0), tol=tol,
                progress=progress,
            )
            return params, n_iter + lbfgs_iter
        step = _line_search(objective, params, value, gradient, direction)
        if step is None:
            warn_not_converged(
                f"Newton solver did not converge after {n_iter} iterations: the line "
                "search found no decrease of the objective."
            )
            return params, n_iter
        params, value, gradient = step
        progress("Newton-Cholesky", n_iter + 1, params, value, gradient)
        newton_decrement = 0.5 * direction @ hessian @ direction
        if np.max(np.abs(gradient)) <= tol and newton_decrement <= tol:
            return params, n_iter + 1
    warn_not_converged(
        f"Newton solver did not converge after {max_iter} iterations. Increase the number "
        "of iterations (max_iter) or scale the data."
    )
    return params, max_iter


def _cholesky_direction(hessian, gradient):
    """The Newton direction ``-H⁻¹ g`` by Cholesky; None if ``H`` is not safely positive
    definite or the direction does not descend."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", LinAlgWarning)
            direction = solve(hessian, -gradient, assume_a="pos", check_finite=False)
    except (LinAlgError, LinAlgWarning):
        return None
    return direction if gradient @ direction < 0 else None


def _shift_invariance_projector(objective):
    """Projector onto the unpenalized directions the multinomial loss is blind to.

    For each unpenalized column ``j`` of the parameter rows ``[Wₖ, bₖ]`` (the intercept,
    and every feature when ``l2 = 0``), the unit vector that adds ``1/√K`` to column ``j``
    of every class. Zero for the binomial loss (one output), which has no such direction.
    """
    n_outputs = objective.Y.shape[1]
    width = objective.n_params // n_outputs
    unpenalized = np.zeros(width)
    if n_outputs > 1:
        unpenalized[objective.X.shape[1] :] = 1.0  # the intercept column, if any
        if objective.l2 == 0:
            unpenalized[:] = 1.0
    return np.kron(np.full((n_outputs, n_outputs), 1.0 / n_outputs), np.diag(unpenalized))

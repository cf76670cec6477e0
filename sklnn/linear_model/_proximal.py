"""FISTA: accelerated proximal gradient for the L1 and elastic-net penalties."""

import numpy as np

from ._solvers import Progress, warn_not_converged


def soft_threshold(values, thresholds):
    """The proximal operator of ``t ‖w‖₁``: shrink each entry towards 0 by ``t``."""
    return np.sign(values) * np.maximum(np.abs(values) - thresholds, 0.0)


def fista(objective, params, *, l1, learning_rate, max_iter, tol, progress=None):
    """Minimize ``objective + l1 ‖W‖₁`` by FISTA with adaptive restart.

    FISTA (Beck & Teboulle 2009, "A fast iterative shrinkage-thresholding algorithm for
    linear inverse problems", SIAM J. Imaging Sci. 2(1)) takes a gradient step on the
    smooth part (the loss and the L2 penalty) from an extrapolated point ``v`` and then
    the proximal step of the L1 penalty, a soft thresholding of the weights (never of the
    intercepts)::

        Φ⁺ = prox(v - α ∇J(v)),   v⁺ = Φ⁺ + (tₖ - 1) / tₖ₊₁ (Φ⁺ - Φ),
        tₖ₊₁ = (1 + √(1 + 4 tₖ²)) / 2.

    Its error falls as O(1/k²) rather than gradient descent's O(1/k). The momentum is
    reset (``tₖ = 1``) whenever it points uphill, ``(v - Φ⁺)·(Φ⁺ - Φ) > 0`` (gradient
    restart, O'Donoghue & Candès 2015, "Adaptive restart for accelerated gradient
    schemes", Found. Comput. Math. 15), which restores linear convergence on strongly
    convex problems. It stops when every entry of the gradient mapping
    ``(v - Φ⁺) / α``, which vanishes exactly at the minimum (with the L1 penalty's
    subgradient), is at most ``tol`` in absolute value: without an L1 penalty, the
    gradient test of L-BFGS.

    Parameters
    ----------
    objective : LinearObjective
    params : ndarray
        Starting parameters.
    l1 : float
        Strength of the L1 penalty on the weights.
    learning_rate : float or ndarray
        Step size ``α``, one per parameter or shared; at most ``1 / L`` for the Lipschitz
        constant ``L`` of the gradient.
    max_iter : int
    tol : float
    progress : Progress, default=None
        Hears of every iteration.

    Returns
    -------
    params : ndarray
    n_iter : int
    """
    progress = progress or Progress()
    with np.errstate(over="ignore", invalid="ignore"):  # divergence: a ValueError below
        rows = np.ones((objective.Y.shape[1], objective.n_params // objective.Y.shape[1]))
        rows[:, objective.X.shape[1] :] = 0.0  # the intercepts are not penalized
        thresholds = learning_rate * l1 * rows.ravel()
        extrapolated, momentum = params, 1.0
        for n_iter in range(1, max_iter + 1):
            value, gradient = objective(extrapolated)
            new_params = soft_threshold(extrapolated - learning_rate * gradient, thresholds)
            gradient_mapping = (extrapolated - new_params) / learning_rate
            progress("FISTA", n_iter, new_params, value, gradient_mapping)
            if not np.all(np.isfinite(new_params)):
                raise ValueError(
                    f"FISTA diverged at iteration {n_iter}: the parameters are no longer "
                    "finite. Use a smaller learning_rate or scale the data."
                )
            if np.max(np.abs(gradient_mapping)) <= tol:
                return new_params, n_iter
            if (extrapolated - new_params) @ (new_params - params) > 0:
                momentum = 1.0
            next_momentum = (1 + np.sqrt(1 + 4 * momentum**2)) / 2
            extrapolated = new_params + (momentum - 1) / next_momentum * (new_params - params)
            params, momentum = new_params, next_momentum
    warn_not_converged(
        f"FISTA did not converge in max_iter={max_iter} iterations (tol={tol}). Increase "
        "max_iter or scale the data."
    )
    return params, max_iter

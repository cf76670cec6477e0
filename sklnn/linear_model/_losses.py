"""Losses of linear models and the penalized objective their solvers minimize.

Every sklnn linear model scores a sample by ``z = W x + b`` (one row of ``W`` per
output) and measures the error of ``z`` against a target with one of the pointwise losses
below, all written for whole arrays ``Z`` and ``Y`` of shape (n_samples, n_outputs).
The textbook maximizes log-likelihoods by gradient *ascent*; we minimize their negatives
by gradient *descent*, which is the same update with the sign folded in.
"""

import numpy as np
from scipy.special import expit


def squared_loss(Z, Y):
    """Least squares, ``½ Σ (z - y)²`` (course textbook, §2.1, Eq. 2.4).

    Returns the summed loss and its gradient with respect to ``Z``.
    """
    residual = Z - Y
    return 0.5 * np.sum(residual * residual, dtype=np.float64), residual


def binomial_loss(Z, Y):
    """Negative Bernoulli log-likelihood of ``ŷ = σ(z)`` (§2.2, Eq. 2.32; §3.2, Eq. 3.3).

    ``-[y log σ(z) + (1 - y) log(1 - σ(z))] = log(1 + eᶻ) - y z``, computed with
    ``np.logaddexp`` so that it never overflows; the gradient is ``σ(z) - y``
    (Eq. 2.37, Eq. 3.19).
    """
    loss = np.sum(np.logaddexp(0, Z) - Y * Z, dtype=np.float64)
    return loss, expit(Z) - Y


def multinomial_loss(Z, Y):
    """Negative softmax log-likelihood, ``Y`` one-hot (§2.4, Eq. 2.69).

    The row maximum is subtracted before exponentiating, which leaves the softmax
    unchanged and keeps ``exp`` from overflowing. The gradient is ``softmax(z) - y``
    (Eq. 2.81 and Eq. 2.83 with the sign flipped).
    """
    log_proba = log_softmax(Z)
    return -np.sum(Y * log_proba, dtype=np.float64), np.exp(log_proba) - Y


def sigmoid_squared_loss(Z, Y):
    """Mean squared error of a sigmoid neuron, ``½ (σ(z) - y)²`` (§3.2, Eq. 3.2).

    The gradient is ``(ŷ - y) ŷ (1 - ŷ)`` (Eq. 3.13).
    """
    proba = expit(Z)
    residual = proba - Y
    loss = 0.5 * np.sum(residual * residual, dtype=np.float64)
    return loss, residual * proba * (1 - proba)


def log_softmax(Z):
    """Row-wise ``log softmax(z)``, stable thanks to the max-subtraction (§2.4, Eq. 2.65)."""
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


# Pointwise loss and an upper bound of |d²loss/dz²| (for a matrix Z: of the Hessian's
# largest eigenvalue in z), which bounds the gradient's Lipschitz constant.
LOSSES = {
    "squared": (squared_loss, 1.0),
    "binomial": (binomial_loss, 0.25),  # σ'(z) ≤ 1/4
    "multinomial": (multinomial_loss, 0.5),  # diag(p) - p pᵀ ≼ ½ I
    "sigmoid_squared": (sigmoid_squared_loss, 0.08),  # max |σ²(1-σ)(2-3σ)| ≈ 0.077
}


class LinearObjective:
    """Mean loss of a linear model plus an L2 penalty, as a function of flat parameters.

    ``J(W, b) = 1/n Σᵢ loss(W xᵢ + b, yᵢ) + ½ l2 ‖W‖²`` (the intercept is not penalized),
    ``W`` of shape (n_outputs, n_features) like scikit-learn's ``coef_``. Parameters travel
    as one flat float64 vector ``[W.ravel(), b]`` (what ``scipy.optimize`` expects); the
    products with ``X`` run in ``X``'s dtype, so float32 data stays float32.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_outputs)
        Targets: values, 0/1 labels or one-hot rows, depending on ``loss``.
    loss : {'squared', 'binomial', 'multinomial', 'sigmoid_squared'}
    l2 : float
        Strength of the L2 penalty; 0 for none.
    fit_intercept : bool
    """

    def __init__(self, X, Y, *, loss, l2, fit_intercept):
        self.X = X
        self.Y = Y
        self.pointwise_loss, self.curvature = LOSSES[loss]
        self.l2 = l2
        self.fit_intercept = fit_intercept

    @property
    def n_params(self):
        n_features, n_outputs = self.X.shape[1], self.Y.shape[1]
        return (n_features + self.fit_intercept) * n_outputs

    def unpack(self, params):
        """Split flat parameters into ``W`` (n_outputs, n_features) and ``b`` (n_outputs,)."""
        n_features, n_outputs = self.X.shape[1], self.Y.shape[1]
        coef = params[: n_outputs * n_features].reshape(n_outputs, n_features)
        intercept = params[n_outputs * n_features :]
        if not self.fit_intercept:
            intercept = np.zeros(n_outputs)
        return coef, intercept

    def __call__(self, params, rows=None):
        """Objective value and gradient, on all samples or on the mini-batch ``rows``."""
        X, Y = (self.X, self.Y) if rows is None else (self.X[rows], self.Y[rows])
        coef, intercept = self.unpack(params)
        scores = X @ coef.T.astype(X.dtype, copy=False) + intercept.astype(X.dtype, copy=False)
        loss, loss_grad = self.pointwise_loss(scores, Y)
        n_samples = X.shape[0]
        value = loss / n_samples + 0.5 * self.l2 * np.vdot(coef, coef)
        # (∂J/∂Z)ᵀ X rather than Xᵀ (∂J/∂Z): the same numbers, but BLAS is faster this way
        # round for a C-ordered X.
        coef_grad = (loss_grad.T @ X) / n_samples + self.l2 * coef
        if not self.fit_intercept:
            return value, coef_grad.ravel().astype(np.float64)
        intercept_grad = loss_grad.sum(axis=0) / n_samples
        return value, np.concatenate([coef_grad.ravel(), intercept_grad], dtype=np.float64)

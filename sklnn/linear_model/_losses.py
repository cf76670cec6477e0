"""Losses of linear models and the penalized objective their solvers minimize.

Every sklnn linear model scores a sample by ``z = W x + b`` (one row of ``W`` per
output) and measures the error of ``z`` against a target with one of the pointwise losses
below, all written for whole arrays ``Z`` and ``Y`` of shape (n_samples, n_outputs).
The textbook maximizes log-likelihoods by gradient *ascent*; we minimize their negatives
by gradient *descent*, which is the same update with the sign folded in.
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.utils.extmath import row_norms, safe_sparse_dot


def squared_loss(Z, Y):
    """Least squares, ``½ (z - y)²`` (course textbook, §2.1, Eq. 2.4).

    Returns the loss of each sample and output, and its gradient with respect to ``Z``.
    """
    residual = Z - Y
    return 0.5 * residual * residual, residual


def binomial_loss(Z, Y):
    """Negative Bernoulli log-likelihood of ``ŷ = σ(z)`` (§2.2, Eq. 2.32; §3.2, Eq. 3.3).

    ``-[y log σ(z) + (1 - y) log(1 - σ(z))] = log(1 + eᶻ) - y z``, computed with
    ``np.logaddexp`` so that it never overflows; the gradient is ``σ(z) - y``
    (Eq. 2.37, Eq. 3.19).
    """
    return np.logaddexp(0, Z) - Y * Z, expit(Z) - Y


def multinomial_loss(Z, Y):
    """Negative softmax log-likelihood, ``Y`` one-hot (§2.4, Eq. 2.69).

    The row maximum is subtracted before exponentiating, which leaves the softmax
    unchanged and keeps ``exp`` from overflowing. The gradient is ``softmax(z) - y``
    (Eq. 2.81 and Eq. 2.83 with the sign flipped).
    """
    log_proba = log_softmax(Z)
    losses = np.multiply(Y, log_proba)
    np.negative(losses, out=losses)  # -(y log p): bitwise (-y) log p, one array fewer
    gradient = np.exp(log_proba)
    gradient -= Y
    return losses, gradient


def sigmoid_squared_loss(Z, Y):
    """Squared error of a sigmoid neuron, ``½ (σ(z) - y)²`` (§3.2, Eq. 3.2).

    The gradient is ``(ŷ - y) ŷ (1 - ŷ)`` (Eq. 3.13).
    """
    proba = expit(Z)
    residual = proba - Y
    return 0.5 * residual * residual, residual * proba * (1 - proba)


def binomial_hessian(Z):
    """Second derivative of the binomial loss in ``z``, ``σ(z)(1 - σ(z))``, shape (n, 1, 1)."""
    proba = expit(Z)
    return (proba * (1 - proba))[:, :, np.newaxis]


def multinomial_hessian(Z):
    """Hessian of the multinomial loss in ``z``, ``diag(p) - p pᵀ`` per sample, (n, K, K)."""
    proba = np.exp(log_softmax(Z))
    return proba[:, :, np.newaxis] * (np.eye(Z.shape[1]) - proba[:, np.newaxis, :])


def log_softmax(Z, xp=np):
    """Row-wise ``log softmax(z)``, stable thanks to the max-subtraction (§2.4, Eq. 2.65).

    ``xp`` is the array namespace of ``Z`` (NumPy by default).
    """
    shifted = Z - row_max(Z, xp=xp)
    shifted -= xp.log(row_sum(xp.exp(shifted), xp=xp))
    return shifted


# Up to this many columns, reducing each row column by column (a few operations on whole
# columns) is faster than NumPy's reduction along the short last axis, which pays a fixed
# cost per row: on 1 437 × 10 (digits' scores) the maximum takes 20 µs against 57 µs and
# the sum 13 µs against 29 µs; on 60 000 × 10 the maximum 0.98 ms against 2.4 ms.
_FEW_COLUMNS = 16


def _columns(Z):
    return [Z[:, column : column + 1] for column in range(Z.shape[1])]


def row_max(Z, xp=np):
    """The maximum of each row of ``Z`` (n_samples, n_columns), shape (n_samples, 1).

    A maximum does not round, so the running maximum over few columns gives exactly the
    values of ``xp.max(Z, axis=1)``, NaNs included.
    """
    if Z.shape[1] > _FEW_COLUMNS:
        return xp.max(Z, axis=1, keepdims=True)
    maximum, *others = _columns(Z)
    for column in others:
        maximum = xp.maximum(maximum, column)
    return maximum


def row_sum(Z, xp=np):
    """The sum of each row of ``Z`` (n_samples, n_columns), shape (n_samples, 1).

    Bitwise ``xp.sum(Z, axis=1)``. For a C-ordered NumPy array over few columns, the
    additions of NumPy's pairwise summation run in its order, a column at a time (see
    :func:`_pairwise_sum`).
    """
    if not (isinstance(Z, np.ndarray) and Z.flags.c_contiguous) or Z.shape[1] > _FEW_COLUMNS:
        return xp.sum(Z, axis=1, keepdims=True)
    return 0.0 + _pairwise_sum(_columns(Z))  # NumPy adds the sum to the identity, 0


def _pairwise_sum(terms):
    """The sum of ``terms`` in the order of NumPy's pairwise summation of a contiguous run
    (``pairwise_sum`` in numpy/_core/src/umath/loops_utils.h.src): fewer than 8 terms one
    after the other; up to 128 in 8 running sums of every 8th term, added as a tree, then
    the terms left over one by one; more split in two, the first part a multiple of 8.
    """
    n_terms = len(terms)
    if n_terms > 128:
        half = n_terms // 2 - n_terms // 2 % 8
        return _pairwise_sum(terms[:half]) + _pairwise_sum(terms[half:])
    if n_terms < 8:
        total = 0.0
        for term in terms:
            total = total + term
        return total
    n_blocks = n_terms // 8
    sums = terms[:8]
    for start in range(8, 8 * n_blocks, 8):
        sums = [running + term for running, term in zip(sums, terms[start : start + 8])]
    pairs = [sums[index] + sums[index + 1] for index in range(0, 8, 2)]
    total = (pairs[0] + pairs[1]) + (pairs[2] + pairs[3])
    for term in terms[8 * n_blocks :]:
        total = total + term
    return total


@dataclass(frozen=True)
class PointwiseLoss:
    """A loss of ``z``: its value and gradient, a bound of its curvature, its Hessian.

    ``curvature`` bounds ``|d²loss/dz²|`` (for a vector ``z``: the largest eigenvalue of
    the Hessian), hence the Lipschitz constant of the gradient. ``hessian`` (for the
    Newton solvers) gives the per-sample Hessian in ``z``, shape (n_samples, K, K).
    """

    loss_gradient: object
    curvature: float
    hessian: object = None


LOSSES = {
    "squared": PointwiseLoss(squared_loss, 1.0),
    "binomial": PointwiseLoss(binomial_loss, 0.25, binomial_hessian),  # σ'(z) ≤ 1/4
    "multinomial": PointwiseLoss(multinomial_loss, 0.5, multinomial_hessian),  # ≼ ½ I
    "sigmoid_squared": PointwiseLoss(sigmoid_squared_loss, 0.08),  # |σ²(1-σ)(2-3σ)| ≤ 0.077
}


class LinearObjective:
    """Weighted mean loss of a linear model plus an L2 penalty, as a function of flat
    parameters.

    ``J(W, b) = Σᵢ sᵢ loss(W xᵢ + b, yᵢ) / Σᵢ sᵢ + ½ l2 ‖W‖²`` (the intercept is not
    penalized), ``sᵢ`` the sample weights (1 by default) and ``W`` of shape
    (n_outputs, n_features) like scikit-learn's ``coef_``. An integer weight counts a
    sample that many times: the objective is the one of the duplicated rows. Parameters
    travel as one flat float64 vector, the rows ``[Wₖ, bₖ]`` one after the other (what
    ``scipy.optimize`` expects); the products with ``X`` run in ``X``'s dtype, so float32
    data stays float32. ``X`` may be a scipy sparse matrix: it is only multiplied.

    With ``X_offset`` the model scores ``W (x - X_offset) + b``: the features are centered
    implicitly, never densifying a sparse ``X`` (see :func:`fit_linear_model`).

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_outputs)
        Targets: values, 0/1 labels or one-hot rows, depending on ``loss``; kept in
        float64, as the pointwise losses are computed.
    loss : {'squared', 'binomial', 'multinomial', 'sigmoid_squared'}
    sample_weight : ndarray of shape (n_samples,) or None
    l2 : float
        Strength of the L2 penalty; 0 for none.
    fit_intercept : bool
    X_offset : ndarray of shape (n_features,) or None
    """

    def __init__(
        self, X, Y, *, loss, sample_weight=None, l2=0.0, fit_intercept=True, X_offset=None
    ):
        self.X = X
        self.Y = np.asarray(Y, dtype=np.float64)  # the precision of the pointwise losses
        self.loss = LOSSES[loss]
        self.curvature = self.loss.curvature
        self.sample_weight = sample_weight
        self.weight_sum = X.shape[0] if sample_weight is None else float(sample_weight.sum())
        self.l2 = l2
        self.fit_intercept = fit_intercept
        self.X_offset = X_offset

    @property
    def n_params(self):
        return (self.X.shape[1] + self.fit_intercept) * self.Y.shape[1]

    def unpack(self, params):
        """Split flat parameters into ``W`` (n_outputs, n_features) and ``b`` (n_outputs,)."""
        n_features, n_outputs = self.X.shape[1], self.Y.shape[1]
        rows = params.reshape(n_outputs, n_features + self.fit_intercept)
        if not self.fit_intercept:
            return rows, np.zeros(n_outputs)
        return rows[:, :n_features], rows[:, n_features]

    def pack(self, coef, intercept):
        """The flat parameters of ``W`` (n_outputs, n_features) and ``b`` (n_outputs,)."""
        if not self.fit_intercept:
            return np.ravel(coef).astype(np.float64)
        return np.column_stack([coef, intercept]).ravel().astype(np.float64)

    def scores(self, params, rows=None):
        """``Z = X Wᵀ + b`` (with ``X`` centered by ``X_offset`` if given)."""
        X = self.X if rows is None else self.X[rows]
        return self._scores(X, *self.unpack(params))

    def _scores(self, X, coef, intercept):
        if self.X_offset is not None:
            intercept = intercept - coef @ self.X_offset
        scores = X @ coef.T.astype(X.dtype, copy=False)
        scores += intercept.astype(X.dtype, copy=False)
        return scores

    def _weights_and_normalizer(self, rows):
        """The sample weights of ``rows`` and the divisor of their weighted loss sum.

        On a mini-batch the divisor is the batch's share of ``Σ sᵢ``, so that the batch
        gradient estimates the full one without bias.
        """
        if rows is None:
            return self.sample_weight, self.weight_sum
        weights = None if self.sample_weight is None else self.sample_weight[rows]
        return weights, self.weight_sum * len(rows) / self.X.shape[0]

    def _params_gradient(self, score_gradient, X):
        """Gradient, as parameter rows ``[Wₖ, bₖ]``, from the gradient in ``Z`` (n, K)."""
        n_features = X.shape[1]
        gradient = np.empty((score_gradient.shape[1], n_features + self.fit_intercept))
        column_sums = score_gradient.sum(axis=0)
        score_gradient = score_gradient.astype(X.dtype, copy=False)
        if sp.issparse(X):
            gradient[:, :n_features] = (X.T @ score_gradient).T
        else:
            # (∂J/∂Z)ᵀ X rather than Xᵀ (∂J/∂Z): the same numbers, but BLAS is faster this
            # way round for a C-ordered X.
            gradient[:, :n_features] = score_gradient.T @ X
        if self.X_offset is not None:
            gradient[:, :n_features] -= column_sums[:, np.newaxis] * self.X_offset
        if self.fit_intercept:
            gradient[:, n_features] = column_sums
        return gradient

    def __call__(self, params, rows=None):
        """Objective value and gradient, on all samples or on the mini-batch ``rows``."""
        X, Y = (self.X, self.Y) if rows is None else (self.X[rows], self.Y[rows])
        weights, normalizer = self._weights_and_normalizer(rows)
        coef, intercept = self.unpack(params)
        # The matrix products run in X's dtype, the pointwise losses in float64: with
        # float32 data the objective stays smooth enough for L-BFGS's line search.
        scores = self._scores(X, coef, intercept).astype(np.float64, copy=False)
        losses, score_gradient = self.loss.loss_gradient(scores, Y)
        if weights is not None:
            losses = losses * weights[:, np.newaxis]
            score_gradient *= weights[:, np.newaxis]
        value = np.sum(losses, dtype=np.float64) / normalizer
        gradient = self._params_gradient(score_gradient, X)
        gradient /= normalizer
        if self.l2:
            value += 0.5 * self.l2 * np.vdot(coef, coef)
            gradient[:, : X.shape[1]] += self.l2 * coef
        return value, gradient.ravel()

    def has_converged(self, params, value, gradient, tol):
        """The stopping test of the iterative solvers, at ``params``.

        For least squares (``loss='squared'``, no penalty) these are the tests of LSQR
        (Paige & Saunders 1982, "LSQR: an algorithm for sparse linear equations and sparse
        least squares", §6) with ``atol = btol = tol`` on the weighted system
        ``S^½ X̃ Φ ≈ S^½ Y`` (``X̃ = [X, 1]``, ``S`` the sample weights): stop when the
        residual ``r`` is orthogonal to the features up to ``tol``,
        ``‖X̃ᵀ S r‖ ≤ tol ‖S^½ X̃‖ ‖S^½ r‖``, or when the system is solved,
        ``‖S^½ r‖ ≤ tol (‖S^½ Y‖ + ‖S^½ X̃‖ ‖Φ‖`` (Frobenius norms). So ``tol`` means for
        gradient descent what it means for scikit-learn's ``LinearRegression`` on sparse
        data, which runs LSQR: a relative precision, whatever the scale of the data.
        Otherwise, as scikit-learn's ``LogisticRegression`` does with L-BFGS and Newton-CG:
        stop when every entry of the gradient is at most ``tol`` in absolute value.
        """
        if self.loss.loss_gradient is not squared_loss or self.l2 > 0:
            return np.max(np.abs(gradient)) <= tol
        design_norm, target_norm = self._least_squares_norms()
        residual_norm = np.sqrt(2 * self.weight_sum) * np.sqrt(value)
        normal_residual_norm = self.weight_sum * np.linalg.norm(gradient)
        return normal_residual_norm <= tol * design_norm * residual_norm or (
            residual_norm <= tol * (target_norm + design_norm * np.linalg.norm(params))
        )

    def _least_squares_norms(self):
        """``‖S^½ X̃‖`` (``X`` centered by ``X_offset``) and ``‖S^½ Y‖``, computed once."""
        if not hasattr(self, "_norms"):
            weights = self.sample_weight
            if weights is None:
                weights = np.ones(self.X.shape[0])
            squared = weights @ row_norms(self.X, squared=True)
            if self.X_offset is not None:
                column_sums = np.ravel(safe_sparse_dot(weights, self.X))
                offset = self.X_offset
                squared += self.weight_sum * (offset @ offset) - 2 * (offset @ column_sums)
            squared += self.weight_sum * self.fit_intercept
            self._norms = np.sqrt(squared), np.sqrt(weights @ np.sum(self.Y**2, axis=1))
        return self._norms

    def _weighted_hessian_in_scores(self, params):
        """Per-sample Hessian of the loss in ``z`` times ``sᵢ / Σ sᵢ``, (n, K, K)."""
        hessian = self.loss.hessian(self.scores(params))
        weights = self.sample_weight
        if weights is None:
            weights = np.ones(self.X.shape[0])
        return hessian * (weights / self.weight_sum)[:, np.newaxis, np.newaxis]

    def hessian_product(self, params):
        """The function ``v ↦ ∇²J(params) v`` (for Newton-CG); needs ``loss.hessian``."""
        score_hessian = self._weighted_hessian_in_scores(params)
        n_features = self.X.shape[1]

        def product(direction):
            # ∇²J v = X̃ᵀ H_z (X̃ V) + l2 V_W, with X̃ = [X, 1] and V the direction's rows.
            score_direction = self.scores(direction)
            score_product = np.einsum("ikl,il->ik", score_hessian, score_direction)
            result = self._params_gradient(score_product, self.X)
            coef, _ = self.unpack(direction)
            result[:, :n_features] += self.l2 * coef
            return result.ravel()

        return product

    def hessian(self, params):
        """The Hessian matrix ``∇²J(params)``, (n_params, n_params) (for Newton-Cholesky).

        Its block of outputs ``(k, l)`` is ``X̃ᵀ diag(sᵢ Hᵢₖₗ / Σ sᵢ) X̃``, ``X̃ = [X, 1]``
        and ``Hᵢ`` the Hessian of sample ``i``'s loss in ``z``.
        """
        score_hessian = self._weighted_hessian_in_scores(params)
        X = self.X
        if self.fit_intercept:
            ones = np.ones((X.shape[0], 1), dtype=X.dtype)
            X = sp.hstack([X, ones], format="csr") if sp.issparse(X) else np.hstack([X, ones])
        n_outputs, width = self.Y.shape[1], X.shape[1]
        hessian = np.empty((n_outputs, width, n_outputs, width))
        for row in range(n_outputs):
            for column in range(row, n_outputs):
                block = _weighted_gram(X, score_hessian[:, row, column])
                hessian[row, :, column, :] = block
                hessian[column, :, row, :] = block.T
        hessian = hessian.reshape(n_outputs * width, n_outputs * width)
        penalty = np.zeros((n_outputs, width))
        penalty[:, : self.X.shape[1]] = self.l2  # the intercepts are not penalized
        hessian[np.diag_indices_from(hessian)] += penalty.ravel()
        return hessian


def _weighted_gram(X, weights):
    """``Xᵀ diag(weights) X`` as a dense float64 array, ``X`` dense or sparse."""
    if sp.issparse(X):
        return np.asarray((X.T @ X.multiply(weights[:, np.newaxis])).todense(), dtype=np.float64)
    return (X.T * weights.astype(X.dtype, copy=False)) @ X

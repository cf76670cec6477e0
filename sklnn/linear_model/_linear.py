"""Ordinary least squares linear regression (course textbook, §2.1)."""

import numpy as np
from scipy.linalg import LinAlgError, cho_factor, cho_solve, lstsq
from scipy.linalg.lapack import get_lapack_funcs
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from sklnn.utils import check_option

from ._solvers import check_solver_params, fit_linear_model

# Solve the normal equations by Cholesky only when the (column-scaled) Gram matrix has a
# reciprocal condition number of at least this: the normal equations square the
# condition number of X, so this keeps their error at or below ~1e-10 relative. Worse
# conditioned problems, and singular ones, go to the SVD-based lstsq.
_MIN_GRAM_RCOND = 1e-6
# lstsq treats singular values below this fraction of the largest as zero, the cut-off of
# scikit-learn's LinearRegression (its tol=1e-6): the same minimum-norm solution.
_LSTSQ_COND = 1e-6


class LinearRegression(RegressorMixin, BaseEstimator):
    """Ordinary least squares linear regression.

    The model is ``F(x) = Φᵀx + ϕ₀`` (course textbook, §2.1, Eq. 2.1-2.3) and ``Φ``
    minimizes the least-squares loss ``½ Σᵢ (Φᵀxᵢ + ϕ₀ - yᵢ)²`` (Eq. 2.4). Setting its
    gradient to zero gives the normal equations ``(XᵀX) Φ = XᵀY`` (Eq. 2.16), i.e.
    ``Φ = (XᵀX)⁻¹XᵀY`` (Eq. 2.17, Code 2.1).

    ``solver='lstsq'`` solves them stably, never forming an inverse: the data are
    centered (which gives the intercept, ``ϕ₀ = ȳ - x̄ᵀΦ``), the centered normal equations
    are solved by a Cholesky factorization when ``XᵀX`` (with its columns scaled to unit
    norm) is well conditioned, and otherwise (collinear features, too few samples) by the
    SVD of ``scipy.linalg.lstsq``, which returns the minimum-norm solution that
    scikit-learn's ``LinearRegression`` returns (singular values below 1e-6 times the
    largest count as zero, its cut-off). Cholesky is several times faster than the SVD on
    tall data. ``solver='gd'`` is batch gradient descent on the mean loss
    (``Φ ← Φ - α/n Xᵀ(XΦ - Y)``), for teaching; it runs on centered features.

    ``score`` returns the coefficient of determination R² (Eq. 2.18).

    Parameters
    ----------
    fit_intercept : bool, default=True
        Whether to fit the bias ``ϕ₀``; if False the data are not centered.
    solver : {'lstsq', 'gd'}, default='lstsq'
        Direct least squares, or gradient descent.
    learning_rate : 'auto' or float, default='auto'
        Step size of ``solver='gd'``. ``'auto'`` is ``1 / L`` with ``L`` the Lipschitz
        constant of the gradient: ``σ_max(X)² / n`` for the weights (``X`` centered) and
        1 for the intercept, a step that converges whatever the scale of the features.
    max_iter : int, default=1000
        Maximum number of iterations of ``solver='gd'``.
    tol : float, default=1e-4
        ``solver='gd'`` stops when every entry of the gradient of the mean loss is at
        most ``tol`` in absolute value.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Weights ``Φ``; two-dimensional when ``y`` is.
    intercept_ : float or ndarray of shape (n_targets,)
        Bias ``ϕ₀`` (0.0 when ``fit_intercept=False``).
    n_iter_ : int
        Number of gradient-descent iterations; 1 for the direct ``'lstsq'`` solve.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when ``X`` has string column names.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.linear_model import LinearRegression
    >>> X = np.array([[1.0, 1.0], [1.0, 2.0], [2.0, 2.0], [2.0, 3.0]])
    >>> y = X @ np.array([1.0, 2.0]) + 3.0
    >>> model = LinearRegression().fit(X, y)
    >>> print(model.coef_.round(6), round(float(model.intercept_), 6))
    [1. 2.] 3.0
    >>> print(model.predict([[3.0, 5.0]]).round(6))
    [16.]
    >>> print(round(model.score(X, y), 6))
    1.0
    """

    def __init__(
        self, *, fit_intercept=True, solver="lstsq", learning_rate="auto", max_iter=1000, tol=1e-4
    ):
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        """Fit the least-squares coefficients.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target values.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        check_option(self.fit_intercept, "fit_intercept", (True, False))
        check_option(self.solver, "solver", ("lstsq", "gd"))
        check_solver_params(self.learning_rate, self.max_iter, self.tol)
        X, y = validate_data(
            self, X, y, dtype=[np.float64, np.float32], multi_output=True, y_numeric=True
        )
        Y = y.reshape(X.shape[0], -1)
        if self.solver == "lstsq":
            coef, intercept = _least_squares(X, Y, fit_intercept=self.fit_intercept)
            self.n_iter_ = 1
        else:
            coef, intercept, self.n_iter_ = fit_linear_model(
                X,
                Y.astype(X.dtype, copy=False),
                loss="squared",
                solver="gd",
                fit_intercept=self.fit_intercept,
                learning_rate=self.learning_rate,
                max_iter=self.max_iter,
                tol=self.tol,
            )
        if y.ndim == 1:
            coef, intercept = coef[0], intercept[0]
        self.coef_ = coef
        self.intercept_ = intercept if self.fit_intercept else 0.0
        return self

    def predict(self, X):
        """Predict with the fitted linear model, ``XΦ + ϕ₀``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        return X @ self.coef_.T + self.intercept_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


def _least_squares(X, Y, *, fit_intercept):
    """Least-squares ``coef`` (n_targets, n_features) and ``intercept`` (n_targets,)."""
    if fit_intercept:
        X_offset = X.mean(axis=0, dtype=np.float64)
        Y_offset = Y.mean(axis=0, dtype=np.float64)
        X = X - X_offset  # a new float64 array: the caller's X is left untouched
        Y = Y - Y_offset
    else:
        X = X.astype(np.float64, copy=False)
        Y = Y.astype(np.float64, copy=False)
    coef = _solve_normal_equations(X, Y)
    if coef is None:
        coef = lstsq(X, Y, cond=_LSTSQ_COND)[0]
    if not fit_intercept:
        return coef.T, np.zeros(Y.shape[1])
    return coef.T, Y_offset - X_offset @ coef


def _solve_normal_equations(X, Y):
    """Solve ``(XᵀX) Φ = XᵀY`` by Cholesky; None if ``XᵀX`` is singular or ill conditioned.

    The Gram matrix is scaled to a unit diagonal first, so that features on different
    scales do not count as ill conditioning.
    """
    gram = X.T @ X
    scale = np.sqrt(np.diag(gram))
    if not np.all(scale > 0):  # a constant feature: XᵀX is singular
        return None
    scaled_gram = gram / np.outer(scale, scale)
    try:
        factor, lower = cho_factor(scaled_gram, check_finite=False)
    except LinAlgError:  # not numerically positive definite
        return None
    pocon = get_lapack_funcs("pocon", (factor,))
    rcond, _ = pocon(factor, np.linalg.norm(scaled_gram, 1), uplo="L" if lower else "U")
    if rcond < _MIN_GRAM_RCOND:
        return None
    scaled_coef = cho_solve((factor, lower), (X.T @ Y) / scale[:, None], check_finite=False)
    return scaled_coef / scale[:, None]

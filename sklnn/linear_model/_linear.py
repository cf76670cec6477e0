"""Ordinary least squares linear regression (course textbook, §2.1)."""

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from scipy.linalg import LinAlgError, cho_factor, cho_solve, eigvalsh, lstsq
from scipy.linalg.lapack import get_lapack_funcs
from scipy.optimize import nnls
from scipy.sparse.linalg import LinearOperator, lsqr
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from ..utils import atomic_fit, check_magnitude
from ._fit import fit_linear_model, set_loss_curve, weighted_column_mean

# Solve the normal equations by Cholesky only when the (column-scaled) Gram matrix has a
# reciprocal condition number of at least this: the normal equations square the
# condition number of X, so this keeps their error at or below ~1e-10 relative. Worse
# conditioned problems, and singular ones, go to the SVD-based lstsq.
_MIN_GRAM_RCOND = 1e-6


class LinearRegression(RegressorMixin, BaseEstimator):
    """Ordinary least squares linear regression.

    The model is ``F(x) = Φᵀx + ϕ₀`` (course textbook, §2.1, Eq. 2.1-2.3) and ``Φ``
    minimizes the least-squares loss ``½ Σᵢ sᵢ (Φᵀxᵢ + ϕ₀ - yᵢ)²`` (Eq. 2.4, with sample
    weights ``sᵢ``, 1 by default: an integer weight counts a sample that many times).
    Setting its gradient to zero gives the normal equations ``(XᵀX) Φ = XᵀY`` (Eq. 2.16),
    i.e. ``Φ = (XᵀX)⁻¹XᵀY`` (Eq. 2.17, Code 2.1). It takes the parameters of
    scikit-learn's ``LinearRegression`` with their meaning, and gives its results.

    ``solver='lstsq'`` solves them directly and stably, never forming an inverse. The
    data are centered (which gives the intercept, ``ϕ₀ = ȳ - x̄ᵀΦ``, weighted means) and
    scaled by ``√sᵢ``. Then, as scikit-learn:

    - dense ``X``: the minimum-norm least-squares solution in which singular values of
      ``X`` below ``tol`` times the largest count as zero, scikit-learn's
      ``scipy.linalg.lstsq(X, y, cond=tol)``. sklnn solves the normal equations by a
      Cholesky factorization instead when that gives the same solution (no singular value
      below the cut-off) accurately (``XᵀX``, its columns scaled to unit norm, well
      conditioned): several times faster than the SVD on tall data;
    - sparse ``X``: LSQR (``scipy.sparse.linalg.lsqr``, atol = btol = ``tol``) on the
      implicitly centered matrix, which stays sparse;
    - ``positive=True``: non-negative least squares, ``scipy.optimize.nnls``.

    ``solver='gd'`` is batch gradient descent on the weighted mean loss
    (``Φ ← Φ - α Xᵀ S (XΦ - Y) / Σ sᵢ``), for teaching; it runs on implicitly centered
    features and stops by LSQR's tests with ``tol``.

    ``score`` returns the coefficient of determination R² (Eq. 2.18).

    Parameters
    ----------
    fit_intercept : bool, default=True
        Whether to fit the bias ``ϕ₀``; if False the data are not centered.
    copy_X : bool, default=True
        If False, a dense ``X`` is centered and scaled in place (it is overwritten), which
        saves a copy of it; sparse ``X`` is never modified.
    tol : float, default=1e-6
        The precision of the solution, the convergence criterion of the solver, as in
        scikit-learn: for dense ``X`` the relative cut-off of small singular values
        (``cond`` of ``lstsq``), for sparse ``X`` LSQR's ``atol`` and ``btol``, and for
        ``solver='gd'`` the same LSQR tests: stop when the residual ``r`` is orthogonal to
        the features up to ``tol``, ``‖XᵀSr‖ ≤ tol ‖S^½X‖ ‖S^½r‖``, or when
        ``‖S^½r‖ ≤ tol (‖S^½y‖ + ‖S^½X‖ ‖Φ‖)``.
    n_jobs : int, default=None
        Number of jobs fitting several targets at once, for sparse ``X`` or
        ``positive=True`` (joblib; None means 1).
    positive : bool, default=False
        Force the coefficients to be non-negative (dense ``X`` and ``solver='lstsq'``).
    solver : {'lstsq', 'gd'}, default='lstsq'
        Direct least squares as above, or gradient descent (an sklnn extra).
    learning_rate : 'auto' or float, default='auto'
        Step size of ``solver='gd'``. ``'auto'`` is ``1 / L`` with ``L`` the Lipschitz
        constant of the gradient: ``σ_max(S^½X)² / Σ sᵢ`` for the weights (``X``
        centered) and 1 for the intercept, a step that converges whatever the scale of the
        features.
    max_iter : int, default=1000
        Maximum number of iterations of ``solver='gd'``.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Weights ``Φ``; two-dimensional when ``y`` is. The dtype of ``X``.
    intercept_ : float or ndarray of shape (n_targets,)
        Bias ``ϕ₀`` (0.0 when ``fit_intercept=False``).
    rank_ : int
        Rank of the (centered, weighted) ``X``; dense ``X`` and ``solver='lstsq'`` only.
    singular_ : ndarray of shape (min(n_samples, n_features),)
        Its singular values, largest first; dense ``X`` and ``solver='lstsq'`` only.
    n_iter_ : int
        Number of iterations of ``solver='gd'``, or of LSQR on sparse ``X`` (the most
        over the targets); 1 for the direct dense solves.
    loss_curve_ : list of float
        The objective ``½ Σᵢ sᵢ (Φᵀxᵢ + ϕ₀ - yᵢ)² / Σᵢ sᵢ`` after each iteration, ``n_iter_``
        values; ``solver='gd'`` only (not set by the direct solves).
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
    >>> print(LinearRegression(positive=True).fit(X, -y).coef_)
    [0. 0.]
    """

    _parameter_constraints: dict = {
        "fit_intercept": ["boolean"],
        "copy_X": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_jobs": [None, Integral],
        "positive": ["boolean"],
        "solver": [StrOptions({"lstsq", "gd"})],
        "learning_rate": [StrOptions({"auto"}), Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        *,
        fit_intercept=True,
        copy_X=True,
        tol=1e-6,
        n_jobs=None,
        positive=False,
        solver="lstsq",
        learning_rate="auto",
        max_iter=1000,
    ):
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.tol = tol
        self.n_jobs = n_jobs
        self.positive = positive
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter

    @atomic_fit(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, *, coef_init=None, intercept_init=None):
        """Fit the least-squares coefficients.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (dense when ``positive=True``).
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target values.
        sample_weight : float or array-like of shape (n_samples,), default=None
            Non-negative weight of each sample in the loss; None weighs them all 1.
        coef_init : array-like of shape (n_features,) or (n_targets, n_features), default=None
            The weights ``solver='gd'`` starts from (the direct solves have none),
            scikit-learn's ``SGDClassifier`` fit argument; None starts from zeros.
        intercept_init : float or array-like of shape (n_targets,), default=None
            The bias it starts from (only with ``fit_intercept=True``); None starts from
            0. The steps are then taken on centered features: to follow the textbook's
            path on its design matrix ``[1, X]``, fit that with ``fit_intercept=False``.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        if self.solver != "gd" and (coef_init is not None or intercept_init is not None):
            raise ValueError(
                "coef_init and intercept_init are the starting point of solver='gd'; "
                f"solver={self.solver!r} solves directly."
            )
        if self.positive and self.solver == "gd":
            raise ValueError(
                "positive=True is solved by non-negative least squares, "
                "solver='lstsq'; got solver='gd'."
            )
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=False if self.positive else ["csr", "csc", "coo"],
            dtype=[np.float64, np.float32],
            multi_output=True,
            y_numeric=True,
            force_writeable=True,
        )
        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=np.float64, ensure_non_negative=True
            )
        Y = y.reshape(X.shape[0], -1).astype(np.float64)
        check_magnitude(X)
        check_magnitude(Y, "y")
        if self.solver == "gd":
            coef, intercept, self.n_iter_, loss_curve = fit_linear_model(
                X,
                Y,
                loss="squared",
                solver="gd",
                sample_weight=sample_weight,
                fit_intercept=self.fit_intercept,
                learning_rate=self.learning_rate,
                max_iter=self.max_iter,
                tol=self.tol,
                coef_init=coef_init,
                intercept_init=intercept_init,
            )
        else:
            coef, intercept, self.n_iter_ = self._least_squares(X, Y, sample_weight)
            loss_curve = None
        set_loss_curve(self, loss_curve)
        intercept = intercept.astype(X.dtype)
        if y.ndim == 1:
            coef, intercept = coef[0], intercept[0]
        self.coef_ = coef.astype(X.dtype)
        self.intercept_ = intercept if self.fit_intercept else 0.0
        return self

    def _least_squares(self, X, Y, sample_weight):
        """``coef`` (n_targets, n_features), ``intercept`` (n_targets,) and the number of
        iterations, by a direct solve of the centered, ``√s``-scaled problem."""
        n_features = X.shape[1]
        sqrt_weight = None if sample_weight is None else np.sqrt(sample_weight)
        X_offset, Y_offset = np.zeros(n_features), np.zeros(Y.shape[1])
        if self.fit_intercept:
            X_offset = weighted_column_mean(X, sample_weight)
            Y_offset = weighted_column_mean(Y, sample_weight)
        Y = Y - Y_offset
        if sqrt_weight is not None:
            Y *= sqrt_weight[:, np.newaxis]
        n_iter = 1
        if sp.issparse(X):
            coef, n_iter = _sparse_least_squares(
                X, Y, X_offset, sqrt_weight, self.tol, self.n_jobs
            )
        else:
            X = self._center_and_scale(X, X_offset, sqrt_weight)
            if self.positive:
                coef = np.vstack(
                    Parallel(n_jobs=self.n_jobs)(
                        delayed(_nonnegative_least_squares)(X, Y[:, j])
                        for j in range(Y.shape[1])
                    )
                )
            else:
                coef, self.rank_, self.singular_ = _dense_least_squares(X, Y, self.tol)
        return coef, Y_offset - coef @ X_offset, n_iter

    def _center_and_scale(self, X, X_offset, sqrt_weight):
        """``√s (X - X_offset)``: a new float64 array, or ``X`` itself overwritten when
        ``copy_X=False``."""
        if self.copy_X:
            X = X - X_offset
        else:
            X -= X_offset.astype(X.dtype)
        if sqrt_weight is not None:
            X *= sqrt_weight[:, np.newaxis].astype(X.dtype)
        return X

    def predict(self, X):
        """Predict with the fitted linear model, ``XΦ + ϕ₀``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, reset=False, accept_sparse=["csr", "csc", "coo"],
            dtype=[np.float64, np.float32],
        )
        return safe_sparse_dot(X, self.coef_.T, dense_output=True) + self.intercept_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.input_tags.sparse = not self.positive
        return tags


def _dense_least_squares(X, Y, tol):
    """Least squares of a dense ``X``: ``coef`` (n_targets, n_features), the rank of ``X``
    and its singular values, with scikit-learn's cut-off ``tol`` of small singular values.

    The normal equations, by Cholesky, when ``X`` has full column rank at that cut-off and
    they are well conditioned; otherwise ``scipy.linalg.lstsq``, the SVD-based
    minimum-norm solution.
    """
    X = X.astype(np.float64, copy=False)
    n_samples, n_features = X.shape
    if n_samples >= n_features:
        gram = X.T @ X
        eigenvalues = np.clip(eigvalsh(gram), 0, None)[::-1]
        singular = np.sqrt(eigenvalues)
        if singular[-1] > tol * singular[0]:
            coef = _solve_normal_equations(gram, X.T @ Y)
            if coef is not None:
                return coef.T, n_features, singular
    coef, _, rank, singular = lstsq(X, Y, cond=tol)
    return coef.T, rank, singular


def _solve_normal_equations(gram, moments):
    """Solve ``(XᵀX) Φ = XᵀY`` by Cholesky; None if ``XᵀX`` is ill conditioned.

    The Gram matrix is scaled to a unit diagonal first, so that features on different
    scales do not count as ill conditioning.
    """
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
    scaled_coef = cho_solve((factor, lower), moments / scale[:, None], check_finite=False)
    return scaled_coef / scale[:, None]


def _sparse_least_squares(X, Y, X_offset, sqrt_weight, tol, n_jobs):
    """LSQR on ``√s (X - X_offset)``, applied implicitly so that ``X`` stays sparse, one
    target at a time; ``coef`` of shape (n_targets, n_features) and the most iterations."""
    n_samples = X.shape[0]
    sqrt_weight = np.ones(n_samples) if sqrt_weight is None else sqrt_weight

    def matvec(coef):
        return sqrt_weight * (X @ np.ravel(coef) - X_offset @ np.ravel(coef))

    def rmatvec(residual):
        weighted = sqrt_weight * np.ravel(residual)
        return X.T @ weighted - X_offset * weighted.sum()

    operator = LinearOperator(X.shape, matvec=matvec, rmatvec=rmatvec, dtype=np.float64)
    solutions = Parallel(n_jobs=n_jobs)(
        delayed(lsqr)(operator, Y[:, j], atol=tol, btol=tol) for j in range(Y.shape[1])
    )
    coef = np.vstack([solution[0] for solution in solutions])
    return coef, max(solution[2] for solution in solutions)


def _nonnegative_least_squares(X, y):
    """``argmin ‖Xφ - y‖`` over ``φ ≥ 0`` (Lawson-Hanson, ``scipy.optimize.nnls``)."""
    return nnls(X.astype(np.float64, copy=False), y)[0]

"""Principal component analysis: the textbook's covariance eigenvectors, plus SVD solvers."""

from math import log, pi, sqrt
from numbers import Integral, Real

import numpy as np
from scipy import linalg
from scipy.sparse import issparse
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
)
from sklearn.utils import check_random_state, gen_batches
from sklearn.utils._param_validation import Interval, RealNotInt, StrOptions
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from ..utils import atomic_fit, check_magnitude
from ._dimension import _infer_dimension
from ._svd_solvers import (
    arpack_svd,
    covariance_eigh,
    full_svd,
    implicitly_centered,
    randomized_svd,
    sparse_mean_and_total_variance,
)

# Memory for the centred rows of one chunk in transform: no centred copy of the whole
# data is made.
WORKING_MEMORY_BYTES = 2**22

# The solvers that take sparse input (as scikit-learn's), and those that compute the
# whole spectrum (and so can choose the number of components from it).
SPARSE_SOLVERS = ("arpack", "covariance_eigh")
EXACT_SOLVERS = ("full", "covariance_eigh")


def _row_batches(X):
    """Slices of consecutive rows of X that take about ``WORKING_MEMORY_BYTES`` each."""
    rows = max(1, WORKING_MEMORY_BYTES // (X.shape[1] * X.itemsize))
    return gen_batches(X.shape[0], rows)


def _auto_svd_solver(shape, n_components):
    """scikit-learn 1.9's ``svd_solver='auto'`` policy for dense data."""
    n_samples, n_features = shape
    if n_features <= 1_000 and n_samples >= 10 * n_features:
        return "covariance_eigh"
    if max(shape) <= 500 or n_components == "mle":
        return "full"
    if 1 <= n_components < 0.8 * min(shape):
        return "randomized"
    return "full"


def _count_components(requested, variances, total_variance, n_samples):
    """Resolve a variance fraction or 'mle' into a number of components.

    A fraction keeps the fewest components whose explained variance ratios sum to more
    than it; 'mle' keeps the rank of largest evidence (Minka 2000).
    """
    if requested == "mle":
        return _infer_dimension(variances, n_samples)
    if isinstance(requested, Integral):
        return int(requested)
    cumulative = np.cumsum(variances / total_variance)
    n_components = np.searchsorted(cumulative, requested, side="right") + 1
    return int(min(n_components, variances.shape[0]))


def _flip_signs(components, scores_basis):
    """Make the largest-magnitude entry of each component positive (deterministic signs).

    The same convention as scikit-learn's ``svd_flip(u_based_decision=False)``, so the
    components equal scikit-learn's, not only up to sign; the left singular vectors, when
    there are some, are flipped with them.
    """
    rows = np.arange(components.shape[0])
    largest = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[rows, largest])
    signs[signs == 0] = 1
    if scores_basis is not None:
        scores_basis = scores_basis * signs
    return components * signs[:, np.newaxis], scores_basis


def _mean_discarded_variance(variances, total_variance, n_components, max_components):
    """Mean of the ``max_components - n_components`` discarded eigenvalues (0 if none).

    The maximum-likelihood noise variance of probabilistic PCA (Bishop 2006,
    Eq. 12.46). ``variances`` holds the whole spectrum for the exact solvers, only the kept
    part for the truncated ones; then the discarded variance is what the kept part
    leaves of the total.
    """
    if n_components == max_components:
        return 0.0
    if variances.shape[0] == max_components:
        return float(variances[n_components:].mean())
    # Rounding can leave a slightly negative difference when the data has rank k.
    discarded = max(total_variance - variances[:n_components].sum(), 0.0)
    return float(discarded / (max_components - n_components))


class PCA(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Principal component analysis: project data onto the directions of largest variance.

    Implements the course textbook, §5.1 (seed ``002_8afdf4385d37aa7d``): centre the data
    (``X ← X − µ``), find the eigenvectors ``W`` of its covariance, ``cov(X) Wᵢ = λᵢ Wᵢ``
    (Eq. 5.6), keep the ``k`` with the largest eigenvalues and project, ``Y = X W₁…ₖ``
    (Eq. 5.9, Algorithm 6). :meth:`inverse_transform` is the reconstruction
    ``x̂ = Σᵢ₌₁ᵏ yᵢ Wᵢ`` (Eq. 5.10). The covariance uses the unbiased ``n − 1``
    normalization, so the book's reconstruction error, the sum of the discarded eigenvalues
    ``Σᵢ₌ₖ₊₁ᵈ λᵢ`` (Eq. 5.11), is the training data's summed squared error
    ``Σ ‖x − x̂‖²`` divided by ``n − 1``; the mean over the n samples is ``(n − 1) / n``
    of it. The eigenvectors are equally the right singular vectors of the centred
    data, ``X − µ = U S Vᵀ`` with ``λᵢ = Sᵢ² / (n − 1)``: the SVD solvers compute them so.

    :meth:`score` and :meth:`score_samples` read the fit as a probabilistic PCA model
    (Tipping & Bishop 1999; Bishop 2006, §12.2.1): Gaussian data with covariance
    ``Wᵀ (Λ − σ²I) W + σ²I``, ``σ²`` the mean discarded eigenvalue.

    Parameters, defaults and fitted attributes are scikit-learn's
    (:class:`sklearn.decomposition.PCA`), so either can stand for the other.

    Parameters
    ----------
    n_components : int, float, 'mle' or None, default=None
        Number of components to keep:

        - an int in ``[0, min(n_samples, n_features)]`` keeps that many (with
          'arpack', in ``[1, min(n_samples, n_features) − 1]``; with 'randomized', from 1);
        - a float in ``(0, 1)`` keeps the fewest components whose explained variance
          ratios sum to more than it ('full' and 'covariance_eigh');
        - ``'mle'`` chooses the number with Minka's maximum-evidence rule (Minka 2000;
          'full' and 'covariance_eigh', ``n_samples >= n_features``);
        - ``None`` keeps ``min(n_samples, n_features)`` (with 'arpack', one fewer).
    copy : bool, default=True
        If False, the solvers that centre X ('full', and 'arpack' and 'randomized' on
        dense data) centre the array passed to ``fit`` in place instead of a copy, which
        saves memory and overwrites it: use ``fit_transform(X)`` then, not
        ``fit(X).transform(X)``.
    whiten : bool, default=False
        Divide the projections by the square root of their variance, so each component
        of the output has unit variance.
    svd_solver : {'auto', 'full', 'covariance_eigh', 'arpack', 'randomized'}, \
            default='auto'
        How the principal axes are computed:

        - ``'covariance_eigh'``: the textbook's eigendecomposition of the ``d × d``
          covariance matrix (§5.1.4, Algorithm 6), formed without centring X; the
          fastest exact route when ``n_samples ≫ n_features``; takes sparse X.
        - ``'full'``: thin SVD of the centred data (LAPACK); exact, and more accurate on
          ill-conditioned data.
        - ``'arpack'``: the leading ``n_components`` singular vectors by ARPACK
          (``scipy.sparse.linalg.svds``); takes sparse X, centred implicitly.
        - ``'randomized'``: Halko et al.'s randomized SVD; approximate, fast when only a
          few of many components are wanted.
        - ``'auto'``: scikit-learn's policy: 'arpack' for sparse X; else
          'covariance_eigh' when ``n_features <= 1000`` and
          ``n_samples >= 10 * n_features``; else 'full' when the data has at most 500
          rows and columns or ``n_components='mle'``; else 'randomized' when
          ``1 <= n_components < 0.8 * min(n_samples, n_features)``; else 'full'.
    tol : float, default=0.0
        Tolerance on the singular values for ``svd_solver='arpack'`` (0: machine
        precision).
    iterated_power : int or 'auto', default='auto'
        Power iterations of the randomized solver; ``'auto'`` means 7 when
        ``n_components < 0.1 * min(n_samples, n_features)`` and 4 otherwise.
    n_oversamples : int, default=10
        Extra random directions sampled by the randomized solver.
    power_iteration_normalizer : {'auto', 'QR', 'LU', 'none'}, default='auto'
        How the randomized solver renormalizes its sketch between power iterations:
        QR or LU factorization, or not at all; ``'auto'`` is 'none' for at most 2
        iterations and 'LU' otherwise.
    random_state : int, RandomState instance or None, default=None
        Seeds the 'arpack' start vector and the 'randomized' sketch; the other solvers
        are deterministic.

    Attributes
    ----------
    components_ : ndarray of shape (n_components_, n_features)
        Principal axes ``Wᵢ`` (the covariance eigenvectors), by decreasing variance, each
        with its largest-magnitude entry positive.
    explained_variance_ : ndarray of shape (n_components_,)
        Variance along each component, the eigenvalues ``λᵢ``.
    explained_variance_ratio_ : ndarray of shape (n_components_,)
        Fraction of the total variance along each component.
    singular_values_ : ndarray of shape (n_components_,)
        Singular values of the centred data, ``sqrt((n_samples - 1) λᵢ)``: the 2-norms
        of the columns of ``fit_transform``'s output.
    mean_ : ndarray of shape (n_features,)
        Per-feature mean ``µ`` of the training data.
    n_components_ : int
        Number of components kept.
    n_samples_ : int
        Number of training samples.
    noise_variance_ : float
        Mean of the ``min(n_samples, n_features) - n_components_`` discarded eigenvalues,
        the noise variance ``σ²`` of probabilistic PCA; 0 when none is discarded.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Feature names seen during fit, when X has string column names.

    See Also
    --------
    sklearn.decomposition.PCA : scikit-learn's implementation, which this one matches.

    References
    ----------
    T. P. Minka (2000), "Automatic choice of dimensionality for PCA", NIPS 13, 598-604.

    C. M. Bishop (2006), "Pattern Recognition and Machine Learning", Springer, §12.2.1.

    M. E. Tipping and C. M. Bishop (1999), "Probabilistic principal component analysis",
    Journal of the Royal Statistical Society B 61(3), 611-622.

    N. Halko, P. G. Martinsson and J. A. Tropp (2011), "Finding structure with
    randomness", SIAM Review 53(2), 217-288.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklnn.decomposition import PCA
    >>> X, _ = load_iris(return_X_y=True)
    >>> pca = PCA(n_components=2).fit(X)
    >>> pca.explained_variance_ratio_.round(3)
    array([0.925, 0.053])
    >>> pca.transform(X).shape
    (150, 2)
    >>> pca.get_feature_names_out()
    array(['pca0', 'pca1'], dtype=object)
    >>> PCA(n_components=0.95).fit(X).n_components_
    2
    >>> PCA(n_components="mle", svd_solver="full").fit(X).n_components_
    3
    >>> round(PCA(n_components=2).fit(X).score(X), 3)
    -2.7
    """

    _parameter_constraints: dict = {
        "n_components": [
            Interval(Integral, 0, None, closed="left"),
            Interval(RealNotInt, 0, 1, closed="neither"),
            StrOptions({"mle"}),
            None,
        ],
        "copy": ["boolean"],
        "whiten": ["boolean"],
        "svd_solver": [StrOptions({"auto", "full", "covariance_eigh", "arpack", "randomized"})],
        "tol": [Interval(Real, 0, None, closed="left")],
        "iterated_power": [StrOptions({"auto"}), Interval(Integral, 0, None, closed="left")],
        "n_oversamples": [Interval(Integral, 1, None, closed="left")],
        "power_iteration_normalizer": [StrOptions({"auto", "QR", "LU", "none"})],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        n_components=None,
        *,
        copy=True,
        whiten=False,
        svd_solver="auto",
        tol=0.0,
        iterated_power="auto",
        n_oversamples=10,
        power_iteration_normalizer="auto",
        random_state=None,
    ):
        self.n_components = n_components
        self.copy = copy
        self.whiten = whiten
        self.svd_solver = svd_solver
        self.tol = tol
        self.iterated_power = iterated_power
        self.n_oversamples = n_oversamples
        self.power_iteration_normalizer = power_iteration_normalizer
        self.random_state = random_state

    @atomic_fit(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Find the principal components of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data, at least 2 samples; CSR or CSC with the 'arpack' and
            'covariance_eigh' solvers ('auto' takes 'arpack' for them).
        y : None
            Ignored; present for API consistency.

        Returns
        -------
        self : PCA
            The fitted estimator.
        """
        self._fit(X)
        return self

    @atomic_fit(prefer_skip_nested_validation=True)
    def fit_transform(self, X, y=None):
        """Fit to X and return its projections.

        The SVD solvers give them from the decomposition itself, ``U S`` (``U √(n − 1)``
        when whitening), whose column variances are exactly ``explained_variance_``; the
        covariance solver projects X (:meth:`transform`).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : None
            Ignored; present for API consistency.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components_)
            Coordinates of X along the components.
        """
        X, scores_basis = self._fit(X)
        if scores_basis is None:
            return self._project(X)
        if self.whiten:
            return scores_basis * sqrt(X.shape[0] - 1)
        return scores_basis * self.singular_values_

    def _fit(self, X):
        """Fit the model; return the validated X and the left singular vectors (or None)."""
        if issparse(X) and self.svd_solver not in ("auto", *SPARSE_SOLVERS):
            raise TypeError(
                'PCA only support sparse inputs with the "arpack" and "covariance_eigh" '
                f'solvers, while "{self.svd_solver}" was passed. Use one of those, or '
                "sklearn.decomposition.TruncatedSVD (no centring)."
            )
        X = validate_data(
            self,
            X,
            dtype=[np.float64, np.float32],
            accept_sparse=("csr", "csc"),
            ensure_min_samples=2,
            force_writeable=True,
            copy=False,
        )
        check_magnitude(X)
        self._fit_svd_solver, n_components = self._resolve_svd_solver(X)
        if self._fit_svd_solver in EXACT_SOLVERS:
            self._check_exact_n_components(X.shape, n_components)
            variances, components, scores_basis = self._fit_exact(X)
            total_variance = variances.sum()
            n_components = _count_components(n_components, variances, total_variance, X.shape[0])
        else:
            self._check_truncated_n_components(X.shape, n_components)
            variances, components, scores_basis, total_variance = self._fit_truncated(
                X, n_components
            )

        n_samples, max_components = X.shape[0], min(X.shape)
        self.noise_variance_ = _mean_discarded_variance(
            variances, total_variance, n_components, max_components
        )
        if scores_basis is not None:
            scores_basis = scores_basis[:, :n_components]
        self.components_, scores_basis = _flip_signs(components[:n_components], scores_basis)
        self.n_samples_ = n_samples
        self.n_components_ = n_components
        self.explained_variance_ = variances[:n_components].copy()
        self.explained_variance_ratio_ = self.explained_variance_ / total_variance
        self.singular_values_ = np.sqrt(self.explained_variance_ * (n_samples - 1))
        return X, scores_basis

    def _resolve_svd_solver(self, X):
        """The solver ``'auto'`` stands for, and the requested number of components."""
        solver = "arpack" if self.svd_solver == "auto" and issparse(X) else self.svd_solver
        n_components = self.n_components
        if n_components is None:
            n_components = min(X.shape) - (solver == "arpack")
        if solver == "auto":
            solver = _auto_svd_solver(X.shape, n_components)
        return solver, n_components

    def _check_exact_n_components(self, shape, n_components):
        if n_components == "mle":
            if shape[0] < shape[1]:
                raise ValueError(
                    "n_components='mle' is only supported if n_samples >= n_features"
                )
        elif not 0 <= n_components <= min(shape):
            raise self._n_components_error(shape, n_components, "between 0 and")

    def _check_truncated_n_components(self, shape, n_components):
        if isinstance(n_components, str):
            raise ValueError(
                f"n_components={n_components!r} cannot be a string with "
                f"svd_solver='{self._fit_svd_solver}'"
            )
        if not 1 <= n_components <= min(shape):
            raise self._n_components_error(shape, n_components, "between 1 and")
        if self._fit_svd_solver == "arpack" and n_components == min(shape):
            raise self._n_components_error(shape, n_components, "strictly less than")

    def _n_components_error(self, shape, n_components, bound):
        return ValueError(
            f"n_components={n_components!r} must be {bound} min(n_samples, n_features)="
            f"{min(shape)} with svd_solver='{self._fit_svd_solver}' (X has "
            f"n_samples={shape[0]}, n_features={shape[1]})."
        )

    def _centre(self, X):
        """Set ``mean_`` and return the centred dense X (X itself, when ``copy=False``)."""
        self.mean_ = X.mean(axis=0)
        if not self.copy:
            X -= self.mean_
            return X
        return X - self.mean_

    def _fit_exact(self, X):
        """The whole spectrum, by 'covariance_eigh' (the textbook's route) or 'full'."""
        if self._fit_svd_solver == "covariance_eigh":
            self.mean_ = np.asarray(X.mean(axis=0)).ravel()  # sparse X: a 1 × d matrix
            return covariance_eigh(X, self.mean_)
        return full_svd(self._centre(X))

    def _fit_truncated(self, X, n_components):
        """The leading components by 'arpack' or 'randomized', and the total variance."""
        random_state = check_random_state(self.random_state)
        if issparse(X):
            self.mean_, total_variance = sparse_mean_and_total_variance(X)
            X_centered = implicitly_centered(X, self.mean_)
        else:
            X_centered = self._centre(X)
            total_variance = linalg.norm(X_centered) ** 2 / (X.shape[0] - 1)
        if self._fit_svd_solver == "arpack":
            solution = arpack_svd(
                X_centered, n_components, tol=self.tol, random_state=random_state
            )
        else:
            iterated_power = self.iterated_power
            if iterated_power == "auto":
                iterated_power = 7 if n_components < 0.1 * min(X.shape) else 4
            solution = randomized_svd(
                X_centered,
                n_components,
                n_oversamples=self.n_oversamples,
                n_iter=iterated_power,
                power_iteration_normalizer=self.power_iteration_normalizer,
                random_state=random_state,
            )
        return (*solution, total_variance)

    def transform(self, X):
        """Project X onto the principal components, ``Y = (X − µ) W₁…ₖ`` (Eq. 5.9).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Data to project; a sparse X is never densified.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components_)
            Coordinates along the components (divided by their standard deviation when
            ``whiten=True``).
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, dtype=[np.float64, np.float32], accept_sparse=("csr", "csc"), reset=False
        )
        return self._project(X)

    def _project(self, X):
        projection = self.components_.T
        if self.whiten:
            projection = projection / self._whitening_scale()
        if issparse(X):
            # ``(X − µ) W = X W − µ W``: the sparse product, then the mean's share.
            return X @ projection - self.mean_ @ projection
        # Centre and project chunk by chunk: no centred copy of the whole of X.
        X_transformed = np.empty(
            (X.shape[0], self.n_components_), dtype=np.result_type(X, projection)
        )
        for rows in _row_batches(X):
            np.matmul(X[rows] - self.mean_, projection, out=X_transformed[rows])
        return X_transformed

    def inverse_transform(self, X):
        """Reconstruct data from its projections, ``x̂ = Σᵢ yᵢ Wᵢ + µ`` (Eq. 5.10).

        Exact when no component was discarded; otherwise the best rank-``k``
        approximation. On the training data, ``Σ ‖x − x̂‖² / (n − 1)`` is the sum of the
        discarded eigenvalues ``Σᵢ₌ₖ₊₁ᵈ λᵢ`` of the unbiased covariance (Eq. 5.11): the mean
        squared error ``Σ ‖x − x̂‖² / n`` is ``(n − 1) / n`` of that sum.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_components_)
            Projections, as returned by :meth:`transform`.

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features_in_)
            The reconstruction in the original feature space.

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn.datasets import load_iris
        >>> from sklnn.decomposition import PCA
        >>> X, _ = load_iris(return_X_y=True)
        >>> pca = PCA(n_components=2).fit(X)
        >>> squared_errors = ((X - pca.inverse_transform(pca.transform(X))) ** 2).sum(axis=1)
        >>> discarded = X.var(axis=0, ddof=1).sum() - pca.explained_variance_.sum()
        >>> n = len(X)
        >>> bool(np.isclose(squared_errors.sum() / (n - 1), discarded))
        True
        >>> bool(np.isclose(squared_errors.mean(), (n - 1) / n * discarded))
        True
        >>> bool(np.isclose(squared_errors.mean(), discarded))  # 149/150 of it
        False
        """
        check_is_fitted(self)
        # With no component kept (n_components=0, or 'mle' on one feature), the
        # projections have no column and the reconstruction is the mean.
        X = check_array(
            X, dtype=[np.float64, np.float32], ensure_min_features=0, input_name="X"
        )
        if X.shape[1] != self.n_components_:
            raise ValueError(
                f"X has {X.shape[1]} columns, but inverse_transform expects "
                f"n_components_={self.n_components_} (the output of transform)."
            )
        components = self.components_
        if self.whiten:
            components = components * self._whitening_scale()[:, np.newaxis]
        X_original = X @ components
        X_original += self.mean_
        return X_original

    def get_covariance(self):
        """Covariance of the data under the probabilistic PCA model.

        ``C = Wᵀ diag(s) W + σ²I`` (Bishop 2006, Eq. 12.36, at the maximum of the
        likelihood, Eq. 12.45-12.46), with ``W = components_``, ``σ² = noise_variance_`` and
        ``sᵢ = max(λᵢ − σ², 0)`` the variance of each component above the noise
        (``λ = explained_variance_``). As in scikit-learn, with ``whiten=True`` the
        components enter scaled by ``sqrt(λᵢ)``, so ``sᵢ = λᵢ max(λᵢ − σ², 0)``.

        Returns
        -------
        cov : ndarray of shape (n_features, n_features)
            Estimated covariance of the data.
        """
        components, signal_variances = self._generative_model()
        covariance = (components.T * signal_variances) @ components
        covariance.flat[:: covariance.shape[0] + 1] += self.noise_variance_
        return covariance

    def get_precision(self):
        """Inverse of :meth:`get_covariance`, from its eigendecomposition.

        The rows of ``W`` are orthonormal, so ``C = Wᵀ diag(s) W + σ²I`` has the
        eigenvectors ``Wᵢ`` with the eigenvalues ``sᵢ + σ²``, and ``σ²`` on their
        orthogonal complement; its inverse has the same eigenvectors and the reciprocal
        eigenvalues, ``C⁻¹ = Wᵀ diag(1/(sᵢ + σ²) − 1/σ²) W + I/σ²``: no matrix is
        inverted. Where ``C`` is singular (no noise left and a direction without
        variance, to rounding as in ``numpy.linalg.pinv``) this is its pseudo-inverse,
        with precision 0 along such directions.

        Returns
        -------
        precision : ndarray of shape (n_features, n_features)
            Estimated precision of the data.
        """
        components, precisions, noise_precision = self._precision_eigenvalues()
        precision = (components.T * (precisions - noise_precision)) @ components
        precision.flat[:: precision.shape[0] + 1] += noise_precision
        return precision

    def _precision_eigenvalues(self):
        """The model's precision along each component, and off the components."""
        components, signal_variances = self._generative_model()
        model_variances = signal_variances + self.noise_variance_
        largest = max(model_variances.max(initial=0), self.noise_variance_)
        cutoff = components.shape[1] * np.finfo(model_variances.dtype).eps * largest
        precisions = np.divide(
            1.0, model_variances, out=np.zeros_like(model_variances),
            where=model_variances > cutoff,
        )
        noise_precision = 1.0 / self.noise_variance_ if self.noise_variance_ > cutoff else 0.0
        return components, precisions, noise_precision

    def _generative_model(self):
        """Probabilistic PCA's axes and the variance ``s`` of each above the noise."""
        check_is_fitted(self)
        signal_variances = np.maximum(self.explained_variance_ - self.noise_variance_, 0)
        if self.whiten:
            signal_variances = signal_variances * self.explained_variance_
        return self.components_, signal_variances

    def score_samples(self, X):
        """Log-likelihood of each sample under the probabilistic PCA model.

        The Gaussian log-density ``−½ ((x − µ)ᵀ C⁻¹ (x − µ) + d log 2π − log |C⁻¹|)``,
        ``C`` the model covariance (:meth:`get_covariance`; Bishop 2006, Eq. 12.43);
        ``−inf`` when ``C`` is singular.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data.

        Returns
        -------
        ll : ndarray of shape (n_samples,)
            Log-likelihood of each sample.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=False)
        residuals = X - self.mean_
        precision = self.get_precision()
        _, precisions, noise_precision = self._precision_eigenvalues()
        n_off_components = X.shape[1] - self.n_components_
        with np.errstate(divide="ignore"):  # log 0 = -inf: a singular covariance
            log_det_precision = np.sum(np.log(precisions))
            if n_off_components:
                log_det_precision += n_off_components * np.log(noise_precision)
        log_likelihood = -0.5 * np.sum(residuals * (residuals @ precision), axis=1)
        log_likelihood -= 0.5 * (X.shape[1] * log(2.0 * pi) - log_det_precision)
        return log_likelihood

    def score(self, X, y=None):
        """Mean log-likelihood of the samples under the probabilistic PCA model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data.
        y : None
            Ignored; present for API consistency.

        Returns
        -------
        ll : float
            The mean of :meth:`score_samples`.
        """
        return float(np.mean(self.score_samples(X)))

    @property
    def _n_features_out(self):
        """Number of output features, for ``get_feature_names_out``."""
        return self.components_.shape[0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.input_tags.sparse = self.svd_solver in ("auto", *SPARSE_SOLVERS)
        return tags

    def _whitening_scale(self):
        """Standard deviation of each component, floored at machine epsilon."""
        scale = np.sqrt(self.explained_variance_)
        return np.maximum(scale, np.finfo(scale.dtype).eps)

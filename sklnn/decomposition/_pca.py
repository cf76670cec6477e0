"""Principal component analysis: the textbook's covariance eigenvectors, plus SVD solvers."""

import numbers

import numpy as np
from scipy import linalg
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils import check_random_state, gen_batches
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from ..utils import check_number, check_option

# Memory for the centred rows of one chunk in transform: no centred copy of the whole
# data is made.
WORKING_MEMORY_BYTES = 2**22


def _row_batches(X):
    """Slices of consecutive rows of X that take about ``WORKING_MEMORY_BYTES`` each."""
    rows = max(1, WORKING_MEMORY_BYTES // (X.shape[1] * X.itemsize))
    return gen_batches(X.shape[0], rows)


def _flip_signs(components):
    """Make the largest-magnitude entry of each component positive (deterministic signs).

    The same convention as scikit-learn's ``svd_flip(u_based_decision=False)``, so the
    components equal scikit-learn's, not only up to sign.
    """
    rows = np.arange(components.shape[0])
    largest = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[rows, largest])
    signs[signs == 0] = 1
    return components * signs[:, np.newaxis]


def _covariance_eigh(X, mean):
    """Principal variances and axes from the eigendecomposition of the covariance matrix.

    The textbook's route (course textbook, §5.1.4, Algorithm 6): ``Z = cov(X)`` (d × d,
    with the unbiased ``n − 1`` normalization), then solve ``Z W = λ W``. Cheap when
    ``n_samples ≫ n_features``. ``Z`` is formed as ``(XᵀX − n µµᵀ) / (n − 1)``, which
    equals the covariance of the centered data without copying X to centre it: the
    product needs no temporary beyond its ``d × d`` result.

    Returns
    -------
    variances : ndarray of shape (min(n_samples, n_features),)
        The eigenvalues, largest first.
    components : ndarray of shape (min(n_samples, n_features), n_features)
        The matching eigenvectors, as rows.
    total_variance : float
        The sum of all the eigenvalues, the trace of ``Z``.
    """
    n_samples = X.shape[0]
    covariance = X.T @ X
    covariance -= n_samples * np.outer(mean, mean)
    covariance /= n_samples - 1
    # NumPy's eigh (LAPACK's divide and conquer, robust to clustered eigenvalues) runs on
    # the same BLAS thread pool as the product above; switching to SciPy's own BLAS here
    # makes the two pools contend and can cost several times more on many-core machines.
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    # Rounding can make the eigenvalues of a rank-deficient covariance slightly negative.
    eigenvalues = np.clip(eigenvalues[::-1], 0, None)
    rank_bound = min(X.shape)
    return eigenvalues[:rank_bound], eigenvectors[:, ::-1].T[:rank_bound], eigenvalues.sum()


def _svd(X, mean):
    """Principal variances and axes from the thin SVD of the centered data.

    Returns the same triple as :func:`_covariance_eigh`: the variances are the squared
    singular values over ``n − 1`` and the axes the right singular vectors.
    """
    _, singular_values, components = linalg.svd(
        X - mean, full_matrices=False, check_finite=False
    )
    variances = singular_values**2 / (X.shape[0] - 1)
    return variances, components, variances.sum()


def _randomized_svd(X, mean, n_components, *, n_oversamples, n_iter, random_state):
    """The ``n_components`` leading principal variances and axes, by randomized SVD.

    Halko et al.'s algorithm on the centered data: a Gaussian sketch of its column space,
    sharpened by ``n_iter`` power iterations (renormalized by LU factorizations, cheaper
    than QR), is orthonormalized into Q; the exact SVD of the small matrix ``Qᵀ X`` then
    gives the leading axes. Returns the same triple as :func:`_covariance_eigh`, with only
    ``n_components`` variances and axes; the total variance comes from the data itself.

    N. Halko, P. G. Martinsson and J. A. Tropp (2011), "Finding structure with
    randomness", SIAM Review 53(2), Algorithm 4.4.
    """
    X_centered = X - mean
    n_random = min(n_components + n_oversamples, *X.shape)
    sketch = random_state.standard_normal(size=(X.shape[1], n_random)).astype(X.dtype)
    for _ in range(n_iter):
        sketch, _ = linalg.lu(X_centered @ sketch, permute_l=True, check_finite=False)
        sketch, _ = linalg.lu(X_centered.T @ sketch, permute_l=True, check_finite=False)
    basis, _ = linalg.qr(X_centered @ sketch, mode="economic", check_finite=False)
    _, singular_values, components = linalg.svd(
        basis.T @ X_centered, full_matrices=False, check_finite=False
    )
    variances = singular_values[:n_components] ** 2 / (X.shape[0] - 1)
    total_variance = linalg.norm(X_centered) ** 2 / (X.shape[0] - 1)
    return variances, components[:n_components], total_variance


def _mean_discarded_variance(variances, total_variance, n_components, max_components):
    """Mean of the ``max_components - n_components`` discarded eigenvalues (0 if none).

    ``variances`` holds the whole spectrum for the exact solvers, only the kept part for
    the randomized one; then the discarded variance is what the kept part leaves of the
    total.
    """
    if n_components == max_components:
        return 0.0
    if variances.shape[0] == max_components:
        return float(variances[n_components:].mean())
    discarded = total_variance - variances[:n_components].sum()
    return float(discarded / (max_components - n_components))


class PCA(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Principal component analysis: project data onto the directions of largest variance.

    Implements the course textbook, §5.1 (seed ``002_8afdf4385d37aa7d``): centre the data
    (``X ← X − µ``), find the eigenvectors ``W`` of its covariance, ``cov(X) Wᵢ = λᵢ Wᵢ``
    (Eq. 5.6), keep the ``k`` with the largest eigenvalues and project, ``Y = X W₁…ₖ``
    (Eq. 5.9, Algorithm 6). :meth:`inverse_transform` is the reconstruction
    ``x̂ = Σᵢ₌₁ᵏ yᵢ Wᵢ`` (Eq. 5.10), whose mean squared error is the sum of the discarded
    eigenvalues, ``Σᵢ₌ₖ₊₁ᵈ λᵢ`` (Eq. 5.11). The covariance uses the unbiased ``n − 1``
    normalization, as scikit-learn's ``PCA`` does.

    Parameters
    ----------
    n_components : int, float or None, default=None
        Number of components to keep. An int in ``[1, min(n_samples, n_features)]``
        keeps that many; a float in ``(0, 1)`` keeps the fewest components whose
        explained variance ratio sums to more than it (an exact solver is needed);
        ``None`` keeps ``min(n_samples, n_features)``.
    solver : {'auto', 'eigh', 'svd', 'randomized'}, default='auto'
        How the components are computed:

        - ``'eigh'``: the textbook's eigendecomposition of the ``d × d`` covariance
          matrix; the fastest exact route when ``n_samples ≫ n_features``.
        - ``'svd'``: thin SVD of the centered data; exact, and more accurate on
          ill-conditioned data.
        - ``'randomized'``: Halko et al.'s randomized SVD; approximate, fast when only a
          few of many components are wanted.
        - ``'auto'``: scikit-learn's rule — ``'eigh'`` when
          ``n_features <= 1000`` and ``n_samples >= 10 * n_features``; otherwise
          ``'randomized'`` when the data has more than 500 rows or columns and
          ``n_components`` is an int below 80% of ``min(n_samples, n_features)``;
          otherwise ``'svd'``. The choice is stored in ``solver_``.
    whiten : bool, default=False
        Divide the projections by the square root of their variance, so each component
        of the output has unit variance.
    iterated_power : int or 'auto', default='auto'
        Power iterations of the randomized solver; ``'auto'`` means 7 when
        ``n_components < 0.1 * min(n_samples, n_features)`` and 4 otherwise.
    n_oversamples : int, default=10
        Extra random directions sampled by the randomized solver.
    random_state : int, RandomState instance or None, default=None
        Seeds the randomized solver; the exact solvers are deterministic.

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
        Singular values of the centered data, ``sqrt((n_samples - 1) λᵢ)``.
    mean_ : ndarray of shape (n_features,)
        Per-feature mean ``µ`` of the training data.
    n_components_ : int
        Number of components kept.
    noise_variance_ : float
        Mean of the discarded eigenvalues (the noise variance of probabilistic PCA);
        0 when no component is discarded.
    n_samples_ : int
        Number of training samples.
    solver_ : str
        The solver used (``'auto'`` resolved).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Feature names seen during fit, when X has string column names.

    See Also
    --------
    sklearn.decomposition.PCA : scikit-learn's implementation, which this one matches.

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
    """

    def __init__(
        self,
        n_components=None,
        *,
        solver="auto",
        whiten=False,
        iterated_power="auto",
        n_oversamples=10,
        random_state=None,
    ):
        self.n_components = n_components
        self.solver = solver
        self.whiten = whiten
        self.iterated_power = iterated_power
        self.n_oversamples = n_oversamples
        self.random_state = random_state

    def fit(self, X, y=None):
        """Find the principal components of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data, at least 2 samples.
        y : None
            Ignored; present for API consistency.

        Returns
        -------
        self : PCA
            The fitted estimator.
        """
        self._check_params()
        X = validate_data(self, X, dtype=[np.float64, np.float32], ensure_min_samples=2)
        n_samples, n_features = X.shape
        max_components = min(n_samples, n_features)
        requested = max_components if self.n_components is None else self.n_components
        if isinstance(requested, numbers.Integral) and requested > max_components:
            raise ValueError(
                f"n_components={requested} must be at most min(n_samples, n_features)="
                f"{max_components}."
            )
        self.solver_ = self._choose_solver(X.shape, requested)

        self.mean_ = X.mean(axis=0)
        if self.solver_ == "randomized":
            variances, components, total_variance = self._fit_randomized(X, requested)
        else:
            solve = _covariance_eigh if self.solver_ == "eigh" else _svd
            variances, components, total_variance = solve(X, self.mean_)

        n_components = self._count_components(requested, variances / total_variance)
        self.noise_variance_ = _mean_discarded_variance(
            variances, total_variance, n_components, max_components
        )
        self.n_samples_ = n_samples
        self.n_components_ = n_components
        self.components_ = _flip_signs(components[:n_components])
        self.explained_variance_ = variances[:n_components].copy()
        self.explained_variance_ratio_ = self.explained_variance_ / total_variance
        self.singular_values_ = np.sqrt(self.explained_variance_ * (n_samples - 1))
        return self

    def transform(self, X):
        """Project X onto the principal components, ``Y = (X − µ) W₁…ₖ`` (Eq. 5.9).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Data to project.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components_)
            Coordinates along the components (divided by their standard deviation when
            ``whiten=True``).
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=False)
        projection = self.components_.T
        if self.whiten:
            projection = projection / self._whitening_scale()
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
        approximation, with mean squared error equal to the sum of the discarded
        eigenvalues (Eq. 5.11).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_components_)
            Projections, as returned by :meth:`transform`.

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features_in_)
            The reconstruction in the original feature space.
        """
        check_is_fitted(self)
        X = check_array(X, dtype=[np.float64, np.float32], input_name="X")
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

    @property
    def _n_features_out(self):
        """Number of output features, for ``get_feature_names_out``."""
        return self.components_.shape[0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def _check_params(self):
        check_option(self.solver, "solver", ("auto", "eigh", "svd", "randomized"))
        check_option(self.whiten, "whiten", (False, True))
        check_number(self.n_oversamples, "n_oversamples", kind=numbers.Integral, low=0)
        if self.iterated_power != "auto":
            check_number(self.iterated_power, "iterated_power", kind=numbers.Integral, low=0)
        if self.n_components is None or isinstance(self.n_components, numbers.Integral):
            if self.n_components is not None:
                check_number(self.n_components, "n_components", kind=numbers.Integral, low=1)
            return
        if not isinstance(self.n_components, numbers.Real) or not 0 < self.n_components < 1:
            raise ValueError(
                f"Invalid value for 'n_components': {self.n_components!r}. Expected an int "
                ">= 1, a float in (0, 1) (a fraction of the variance) or None."
            )
        if self.solver == "randomized":
            raise ValueError(
                f"n_components={self.n_components} (a fraction of the variance) needs the "
                "whole spectrum; use solver='eigh', 'svd' or 'auto', or an int n_components "
                "with solver='randomized'."
            )

    def _choose_solver(self, shape, n_components):
        """Resolve ``solver='auto'`` with scikit-learn's rule (see the class docstring)."""
        if self.solver != "auto":
            return self.solver
        n_samples, n_features = shape
        if n_features <= 1000 and n_samples >= 10 * n_features:
            return "eigh"
        if (
            max(shape) > 500
            and isinstance(n_components, numbers.Integral)
            and n_components < 0.8 * min(shape)
        ):
            return "randomized"
        return "svd"

    def _fit_randomized(self, X, n_components):
        n_iter = self.iterated_power
        if n_iter == "auto":
            n_iter = 7 if n_components < 0.1 * min(X.shape) else 4
        return _randomized_svd(
            X,
            self.mean_,
            n_components,
            n_oversamples=self.n_oversamples,
            n_iter=n_iter,
            random_state=check_random_state(self.random_state),
        )

    @staticmethod
    def _count_components(requested, variance_ratios):
        """Number of components: ``requested`` itself, or for a variance fraction the
        fewest components whose cumulative explained variance ratio exceeds it."""
        if isinstance(requested, numbers.Integral):
            return int(requested)
        cumulative = np.cumsum(variance_ratios)
        n_components = np.searchsorted(cumulative, requested, side="right") + 1
        return int(min(n_components, variance_ratios.shape[0]))

    def _whitening_scale(self):
        """Standard deviation of each component, floored at machine epsilon."""
        scale = np.sqrt(self.explained_variance_)
        return np.maximum(scale, np.finfo(scale.dtype).eps)

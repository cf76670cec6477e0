"""The principal axes and variances of centred data, one function per ``svd_solver``.

Each solver returns ``(variances, components, scores_basis)``: the variances along the
axes (largest first), the axes as the rows of ``components``, and the left singular
vectors of the centred data (the unit-variance scores, ``U`` in ``X − µ = U S Vᵀ``), or
``None`` where the solver does not compute them. The variances use the unbiased
``n − 1`` normalization, so ``S = sqrt((n − 1) · variances)``.
"""

import numpy as np
from scipy import linalg
from scipy.sparse import issparse
from scipy.sparse.linalg import ArpackError, LinearOperator, svds


def covariance_eigh(X, mean):
    """The textbook's route: eigenvectors of the covariance matrix (course textbook, §5.1).

    Algorithm 6: ``Z = cov(X)`` (``d × d``), then solve ``Z W = λ W`` (Eq. 5.6); the
    eigenvalues ``λᵢ`` are the variances along the axes ``Wᵢ``. ``Z`` is formed as
    ``(XᵀX − n µµᵀ) / (n − 1)``, equal to the covariance of the centred data without
    centring X: no copy of X, and a sparse X stays sparse. Cheap when
    ``n_samples ≫ n_features``; it squares the condition number of X, so 'full' is more
    accurate on ill-conditioned data.

    Returns
    -------
    variances : ndarray of shape (min(n_samples, n_features),)
        The eigenvalues ``λᵢ``, largest first.
    components : ndarray of shape (min(n_samples, n_features), n_features)
        The eigenvectors ``Wᵢ``, as rows.
    scores_basis : None
        Not computed by this solver.
    """
    n_samples = X.shape[0]
    covariance = X.T @ X
    covariance = covariance.toarray() if issparse(covariance) else covariance
    covariance -= n_samples * np.outer(mean, mean)
    covariance /= n_samples - 1
    # NumPy's eigh (LAPACK's divide and conquer, robust to clustered eigenvalues) runs on
    # the same BLAS thread pool as the product above; switching to SciPy's own BLAS here
    # makes the two pools contend and can cost several times more on many-core machines.
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    # Rounding can make the eigenvalues of a rank-deficient covariance slightly negative.
    eigenvalues = np.clip(eigenvalues[::-1], 0, None)
    rank_bound = min(X.shape)
    return eigenvalues[:rank_bound], eigenvectors[:, ::-1].T[:rank_bound], None


def full_svd(X_centered):
    """Thin SVD of the centred data, ``X − µ = U S Vᵀ`` (LAPACK's ``gesdd``).

    The axes are the right singular vectors ``V``, the variances ``S² / (n − 1)``.
    Exact, and more accurate than :func:`covariance_eigh` on ill-conditioned data.
    """
    U, singular_values, components = linalg.svd(
        X_centered, full_matrices=False, check_finite=False
    )
    return _variances(singular_values, X_centered.shape[0]), components, U


def arpack_svd(X_centered, n_components, *, tol, random_state):
    """The ``n_components`` leading singular triplets by ARPACK (``scipy.sparse.linalg.svds``).

    Implicitly restarted Lanczos iterations on the centred data (an array or an implicitly
    centred sparse operator, see :func:`implicitly_centered`), started from a vector
    drawn uniformly in ``[-1, 1]`` from ``random_state``; ``n_components`` must be below
    ``min(n_samples, n_features)``.

    R. B. Lehoucq, D. C. Sorensen and C. Yang (1998), "ARPACK Users' Guide", SIAM.
    """
    start = random_state.uniform(-1, 1, min(X_centered.shape))
    # SciPy squares tol: above 1 (any Ritz value accepted) it changes nothing but can
    # overflow.
    tol = min(tol, 1.0)
    try:
        U, singular_values, components = svds(X_centered, k=n_components, tol=tol, v0=start)
    except ArpackError as error:
        if "Starting vector is zero" not in str(error):
            raise
        # The centred data maps the random start to zero: it is all zeros (constant
        # samples), every direction has variance 0, and the unit axes are principal axes,
        # as the full SVD of a zero matrix gives them.
        # In the data's dtype, as svds answers: float32 data keeps a float32 model.
        (n_samples, n_features), dtype = X_centered.shape, X_centered.dtype
        variances = np.zeros(n_components, dtype=dtype)
        components = np.eye(n_components, n_features, dtype=dtype)
        return variances, components, np.zeros((n_samples, n_components), dtype=dtype)
    # svds returns the singular values in increasing order.
    return _variances(singular_values[::-1], X_centered.shape[0]), components[::-1], U[:, ::-1]


def randomized_svd(
    X_centered, n_components, *, n_oversamples, n_iter, power_iteration_normalizer,
    random_state,
):
    """The ``n_components`` leading singular triplets by randomized SVD.

    Halko et al.'s Algorithm 4.4: a Gaussian sketch of the column space of the centred
    data, sharpened by ``n_iter`` power iterations, is orthonormalized into ``Q``; the
    exact SVD of the small matrix ``Qᵀ X = Û S Vᵀ`` gives the leading axes ``V``, and
    ``U = Q Û``. Between power iterations the sketch is renormalized
    (``power_iteration_normalizer``): 'QR' (Halko's Algorithm 4.4), 'LU' (cheaper, the
    same span), 'none', or 'auto' ('none' for at most 2 iterations, else 'LU').

    N. Halko, P. G. Martinsson and J. A. Tropp (2011), "Finding structure with
    randomness", SIAM Review 53(2), 217-288.
    """
    if power_iteration_normalizer == "auto":
        power_iteration_normalizer = "none" if n_iter <= 2 else "LU"
    normalize = _POWER_ITERATION_NORMALIZERS[power_iteration_normalizer]
    n_random = min(n_components + n_oversamples, *X_centered.shape)
    sketch = random_state.standard_normal(size=(X_centered.shape[1], n_random))
    sketch = sketch.astype(X_centered.dtype, copy=False)
    for _ in range(n_iter):
        sketch = normalize(X_centered @ sketch)
        sketch = normalize(X_centered.T @ sketch)
    range_sample = X_centered @ sketch
    if not np.isfinite(range_sample).all():  # unnormalized, it grows as powers of X Xᵀ
        raise ValueError(
            f"The randomized SVD's power iterations overflowed with "
            f"power_iteration_normalizer={power_iteration_normalizer!r}: X's values are too "
            "large to multiply by XᵀX repeatedly without renormalizing. Use "
            "power_iteration_normalizer='LU' or 'QR', or scale X (e.g. StandardScaler)."
        )
    basis = _orthonormalize(range_sample)
    U, singular_values, components = linalg.svd(
        basis.T @ X_centered, full_matrices=False, check_finite=False
    )
    variances = _variances(singular_values[:n_components], X_centered.shape[0])
    return variances, components[:n_components], basis @ U[:, :n_components]


def _orthonormalize(sketch):
    return linalg.qr(sketch, mode="economic", check_finite=False)[0]


def _lu_normalize(sketch):
    return linalg.lu(sketch, permute_l=True, check_finite=False)[0]


_POWER_ITERATION_NORMALIZERS = {
    "QR": _orthonormalize,
    "LU": _lu_normalize,
    "none": lambda sketch: sketch,
}


def _variances(singular_values, n_samples):
    return singular_values**2 / (n_samples - 1)


def implicitly_centered(X, mean):
    """``X − µ`` as a linear operator, for a sparse X that must stay sparse.

    Products with it subtract ``µ``'s contribution after the sparse product,
    ``(X − 1µᵀ) v = X v − (µᵀv) 1`` and ``(X − 1µᵀ)ᵀ u = Xᵀ u − (Σu) µ``, so the centred
    matrix (dense) is never formed.
    """
    mean = mean[np.newaxis, :]
    return LinearOperator(
        shape=X.shape,
        dtype=X.dtype,
        matvec=lambda v: X @ v - mean @ v,
        matmat=lambda V: X @ V - mean @ V,
        rmatvec=lambda u: X.T @ u - mean.T @ u.sum(keepdims=True),
        rmatmat=lambda U: X.T @ U - mean.T @ U.sum(axis=0, keepdims=True),
    )


def sparse_mean_and_total_variance(X):
    """Column means and total variance ``Σⱼ var(X[:, j])`` (``n − 1``) of a sparse X.

    Each stored entry contributes ``(x − µⱼ)²``, each of the ``n − nnzⱼ`` implicit zeros
    of column ``j`` contributes ``µⱼ²``: no cancellation, as when centring densely, and
    no dense copy.
    """
    n_samples = X.shape[0]
    mean = np.asarray(X.mean(axis=0)).ravel()
    entries = X.tocoo()
    entries.sum_duplicates()  # builds new arrays: the caller's matrix is untouched
    n_stored = np.bincount(entries.col, minlength=X.shape[1])
    squares = np.sum((entries.data - mean[entries.col]) ** 2)
    squares += np.sum((n_samples - n_stored) * mean**2)
    return mean.astype(X.dtype, copy=False), squares / (n_samples - 1)

"""PCA: parity with scikit-learn, the textbook's reconstruction error, sparse input, API and
errors."""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.datasets import load_digits, load_iris, make_low_rank_matrix
from sklearn.decomposition import PCA as SklearnPCA
from sklearn.decomposition._pca import _assess_dimension as sklearn_assess_dimension
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklnn.decomposition import PCA, _pca, _svd_solvers
from sklnn.decomposition._dimension import _assess_dimension, _infer_dimension

EXACT_SOLVERS = ["full", "covariance_eigh"]
TRUNCATED_SOLVERS = ["arpack", "randomized"]
ALL_SOLVERS = [*EXACT_SOLVERS, *TRUNCATED_SOLVERS]
SPARSE_CONTAINERS = [sp.csr_matrix, sp.csc_matrix, sp.csr_array, sp.csc_array]


@pytest.fixture(scope="module")
def digits():
    return load_digits(return_X_y=True)[0]


@pytest.fixture(scope="module")
def sklearn_digits_pca(digits):
    return SklearnPCA(n_components=20, svd_solver="full").fit(digits)


def align_signs(components, reference):
    """Flip each row of ``components`` to point the same way as the matching reference row."""
    signs = np.sign(np.sum(components * reference, axis=1))
    return components * signs[:, np.newaxis]


def sparse_data(container, random_state=0, shape=(200, 30), density=0.1):
    """Sparse data with column means far from 0, so that centring matters."""
    rng = np.random.default_rng(random_state)
    X = sp.random(*shape, density=density, format="csr", random_state=random_state)
    return container(X.multiply(rng.uniform(1, 20, shape[1])).tocsr())


# Parity with scikit-learn ------------------------------------------------------------------


@pytest.mark.parametrize("svd_solver", ALL_SOLVERS)
def test_solvers_match_sklearn_on_digits(digits, svd_solver):
    pca = PCA(n_components=20, svd_solver=svd_solver, random_state=0).fit(digits)
    ref = SklearnPCA(n_components=20, svd_solver=svd_solver, random_state=0).fit(digits)
    for attribute in ("explained_variance_", "explained_variance_ratio_", "singular_values_",
                      "noise_variance_", "mean_"):
        np.testing.assert_allclose(getattr(pca, attribute), getattr(ref, attribute),
                                   rtol=1e-8, err_msg=attribute)
    # The same deterministic sign convention as scikit-learn: equal without any flipping.
    # (The randomized solvers draw the same sketch, so they agree too.)
    np.testing.assert_allclose(pca.components_, ref.components_, atol=1e-8)
    np.testing.assert_allclose(pca.transform(digits), ref.transform(digits), atol=1e-7)
    np.testing.assert_allclose(pca.fit_transform(digits), ref.fit_transform(digits), atol=1e-7)
    np.testing.assert_allclose(pca.score_samples(digits), ref.score_samples(digits), rtol=1e-8)
    assert pca.n_components_ == ref.n_components_ and pca.n_samples_ == ref.n_samples_


@pytest.mark.parametrize("svd_solver", ALL_SOLVERS)
def test_exact_components_on_low_rank_data(svd_solver):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 5)) @ rng.standard_normal((5, 40)) + 10
    pca = PCA(n_components=5, svd_solver=svd_solver, random_state=0).fit(X)
    ref = SklearnPCA(n_components=5, svd_solver="full").fit(X)
    np.testing.assert_allclose(pca.explained_variance_, ref.explained_variance_, rtol=1e-8)
    np.testing.assert_allclose(pca.components_, ref.components_, atol=1e-8)
    assert pca.noise_variance_ == pytest.approx(0, abs=1e-10)


@pytest.mark.parametrize("whiten", [False, True])
@pytest.mark.parametrize("n_components", [0, 2, 4])
def test_probabilistic_model_matches_sklearn(n_components, whiten):
    """get_covariance, get_precision and score: Bishop (2006), Eq. 12.36 and 12.43."""
    X = load_iris(return_X_y=True)[0]
    pca = PCA(n_components, whiten=whiten, svd_solver="full").fit(X)
    ref = SklearnPCA(n_components, whiten=whiten, svd_solver="full").fit(X)
    covariance, precision = pca.get_covariance(), pca.get_precision()
    np.testing.assert_allclose(covariance, ref.get_covariance(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(precision, ref.get_precision(), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(covariance @ precision, np.eye(4), atol=1e-10)
    np.testing.assert_allclose(pca.score_samples(X), ref.score_samples(X), rtol=1e-9)
    assert pca.score(X) == pytest.approx(ref.score(X), rel=1e-9)


def test_score_is_the_gaussian_log_density():
    X = load_iris(return_X_y=True)[0]
    pca = PCA(n_components=2).fit(X)
    from scipy.stats import multivariate_normal

    density = multivariate_normal(pca.mean_, pca.get_covariance())
    np.testing.assert_allclose(pca.score_samples(X), density.logpdf(X), rtol=1e-10)


def test_precision_without_noise_on_rank_deficient_data():
    """All components kept and no noise left: the covariance is singular; its
    pseudo-inverse is returned and the score is -inf (scikit-learn: LinAlgError or -inf)."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((10, 3)) @ rng.standard_normal((3, 6))
    pca = PCA().fit(X)  # keeps min(10, 6) = 6 components, 3 of them with no variance
    assert pca.noise_variance_ == 0
    covariance, precision = pca.get_covariance(), pca.get_precision()
    np.testing.assert_allclose(covariance @ precision @ covariance, covariance, atol=1e-9)
    assert np.all(np.isfinite(precision))
    assert np.all(pca.score_samples(X) == -np.inf)


# Minka's 'mle' -----------------------------------------------------------------------------


def test_assess_dimension_matches_sklearn():
    rng = np.random.default_rng(0)
    spectra = [np.sort(rng.uniform(size=12))[::-1] ** 3, np.array([1, 1e-30, 1e-30, 1e-30]),
               np.array([5.0, 4.0, 0.5, 0.4, 0.3])]
    for spectrum in spectra:
        for rank in range(1, spectrum.shape[0]):
            ours, theirs = _assess_dimension(spectrum, rank, 40), sklearn_assess_dimension(
                spectrum, rank, 40)
            assert ours == pytest.approx(theirs, rel=1e-12) or ours == theirs == -np.inf
    with pytest.raises(ValueError, match=r"should be in \[1, n_features - 1\]"):
        _assess_dimension(spectra[2], 5, 40)


def test_mle_finds_the_dimension_of_the_signal():
    rng = np.random.default_rng(0)
    signal = rng.standard_normal((500, 3)) @ rng.standard_normal((3, 10)) * 3
    X = signal + 0.1 * rng.standard_normal((500, 10))
    for svd_solver in ["auto", *EXACT_SOLVERS]:
        pca = PCA(n_components="mle", svd_solver=svd_solver).fit(X)
        assert pca.n_components_ == 3
        assert pca.n_components_ == SklearnPCA("mle", svd_solver=svd_solver).fit(X).n_components_
    assert _infer_dimension(PCA().fit(X).explained_variance_, 500) == 3
    assert PCA(n_components="mle").fit(X)._fit_svd_solver == "covariance_eigh"  # tall data


@pytest.mark.parametrize(
    ("params", "X_shape", "message"),
    [
        ({"svd_solver": "full"}, (5, 8), "n_components='mle' is only supported if n_samples >="),
        ({"svd_solver": "arpack"}, (50, 8), "n_components='mle' cannot be a string with svd_s"),
        ({"svd_solver": "randomized"}, (50, 8), "'mle' cannot be a string with svd_solver='ran"),
    ],
)
def test_mle_needs_an_exact_solver_and_enough_samples(params, X_shape, message):
    X = np.random.default_rng(0).standard_normal(X_shape)
    with pytest.raises(ValueError, match=message):
        PCA(n_components="mle", **params).fit(X)


# The textbook's PCA (§5.1) -----------------------------------------------------------------


@pytest.mark.parametrize("svd_solver", EXACT_SOLVERS)
@pytest.mark.parametrize("n_components", [1, 5, 20, 63])
def test_reconstruction_error_is_sum_of_discarded_eigenvalues(digits, svd_solver, n_components):
    """Course textbook, §5.1.3, Eq. 5.11: E[‖x − x̂‖²] = Σᵢ₌ₖ₊₁ᵈ λᵢ."""
    eigenvalues = PCA(svd_solver=svd_solver).fit(digits).explained_variance_
    pca = PCA(n_components=n_components, svd_solver=svd_solver).fit(digits)
    reconstruction = pca.inverse_transform(pca.transform(digits))
    # The eigenvalues are variances with the unbiased n - 1 normalization, so the mean
    # squared reconstruction error uses it too.
    squared_error = np.sum((digits - reconstruction) ** 2) / (digits.shape[0] - 1)
    discarded = eigenvalues[n_components:].sum()
    assert squared_error == pytest.approx(discarded, rel=1e-9)
    assert pca.noise_variance_ == pytest.approx(discarded / (64 - n_components), rel=1e-9)


@pytest.mark.parametrize("svd_solver", ["full", "covariance_eigh", "randomized"])
def test_keeping_all_components_reconstructs_exactly(svd_solver):
    X = load_iris(return_X_y=True)[0]
    pca = PCA(svd_solver=svd_solver, random_state=0).fit(X)
    assert pca.n_components_ == 4
    assert pca.noise_variance_ == 0.0
    np.testing.assert_allclose(pca.inverse_transform(pca.transform(X)), X, atol=1e-10)
    np.testing.assert_allclose(pca.explained_variance_ratio_.sum(), 1.0, rtol=1e-12)


def test_eigenvectors_of_the_covariance_matrix():
    """Course textbook, §5.1.1, Eq. 5.6: cov(X) Wᵢ = λᵢ Wᵢ, and cov(Y) is diagonal (5.2)."""
    X = load_iris(return_X_y=True)[0]
    pca = PCA(svd_solver="covariance_eigh").fit(X)
    covariance = np.cov(X, rowvar=False)
    np.testing.assert_allclose(
        covariance @ pca.components_.T, pca.components_.T * pca.explained_variance_, atol=1e-12
    )
    np.testing.assert_allclose(
        np.cov(pca.transform(X), rowvar=False), np.diag(pca.explained_variance_), atol=1e-12
    )


# fit_transform -----------------------------------------------------------------------------


@pytest.mark.parametrize("whiten", [False, True])
@pytest.mark.parametrize("svd_solver", ALL_SOLVERS)
def test_fit_transform_has_the_explained_variances(svd_solver, whiten):
    """The columns of fit_transform's output have the variances explained_variance_ (1 when
    whitening), even where the randomized solver is only approximate: it returns U·S."""
    X = make_low_rank_matrix(200, 50, effective_rank=10, tail_strength=0.8, random_state=0)
    pca = PCA(10, svd_solver=svd_solver, whiten=whiten, iterated_power=0, random_state=0)
    X_new = pca.fit_transform(X)
    expected = np.ones(10) if whiten else pca.explained_variance_
    np.testing.assert_allclose(X_new.var(axis=0, ddof=1), expected, rtol=1e-10)
    np.testing.assert_allclose(np.linalg.norm(X_new, axis=0) ** 2,
                               expected * (X.shape[0] - 1), rtol=1e-10)


@pytest.mark.parametrize("svd_solver", ALL_SOLVERS)
def test_fit_transform_equals_transform_for_converged_solvers(svd_solver):
    X = load_iris(return_X_y=True)[0]
    pca = PCA(n_components=2, svd_solver=svd_solver, random_state=0)
    np.testing.assert_allclose(pca.fit_transform(X), pca.transform(X), atol=1e-10)


# Solvers -----------------------------------------------------------------------------------


def test_arpack_runs_arpack(monkeypatch):
    calls, svds = [], _svd_solvers.svds

    def recording_svds(*args, **kwargs):
        calls.append(kwargs)
        return svds(*args, **kwargs)

    monkeypatch.setattr(_svd_solvers, "svds", recording_svds)
    X = load_iris(return_X_y=True)[0]
    PCA(n_components=2, svd_solver="arpack", tol=1e-6, random_state=0).fit(X)
    assert len(calls) == 1 and calls[0]["k"] == 2 and calls[0]["tol"] == 1e-6


@pytest.mark.parametrize("iterated_power", [1, 4])
def test_power_iteration_normalizers_span_the_same_subspace(digits, iterated_power):
    """QR, LU or no renormalization of the sketch: the same span in exact arithmetic, so the
    same model; 'auto' is 'none' for up to 2 iterations and 'LU' beyond, as scikit-learn."""
    def fit(normalizer):
        return PCA(n_components=5, svd_solver="randomized", iterated_power=iterated_power,
                   power_iteration_normalizer=normalizer, random_state=0).fit(digits)

    reference = fit("QR")
    for normalizer in ("LU", "none"):
        pca = fit(normalizer)
        np.testing.assert_allclose(pca.explained_variance_, reference.explained_variance_,
                                   rtol=1e-12)
        np.testing.assert_allclose(pca.components_, reference.components_, atol=1e-12)
    expected = fit("none" if iterated_power <= 2 else "LU")
    np.testing.assert_array_equal(fit("auto").components_, expected.components_)


@pytest.mark.parametrize(
    ("shape", "n_components", "expected"),
    [
        ((2000, 50), 10, "covariance_eigh"),
        ((100, 50), 10, "full"),
        ((600, 100), 10, "randomized"),
        ((600, 100), 90, "full"),
        ((600, 100), 0.9, "full"),
        ((600, 100), 0, "full"),
        ((600, 100), "mle", "full"),
    ],
)
def test_auto_svd_solver_policy(shape, n_components, expected):
    """scikit-learn 1.9's policy; ``_fit_svd_solver`` is where scikit-learn keeps it too."""
    X = np.random.default_rng(0).standard_normal(shape)
    pca = PCA(n_components=n_components).fit(X)
    assert pca._fit_svd_solver == expected
    assert SklearnPCA(n_components=n_components).fit(X)._fit_svd_solver == expected


@pytest.mark.parametrize(
    ("svd_solver", "n_components_"), [("full", 4), ("arpack", 3), ("randomized", 4)]
)
def test_n_components_none(svd_solver, n_components_):
    X = load_iris(return_X_y=True)[0]
    assert PCA(svd_solver=svd_solver).fit(X).n_components_ == n_components_


def test_zero_components():
    X = load_iris(return_X_y=True)[0]
    pca = PCA(n_components=0, svd_solver="full").fit(X)
    assert pca.components_.shape == (0, 4) and pca.transform(X).shape == (150, 0)
    np.testing.assert_allclose(pca.inverse_transform(pca.transform(X)),
                               np.tile(X.mean(axis=0), (150, 1)))
    assert pca.noise_variance_ == pytest.approx(np.var(X, axis=0, ddof=1).mean())
    assert pca.score(X) == pytest.approx(SklearnPCA(0, svd_solver="full").fit(X).score(X))


@pytest.mark.parametrize("fraction", [0.5, 0.8, 0.95, 0.999])
@pytest.mark.parametrize("svd_solver", ["auto", *EXACT_SOLVERS])
def test_variance_fraction_selects_like_sklearn(digits, fraction, svd_solver):
    pca = PCA(n_components=fraction, svd_solver=svd_solver).fit(digits)
    ref = SklearnPCA(n_components=fraction, svd_solver="full").fit(digits)
    assert pca.n_components_ == ref.n_components_
    assert pca.explained_variance_ratio_.sum() > fraction
    assert pca.explained_variance_ratio_[:-1].sum() <= fraction


@pytest.mark.parametrize("svd_solver", ALL_SOLVERS)
def test_float32_stays_float32(digits, svd_solver):
    X = digits.astype(np.float32)
    pca = PCA(n_components=10, svd_solver=svd_solver, random_state=0).fit(X)
    for array in (pca.components_, pca.explained_variance_, pca.mean_, pca.transform(X),
                  pca.fit_transform(X)):
        assert array.dtype == np.float32
    assert pca.inverse_transform(pca.transform(X)).dtype == np.float32
    ref = PCA(n_components=10, svd_solver=svd_solver, random_state=0).fit(digits)
    np.testing.assert_allclose(pca.explained_variance_, ref.explained_variance_, rtol=1e-4)


@pytest.mark.parametrize("svd_solver", ALL_SOLVERS)
def test_whitening_gives_unit_variance_and_inverts(svd_solver):
    X = load_iris(return_X_y=True)[0]
    pca = PCA(n_components=3, whiten=True, svd_solver=svd_solver, random_state=0).fit(X)
    X_white = pca.transform(X)
    np.testing.assert_allclose(X_white.var(axis=0, ddof=1), 1.0, rtol=1e-10)
    unwhitened = PCA(n_components=3, svd_solver=svd_solver, random_state=0).fit(X)
    np.testing.assert_allclose(
        pca.inverse_transform(X_white),
        unwhitened.inverse_transform(unwhitened.transform(X)),
        atol=1e-10,
    )


@pytest.mark.parametrize("n_components", [None, 10])
def test_more_features_than_samples_exact_solvers_agree(n_components):
    """On wide data both exact solvers give the model of scikit-learn's 'full' solver.

    The noise variance is the mean of the min(n_samples, n_features) - n_components
    discarded eigenvalues, as scikit-learn documents; its 'covariance_eigh' also averages
    the n_features - n_samples eigenvalues that are 0 by construction, and so differs.
    """
    rng = np.random.default_rng(1)
    X = rng.standard_normal((15, 40))
    eigh = PCA(n_components, svd_solver="covariance_eigh").fit(X)
    full = PCA(n_components, svd_solver="full").fit(X)
    ref = SklearnPCA(n_components, svd_solver="full").fit(X)
    assert eigh.n_components_ == full.n_components_ == ref.n_components_
    for attribute in ("explained_variance_", "explained_variance_ratio_", "noise_variance_"):
        np.testing.assert_allclose(getattr(eigh, attribute), getattr(ref, attribute),
                                   rtol=1e-9, atol=1e-12, err_msg=attribute)
        np.testing.assert_allclose(getattr(full, attribute), getattr(ref, attribute),
                                   rtol=1e-12, atol=1e-14, err_msg=attribute)
    if n_components is not None:
        assert eigh.score(X) == pytest.approx(ref.score(X), rel=1e-9)


@pytest.mark.parametrize("whiten", [False, True])
def test_chunked_transform_matches_one_chunk(digits, monkeypatch, whiten):
    pca = PCA(n_components=5, whiten=whiten).fit(digits)
    whole = pca.transform(digits)
    monkeypatch.setattr(_pca, "WORKING_MEMORY_BYTES", 100 * 64 * 8)  # 18 chunks of 100 rows
    np.testing.assert_allclose(pca.transform(digits), whole, rtol=1e-12, atol=1e-12)
    expected = whole @ (pca.components_ * np.sqrt(pca.explained_variance_)[:, np.newaxis]
                        if whiten else pca.components_) + pca.mean_
    np.testing.assert_allclose(pca.inverse_transform(whole), expected, atol=1e-10)


@pytest.mark.parametrize("svd_solver", TRUNCATED_SOLVERS)
def test_reproducible_with_random_state(digits, svd_solver):
    first = PCA(5, svd_solver=svd_solver, random_state=3).fit(digits).components_
    second = PCA(5, svd_solver=svd_solver, random_state=3).fit(digits).components_
    np.testing.assert_array_equal(first, second)


# copy --------------------------------------------------------------------------------------


def test_copy_true_never_modifies_the_input(digits):
    X = digits.copy()
    for svd_solver in ALL_SOLVERS:
        PCA(5, svd_solver=svd_solver, random_state=0).fit_transform(X)
    np.testing.assert_array_equal(X, digits)


@pytest.mark.parametrize("svd_solver", ["full", "arpack", "randomized"])
def test_copy_false_centres_the_input_in_place(digits, svd_solver):
    """As in scikit-learn: the solvers that centre X do it in the caller's array."""
    X = digits.copy()
    X_new = PCA(5, copy=False, svd_solver=svd_solver, random_state=0).fit_transform(X)
    np.testing.assert_allclose(X, digits - digits.mean(axis=0), atol=1e-12)
    reference = PCA(5, svd_solver=svd_solver, random_state=0).fit_transform(digits)
    np.testing.assert_allclose(X_new, reference, atol=1e-8)


# Sparse input ------------------------------------------------------------------------------


@pytest.mark.parametrize("container", SPARSE_CONTAINERS)
@pytest.mark.parametrize("svd_solver", ["arpack", "covariance_eigh"])
def test_sparse_and_dense_input_give_the_same_model(container, svd_solver):
    X = sparse_data(container)
    X_dense = X.toarray()
    pca = PCA(n_components=5, svd_solver=svd_solver, random_state=0).fit(X)
    dense = PCA(n_components=5, svd_solver=svd_solver, random_state=0).fit(X_dense)
    for attribute in ("components_", "explained_variance_", "explained_variance_ratio_",
                      "singular_values_", "mean_", "noise_variance_"):
        np.testing.assert_allclose(getattr(pca, attribute), getattr(dense, attribute),
                                   rtol=1e-9, atol=1e-12, err_msg=attribute)
    X_new = sparse_data(container, random_state=1)
    np.testing.assert_allclose(pca.transform(X_new), dense.transform(X_new.toarray()),
                               atol=1e-10)
    np.testing.assert_allclose(pca.fit_transform(X), dense.fit_transform(X_dense), atol=1e-9)
    ref = SklearnPCA(n_components=5, svd_solver=svd_solver, random_state=0).fit(X)
    np.testing.assert_allclose(pca.components_, ref.components_, atol=1e-9)
    np.testing.assert_allclose(pca.noise_variance_, ref.noise_variance_, rtol=1e-9)


class NoDensifying(sp.csr_matrix):
    """A CSR matrix that fails if anything densifies it."""

    def toarray(self, *args, **kwargs):
        raise AssertionError("the sparse input was densified")

    todense = toarray

    def __array__(self, *args, **kwargs):
        raise AssertionError("the sparse input was densified")


@pytest.mark.parametrize("svd_solver", ["auto", "arpack", "covariance_eigh"])
def test_sparse_input_is_never_densified(svd_solver):
    X = NoDensifying(sparse_data(sp.csr_matrix))
    with pytest.raises(AssertionError, match="densified"):
        X.toarray()
    pca = PCA(n_components=3, svd_solver=svd_solver, random_state=0)
    assert pca.fit_transform(X).shape == (200, 3)
    assert pca.transform(X).shape == (200, 3)
    assert pca._fit_svd_solver == ("arpack" if svd_solver == "auto" else svd_solver)


def test_sparse_input_with_duplicate_entries():
    """Uncanonical CSR (duplicates, summed on use): the same model, and not modified."""
    X = sp.csr_matrix(
        (np.arange(1.0, 8.0), np.array([0, 0, 1, 2, 0, 3, 1]), np.array([0, 2, 3, 4, 6, 7])),
        shape=(5, 4),
    )
    assert not X.has_canonical_format
    stored = X.data.copy()
    for svd_solver in ("arpack", "covariance_eigh"):
        pca = PCA(n_components=2, svd_solver=svd_solver, random_state=0).fit(X)
        dense = PCA(n_components=2, svd_solver=svd_solver, random_state=0).fit(X.toarray())
        np.testing.assert_allclose(pca.explained_variance_, dense.explained_variance_)
        np.testing.assert_allclose(pca.explained_variance_ratio_,
                                   dense.explained_variance_ratio_)
        np.testing.assert_allclose(pca.noise_variance_, dense.noise_variance_)
    np.testing.assert_array_equal(X.data, stored)
    assert not X.has_canonical_format


@pytest.mark.parametrize("svd_solver", ["full", "randomized"])
def test_sparse_input_refused_by_solvers_that_centre_densely(svd_solver):
    X = sparse_data(sp.csr_matrix)
    with pytest.raises(TypeError, match=f'while "{svd_solver}" was passed'):
        PCA(n_components=3, svd_solver=svd_solver).fit(X)
    assert not PCA(svd_solver=svd_solver).__sklearn_tags__().input_tags.sparse
    assert PCA().__sklearn_tags__().input_tags.sparse


# API ---------------------------------------------------------------------------------------


def test_feature_names_and_pandas_output():
    X = load_iris(as_frame=True).data.iloc[10:40]
    pca = PCA(n_components=2).set_output(transform="pandas").fit(X)
    np.testing.assert_array_equal(pca.get_feature_names_out(), ["pca0", "pca1"])
    np.testing.assert_array_equal(pca.feature_names_in_, X.columns)
    for out in (pca.transform(X), pca.fit_transform(X)):
        assert isinstance(out, pd.DataFrame)
        assert list(out.columns) == ["pca0", "pca1"]
        pd.testing.assert_index_equal(out.index, X.index)
    pipeline = make_pipeline(StandardScaler(), PCA(n_components=3)).set_output(
        transform="pandas"
    )
    assert list(pipeline.fit_transform(X).columns) == ["pca0", "pca1", "pca2"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"n_components": 5}, r"n_components=5 must be between 0 and min\(n_samples, n_feat"
                              r"ures\)=4 with svd_solver='full' \(X has n_samples=10, n_feat"),
        ({"n_components": 5, "svd_solver": "randomized"}, "must be between 1 and min"),
        ({"n_components": 0.5, "svd_solver": "randomized"},
         r"n_components=0.5 must be between 1 and min\(n_samples, n_features\)=4"),
        ({"n_components": 4, "svd_solver": "arpack"}, "must be strictly less than min"),
        ({"n_components": -1}, "The 'n_components' parameter of PCA must be an int in the ra"),
        ({"n_components": 1.5}, "The 'n_components' parameter of PCA must be"),
        ({"n_components": "mlee"}, "The 'n_components' parameter of PCA must be"),
        ({"svd_solver": "eigh"}, "The 'svd_solver' parameter of PCA must be a str among"),
        ({"whiten": "yes"}, "The 'whiten' parameter of PCA must be an instance of 'bool'"),
        ({"copy": None}, "The 'copy' parameter of PCA must be an instance of 'bool'"),
        ({"tol": -1.0}, r"The 'tol' parameter of PCA must be a float in the range \[0.0, inf"),
        ({"tol": np.nan}, "The 'tol' parameter of PCA must be a float"),
        ({"iterated_power": -1}, "The 'iterated_power' parameter of PCA must be a str among"),
        ({"n_oversamples": 0}, r"The 'n_oversamples' parameter of PCA must be an int in the r"),
        ({"power_iteration_normalizer": "qr"}, "'power_iteration_normalizer' parameter of"),
    ],
)
def test_invalid_hyperparameters(params, message):
    X = np.random.default_rng(0).standard_normal((10, 4))
    with pytest.raises(ValueError, match=message):
        PCA(**params).fit(X)


def test_invalid_data():
    X = np.random.default_rng(0).standard_normal((10, 4))
    with pytest.raises(ValueError, match="Input X contains NaN"):
        PCA().fit(np.where(X > 1, np.nan, X))
    with pytest.raises(ValueError, match="Input X contains infinity"):
        PCA().fit(np.where(X > 1, np.inf, X))
    with pytest.raises(ValueError, match="Expected 2D array, got 1D array"):
        PCA().fit(X[:, 0])
    with pytest.raises(ValueError, match="0 sample"):
        PCA().fit(X[:0])
    with pytest.raises(ValueError, match="1 sample"):
        PCA().fit(X[:1])
    pca = PCA(n_components=2).fit(X)
    with pytest.raises(ValueError, match="X has 3 features, but PCA is expecting 4"):
        pca.transform(X[:, :3])
    with pytest.raises(ValueError, match="expects n_components_=2"):
        pca.inverse_transform(X[:, :3])


@pytest.mark.parametrize("to_input", [np.asarray, sp.csr_matrix], ids=["dense", "sparse"])
def test_arpack_on_constant_data_gives_zero_variance_like_the_full_svd(to_input):
    """ARPACK raises 'Starting vector is zero' on data without variance (scikit-learn's
    PCA passes the error on); every axis is then principal, with variance 0."""
    X = np.full((6, 3), 2.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # variance ratio 0/0, as the full SVD
        arpack = PCA(2, svd_solver="arpack", random_state=0).fit(to_input(X))
        full = PCA(2, svd_solver="full").fit(X)
    # (Sparse data is centred implicitly: rounding leaves variances near 1e-30, which
    # ARPACK then resolves; any axes are principal for them.)
    np.testing.assert_allclose(arpack.explained_variance_, full.explained_variance_, atol=1e-12)
    np.testing.assert_allclose(arpack.transform(to_input(X)), np.zeros((6, 2)), atol=1e-12)
    np.testing.assert_allclose(arpack.components_ @ arpack.components_.T, np.eye(2), atol=1e-12)


@pytest.mark.parametrize("to_input", [np.asarray, sp.csr_matrix], ids=["dense", "sparse"])
def test_arpack_on_constant_float32_data_keeps_float32(to_input):
    """The principal axes of data without variance are in the data's dtype, as ARPACK's
    are otherwise (found by the property tests: all-zero float32 data gave float64)."""
    X = np.zeros((2, 2), dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # variance ratio 0/0
        pca = PCA(svd_solver="arpack", random_state=0, tol=1e-12).fit(to_input(X))
    assert pca.components_.dtype == pca.explained_variance_.dtype == np.float32
    assert pca.transform(to_input(X[:1])).dtype == np.float32

"""PCA: parity with scikit-learn, the textbook's reconstruction error, API and errors."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_digits, load_iris
from sklearn.decomposition import PCA as SklearnPCA
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklnn.decomposition import PCA, _pca

EXACT_SOLVERS = ["eigh", "svd"]
ALL_SOLVERS = [*EXACT_SOLVERS, "randomized"]


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


@pytest.mark.parametrize("solver", EXACT_SOLVERS)
def test_exact_solvers_match_sklearn_on_digits(digits, sklearn_digits_pca, solver):
    pca = PCA(n_components=20, solver=solver).fit(digits)
    ref = sklearn_digits_pca
    np.testing.assert_allclose(pca.explained_variance_, ref.explained_variance_, rtol=1e-8)
    np.testing.assert_allclose(
        pca.explained_variance_ratio_, ref.explained_variance_ratio_, rtol=1e-8
    )
    np.testing.assert_allclose(pca.singular_values_, ref.singular_values_, rtol=1e-8)
    np.testing.assert_allclose(pca.noise_variance_, ref.noise_variance_, rtol=1e-8)
    np.testing.assert_allclose(pca.mean_, ref.mean_, rtol=1e-12)
    np.testing.assert_allclose(
        align_signs(pca.components_, ref.components_), ref.components_, atol=1e-8
    )
    # Same deterministic sign convention as scikit-learn: equal without any flipping.
    np.testing.assert_allclose(pca.components_, ref.components_, atol=1e-8)
    np.testing.assert_allclose(pca.transform(digits), ref.transform(digits), atol=1e-7)


def test_randomized_solver_close_to_sklearn_on_digits(digits, sklearn_digits_pca):
    ref = sklearn_digits_pca
    pca = PCA(n_components=20, solver="randomized", random_state=0).fit(digits)
    np.testing.assert_allclose(pca.explained_variance_, ref.explained_variance_, rtol=1e-3)
    # The digits spectrum has relative gaps down to 3% between neighbouring components;
    # with scikit-learn's default 10 oversamples the individual axes converge to ~1e-2
    # (scikit-learn's own randomized PCA too); 20 oversamples bring them within 1e-6.
    pca = PCA(n_components=20, solver="randomized", n_oversamples=20, random_state=0)
    pca.fit(digits)
    np.testing.assert_allclose(pca.explained_variance_, ref.explained_variance_, rtol=1e-3)
    np.testing.assert_allclose(
        align_signs(pca.components_, ref.components_), ref.components_, atol=1e-3
    )


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_randomized_and_exact_agree_on_low_rank_data(solver):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 5)) @ rng.standard_normal((5, 40)) + 10
    pca = PCA(n_components=5, solver=solver, random_state=0).fit(X)
    ref = SklearnPCA(n_components=5, svd_solver="full").fit(X)
    np.testing.assert_allclose(pca.explained_variance_, ref.explained_variance_, rtol=1e-8)
    np.testing.assert_allclose(pca.components_, ref.components_, atol=1e-8)
    assert pca.noise_variance_ == pytest.approx(0, abs=1e-10)


@pytest.mark.parametrize("solver", EXACT_SOLVERS)
@pytest.mark.parametrize("n_components", [1, 5, 20, 63])
def test_reconstruction_error_is_sum_of_discarded_eigenvalues(digits, solver, n_components):
    """Course textbook, §5.1.3, Eq. 5.11: E[‖x − x̂‖²] = Σᵢ₌ₖ₊₁ᵈ λᵢ."""
    eigenvalues = PCA(solver=solver).fit(digits).explained_variance_
    pca = PCA(n_components=n_components, solver=solver).fit(digits)
    reconstruction = pca.inverse_transform(pca.transform(digits))
    # The eigenvalues are variances with the unbiased n - 1 normalization, so the mean
    # squared reconstruction error uses it too.
    squared_error = np.sum((digits - reconstruction) ** 2) / (digits.shape[0] - 1)
    discarded = eigenvalues[n_components:].sum()
    assert squared_error == pytest.approx(discarded, rel=1e-9)
    assert pca.noise_variance_ == pytest.approx(discarded / (64 - n_components), rel=1e-9)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_keeping_all_components_reconstructs_exactly(solver):
    X = load_iris(return_X_y=True)[0]
    pca = PCA(solver=solver, random_state=0).fit(X)
    assert pca.n_components_ == 4
    assert pca.noise_variance_ == 0.0
    np.testing.assert_allclose(pca.inverse_transform(pca.transform(X)), X, atol=1e-10)
    np.testing.assert_allclose(pca.explained_variance_ratio_.sum(), 1.0, rtol=1e-12)


def test_eigenvectors_of_the_covariance_matrix():
    """Course textbook, §5.1.1, Eq. 5.6: cov(X) Wᵢ = λᵢ Wᵢ, and cov(Y) is diagonal (5.2)."""
    X = load_iris(return_X_y=True)[0]
    pca = PCA(solver="eigh").fit(X)
    covariance = np.cov(X, rowvar=False)
    np.testing.assert_allclose(
        covariance @ pca.components_.T, pca.components_.T * pca.explained_variance_, atol=1e-12
    )
    np.testing.assert_allclose(
        np.cov(pca.transform(X), rowvar=False), np.diag(pca.explained_variance_), atol=1e-12
    )


@pytest.mark.parametrize("fraction", [0.5, 0.8, 0.95, 0.999])
@pytest.mark.parametrize("solver", ["auto", *EXACT_SOLVERS])
def test_variance_fraction_selects_like_sklearn(digits, fraction, solver):
    pca = PCA(n_components=fraction, solver=solver).fit(digits)
    ref = SklearnPCA(n_components=fraction, svd_solver="full").fit(digits)
    assert pca.n_components_ == ref.n_components_
    assert pca.explained_variance_ratio_.sum() > fraction
    assert pca.explained_variance_ratio_[:-1].sum() <= fraction


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_float32_stays_float32(digits, solver):
    X = digits.astype(np.float32)
    pca = PCA(n_components=10, solver=solver, random_state=0).fit(X)
    for array in (pca.components_, pca.explained_variance_, pca.mean_, pca.transform(X)):
        assert array.dtype == np.float32
    assert pca.inverse_transform(pca.transform(X)).dtype == np.float32
    ref = PCA(n_components=10, solver=solver, random_state=0).fit(digits)
    np.testing.assert_allclose(pca.explained_variance_, ref.explained_variance_, rtol=1e-4)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_whitening_gives_unit_variance_and_inverts(solver):
    X = load_iris(return_X_y=True)[0]
    pca = PCA(n_components=3, whiten=True, solver=solver, random_state=0).fit(X)
    X_white = pca.transform(X)
    np.testing.assert_allclose(X_white.var(axis=0, ddof=1), 1.0, rtol=1e-10)
    unwhitened = PCA(n_components=3, solver=solver, random_state=0).fit(X)
    np.testing.assert_allclose(
        pca.inverse_transform(X_white),
        unwhitened.inverse_transform(unwhitened.transform(X)),
        atol=1e-10,
    )


def test_more_features_than_samples_exact_solvers_agree():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((15, 40))
    eigh, svd = PCA(solver="eigh").fit(X), PCA(solver="svd").fit(X)
    assert eigh.n_components_ == svd.n_components_ == 15
    np.testing.assert_allclose(eigh.explained_variance_, svd.explained_variance_, atol=1e-10)
    ref = SklearnPCA(svd_solver="full").fit(X)
    np.testing.assert_allclose(svd.explained_variance_ratio_, ref.explained_variance_ratio_)


@pytest.mark.parametrize(
    ("shape", "n_components", "expected"),
    [
        ((2000, 50), 10, "eigh"),
        ((100, 50), 10, "svd"),
        ((600, 100), 10, "randomized"),
        ((600, 100), 90, "svd"),
        ((600, 100), 0.9, "svd"),
    ],
)
def test_auto_solver_rule(shape, n_components, expected):
    X = np.random.default_rng(0).standard_normal(shape)
    assert PCA(n_components=n_components).fit(X).solver_ == expected


@pytest.mark.parametrize("whiten", [False, True])
def test_chunked_transform_matches_one_chunk(digits, monkeypatch, whiten):
    pca = PCA(n_components=5, whiten=whiten).fit(digits)
    whole = pca.transform(digits)
    monkeypatch.setattr(_pca, "WORKING_MEMORY_BYTES", 100 * 64 * 8)  # 18 chunks of 100 rows
    np.testing.assert_allclose(pca.transform(digits), whole, rtol=1e-12, atol=1e-12)
    expected = whole @ (pca.components_ * np.sqrt(pca.explained_variance_)[:, np.newaxis]
                        if whiten else pca.components_) + pca.mean_
    np.testing.assert_allclose(pca.inverse_transform(whole), expected, atol=1e-10)


def test_randomized_is_reproducible_with_random_state(digits):
    first = PCA(5, solver="randomized", random_state=3).fit(digits).components_
    second = PCA(5, solver="randomized", random_state=3).fit(digits).components_
    np.testing.assert_array_equal(first, second)


def test_fit_does_not_modify_its_input(digits):
    X = digits.copy()
    for solver in ALL_SOLVERS:
        PCA(5, solver=solver, random_state=0).fit_transform(X)
    np.testing.assert_array_equal(X, digits)


def test_feature_names_and_pandas_output():
    X = load_iris(as_frame=True).data.iloc[10:40]
    pca = PCA(n_components=2).set_output(transform="pandas").fit(X)
    np.testing.assert_array_equal(pca.get_feature_names_out(), ["pca0", "pca1"])
    np.testing.assert_array_equal(pca.feature_names_in_, X.columns)
    out = pca.transform(X)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["pca0", "pca1"]
    pd.testing.assert_index_equal(out.index, X.index)
    pipeline = make_pipeline(StandardScaler(), PCA(n_components=3)).set_output(
        transform="pandas"
    )
    assert list(pipeline.fit_transform(X).columns) == ["pca0", "pca1", "pca2"]


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        ({"n_components": 5}, ValueError, r"n_components=5 must be at most min\(n_samples"),
        ({"n_components": 0}, ValueError, "n_components == 0, must be >= 1"),
        ({"n_components": 1.5}, ValueError, "Invalid value for 'n_components': 1.5"),
        ({"n_components": "mle"}, ValueError, "Invalid value for 'n_components': 'mle'"),
        ({"solver": "full"}, ValueError, "Invalid value for 'solver': 'full'"),
        (
            {"n_components": 0.5, "solver": "randomized"},
            ValueError,
            "fraction of the variance.*needs the whole spectrum",
        ),
        ({"whiten": "yes"}, ValueError, "Invalid value for 'whiten'"),
        ({"iterated_power": -1}, ValueError, "iterated_power == -1, must be >= 0"),
        ({"n_oversamples": 2.5}, TypeError, "n_oversamples must be an instance of"),
    ],
)
def test_invalid_hyperparameters(params, error, message):
    X = np.random.default_rng(0).standard_normal((10, 4))
    with pytest.raises(error, match=message):
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

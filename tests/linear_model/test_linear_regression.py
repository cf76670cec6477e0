"""LinearRegression: parity with scikit-learn, the stable solve, gradient descent, R²."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from joblib import parallel_config
from numpy.testing import assert_allclose
from sklearn import linear_model as sk
from sklearn.datasets import load_diabetes, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import r2_score

from sklnn.linear_model import LinearRegression


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes(return_X_y=True)


def test_diabetes_coef_matches_sklearn(diabetes):
    X, y = diabetes
    ours = LinearRegression().fit(X, y)
    theirs = sk.LinearRegression().fit(X, y)
    assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8)
    assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-8)
    assert ours.coef_.shape == (10,)
    assert np.ndim(ours.intercept_) == 0


def test_textbook_bmi_example_matches_normal_equations(diabetes):
    # Code 2.2: one feature (bmi); Code 2.1 solves Φ = (XᵀX)⁻¹XᵀY with a column of ones.
    X, y = diabetes
    bmi = X[:, 2:3]
    design = np.column_stack([np.ones(len(bmi)), bmi])
    phi = np.linalg.pinv(design.T @ design) @ design.T @ y
    model = LinearRegression().fit(bmi, y)
    assert_allclose([model.intercept_, model.coef_[0]], phi, rtol=1e-10)


def test_score_is_r2(diabetes):
    X, y = diabetes
    model = LinearRegression().fit(X[:300], y[:300])
    y_pred = model.predict(X[300:])
    residual = np.sum((y[300:] - y_pred) ** 2)  # Eq. 2.19
    total = np.sum((y[300:] - y[300:].mean()) ** 2)  # Eq. 2.20
    assert model.score(X[300:], y[300:]) == pytest.approx(1 - residual / total, rel=1e-12)
    assert model.score(X[300:], y[300:]) == pytest.approx(r2_score(y[300:], y_pred), rel=1e-12)


def test_multi_output_matches_sklearn(diabetes):
    X, y = diabetes
    Y = np.column_stack([y, -2 * y + X[:, 0]])
    ours = LinearRegression().fit(X, Y)
    theirs = sk.LinearRegression().fit(X, Y)
    assert ours.coef_.shape == (2, 10) and ours.intercept_.shape == (2,)
    assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8)
    assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-8)
    single = LinearRegression().fit(X, Y[:, :1])
    assert single.coef_.shape == (1, 10) and single.predict(X).shape == (len(X), 1)


def test_without_intercept_matches_sklearn(diabetes):
    X, y = diabetes
    ours = LinearRegression(fit_intercept=False).fit(X, y)
    theirs = sk.LinearRegression(fit_intercept=False).fit(X, y)
    assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8)
    assert ours.intercept_ == 0.0


@pytest.mark.parametrize(
    "make_X",
    [
        pytest.param(lambda X: np.column_stack([X, X[:, 0]]), id="duplicated-column"),
        pytest.param(lambda X: np.column_stack([X, 2 * X[:, 1] - X[:, 2]]), id="collinear"),
        pytest.param(lambda X: np.column_stack([X, np.ones(len(X))]), id="constant-column"),
        pytest.param(lambda X: X[:6], id="fewer-samples-than-features"),
    ],
)
def test_rank_deficient_gives_sklearn_minimum_norm_solution(diabetes, make_X):
    X, y = diabetes
    X = make_X(X)
    y = y[: len(X)]
    ours = LinearRegression().fit(X, y)
    theirs = sk.LinearRegression().fit(X, y)
    assert np.all(np.isfinite(ours.coef_))
    assert_allclose(ours.coef_, theirs.coef_, rtol=1e-7, atol=1e-9 * np.abs(theirs.coef_).max())
    assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-8)


def test_nearly_collinear_falls_back_to_sklearn_solution(diabetes):
    X, y = diabetes
    noise = np.random.default_rng(0).standard_normal(len(X))
    X = np.column_stack([X, X[:, 0] + 1e-7 * noise])
    ours = LinearRegression().fit(X, y)
    theirs = sk.LinearRegression().fit(X, y)
    assert_allclose(ours.coef_, theirs.coef_, rtol=1e-7)


def test_features_on_very_different_scales(diabetes):
    X, y = diabetes
    scales = np.logspace(-3, 3, X.shape[1])
    # tol is scikit-learn's cut-off of small singular values: at its default the badly
    # scaled X counts as rank 9, and both truncate the same way.
    ours = LinearRegression().fit(X * scales, y)
    theirs = sk.LinearRegression().fit(X * scales, y)
    assert ours.rank_ == theirs.rank_ == 9
    assert_allclose(ours.coef_, theirs.coef_, rtol=1e-7)
    assert_allclose(ours.singular_, theirs.singular_, rtol=1e-10)
    # Without a cut-off the rescaled problem is solved exactly (by Cholesky on the
    # column-scaled normal equations): rescaling a feature by s rescales its coefficient
    # by 1/s.
    exact = LinearRegression(tol=0).fit(X * scales, y)
    assert_allclose(exact.coef_ * scales, LinearRegression().fit(X, y).coef_, rtol=1e-8)


def test_gd_converges_to_least_squares():
    X, y = make_regression(n_samples=200, n_features=5, noise=5.0, bias=3.0, random_state=0)
    X = X * [1.0, 3.0, 0.5, 1.0, 2.0] + [100.0, -3.0, 0.0, 7.0, 1.0]  # unscaled, uncentered
    exact = LinearRegression().fit(X, y)
    gd = LinearRegression(solver="gd", max_iter=20_000, tol=1e-9).fit(X, y)
    assert gd.n_iter_ < 20_000
    assert_allclose(gd.coef_, exact.coef_, rtol=1e-6)
    assert_allclose(gd.intercept_, exact.intercept_, rtol=1e-6)


def test_gd_multi_output_and_no_intercept():
    X, y = make_regression(n_samples=100, n_features=3, n_targets=2, random_state=0)
    for fit_intercept in (True, False):
        exact = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
        gd = LinearRegression(solver="gd", fit_intercept=fit_intercept, tol=1e-8).fit(X, y)
        assert gd.coef_.shape == (2, 3)
        assert_allclose(gd.predict(X), exact.predict(X), rtol=1e-5, atol=1e-5)


def test_gd_warns_when_max_iter_is_reached(diabetes):
    X, y = diabetes
    with pytest.warns(ConvergenceWarning, match="did not converge in max_iter=5"):
        model = LinearRegression(solver="gd", max_iter=5).fit(X, y)
    assert model.n_iter_ == 5


def test_gd_too_large_learning_rate_raises(diabetes):
    X, y = diabetes
    with pytest.raises(ValueError, match="diverged.*smaller learning_rate"):
        LinearRegression(solver="gd", learning_rate=1e6, max_iter=1000).fit(X * 100, y)


def test_lstsq_counts_one_iteration(diabetes):
    X, y = diabetes
    assert LinearRegression().fit(X, y).n_iter_ == 1


def test_float32_input_gives_float32_coef_of_float64_precision(diabetes):
    X, y = diabetes
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ConvergenceWarning, no cast warning
        ours = LinearRegression().fit(X.astype(np.float32), y)
    reference = LinearRegression().fit(X.astype(np.float32).astype(np.float64), y)
    assert ours.coef_.dtype == np.float32 and ours.intercept_.dtype == np.float32
    assert_allclose(ours.coef_, reference.coef_, rtol=1e-6)


@pytest.mark.parametrize("solver", ["lstsq", "gd"])
@pytest.mark.parametrize("sparse", [False, True])
def test_integer_sample_weight_is_the_duplicated_rows(diabetes, solver, sparse):
    X, y = diabetes
    weights = np.random.default_rng(0).integers(0, 4, size=len(y))
    # gd takes the same iterates on both (the same objective): it need not converge.
    params = {"solver": solver, "tol": 1e-10, "max_iter": 100}
    to_input = sp.csr_array if sparse else np.asarray
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = LinearRegression(**params).fit(to_input(X), y, sample_weight=weights)
        duplicated = LinearRegression(**params).fit(
            to_input(X.repeat(weights, axis=0)), y.repeat(weights)
        )
    assert_allclose(weighted.coef_, duplicated.coef_, rtol=1e-7)
    assert_allclose(weighted.intercept_, duplicated.intercept_, rtol=1e-7)
    if solver == "lstsq":
        reference = sk.LinearRegression(tol=1e-10).fit(to_input(X), y, sample_weight=weights)
        assert_allclose(weighted.coef_, reference.coef_, rtol=1e-6)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_sparse_input_matches_dense_and_sklearn(diabetes, fit_intercept):
    X, y = diabetes
    X = np.where(np.abs(X) > 0.02, X, 0.0)
    Y = np.column_stack([y, X[:, 0] - y])  # two targets: one LSQR run each
    dense = LinearRegression(fit_intercept=fit_intercept).fit(X, Y)
    for container in (sp.csr_array, sp.csc_matrix, sp.coo_array):
        sparse = LinearRegression(fit_intercept=fit_intercept).fit(container(X), Y)
        assert_allclose(sparse.coef_, dense.coef_, rtol=1e-5)
        assert_allclose(sparse.predict(container(X)), dense.predict(X), atol=1e-4)
    theirs = sk.LinearRegression(fit_intercept=fit_intercept).fit(sp.csr_array(X), Y)
    assert_allclose(sparse.coef_, theirs.coef_, rtol=1e-6)
    assert not hasattr(sparse, "rank_")  # as scikit-learn: dense X only


def test_positive_is_sklearns_non_negative_least_squares(diabetes):
    X, y = diabetes
    ours = LinearRegression(positive=True).fit(X, y)
    theirs = sk.LinearRegression(positive=True).fit(X, y)
    assert np.all(ours.coef_ >= 0) and np.any(ours.coef_ == 0)
    assert_allclose(ours.coef_, theirs.coef_, rtol=1e-10, atol=1e-10)
    assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-10)
    Y = np.column_stack([y, -y])
    with parallel_config(backend="threading"):  # n_jobs fits the targets in parallel
        both = LinearRegression(positive=True, n_jobs=2).fit(X, Y)
    assert_allclose(both.coef_[0], ours.coef_) and np.all(both.coef_[1] >= 0)
    with pytest.raises(TypeError, match="Sparse data was passed for X, but dense data"):
        LinearRegression(positive=True).fit(sp.csr_array(X), y)
    with pytest.raises(ValueError, match="positive=True.*solver='lstsq'"):
        LinearRegression(positive=True, solver="gd").fit(X, y)


def test_copy_X_false_centers_X_in_place(diabetes):
    X, y = diabetes
    X = X + 1.0
    copy = X.copy()
    expected = LinearRegression().fit(X, y)
    assert_allclose(X, copy)
    model = LinearRegression(copy_X=False).fit(X, y, sample_weight=np.full(len(y), 4.0))
    assert_allclose(X, 2.0 * (copy - copy.mean(axis=0)))  # √s (X - x̄): overwritten
    assert_allclose(model.coef_, expected.coef_, rtol=1e-10)


def test_gd_tol_is_lsqrs_relative_precision(diabetes):
    X, y = diabetes
    exact = LinearRegression().fit(X, y).coef_
    errors = []
    for scale in (1.0, 1e4):  # the same relative precision whatever the scale of y
        for tol in (1e-3, 1e-6):
            gd = LinearRegression(solver="gd", tol=tol, max_iter=100_000).fit(X, y * scale)
            errors.append(np.linalg.norm(gd.coef_ / scale - exact) / np.linalg.norm(exact))
    assert errors[1] < errors[0] and errors[3] < errors[2]
    assert_allclose(errors[:2], errors[2:], rtol=1e-3)

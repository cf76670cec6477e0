"""The objective the linear models' solvers share: values, gradients, Hessians, weights."""

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose
from scipy.optimize import approx_fprime, check_grad
from scipy.special import expit, log_softmax

from sklnn.linear_model import _losses
from sklnn.linear_model._losses import LinearObjective
from sklnn.linear_model._solvers import auto_learning_rate

RNG = np.random.default_rng(0)
X = RNG.standard_normal((30, 4))
LABELS = RNG.integers(0, 3, size=30)
WEIGHTS = RNG.integers(0, 4, size=30).astype(float)
TARGETS = {
    "squared": RNG.standard_normal((30, 2)),
    "binomial": (LABELS == 1).astype(float)[:, None],
    "multinomial": np.eye(3)[LABELS],
    "sigmoid_squared": (LABELS == 1).astype(float)[:, None],
}


def _objective(loss, l2=0.1, fit_intercept=True, **kwargs):
    return LinearObjective(
        X, TARGETS[loss], loss=loss, l2=l2, fit_intercept=fit_intercept, **kwargs
    )


@pytest.mark.parametrize("loss", list(TARGETS))
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("l2", [0.0, 0.1])
@pytest.mark.parametrize("weighted", [False, True])
def test_gradient_matches_finite_differences(loss, fit_intercept, l2, weighted):
    objective = _objective(loss, l2, fit_intercept, sample_weight=WEIGHTS if weighted else None)
    params = RNG.standard_normal(objective.n_params)
    error = check_grad(lambda p: objective(p)[0], lambda p: objective(p)[1], params)
    assert error < 1e-5 * max(1.0, np.linalg.norm(objective(params)[1]))


@pytest.mark.parametrize("loss", ["binomial", "multinomial"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_hessian_and_its_products_match_finite_differences(loss, fit_intercept):
    objective = _objective(loss, 0.1, fit_intercept, sample_weight=WEIGHTS)
    params = RNG.standard_normal(objective.n_params)
    numeric = np.array(
        [
            approx_fprime(params, lambda p, i=i: objective(p)[1][i], 1e-7)
            for i in range(objective.n_params)
        ]
    )
    hessian = objective.hessian(params)
    assert_allclose(hessian, numeric, atol=1e-5)
    assert_allclose(hessian, hessian.T)
    direction = RNG.standard_normal(objective.n_params)
    assert_allclose(objective.hessian_product(params)(direction), hessian @ direction)


def test_minibatch_gradient_is_the_gradient_on_those_rows():
    objective = _objective("binomial")
    rows = np.array([3, 7, 11, 20])
    batch = LinearObjective(
        X[rows], TARGETS["binomial"][rows], loss="binomial", l2=0.1, fit_intercept=True
    )
    params = RNG.standard_normal(objective.n_params)
    assert_allclose(objective(params, rows)[1], batch(params)[1])


@pytest.mark.parametrize("loss", list(TARGETS))
def test_integer_weights_give_the_objective_of_the_duplicated_rows(loss):
    weighted = _objective(loss, sample_weight=WEIGHTS)
    repeats = WEIGHTS.astype(int)
    duplicated = LinearObjective(
        X.repeat(repeats, axis=0), TARGETS[loss].repeat(repeats, axis=0), loss=loss, l2=0.1
    )
    params = RNG.standard_normal(weighted.n_params)
    assert_allclose(weighted(params)[0], duplicated(params)[0], rtol=1e-12)
    assert_allclose(weighted(params)[1], duplicated(params)[1], rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("loss", ["squared", "multinomial"])
def test_sparse_and_implicitly_centered_objectives_match_the_dense_one(loss):
    X_sparse = sp.csr_array(np.where(np.abs(X) > 0.5, X, 0.0))
    offset = np.asarray(X_sparse.mean(axis=0)).ravel()
    dense_centered = LinearObjective(
        X_sparse.toarray() - offset, TARGETS[loss], loss=loss, l2=0.1
    )
    sparse_implicit = LinearObjective(
        X_sparse, TARGETS[loss], loss=loss, l2=0.1, X_offset=offset
    )
    params = RNG.standard_normal(dense_centered.n_params)
    assert_allclose(sparse_implicit(params)[0], dense_centered(params)[0], rtol=1e-12)
    assert_allclose(sparse_implicit(params)[1], dense_centered(params)[1], rtol=1e-10)


def test_values_match_the_textbook_formulas():
    objective = _objective("multinomial")
    params = RNG.standard_normal(objective.n_params)
    rows = params.reshape(3, 5)  # one row [Wₖ, bₖ] per class
    weights, intercept = rows[:, :4].T, rows[:, 4]
    scores = X @ weights + intercept
    # Negative mean log-likelihood of softmax regression (Eq. 2.69) plus ½ l2 ‖W‖².
    expected = -np.mean(log_softmax(scores, axis=1)[np.arange(30), LABELS])
    expected += 0.05 * np.sum(weights**2)
    assert_allclose(objective(params)[0], expected, rtol=1e-12)

    params = params[:5]
    proba = expit(X @ params[:4] + params[4])
    y = TARGETS["binomial"][:, 0]
    bce = -np.mean(y * np.log(proba) + (1 - y) * np.log(1 - proba))  # Eq. 3.3-3.4
    assert_allclose(_objective("binomial", l2=0.0)(params)[0], bce, rtol=1e-12)
    mse = np.mean(0.5 * (proba - y) ** 2)  # Eq. 3.2
    assert_allclose(_objective("sigmoid_squared", l2=0.0)(params)[0], mse, rtol=1e-12)


@pytest.mark.parametrize("sparse", [False, True])
def test_auto_learning_rate_is_one_over_the_lipschitz_constant(sparse):
    offset = np.average(X, axis=0, weights=WEIGHTS)
    objective = LinearObjective(
        sp.csr_array(X) if sparse else X,
        TARGETS["squared"],
        loss="squared",
        sample_weight=WEIGHTS,
        X_offset=offset,
    )
    steps = auto_learning_rate(objective).reshape(2, 5)
    X_centered = X - offset
    hessian_weights = X_centered.T @ (WEIGHTS[:, None] * X_centered) / WEIGHTS.sum()
    assert_allclose(steps[:, :4], 1 / np.linalg.eigvalsh(hessian_weights)[-1], rtol=1e-10)
    assert_allclose(steps[:, 4], 1.0)  # the intercept's curvature


def test_multinomial_loss_does_not_overflow():
    objective = LinearObjective(
        X * 1e6, TARGETS["multinomial"], loss="multinomial", l2=0.0, fit_intercept=True
    )
    value, gradient = objective(np.ones(objective.n_params))
    assert np.isfinite(value) and np.all(np.isfinite(gradient))


@pytest.mark.parametrize("n_columns", [1, 2, 3, 7, 8, 9, 10, 15, 16, 17, 40])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("reduction", ["max", "sum"])
def test_row_reductions_are_numpys_bitwise(n_columns, dtype, order, reduction):
    # Over few columns they run column by column; the numbers must be NumPy's own.
    scales = 10.0 ** RNG.integers(-8, 9, size=(50, 1))
    Z = np.asarray(RNG.exponential(size=(50, n_columns)) * scales, dtype=dtype, order=order)
    Z[3, 0] = np.inf
    Z[7, -1] = -np.inf
    Z[11, n_columns // 2] = np.nan
    Z[13] = -0.0
    expected = getattr(np, reduction)(Z, axis=1, keepdims=True)
    result = getattr(_losses, f"row_{reduction}")(Z)
    assert result.dtype == dtype
    np.testing.assert_array_equal(result, expected)
    np.testing.assert_array_equal(np.signbit(result), np.signbit(expected))


@pytest.mark.parametrize("n_columns", [2, 3, 10, 17])
def test_multinomial_loss_is_bitwise_the_direct_formula(n_columns):
    # The loss is computed in place, its row reductions column by column; its numbers
    # must be those of the formula written out, which the fitted models depend on.
    Z = 5 * RNG.standard_normal((200, n_columns))
    Y = np.eye(n_columns)[RNG.integers(0, n_columns, size=200)]
    shifted = Z - np.max(Z, axis=1, keepdims=True)
    log_proba = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    losses, gradient = _losses.multinomial_loss(Z, Y)
    np.testing.assert_array_equal(_losses.log_softmax(Z), log_proba)
    np.testing.assert_array_equal(losses, -Y * log_proba)
    np.testing.assert_array_equal(gradient, np.exp(log_proba) - Y)

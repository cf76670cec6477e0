"""The objective the linear models' solvers share: values and gradients."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.optimize import check_grad
from scipy.special import expit, log_softmax

from sklnn.linear_model._losses import LinearObjective
from sklnn.linear_model._solvers import auto_learning_rate

RNG = np.random.default_rng(0)
X = RNG.standard_normal((30, 4))
LABELS = RNG.integers(0, 3, size=30)
TARGETS = {
    "squared": RNG.standard_normal((30, 2)),
    "binomial": (LABELS == 1).astype(float)[:, None],
    "multinomial": np.eye(3)[LABELS],
    "sigmoid_squared": (LABELS == 1).astype(float)[:, None],
}


def _objective(loss, l2=0.1, fit_intercept=True):
    return LinearObjective(X, TARGETS[loss], loss=loss, l2=l2, fit_intercept=fit_intercept)


@pytest.mark.parametrize("loss", list(TARGETS))
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("l2", [0.0, 0.1])
def test_gradient_matches_finite_differences(loss, fit_intercept, l2):
    objective = _objective(loss, l2, fit_intercept)
    params = RNG.standard_normal(objective.n_params)
    error = check_grad(lambda p: objective(p)[0], lambda p: objective(p)[1], params)
    assert error < 1e-5 * max(1.0, np.linalg.norm(objective(params)[1]))


def test_minibatch_gradient_is_the_gradient_on_those_rows():
    objective = _objective("binomial")
    rows = np.array([3, 7, 11, 20])
    batch = LinearObjective(
        X[rows], TARGETS["binomial"][rows], loss="binomial", l2=0.1, fit_intercept=True
    )
    params = RNG.standard_normal(objective.n_params)
    assert_allclose(objective(params, rows)[1], batch(params)[1])


def test_values_match_the_textbook_formulas():
    params = RNG.standard_normal(_objective("multinomial").n_params)
    weights, intercept = params[:12].reshape(3, 4).T, params[12:]  # coef_ is (3, 4)
    scores = X @ weights + intercept
    # Negative mean log-likelihood of softmax regression (Eq. 2.69) plus ½ l2 ‖W‖².
    expected = -np.mean(log_softmax(scores, axis=1)[np.arange(30), LABELS])
    expected += 0.05 * np.sum(weights**2)
    assert_allclose(_objective("multinomial")(params)[0], expected, rtol=1e-12)

    params = params[:5]
    proba = expit(X @ params[:4] + params[4])
    y = TARGETS["binomial"][:, 0]
    bce = -np.mean(y * np.log(proba) + (1 - y) * np.log(1 - proba))  # Eq. 3.3-3.4
    assert_allclose(_objective("binomial", l2=0.0)(params)[0], bce, rtol=1e-12)
    mse = np.mean(0.5 * (proba - y) ** 2)  # Eq. 3.2
    assert_allclose(_objective("sigmoid_squared", l2=0.0)(params)[0], mse, rtol=1e-12)


def test_auto_learning_rate_is_one_over_the_lipschitz_constant():
    X_centered = X - X.mean(axis=0)
    objective = LinearObjective(
        X_centered, TARGETS["squared"], loss="squared", l2=0.0, fit_intercept=True
    )
    steps = auto_learning_rate(objective)
    hessian_weights = X_centered.T @ X_centered / len(X)  # of ½ mean (z - y)²
    assert_allclose(steps[:8], 1 / np.linalg.eigvalsh(hessian_weights)[-1])
    assert_allclose(steps[8:], 1.0)  # the intercept's curvature


def test_multinomial_loss_does_not_overflow():
    objective = LinearObjective(
        X * 1e6, TARGETS["multinomial"], loss="multinomial", l2=0.0, fit_intercept=True
    )
    value, gradient = objective(np.ones(objective.n_params))
    assert np.isfinite(value) and np.all(np.isfinite(gradient))

"""What the gradient-descent estimators give to follow the textbook step by step: the
objective at every iteration (``loss_curve_``) and the starting weights (``fit``'s
``coef_init`` and ``intercept_init``, scikit-learn's SGDClassifier's fit arguments)."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.special import expit, log_softmax
from sklearn.base import clone
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning

from sklnn.linear_model import LinearRegression, LogRegression, Perceptron, SoftmaxReg


def _fit(model, X, y, **fit_params):
    with warnings.catch_warnings():
        # A fixed number of steps, as the book runs.
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y, **fit_params)


def _data(estimator):
    """Small data for ``estimator``: targets for a regressor, 2 or 3 classes."""
    if isinstance(estimator, LinearRegression):
        return make_regression(n_samples=40, n_features=3, noise=5.0, random_state=0)[:2]
    n_classes = 3 if isinstance(estimator, SoftmaxReg) else 2
    return make_classification(
        n_samples=60, n_features=4, n_informative=3, n_redundant=0, n_classes=n_classes,
        random_state=0,
    )


def _objective(model, X, y):
    """The mean loss the estimator's gradient descent minimizes (no penalty), by hand."""
    if isinstance(model, LinearRegression):
        return np.mean(0.5 * (model.predict(X) - y) ** 2)
    scores = model.decision_function(X)
    if scores.ndim == 1:
        proba = expit(scores)
        if isinstance(model, Perceptron) and model.loss == "mse":
            return np.mean(0.5 * (proba - y) ** 2)
        return -np.mean(y * np.log(proba) + (1 - y) * np.log1p(-proba))
    return -np.mean(log_softmax(scores, axis=1)[np.arange(y.shape[0]), y])


GD_ESTIMATORS = [
    LinearRegression(solver="gd", max_iter=5, tol=0),
    LogRegression(solver="gd", C=np.inf, max_iter=5, tol=0),
    SoftmaxReg(solver="gd", C=np.inf, max_iter=5, tol=0),
    Perceptron(max_iter=5, tol=0, random_state=0),
    Perceptron(loss="mse", learning_rate=1.0, max_iter=5, tol=0, random_state=0),
]
IDS = ["LinearRegression", "LogRegression", "SoftmaxReg", "Perceptron", "Perceptron-mse"]


@pytest.mark.parametrize("estimator", GD_ESTIMATORS, ids=IDS)
def test_loss_curve_is_the_objective_at_every_iteration(estimator):
    # loss_curve_[k] is the loss of the model after k + 1 steps: refit with max_iter=k + 1.
    X, y = _data(estimator)
    model = _fit(clone(estimator), X, y)
    assert len(model.loss_curve_) == 5 == np.ravel(model.n_iter_)[0]
    for n_steps in range(1, 6):
        shorter = _fit(clone(estimator).set_params(max_iter=n_steps), X, y)
        assert_allclose(model.loss_curve_[n_steps - 1], _objective(shorter, X, y), rtol=1e-10)
    assert np.all(np.diff(model.loss_curve_) < 0)  # each step lowers the objective


def test_loss_curve_includes_the_penalty():
    X, y = _data(LogRegression())
    model = _fit(LogRegression(solver="gd", C=0.01, max_iter=3, tol=0), X, y)
    penalty = 0.5 * np.sum(model.coef_**2) / (0.01 * X.shape[0])
    assert_allclose(model.loss_curve_[-1], _objective(model, X, y) + penalty, rtol=1e-10)


def test_loss_curve_stops_with_convergence():
    X, y = _data(LinearRegression())
    model = LinearRegression(solver="gd", tol=1e-6).fit(X, y)
    assert 1 < model.n_iter_ < model.max_iter
    assert len(model.loss_curve_) == model.n_iter_


def test_loss_curve_only_for_gradient_descent():
    # Another solver leaves no loss_curve_, not even a previous gd fit's.
    X, y = _data(LinearRegression())
    regression = _fit(LinearRegression(solver="gd", max_iter=3), X, y)
    assert len(regression.loss_curve_) == 3
    assert not hasattr(regression.set_params(solver="lstsq").fit(X, y), "loss_curve_")
    X, y = _data(LogRegression())
    classifier = _fit(LogRegression(solver="gd", max_iter=3), X, y)
    assert len(classifier.loss_curve_) == 3
    classifier.set_params(solver="lbfgs", max_iter=100).fit(X, y)
    assert not hasattr(classifier, "loss_curve_")


def test_coef_init_is_the_first_step_of_the_book():
    # The book's update Φ ← Φ - α ∇J from the given Φ (no intercept: no centering).
    X, y = _data(LinearRegression())
    coef_init = np.array([1.0, -2.0, 0.5])
    model = _fit(
        LinearRegression(solver="gd", fit_intercept=False, learning_rate=0.1, max_iter=1),
        X, y, coef_init=coef_init,
    )
    gradient = X.T @ (X @ coef_init - y) / X.shape[0]
    assert_allclose(model.coef_, coef_init - 0.1 * gradient, rtol=1e-12)


@pytest.mark.parametrize("solver", ["gd", "lbfgs", "newton-cg", "newton-cholesky", "fista"])
@pytest.mark.parametrize("Estimator", [LogRegression, SoftmaxReg])
def test_coef_init_is_the_warm_start_idiom(Estimator, solver):
    # fit(coef_init=, intercept_init=) starts where coef_ and intercept_ set by hand with
    # warm_start=True did.
    X, y = _data(Estimator())
    n_outputs = 3 if Estimator is SoftmaxReg else 1
    rng = np.random.RandomState(0)
    coef_init, intercept_init = rng.normal(size=(n_outputs, 4)), rng.normal(size=n_outputs)
    params = {"solver": solver, "max_iter": 2, "tol": 0}
    model = _fit(Estimator(**params), X, y, coef_init=coef_init, intercept_init=intercept_init)
    idiom = Estimator(warm_start=True, **params)
    idiom.coef_, idiom.intercept_ = coef_init, intercept_init
    idiom = _fit(idiom, X, y)
    assert_allclose(model.coef_, idiom.coef_, rtol=1e-12)
    assert_allclose(model.intercept_, idiom.intercept_, rtol=1e-12)
    started_elsewhere = _fit(Estimator(**params), X, y)
    assert not np.allclose(model.coef_, started_elsewhere.coef_)


def test_coef_init_wins_over_warm_start():
    X, y = _data(LogRegression())
    params = {"solver": "gd", "max_iter": 2, "tol": 0}
    fresh = _fit(LogRegression(**params), X, y, coef_init=np.ones(4))
    warm = _fit(LogRegression(warm_start=True, **params), X, y)
    warm = _fit(warm, X, y, coef_init=np.ones(4))
    assert_allclose(warm.coef_, fresh.coef_, rtol=1e-12)


def test_perceptron_starts_from_the_given_weights():
    # With initial weights the random draw is gone: it is logistic regression's gradient
    # descent from the same start, whatever the seed.
    X, y = _data(Perceptron())
    start = {"coef_init": [[0.0, 0.0, 0.2, 0.1]], "intercept_init": 0.5}
    fits = [
        _fit(Perceptron(learning_rate=1.0, max_iter=3, tol=0, random_state=seed), X, y, **start)
        for seed in (0, 1)
    ]
    logistic = _fit(
        LogRegression(solver="gd", C=np.inf, learning_rate=1.0, max_iter=3, tol=0), X, y,
        **start,
    )
    for model in fits:
        assert_allclose(model.coef_, logistic.coef_, rtol=1e-12)
        assert_allclose(model.intercept_, logistic.intercept_, rtol=1e-12)
    unseeded = _fit(Perceptron(learning_rate=1.0, max_iter=3, tol=0, random_state=0), X, y)
    assert not np.allclose(unseeded.coef_, logistic.coef_)


@pytest.mark.parametrize(
    "estimator, fit_params, message",
    [
        (Perceptron(), {"coef_init": np.zeros(3)},
         r"coef_init has shape \(3,\); expected \(1, 4\) or \(4,\)"),
        (SoftmaxReg(), {"coef_init": np.zeros((2, 4))},
         r"coef_init has shape \(2, 4\); expected \(3, 4\), the shape of the fitted coef_"),
        (LogRegression(), {"intercept_init": np.zeros(2)},
         r"intercept_init has shape \(2,\); expected \(1,\) or a scalar"),
        (LogRegression(), {"coef_init": [np.nan, 0, 0, 0]}, "coef_init contains NaN"),
        (LogRegression(fit_intercept=False), {"intercept_init": 1.0},
         "intercept_init was given but fit_intercept=False"),
        (LinearRegression(), {"coef_init": np.zeros(3)},
         "starting point of solver='gd'; solver='lstsq' solves directly"),
    ],
)
def test_initial_weights_bad_input(estimator, fit_params, message):
    X, y = _data(estimator)
    with pytest.raises(ValueError, match=message):
        estimator.fit(X, y, **fit_params)
    assert not hasattr(estimator, "coef_")  # atomic_fit: the failed fit left nothing


@pytest.mark.parametrize("estimator", GD_ESTIMATORS, ids=IDS)
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_one_step_fits_chained_follow_the_path(estimator, fit_intercept):
    # The book prints Φ after each step: fits of one step each, every one from the last
    # coef_ and intercept_, walk the path of one fit of 5 steps, and their loss_curve_
    # values make its loss_curve_.
    X, y = _data(estimator)
    estimator = clone(estimator).set_params(fit_intercept=fit_intercept)
    coef, intercept = np.ones(np.shape(_fit(clone(estimator), X, y).coef_)), None
    whole = _fit(clone(estimator), X, y, coef_init=coef)
    curve = []
    step = clone(estimator).set_params(max_iter=1)
    for _ in range(5):
        _fit(step, X, y, coef_init=coef, intercept_init=intercept)
        coef, intercept = step.coef_, step.intercept_ if fit_intercept else None
        curve.extend(step.loss_curve_)
    assert_allclose(coef, whole.coef_, rtol=1e-10)
    assert_allclose(step.intercept_, whole.intercept_, rtol=1e-10, atol=1e-12)
    assert_allclose(curve, whole.loss_curve_, rtol=1e-10)

"""LogRegression: parity with scikit-learn's LogisticRegression, both solvers, outputs."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import expit
from sklearn.datasets import load_breast_cancer, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sklnn.linear_model import LogRegression


@pytest.fixture(scope="module")
def breast_cancer():
    """Scaled breast_cancer, stratified 70/30 split."""
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


@pytest.fixture(scope="module")
def noisy():
    """A small non-separable binary problem, on which the unpenalized MLE is finite."""
    return make_classification(
        n_samples=300, n_features=5, n_informative=3, n_redundant=0, flip_y=0.2, random_state=0
    )


@pytest.mark.parametrize(
    ("params", "tolerance"),
    [({"solver": "lbfgs"}, 0.01), ({"solver": "gd", "max_iter": 1000}, 0.02)],
)
@pytest.mark.parametrize("C", [0.1, 1.0])
def test_breast_cancer_accuracy_matches_sklearn(breast_cancer, params, tolerance, C):
    X_train, X_test, y_train, y_test = breast_cancer
    reference = LogisticRegression(C=C).fit(X_train, y_train).score(X_test, y_test)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # gd may stop at max_iter
        model = LogRegression(C=C, **params).fit(X_train, y_train)
    assert abs(model.score(X_test, y_test) - reference) <= tolerance


def test_lbfgs_finds_sklearn_coefficients(breast_cancer):
    X_train, _, y_train, _ = breast_cancer
    ours = LogRegression(tol=1e-10, max_iter=10_000).fit(X_train, y_train)
    theirs = LogisticRegression(tol=1e-10, max_iter=10_000).fit(X_train, y_train)
    assert ours.coef_.shape == (1, 30) and ours.intercept_.shape == (1,)
    assert_allclose(ours.coef_, theirs.coef_, atol=1e-8)
    assert_allclose(ours.intercept_, theirs.intercept_, atol=1e-8)


def test_default_settings_take_sklearn_iterations(breast_cancer):
    X_train, _, y_train, _ = breast_cancer
    ours = LogRegression().fit(X_train, y_train)
    theirs = LogisticRegression().fit(X_train, y_train)
    assert ours.n_iter_.shape == (1,) and ours.n_iter_.dtype == theirs.n_iter_.dtype
    assert_array_equal(ours.n_iter_, theirs.n_iter_)


def test_no_penalty_matches_sklearn_infinite_C(noisy):
    X, y = noisy
    ours = LogRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(X, y)
    theirs = LogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(X, y)
    assert_allclose(ours.coef_, theirs.coef_, atol=1e-8)
    with pytest.warns(FutureWarning, match="'penalty' was deprecated"):
        deprecated = LogRegression(penalty=None, tol=1e-10, max_iter=10_000).fit(X, y)
    assert_allclose(deprecated.coef_, ours.coef_, atol=1e-10)


@pytest.mark.parametrize("C", [1.0, np.inf])
def test_gradient_ascent_converges_to_the_lbfgs_solution(noisy, C):
    X, y = noisy
    X = X * [1.0, 5.0, 0.2, 1.0, 3.0] + 10.0  # unscaled, uncentered: 'auto' step copes
    lbfgs = LogRegression(C=C, tol=1e-10, max_iter=10_000).fit(X, y)
    gd = LogRegression(solver="gd", C=C, tol=1e-7, max_iter=50_000).fit(X, y)
    assert gd.n_iter_ < 50_000
    assert_allclose(gd.coef_, lbfgs.coef_, atol=1e-4)
    assert_allclose(gd.intercept_, lbfgs.intercept_, atol=1e-3)


def test_textbook_gradient_ascent_step(noisy):
    # One step of Eq. 2.39 from Φ = 0 with α = 0.5 and no penalty, written out by hand.
    X, y = noisy
    model = LogRegression(solver="gd", C=np.inf, learning_rate=0.5, max_iter=1)
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)
    X_centered = X - X.mean(axis=0)  # gd runs on centered features
    step = 0.5 * np.mean((y - 0.5)[:, None] * X_centered, axis=0)
    assert_allclose(model.coef_[0], step, rtol=1e-12)
    intercept = 0.5 * np.mean(y - 0.5)
    assert_allclose(model.intercept_[0], intercept - X.mean(axis=0) @ step, rtol=1e-12)


def test_outputs_are_consistent(breast_cancer):
    X_train, X_test, y_train, _ = breast_cancer
    model = LogRegression().fit(X_train, y_train)
    scores = model.decision_function(X_test)
    proba = model.predict_proba(X_test)
    assert scores.shape == (len(X_test),) and proba.shape == (len(X_test), 2)
    assert_allclose(scores, X_test @ model.coef_[0] + model.intercept_[0])
    assert_allclose(proba[:, 1], expit(scores))
    assert_allclose(proba.sum(axis=1), 1.0)
    assert_allclose(model.predict_log_proba(X_test), np.log(proba), atol=1e-12)
    assert_array_equal(model.predict(X_test), (scores > 0).astype(int))


def test_extreme_scores_do_not_overflow(breast_cancer):
    X_train, _, y_train, _ = breast_cancer
    model = LogRegression().fit(X_train, y_train)
    X_far = np.vstack([X_train[:2] * 1e6, -X_train[:2] * 1e6])
    proba = model.predict_proba(X_far)
    log_proba = model.predict_log_proba(X_far)
    assert np.all(np.isfinite(proba)) and np.all(np.isfinite(log_proba))
    assert_allclose(proba.sum(axis=1), 1.0)


def test_string_labels_round_trip(breast_cancer):
    X_train, X_test, y_train, _ = breast_cancer
    names = np.array(["malignant", "benign"])[y_train]
    model = LogRegression().fit(X_train, names)
    assert_array_equal(model.classes_, ["benign", "malignant"])
    numeric = LogRegression().fit(X_train, y_train)
    # 'malignant' (0 in y_train) sorts second, so it is the positive class now.
    assert_allclose(model.coef_, -numeric.coef_, rtol=1e-6)
    expected = np.array(["malignant", "benign"])[numeric.predict(X_test)]
    assert_array_equal(model.predict(X_test), expected)


def test_multiclass_target_is_rejected():
    X, y = make_classification(n_samples=60, n_classes=3, n_informative=3, random_state=0)
    with pytest.raises(ValueError, match="binary"):
        LogRegression().fit(X, y)


@pytest.mark.parametrize("solver", ["lbfgs", "gd", "newton-cg", "fista"])
def test_convergence_warning_when_max_iter_is_reached(breast_cancer, solver):
    X_train, _, y_train, _ = breast_cancer
    with pytest.warns(ConvergenceWarning, match="(did not|failed to) converge"):
        model = LogRegression(solver=solver, max_iter=2, tol=1e-12).fit(X_train, y_train)
    assert_array_equal(model.n_iter_, [2])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"solver": "newton"}, "The 'solver' parameter of LogRegression must be"),
        ({"C": 0.0}, r"The 'C' parameter of LogRegression must be a float in the range \(0"),
        ({"l1_ratio": 1.5}, "The 'l1_ratio' parameter of LogRegression must be"),
        ({"learning_rate": "optimal"}, "The 'learning_rate' parameter of LogRegression"),
        ({"l1_ratio": 1.0}, "Solver lbfgs supports only 'l2' or None penalties, got l1"),
        ({"solver": "gd", "l1_ratio": 0.5}, "Solver gd supports only 'l2' or None penalties"),
        ({"dual": True}, "Solver lbfgs supports only dual=False, got dual=True"),
    ],
)
def test_invalid_hyperparameters(noisy, params, message):
    X, y = noisy
    with pytest.raises(ValueError, match=message):
        LogRegression(**params).fit(X, y)

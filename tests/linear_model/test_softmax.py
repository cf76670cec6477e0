"""SoftmaxReg: parity with scikit-learn's multinomial LogisticRegression, outputs, 2 classes."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import softmax
from sklearn.datasets import load_digits, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sklnn.linear_model import LogRegression, SoftmaxReg


def _scaled_split(loader):
    X, y = loader(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


@pytest.fixture(scope="module")
def iris():
    return _scaled_split(load_iris)


@pytest.fixture(scope="module")
def digits():
    return _scaled_split(load_digits)


@pytest.mark.parametrize("dataset", ["iris", "digits"])
@pytest.mark.parametrize(
    ("params", "tolerance"),
    [({"solver": "lbfgs"}, 0.01), ({"solver": "gd", "max_iter": 1000}, 0.02)],
)
def test_accuracy_matches_sklearn(request, dataset, params, tolerance):
    X_train, X_test, y_train, y_test = request.getfixturevalue(dataset)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # the same max_iter for both
        reference = LogisticRegression(C=1.0).fit(X_train, y_train).score(X_test, y_test)
        model = SoftmaxReg(C=1.0, **params).fit(X_train, y_train)
    assert abs(model.score(X_test, y_test) - reference) <= tolerance


@pytest.mark.parametrize("C", [0.1, 10.0])
def test_lbfgs_finds_sklearn_coefficients(iris, C):
    X_train, _, y_train, _ = iris
    ours = SoftmaxReg(C=C, tol=1e-10, max_iter=10_000).fit(X_train, y_train)
    theirs = LogisticRegression(C=C, tol=1e-10, max_iter=10_000).fit(X_train, y_train)
    assert ours.coef_.shape == (3, 4) and ours.intercept_.shape == (3,)
    assert_allclose(ours.coef_, theirs.coef_, atol=1e-6)
    assert_allclose(ours.intercept_, theirs.intercept_, atol=1e-6)


def test_gradient_ascent_converges_to_the_lbfgs_solution(iris):
    X_train, _, y_train, _ = iris
    X_train = X_train * [1.0, 4.0, 0.3, 2.0] - 5.0  # unscaled, uncentered
    lbfgs = SoftmaxReg(tol=1e-10, max_iter=10_000).fit(X_train, y_train)
    gd = SoftmaxReg(solver="gd", tol=1e-7, max_iter=50_000).fit(X_train, y_train)
    assert gd.n_iter_ < 50_000
    assert_allclose(gd.coef_, lbfgs.coef_, atol=1e-4)
    assert_allclose(gd.predict_proba(X_train), lbfgs.predict_proba(X_train), atol=1e-5)


def test_outputs_are_consistent(iris):
    X_train, X_test, y_train, _ = iris
    model = SoftmaxReg().fit(X_train, y_train)
    scores = model.decision_function(X_test)
    proba = model.predict_proba(X_test)
    assert scores.shape == proba.shape == (len(X_test), 3)
    assert_allclose(scores, X_test @ model.coef_.T + model.intercept_)
    assert_allclose(proba, softmax(scores, axis=1))  # Eq. 2.65
    assert_allclose(proba.sum(axis=1), 1.0)
    assert_allclose(model.predict_log_proba(X_test), np.log(proba), atol=1e-12)
    assert_array_equal(model.predict(X_test), scores.argmax(axis=1))


def test_extreme_scores_do_not_overflow(iris):
    X_train, _, y_train, _ = iris
    model = SoftmaxReg(C=np.inf, max_iter=1000).fit(X_train, y_train)
    X_far = np.vstack([X_train[:3] * 1e8, -X_train[:3] * 1e8])
    proba = model.predict_proba(X_far)
    assert np.all(np.isfinite(proba)) and np.all(np.isfinite(model.predict_log_proba(X_far)))
    assert_allclose(proba.sum(axis=1), 1.0)


def test_two_classes_fit_the_binary_model(iris):
    # The softmax of two classes is the sigmoid of their score difference (§2.4 with
    # k = 2 is §2.2): SoftmaxReg fits, as scikit-learn's LogisticRegression, the binary
    # model with one weight vector.
    X_train, X_test, y_train, _ = iris
    mask = y_train != 0
    X_two, y_two = X_train[mask], y_train[mask]
    two = SoftmaxReg(C=0.5, tol=1e-10, max_iter=10_000).fit(X_two, y_two)
    binary = LogRegression(C=0.5, tol=1e-10, max_iter=10_000).fit(X_two, y_two)
    theirs = LogisticRegression(C=0.5, tol=1e-10, max_iter=10_000).fit(X_two, y_two)
    assert two.coef_.shape == (1, 4) and two.intercept_.shape == (1,)
    assert_array_equal(two.classes_, [1, 2])
    assert_allclose(two.coef_, binary.coef_, rtol=1e-12)
    assert_allclose(two.coef_, theirs.coef_, atol=1e-7)
    assert two.decision_function(X_test).shape == (len(X_test),)
    assert_allclose(two.predict_proba(X_test), theirs.predict_proba(X_test), atol=1e-7)


def test_string_labels_round_trip(iris):
    X_train, X_test, y_train, _ = iris
    names = np.array(["setosa", "versicolor", "virginica"])
    model = SoftmaxReg().fit(X_train, names[y_train])
    numeric = SoftmaxReg().fit(X_train, y_train)
    assert_array_equal(model.classes_, names)
    assert_array_equal(model.predict(X_test), names[numeric.predict(X_test)])
    assert_allclose(model.predict_proba(X_test), numeric.predict_proba(X_test))


@pytest.mark.parametrize("solver", ["lbfgs", "gd", "newton-cholesky"])
def test_convergence_warning_when_max_iter_is_reached(digits, solver):
    X_train, _, y_train, _ = digits
    with pytest.warns(ConvergenceWarning, match="(did not|failed to) converge"):
        model = SoftmaxReg(solver=solver, max_iter=2, tol=1e-12).fit(X_train, y_train)
    assert_array_equal(model.n_iter_, [2])

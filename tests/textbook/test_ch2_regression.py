"""Chapter 2 of the course textbook replayed through sklnn's public API: least squares on
the diabetes body-mass index (Codes 2.1-2.2), R² (§2.1.3), and the gradient-ascent paths of
logistic regression (Codes 2.3-2.4) and softmax regression (Codes 2.5-2.6).

The textbook is ``shared/seeds/002_8afdf4385d37aa7d.txt`` (Spanish); "line N" below is a
line of that file, "Code 2.x, line N" a line of the listing as the book numbers it. The
book draws its 80/20 split (Code 2.2, line 20) and its initial weights (Code 2.3, line 21)
from NumPy's global generator without a seed; the tests seed
it with 0, and draw in the book's order: the permutation first, then the weights.

The book's gradient-ascent codes prepend a column of ones to X and update all of Φ
together (Code 2.3, lines 15-16 and 29-33). sklnn's ``solver='gd'`` does the same on the
same design matrix with ``fit_intercept=False`` (with an intercept it would run on centred
features, another path to the same optimum), ``C=np.inf`` (no penalty), ``tol=0`` (the
book runs a fixed number of steps) and ``max_iter`` = the book's steps. The book's initial
weights go in as ``fit``'s ``coef_init``.
"""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import expit, softmax
from sklearn.datasets import load_diabetes, load_iris
from sklearn.exceptions import ConvergenceWarning

from sklnn.linear_model import LinearRegression, LogRegression, SoftmaxReg
from sklnn.metrics import confusion_matrix, r2_score


def book_split(X, y, random_state):
    """Code 2.2, lines 16-27: shuffle, then keep the last 20% for testing."""
    n_test = int(np.rint(0.2 * X.shape[0]))
    order = random_state.permutation(X.shape[0])
    X, y = X[order], y[order]
    return X[:-n_test], X[-n_test:], y[:-n_test], y[-n_test:]


def with_ones(X):
    """The book's design matrix, a column of ones before X (Eq. 2.14, Code 2.1 line 9)."""
    return np.column_stack([np.ones(X.shape[0]), X])


def gradient_ascent(model, X, y, coef_init):
    """Fit ``model`` (solver='gd') from the book's initial weights."""
    with warnings.catch_warnings():
        # A fixed number of steps, as the book runs: gradient ascent has not converged.
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y, coef_init=coef_init)


@pytest.fixture(scope="module")
def bmi_split():
    # Code 2.2, lines 9-11: the diabetes data, body-mass index only (column 2).
    X, y = load_diabetes(return_X_y=True)
    return book_split(X[:, 2:3], y, np.random.RandomState(0))


def test_code_2_1_bmi_coefficients(bmi_split):
    # Code 2.1 solves Φ = (XᵀX)⁻¹XᵀY (Eq. 2.17, lines 8-12) on the training 80%. The book
    # prints no Φ (its split has no seed); with seed 0, Φ = [150.4649, 912.0296].
    X_train, _, y_train, _ = bmi_split
    model = LinearRegression().fit(X_train, y_train)
    assert model.intercept_ == pytest.approx(150.4649, abs=5e-5)
    assert model.coef_[0] == pytest.approx(912.0296, abs=5e-5)
    design = with_ones(X_train)
    normal_equations = np.linalg.pinv(design.T @ design) @ design.T @ y_train
    assert_allclose([model.intercept_, model.coef_[0]], normal_equations, rtol=1e-10)


def test_r2_of_section_2_1_3(bmi_split):
    # Code 2.2, line 33, scores the test 20% by R² = 1 − σ²_r / σ² (Eqs. 2.18-2.20, lines
    # 688-712); the book prints no value: with seed 0 it is 0.3826.
    X_train, X_test, y_train, y_test = bmi_split
    y_pred = LinearRegression().fit(X_train, y_train).predict(X_test)
    residual = np.sum((y_test - y_pred) ** 2)
    total = np.sum((y_test - y_test.mean()) ** 2)
    assert r2_score(y_test, y_pred) == pytest.approx(1 - residual / total, rel=1e-12)
    assert r2_score(y_test, y_pred) == pytest.approx(0.3826, abs=5e-5)


def test_r2_is_negative_for_a_model_worse_than_the_mean(bmi_split):
    # The book is wrong at line 718, "R2 ∈ [0,1]": on data it was not fitted to a model can
    # do worse than the mean of those targets. Predicting the training mean for the test
    # targets gives R² < 0 (their means differ).
    _, _, y_train, y_test = bmi_split
    assert r2_score(y_test, np.full_like(y_test, y_train.mean())) < 0


def test_code_2_3_logistic_regression_gradient_ascent():
    # Code 2.4 (lines 6-21): setosa against versicolor, the 80/20 split. Code 2.3: Φ from
    # N(0, 0.1) (line 21), 100 steps (line 10) of Eq. 2.39 with α = 0.01 (line 7). Code 2.3
    # is wrong at its lines 24 and 44-45: its predict() thresholds σ(Φᵀx) to 0/1, so the
    # printed fit() updates by the perceptron rule, not by the gradient of Eq. 2.37-2.39
    # it derives. sklnn follows the equation; the reference below is Code 2.3 with
    # y_pred = σ(Φᵀx).
    iris = load_iris()
    random_state = np.random.RandomState(0)
    X_train, X_test, y_train, y_test = book_split(iris.data[:100], iris.target[:100],
                                                  random_state)
    design = with_ones(X_train)
    start = random_state.normal(loc=0, scale=0.1, size=(design.shape[1], 1))
    phi = start.copy()
    for _ in range(100):
        phi = phi + 0.01 * np.mean((y_train[:, None] - expit(design @ phi)) * design,
                                   axis=0)[:, None]
    model = LogRegression(solver="gd", C=np.inf, fit_intercept=False, learning_rate=0.01,
                          max_iter=100, tol=0)
    gradient_ascent(model, design, y_train, start.T)
    assert model.n_iter_[0] == 100
    assert_allclose(model.coef_, phi.T, rtol=1e-12)
    assert model.score(with_ones(X_test), y_test) == 1.0  # the classes are separable


def test_code_2_5_softmax_regression_gradient_ascent():
    # Code 2.6 (lines 8-31): the three iris classes, the 80/20 split, features standardized
    # by the training mean and standard deviation. Code 2.5: Φ from N(0, 0.1) (line 24),
    # 100 steps (line 11) of Eq. 2.85 with α = 0.01 (line 7), the gradient taken as a mean
    # (line 41). sklnn returns the softmax's symmetric parametrization: the weights less
    # their mean over the classes (the same probabilities, and the same gradient steps).
    iris = load_iris()
    random_state = np.random.RandomState(0)
    X_train, X_test, y_train, y_test = book_split(iris.data, iris.target, random_state)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    design = with_ones((X_train - mean) / std)
    design_test = with_ones((X_test - mean) / std)
    start = random_state.normal(loc=0, scale=0.1, size=(design.shape[1], 3))
    phi = start.copy()
    one_hot = np.eye(3)[y_train]
    for _ in range(100):
        phi = phi + 0.01 * design.T @ (one_hot - softmax(design @ phi, axis=1)) / len(design)
    model = SoftmaxReg(solver="gd", C=np.inf, fit_intercept=False, learning_rate=0.01,
                       max_iter=100, tol=0)
    gradient_ascent(model, design, y_train, start.T)
    assert_allclose(model.coef_, (phi - phi.mean(axis=1, keepdims=True)).T, rtol=1e-10,
                    atol=1e-14)
    assert_allclose(model.predict_proba(design_test), softmax(design_test @ phi, axis=1),
                    rtol=1e-10)
    # Code 2.6, lines 39-41, prints the test confusion matrix; the book shows none. After
    # only 100 small steps, 3 of the 11 versicolor are still taken for virginica.
    assert_array_equal(confusion_matrix(y_test, model.predict(design_test)),
                       [[10, 0, 0], [0, 8, 3], [0, 0, 9]])

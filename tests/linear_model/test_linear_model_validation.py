"""Input handling shared by the four linear models: bad input, dtypes, pandas, purity."""

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import config_context
from sklearn.base import clone, is_classifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, KFold, cross_validate
from sklearn.pipeline import Pipeline
from sklearn.utils._param_validation import InvalidParameterError

from sklnn.linear_model import LinearRegression, LogRegression, Perceptron, SoftmaxReg

ESTIMATORS = [
    LinearRegression(),
    LinearRegression(solver="gd"),
    LogRegression(),
    LogRegression(solver="gd"),
    SoftmaxReg(),
    SoftmaxReg(solver="gd"),
    Perceptron(random_state=0),
    Perceptron(loss="mse", batch_size=8, max_iter=200, random_state=0),
]
each_estimator = pytest.mark.parametrize("estimator", ESTIMATORS, ids=repr)


def _data(estimator, n_samples=40):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n_samples, 3))
    y = X @ [1.0, -2.0, 0.5] + 0.3 * rng.standard_normal(n_samples)
    return X, ((y > 0).astype(int) if is_classifier(estimator) else y)


def _fit(estimator, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return clone(estimator).fit(X, y)


@each_estimator
@pytest.mark.parametrize(("value", "message"), [(np.nan, "NaN"), (np.inf, "infinity")])
def test_non_finite_input_is_rejected(estimator, value, message):
    X, y = _data(estimator)
    X_bad = X.copy()
    X_bad[3, 1] = value
    with pytest.raises(ValueError, match=f"Input X contains {message}"):
        clone(estimator).fit(X_bad, y)
    model = _fit(estimator, X, y)
    with pytest.raises(ValueError, match=f"Input X contains {message}"):
        model.predict(X_bad)


@each_estimator
def test_empty_input_is_rejected(estimator):
    X, y = _data(estimator)
    with pytest.raises(ValueError, match=r"Found array with 0 sample\(s\)"):
        clone(estimator).fit(X[:0], y[:0])


@each_estimator
def test_one_dimensional_X_is_rejected(estimator):
    X, y = _data(estimator)
    with pytest.raises(ValueError, match="Expected 2D array, got 1D array"):
        clone(estimator).fit(X[:, 0], y)
    model = _fit(estimator, X, y)
    with pytest.raises(ValueError, match="Expected 2D array, got 1D array"):
        model.predict(X[0])


@each_estimator
def test_wrong_number_of_features_at_predict(estimator):
    X, y = _data(estimator)
    model = _fit(estimator, X, y)
    name = type(estimator).__name__
    with pytest.raises(ValueError, match=f"X has 2 features, but {name} is expecting 3"):
        model.predict(X[:, :2])


@each_estimator
def test_length_mismatch_is_rejected(estimator):
    X, y = _data(estimator)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        clone(estimator).fit(X, y[:-1])


@pytest.mark.parametrize("estimator", ESTIMATORS[2:], ids=repr)
def test_classifiers_reject_continuous_and_single_class_targets(estimator):
    X, y = _data(LinearRegression())
    with pytest.raises(ValueError, match="Unknown label type: continuous"):
        clone(estimator).fit(X, y)
    with pytest.raises(ValueError, match="only one class"):
        clone(estimator).fit(X, np.ones(len(X)))


@each_estimator
@pytest.mark.parametrize(
    "params",
    [
        {"max_iter": -1},
        {"max_iter": 1.5},
        {"tol": -1e-3},
        {"tol": np.nan},
        {"learning_rate": "fast"},
        {"learning_rate": 0.0},
        {"fit_intercept": "yes"},
    ],
    ids=repr,
)
def test_invalid_shared_hyperparameters(estimator, params):
    X, y = _data(estimator)
    name, model = next(iter(params)), clone(estimator).set_params(**params)
    message = f"The '{name}' parameter of {type(estimator).__name__} must be"
    with pytest.raises(InvalidParameterError, match=message):
        model.fit(X, y)
    assert not hasattr(model, "coef_")


def test_invalid_linear_regression_solver():
    X, y = _data(LinearRegression())
    with pytest.raises(InvalidParameterError, match="'solver' parameter of LinearRegression"):
        LinearRegression(solver="svd").fit(X, y)


@each_estimator
def test_sample_weight_validation(estimator):
    X, y = _data(estimator)
    with pytest.raises(ValueError, match=r"sample_weight.shape == \(39,\), expected \(40,\)"):
        clone(estimator).fit(X, y, sample_weight=np.ones(39))
    if not isinstance(estimator, (LogRegression, SoftmaxReg)):  # as scikit-learn's
        with pytest.raises(ValueError, match="Negative values in data passed"):
            clone(estimator).fit(X, y, sample_weight=np.r_[-1.0, np.ones(39)])


@each_estimator
def test_inputs_are_not_modified(estimator):
    X, y = _data(estimator)
    X_before, y_before = X.copy(), y.copy()
    X.setflags(write=False)  # would raise on any in-place write
    y.setflags(write=False)
    model = _fit(estimator, X, y)
    model.predict(X)
    assert_array_equal(X, X_before)
    assert_array_equal(y, y_before)


@each_estimator
def test_refit_is_reproducible(estimator):
    X, y = _data(estimator)
    first, second = _fit(estimator, X, y), _fit(estimator, X, y)
    assert_array_equal(first.coef_, second.coef_)
    assert_array_equal(first.intercept_, second.intercept_)


@each_estimator
def test_pandas_input_and_feature_names(estimator):
    X, y = _data(estimator)
    frame = pd.DataFrame(X, columns=["age", "bmi", "bp"])
    model = _fit(estimator, frame, pd.Series(y))
    assert_array_equal(model.feature_names_in_, ["age", "bmi", "bp"])
    expected = _fit(estimator, X, y).predict(X)
    if is_classifier(estimator):
        assert_array_equal(model.predict(frame), expected)
    else:  # a DataFrame converts to a Fortran-ordered array: last-bit differences
        assert_allclose(model.predict(frame), expected, rtol=1e-12)


@pytest.mark.parametrize("estimator", ESTIMATORS[2:], ids=repr)
def test_pandas_categorical_labels(estimator):
    X, y = _data(estimator)
    labels = pd.Series(pd.Categorical(np.array(["no", "yes"])[y]))
    model = _fit(estimator, X, labels)
    assert_array_equal(model.classes_, ["no", "yes"])
    assert_array_equal(model.predict(X), np.array(["no", "yes"])[_fit(estimator, X, y).predict(X)])


@each_estimator
def test_float32_input(estimator):
    X, y = _data(estimator)
    model32 = _fit(estimator, X.astype(np.float32), y)
    model64 = _fit(estimator, X.astype(np.float32).astype(np.float64), y)
    assert np.all(np.isfinite(model32.coef_))
    if is_classifier(estimator):
        assert_allclose(model32.predict_proba(X), model64.predict_proba(X), atol=1e-3)
    else:
        assert_allclose(model32.predict(X), model64.predict(X), rtol=1e-3, atol=1e-3)


def test_importing_linear_model_does_not_import_torch():
    code = "import sys, sklnn.linear_model; print('torch' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    "estimator",
    [LinearRegression(), LogRegression(), SoftmaxReg(), Perceptron(max_iter=50, random_state=0)],
    ids=repr,
)
def test_sample_weight_is_routed_by_metadata_routing(estimator):
    X, y = _data(estimator)
    weights = np.random.default_rng(1).integers(0, 3, size=len(y)).astype(float)
    expected = _fit_weighted(estimator, X, y, weights)
    with config_context(enable_metadata_routing=True):
        routed = clone(estimator).set_fit_request(sample_weight=True)
        routed.set_score_request(sample_weight=False)
        pipeline = _fit_weighted(Pipeline([("model", routed)]), X, y, weights)
        search = _fit_weighted(GridSearchCV(routed, {"fit_intercept": [True]}, cv=2), X, y,
                               weights)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            scores = cross_validate(
                routed, X, y, cv=KFold(2), params={"sample_weight": weights},
                return_estimator=True,
            )
    assert_allclose(pipeline[-1].coef_, expected.coef_)
    assert_allclose(search.best_estimator_.coef_, expected.coef_)
    first_half = _fit_weighted(estimator, X[20:], y[20:], weights[20:])
    assert_allclose(scores["estimator"][0].coef_, first_half.coef_)


def _fit_weighted(estimator, X, y, weights):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return clone(estimator).fit(X, y, sample_weight=weights)

"""What a careless or hostile user gets: a clear error naming the problem, or a right answer.

One test per root cause of issue 12 in the estimators' shared plumbing: numeric
hyperparameters (``check_number``, the optimizers and schedules), data too large to compute
with (``check_magnitude``), the neural estimators' edge cases, numeric-string targets. The
property test over every hyperparameter is ``tests/property/test_hyperparameter_properties.py``
and the failed-fit tests ``tests/test_failed_fit.py``.
"""

import re
import warnings

import numpy as np
import pytest
from estimator_cases import ALL_ESTIMATORS, estimator_id, small_data
from sklearn.base import clone

from sklnn.decomposition import PCA
from sklnn.linear_model import LinearRegression
from sklnn.neural_network import LipschitzCNN, MLPClassifier, MLPRegressor


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _fitted_numbers(model):
    """The numeric fitted attributes of ``model``, as float arrays."""
    found = {}
    getattr(model, "lipschitz_bound_", None)  # computed when first read, then in vars(model)
    for name, value in vars(model).items():
        if name.endswith("_") and not name.startswith("_") and value is not None:
            try:
                found[name] = np.asarray(value, dtype=np.float64)
            except (TypeError, ValueError):
                continue
    return found


@pytest.mark.parametrize(
    "params, X_scale",
    [
        ({"power_t": 1e300, "learning_rate": "invscaling", "solver": "sgd"}, 1.0),
        ({"beta_1": 0, "beta_2": 0}, 1.0),  # integers, which torch's Adam refused
        ({"stem_stride": 2**40, "pool_size": 2**40}, 1.0),  # torch's int overflow
    ],
)
def test_extreme_valid_hyperparameters_train_finitely(params, X_scale):
    X, y = small_data(MLPClassifier())
    Estimator = LipschitzCNN if "pool_size" in params else MLPClassifier
    model = Estimator(max_iter=2, random_state=0, **params).fit(X * X_scale, y)
    for name, value in _fitted_numbers(model).items():
        assert np.all(np.isfinite(value)), name


def test_huge_arpack_tol_is_any_accuracy():
    """SciPy squares ARPACK's tol: 1e300 overflowed; any tol above 1 accepts every Ritz
    value, as tol=1 does."""
    X, _ = small_data(PCA())
    huge = PCA(2, svd_solver="arpack", tol=1e300, random_state=0).fit(X)
    one = PCA(2, svd_solver="arpack", tol=1.0, random_state=0).fit(X)
    np.testing.assert_array_equal(huge.components_, one.components_)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"alpha": 1e300, "solver": "sgd"}, "alpha"),
        ({"learning_rate_init": 1e300}, "learning_rate_init"),
        ({"early_stopping": True, "validation_fraction": 0.0}, "validation_fraction"),
        ({"batch_norm": True, "batch_size": 1}, "batch_size"),
    ],
)
def test_untrainable_settings_are_refused_by_name(params, match):
    X, y = small_data(MLPRegressor())
    with pytest.raises(ValueError, match=match):
        MLPRegressor(max_iter=3, random_state=0, **params).fit(X, y)


@pytest.mark.parametrize("estimator", ALL_ESTIMATORS, ids=estimator_id)
@pytest.mark.parametrize("scale, dtype", [(1e306, np.float64), (3e37, np.float32)])
def test_values_too_large_are_refused_or_fit_finitely(estimator, scale, dtype):
    """Finite data whose squares overflow: a ValueError saying so, never inf or NaN in a
    fitted attribute nor a solver's error from deep inside."""
    X, y = small_data(estimator)
    X = (X / np.abs(X).max() * scale).astype(dtype)
    model = clone(estimator)
    try:
        model.fit(X, y)
    except ValueError as error:  # check_magnitude's, or the networks' divergence error
        assert re.search("too large|may contain large values", str(error)), str(error)
        return
    for name, value in _fitted_numbers(model).items():
        assert np.all(np.isfinite(value)), name


@pytest.mark.parametrize(
    "Estimator, match",
    [
        (LinearRegression, "y holds values up to .* in magnitude, too large"),
        # scikit-learn's message, which its own tests expect: the network trains, diverges
        (MLPRegressor, "non-finite parameter weights. The input data may contain large"),
    ],
)
def test_huge_regression_targets_are_refused(Estimator, match):
    X, y = small_data(Estimator())
    with pytest.raises(ValueError, match=match):
        Estimator().fit(X, y * 1e307)


def test_unnormalized_power_iterations_that_overflow_name_the_normalizer():
    X, _ = small_data(PCA())
    pca = PCA(2, svd_solver="randomized", iterated_power=1, power_iteration_normalizer="none")
    with pytest.raises(ValueError, match="power_iteration_normalizer='none'"):
        pca.fit(X * 1e150)


@pytest.mark.parametrize("solver", ["lstsq", "gd"])
def test_numeric_string_targets_are_numbers(solver):
    """As scikit-learn's LinearRegression, which converts y to X's dtype."""
    X, y = small_data(LinearRegression())
    as_numbers = LinearRegression(solver=solver).fit(X, y)
    as_strings = LinearRegression(solver=solver).fit(X, y.astype(str))
    np.testing.assert_allclose(as_strings.coef_, as_numbers.coef_, rtol=1e-12)

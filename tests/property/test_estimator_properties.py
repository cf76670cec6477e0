"""Property tests: every sklnn estimator either works or refuses clearly, on any data.

Hypothesis generates finite data of every shape (1 to 30 samples, 1 to 5 features, float32
or float64, NumPy or pandas, values up to 1e9 in magnitude, zeros, tiny values, duplicates
and constant columns included) and targets of every kind (integer, string and boolean
labels, a single class, continuous values, one or several outputs, column vectors). For
each estimator configuration of ``tests/test_common.py`` (neural ones trained for 2
epochs), ``fit`` either raises a ``ValueError`` or succeeds, and then ``predict`` and
``transform`` on new data give outputs of the right shape, labels among ``classes_`` and
finite numbers. No other exception ever escapes, and the caller's arrays are never
modified.

(Beyond about 1e19, float32 squares overflow: KMeans distances and the PCA covariance then
become infinite, as scikit-learn's do; such data is not generated.)
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from estimator_cases import ALL_ESTIMATORS, estimator_id
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.base import clone, is_classifier, is_clusterer, is_regressor

from sklnn.neural_network._base import BaseNeuralEstimator

LABEL_SETS = [
    np.array([0, 1]),
    np.array([-2, 5, 9]),
    np.array(["ant", "bee", "cow", "dog"]),
    np.array([False, True]),
    np.array([7]),  # a single class
    np.array([1, "a"], dtype=object),  # mixed kinds
]


def _is_neural(estimator):
    return isinstance(estimator, BaseNeuralEstimator)


def _finite_floats(dtype):
    """Finite values up to 1e9 in magnitude, with a bias towards 0, ±1 and small integers
    (ties, duplicates, constant columns)."""
    return st.one_of(
        st.floats(-1e9, 1e9, width=32),
        st.sampled_from([0.0, 1.0, -1.0, 1e-6]),
        st.integers(-3, 3).map(float),
    ).map(dtype)


@st.composite
def _data(draw, estimator):
    """(X, y, X_new): training data with the kind of target ``estimator`` takes (or a
    wrong one), and new data with the same number of features."""
    n_samples = draw(st.integers(1, 30))
    n_features = draw(st.integers(1, 5))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    X = draw(hnp.arrays(dtype, (n_samples, n_features), elements=_finite_floats(dtype)))
    X_new = draw(hnp.arrays(dtype, (draw(st.integers(1, 10)), n_features),
                            elements=_finite_floats(dtype)))
    if is_classifier(estimator):
        # Now and then a continuous target, which a classifier must refuse.
        wrong_target = draw(st.integers(0, 4)) == 0
        y = draw(_continuous(n_samples, dtype) if wrong_target else _labels(n_samples))
        if draw(st.booleans()):
            y = y.reshape(-1, 1)  # a column vector
    elif is_regressor(estimator):
        y = draw(st.one_of(_continuous(n_samples, dtype),
                           _continuous(n_samples, dtype, n_outputs=st.integers(1, 3))))
    else:
        y = None
    if draw(st.booleans()):
        columns = [f"x{index}" for index in range(n_features)]
        X, X_new = pd.DataFrame(X, columns=columns), pd.DataFrame(X_new, columns=columns)
        if y is not None:
            y = pd.Series(y) if y.ndim == 1 else pd.DataFrame(y)
    return X, y, X_new


@st.composite
def _labels(draw, n_samples):
    label_set = draw(st.sampled_from(LABEL_SETS))
    indices = draw(st.lists(st.integers(0, len(label_set) - 1), min_size=n_samples,
                            max_size=n_samples))
    return label_set[indices]


@st.composite
def _continuous(draw, n_samples, dtype, n_outputs=None):
    shape = (n_samples,) if n_outputs is None else (n_samples, draw(n_outputs))
    return draw(hnp.arrays(dtype, shape, elements=_finite_floats(dtype)))


def _check_outputs(estimator, X, y, X_new):
    """The fitted estimator's outputs on X_new have the right shapes and values."""
    n_new = X_new.shape[0]
    assert estimator.n_features_in_ == X.shape[1]
    if is_classifier(estimator):
        np.testing.assert_array_equal(estimator.classes_, np.unique(np.asarray(y)))
        predictions = estimator.predict(X_new)
        assert predictions.shape == (n_new,)
        assert np.isin(predictions, estimator.classes_).all()
        if hasattr(estimator, "predict_proba"):
            proba = estimator.predict_proba(X_new)
            assert proba.shape == (n_new, estimator.classes_.shape[0])
            assert np.isfinite(proba).all() and (proba >= 0).all()
            np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-4)
    elif is_regressor(estimator):
        predictions = estimator.predict(X_new)
        expected = (n_new, *y.shape[1:])
        if _is_neural(estimator) and expected[1:] == (1,):
            expected = (n_new,)  # one target: 1-D, as scikit-learn's MLPRegressor
        assert predictions.shape == expected
        assert np.isfinite(predictions).all()
    if is_clusterer(estimator):
        assert estimator.labels_.shape == (X.shape[0],)
        assert (estimator.labels_ >= -1).all()
    if hasattr(estimator, "cluster_centers_"):
        predictions = estimator.predict(X_new)
        assert predictions.shape == (n_new,)
        assert np.isin(predictions, np.arange(estimator.n_clusters)).all()
    if hasattr(estimator, "transform"):
        transformed = estimator.transform(X_new)
        assert transformed.shape == (n_new, len(estimator.get_feature_names_out()))
        assert transformed.dtype == np.asarray(X_new).dtype
        assert np.isfinite(transformed).all()
    if hasattr(estimator, "inverse_transform"):
        assert estimator.inverse_transform(transformed).shape == X_new.shape


def _fit_and_check(estimator, X, y, X_new):
    """Fit (a ValueError is an acceptable refusal), then check the outputs; the inputs
    must come out unmodified either way."""
    originals = [None if array is None else np.array(array) for array in (X, y, X_new)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            estimator.fit(X, y)
        except ValueError:
            pass
        else:
            _check_outputs(estimator, X, y, X_new)
    for original, array in zip(originals, (X, y, X_new)):
        np.testing.assert_array_equal(np.asarray(array), original,
                                      err_msg="input modified in place")


@pytest.mark.parametrize("estimator", ALL_ESTIMATORS, ids=estimator_id)
def test_fits_and_predicts_or_raises_value_error(estimator):
    @settings(
        max_examples=12 if _is_neural(estimator) else 50,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=_data(estimator))
    def check(data):
        _fit_and_check(clone(estimator), *data)

    check()

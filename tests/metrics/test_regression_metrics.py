"""Regression metrics: equal to sklearn.metrics, the textbook's R², input validation."""

import numpy as np
import pandas as pd
import pytest
import sklearn.metrics
from sklearn.exceptions import UndefinedMetricWarning

from sklnn.metrics import mean_absolute_error, mean_squared_error, r2_score

METRICS = [r2_score, mean_squared_error, mean_absolute_error]


def random_targets(seed, n_outputs):
    rng = np.random.default_rng(seed)
    n_samples = int(rng.integers(2, 60))
    shape = (n_samples,) if n_outputs == 1 else (n_samples, n_outputs)
    y_true = rng.normal(3, 2, size=shape)
    y_pred = y_true + rng.normal(0, 1, size=shape)
    return y_true, y_pred, rng.uniform(0, 2, size=n_samples), rng.uniform(0, 1, n_outputs)


@pytest.mark.parametrize("metric", METRICS, ids=lambda metric: metric.__name__)
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("n_outputs", [1, 3])
@pytest.mark.parametrize("weighted", [False, True])
def test_equal_to_sklearn(metric, seed, n_outputs, weighted):
    y_true, y_pred, sample_weight, output_weights = random_targets(seed, n_outputs)
    sample_weight = sample_weight if weighted else None
    options = ["raw_values", "uniform_average"]
    if metric is r2_score:
        options.append("variance_weighted")
    if n_outputs > 1:
        options.append(output_weights)
    reference = getattr(sklearn.metrics, metric.__name__)
    for multioutput in options:
        ours = metric(y_true, y_pred, sample_weight=sample_weight, multioutput=multioutput)
        theirs = reference(y_true, y_pred, sample_weight=sample_weight, multioutput=multioutput)
        assert type(ours) is type(theirs)
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)


def test_r2_is_the_textbook_formula():
    """Course textbook, §2.1.3, Eqs. 2.18-2.20: R² = 1 − Σ(y − ŷ)² / Σ(y − µ_y)²."""
    y_true = np.array([3.0, -0.5, 2.0, 7.0, 4.2])
    y_pred = np.array([2.5, 0.0, 2.1, 7.8, 3.9])
    residual = np.sum((y_true - y_pred) ** 2)
    total = np.sum((y_true - y_true.mean()) ** 2)
    assert r2_score(y_true, y_pred) == pytest.approx(1 - residual / total, rel=1e-15)
    assert r2_score(y_true, y_true) == 1.0
    assert r2_score(y_true, np.full(5, y_true.mean())) == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize("force_finite", [True, False])
@pytest.mark.parametrize("multioutput", ["raw_values", "uniform_average", "variance_weighted"])
def test_r2_constant_target_like_sklearn(force_finite, multioutput):
    constant_first = np.array([[1.0, 2.0], [1.0, 3.0], [1.0, 4.0]])
    for y_pred in (constant_first, constant_first + 0.5):
        ours = r2_score(
            constant_first, y_pred, multioutput=multioutput, force_finite=force_finite
        )
        with np.errstate(divide="ignore", invalid="ignore"):  # sklearn's own NaN / -inf
            theirs = sklearn.metrics.r2_score(
                constant_first, y_pred, multioutput=multioutput, force_finite=force_finite
            )
        np.testing.assert_array_equal(ours, theirs)


def test_r2_single_sample_is_nan_with_warning():
    with pytest.warns(UndefinedMetricWarning, match="less than two samples"):
        assert np.isnan(r2_score([1.0], [2.0]))


def test_accepts_lists_pandas_and_column_vectors():
    y_true, y_pred = [1, 2, 3, 4], [1.5, 2, 2.5, 4]
    expected = sklearn.metrics.mean_squared_error(y_true, y_pred)
    assert mean_squared_error(np.c_[y_true], np.c_[y_pred]) == expected
    assert mean_squared_error(pd.Series(y_true), pd.Series(y_pred)) == expected


@pytest.mark.parametrize("metric", METRICS, ids=lambda metric: metric.__name__)
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"y_true": [1, 2, 3], "y_pred": [1, 2]}, "y_true has 3, y_pred has 2"),
        ({"y_true": [1, np.nan], "y_pred": [1, 2]}, "Input y_true contains NaN"),
        ({"y_true": [1, 2], "y_pred": [1, np.inf]}, "Input y_pred contains infinity"),
        ({"y_true": [], "y_pred": []}, "0 sample"),
        ({"y_true": ["a", "b"], "y_pred": [1, 2]}, "y_true must hold numbers"),
        ({"y_true": [[1, 2], [3, 4]], "y_pred": [1, 2]}, r"different number of output \(2!=1\)"),
        ({"y_true": [1, 2], "y_pred": [1, 2], "sample_weight": [1, 2, 3]}, "sample_weight has 3"),
        (
            {"y_true": [1, 2], "y_pred": [1, 2], "sample_weight": [1, np.nan]},
            "sample_weight contains NaN",
        ),
        (
            {"y_true": [1, 2], "y_pred": [1, 2], "multioutput": "mean"},
            "The 'multioutput' parameter of .* Got 'mean' instead",
        ),
        ({"y_true": [1, 2], "y_pred": [1, 2], "multioutput": [0.5]}, "only in multi-output"),
        (
            {"y_true": [[1, 2]] * 2, "y_pred": [[1, 2]] * 2, "multioutput": [1, 2, 3]},
            r"equally many custom weights \(3\) as outputs \(2\)",
        ),
    ],
)
def test_invalid_input(metric, kwargs, message):
    with pytest.raises(ValueError, match=message):
        metric(**kwargs)


@pytest.mark.parametrize("metric", [mean_squared_error, mean_absolute_error])
def test_variance_weighted_is_only_for_r2(metric):
    with pytest.raises(ValueError, match="'multioutput' parameter .* Got 'variance_weighted'"):
        metric([1, 2], [1, 2], multioutput="variance_weighted")

"""Property tests: every sklnn metric equals scikit-learn's on generated inputs.

Hypothesis generates the inputs: integer, string and boolean labels, sample weights,
several outputs, and the metrics' options. Where scikit-learn raises a ``ValueError`` sklnn
must too; otherwise the results must agree. Numbers are drawn on a grid of eighths, so
that the sums both libraries compute are exact and the comparison can be tight.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as sk_metrics

from sklnn import metrics

SETTINGS = settings(max_examples=80, deadline=None)

LABEL_SETS = [
    np.array([0, 1]),
    np.array([-1, 3, 7]),
    np.array(["cat", "dog", "owl", "yak"]),
    np.array([False, True]),
]


def _eighths(low=-1000, high=1000):
    """Floats on a grid of 1/8: exactly representable, with exact small sums."""
    return st.integers(low * 8, high * 8).map(lambda value: value / 8)


@st.composite
def _classification_targets(draw, min_samples=1):
    """(y_true, y_pred, label set) of one label type."""
    label_set = draw(st.sampled_from(LABEL_SETS))
    n_samples = draw(st.integers(min_samples, 30))
    indices = st.lists(st.integers(0, len(label_set) - 1), min_size=n_samples,
                       max_size=n_samples)
    return label_set[draw(indices)], label_set[draw(indices)], label_set


@st.composite
def _sample_weights(draw, n_samples):
    """None, integer weights or positive float weights."""
    kind = draw(st.sampled_from(["none", "int", "float"]))
    if kind == "none":
        return None
    values = st.integers(1, 5) if kind == "int" else _eighths(1, 10)
    return np.array(draw(st.lists(values, min_size=n_samples, max_size=n_samples)))


def _assert_same(ours, theirs):
    """Both raise ValueError, or both return results that agree."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = theirs()
        except ValueError:
            with pytest.raises(ValueError):
                ours()
            return
        result = ours()
    np.testing.assert_allclose(
        np.asarray(result, dtype=float), np.asarray(expected, dtype=float),
        rtol=1e-9, atol=1e-12, equal_nan=True,
    )  # fmt: skip
    assert np.shape(result) == np.shape(expected)


@SETTINGS
@given(data=st.data(), targets=_classification_targets(), normalize=st.booleans())
def test_accuracy_score(data, targets, normalize):
    y_true, y_pred, _ = targets
    sample_weight = data.draw(_sample_weights(len(y_true)))
    kwargs = {"normalize": normalize, "sample_weight": sample_weight}
    _assert_same(
        lambda: metrics.accuracy_score(y_true, y_pred, **kwargs),
        lambda: sk_metrics.accuracy_score(y_true, y_pred, **kwargs),
    )


@SETTINGS
@given(
    data=st.data(),
    targets=_classification_targets(),
    normalize=st.sampled_from([None, "true", "pred", "all"]),
)
def test_confusion_matrix(data, targets, normalize):
    y_true, y_pred, label_set = targets
    sample_weight = data.draw(_sample_weights(len(y_true)))
    labels = data.draw(st.one_of(
        st.none(), st.permutations(label_set).flatmap(
            lambda labels: st.integers(1, len(labels)).map(lambda k: np.array(labels[:k]))
        )
    ))  # fmt: skip
    kwargs = {"labels": labels, "sample_weight": sample_weight, "normalize": normalize}
    _assert_same(
        lambda: metrics.confusion_matrix(y_true, y_pred, **kwargs),
        lambda: sk_metrics.confusion_matrix(y_true, y_pred, **kwargs),
    )


@SETTINGS
@given(data=st.data(), targets=_classification_targets(), normalize=st.booleans(),
       pass_labels=st.booleans())
def test_log_loss(data, targets, normalize, pass_labels):
    y_true, _, label_set = targets
    n_classes = len(label_set) if pass_labels else len(np.unique(y_true))
    # Unnormalized weights (zeros included) made into probabilities; for two classes,
    # sometimes only the probability of the positive class.
    weights = np.array(data.draw(st.lists(
        st.lists(st.integers(0, 8), min_size=n_classes, max_size=n_classes).filter(any),
        min_size=len(y_true), max_size=len(y_true),
    )), dtype=float).reshape(len(y_true), n_classes)  # fmt: skip
    y_proba = weights / weights.sum(axis=1, keepdims=True)
    if n_classes == 2 and data.draw(st.booleans()):
        y_proba = y_proba[:, 1]
    kwargs = {
        "normalize": normalize,
        "sample_weight": data.draw(_sample_weights(len(y_true))),
        "labels": np.sort(label_set) if pass_labels else None,
    }
    _assert_same(
        lambda: metrics.log_loss(y_true, y_proba, **kwargs),
        lambda: sk_metrics.log_loss(y_true, y_proba, **kwargs),
    )


@SETTINGS
@given(targets=_classification_targets(), pred_labels=st.sampled_from(LABEL_SETS))
def test_rand_scores(targets, pred_labels):
    labels_true, clusters, label_set = targets
    # The two partitions may use different label types: only the grouping matters.
    labels_pred = pred_labels[np.searchsorted(label_set, clusters) % len(pred_labels)]
    for name in ("rand_score", "adjusted_rand_score"):
        _assert_same(
            lambda name=name: getattr(metrics, name)(labels_true, labels_pred),
            lambda name=name: getattr(sk_metrics, name)(labels_true, labels_pred),
        )


@st.composite
def _regression_targets(draw):
    """(y_true, y_pred, sample_weight), 1-D or with 1 to 3 outputs."""
    n_samples = draw(st.integers(1, 30))
    n_outputs = draw(st.sampled_from([None, 1, 2, 3]))
    shape = (n_samples,) if n_outputs is None else (n_samples, n_outputs)
    size = int(np.prod(shape))
    values = st.lists(_eighths(), min_size=size, max_size=size).map(
        lambda v: np.array(v).reshape(shape)
    )
    return draw(values), draw(values), draw(_sample_weights(n_samples))


@st.composite
def _multioutput(draw, n_outputs, options):
    """One of the string options, or an array of positive output weights."""
    weights = st.lists(_eighths(1, 4), min_size=n_outputs, max_size=n_outputs).map(np.array)
    return draw(st.one_of(st.sampled_from(options), weights))


@SETTINGS
@given(data=st.data(), targets=_regression_targets(), force_finite=st.booleans())
def test_r2_score(data, targets, force_finite):
    y_true, y_pred, sample_weight = targets
    n_outputs = 1 if y_true.ndim == 1 else y_true.shape[1]
    multioutput = data.draw(_multioutput(
        n_outputs, ["raw_values", "uniform_average", "variance_weighted"]
    ))  # fmt: skip
    kwargs = {"sample_weight": sample_weight, "multioutput": multioutput,
              "force_finite": force_finite}
    _assert_same(
        lambda: metrics.r2_score(y_true, y_pred, **kwargs),
        lambda: sk_metrics.r2_score(y_true, y_pred, **kwargs),
    )


@SETTINGS
@given(data=st.data(), targets=_regression_targets(),
       name=st.sampled_from(["mean_squared_error", "mean_absolute_error"]))
def test_mean_errors(data, targets, name):
    y_true, y_pred, sample_weight = targets
    n_outputs = 1 if y_true.ndim == 1 else y_true.shape[1]
    multioutput = data.draw(_multioutput(n_outputs, ["raw_values", "uniform_average"]))
    kwargs = {"sample_weight": sample_weight, "multioutput": multioutput}
    _assert_same(
        lambda: getattr(metrics, name)(y_true, y_pred, **kwargs),
        lambda: getattr(sk_metrics, name)(y_true, y_pred, **kwargs),
    )

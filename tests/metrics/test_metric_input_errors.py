"""Every public metric refuses a careless or hostile input clearly, as scikit-learn does.

One test per way the metrics used to go wrong: all-zero or negative weights (a
ZeroDivisionError, or a confusion matrix of zeros); parameters outside scikit-learn's
constraints taken at their truth value (``normalize="False"``); labels mixing strings with
numbers, merged by NumPy (``1`` and ``"1"``); missing labels, ``None`` and scalars reaching
``len()``; the ``labels`` argument taken as it came; non-numbers among numbers. A property
test then throws hostile inputs at every metric: each must raise a ValueError or
TypeError, or give scikit-learn's answer.
"""

import inspect
import warnings

import numpy as np
import pytest
import sklearn.metrics
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.utils._param_validation import InvalidParameterError

import sklnn.metrics

# Valid arguments of each public metric, to be spoiled one at a time.
VALID = {
    "accuracy_score": {"y_true": [0, 1, 1, 0], "y_pred": [0, 1, 0, 0]},
    "confusion_matrix": {"y_true": [0, 1, 1, 0], "y_pred": [0, 1, 0, 0]},
    "log_loss": {"y_true": [0, 1, 1, 0], "y_proba": [0.2, 0.7, 0.9, 0.4]},
    "mean_absolute_error": {"y_true": [0.5, 1.0, 2.0, 3.0], "y_pred": [0.4, 1.1, 2.0, 3.2]},
    "mean_squared_error": {"y_true": [0.5, 1.0, 2.0, 3.0], "y_pred": [0.4, 1.1, 2.0, 3.2]},
    "r2_score": {"y_true": [0.5, 1.0, 2.0, 3.0], "y_pred": [0.4, 1.1, 2.0, 3.2]},
    "rand_score": {"labels_true": [0, 0, 1, 1], "labels_pred": [0, 1, 1, 1]},
    "adjusted_rand_score": {"labels_true": [0, 0, 1, 1], "labels_pred": [0, 1, 1, 1]},
}
WEIGHTED = [name for name in VALID if "sample_weight" in inspect.signature(
    getattr(sklnn.metrics, name)).parameters]  # fmt: skip
LABELLED = ["accuracy_score", "confusion_matrix", "log_loss", "rand_score", "adjusted_rand_score"]
REGRESSION = ["mean_absolute_error", "mean_squared_error", "r2_score"]


def call(name, **changes):
    """Call sklnn's metric ``name`` on its valid arguments with ``changes``."""
    return getattr(sklnn.metrics, name)(**{**VALID[name], **changes})


@pytest.mark.parametrize("name", WEIGHTED)
@pytest.mark.parametrize(
    ("sample_weight", "message"),
    [
        ([0, 0, 0, 0], "Sample weights must contain at least one non-zero number"),
        ([0.0, 0.0, 0.0, 0.0], "Sample weights must contain at least one non-zero number"),
        ([2, -1, 1, 1], "Negative values in data passed to `sample_weight`"),
        ([1, None, 1, 1], "sample_weight must hold numbers, got None"),
        (["a", "b", "c", "d"], "sample_weight must hold numbers, got 'a'"),
        (np.array(2.0), "sample_weight must be an array-like, not a 0-d array"),
    ],
)
def test_sample_weight_must_be_usable_weights(name, sample_weight, message):
    """Weights whose sum is not positive raise scikit-learn's error, not a
    ZeroDivisionError (nor, for the confusion matrix, a matrix of zeros)."""
    with pytest.raises((ValueError, TypeError), match=message):
        call(name, sample_weight=sample_weight)


@pytest.mark.parametrize("normalize", ["true", "pred", "all"])
def test_confusion_matrix_normalized_by_all_zero_weights_raises(normalize):
    with pytest.raises(ValueError, match="Sample weights must contain at least one non-zero"):
        call("confusion_matrix", sample_weight=[0, 0, 0, 0], normalize=normalize)


@pytest.mark.parametrize("name", REGRESSION)
@pytest.mark.parametrize(
    ("multioutput", "message"),
    [
        ([0, 0], "Output weights must contain at least one non-zero number"),
        ([-1, 1], "Negative values in data passed to `multioutput`"),
        (["a", "b"], "multioutput must hold numbers, got 'a'"),
        (np.array(1.0), "multioutput must be an array-like, not a 0-d array"),
    ],
)
def test_output_weights_must_be_usable_weights(name, multioutput, message):
    y = np.array([[0.5, 1.0], [1.0, 2.0], [2.0, 2.5]])
    with pytest.raises((ValueError, TypeError), match=message):
        getattr(sklnn.metrics, name)(y, y + 0.1, multioutput=multioutput)


# Values outside the constraints of scikit-learn's @validate_params, for each parameter.
REFUSED_PARAMETERS = [
    ("accuracy_score", "normalize", value) for value in ["False", "True", None, 0, 1.0]
] + [
    ("log_loss", "normalize", value) for value in ["False", None, 0]
] + [
    ("confusion_matrix", "normalize", value) for value in ["False", True, "rows"]
] + [
    ("r2_score", "force_finite", value) for value in ["no", "False", None, 0]
] + [
    ("r2_score", "multioutput", value) for value in [True, "mean"]
] + [
    (name, "multioutput", value) for name in ["mean_squared_error", "mean_absolute_error"]
    for value in [None, True, "variance_weighted"]
] + [
    (name, argument, value) for name in VALID for argument in VALID[name]
    for value in [None, 3, "abab"] if (argument, value) != ("y_proba", None)  # a hidden option
]  # fmt: skip


@pytest.mark.parametrize(("name", "parameter", "value"), REFUSED_PARAMETERS)
def test_parameters_outside_sklearn_constraints_are_refused(name, parameter, value):
    """A value scikit-learn's function refuses is refused in its words, naming the
    parameter: never taken at its truth value (``normalize="False"`` as True)."""
    arguments = {**VALID[name], parameter: value}
    with pytest.raises(InvalidParameterError):
        getattr(sklearn.metrics, name)(**arguments)
    with pytest.raises(InvalidParameterError, match=f"The '{parameter}' parameter of {name}"):
        getattr(sklnn.metrics, name)(**arguments)


@pytest.mark.parametrize(
    ("name", "arguments", "culprit"),
    [
        (name, {first: [1, "1", "b", 0], second: [0, 0, 1, 1]}, first)
        for name in ["accuracy_score", "confusion_matrix", "rand_score", "adjusted_rand_score"]
        for first, second in [list(VALID[name])]
    ] + [
        (name, {first: [0, 0, 1, 1], second: np.array([1, "1", "b", 0], dtype=object)}, second)
        for name in ["accuracy_score", "confusion_matrix", "rand_score", "adjusted_rand_score"]
        for first, second in [list(VALID[name])]
    ] + [
        ("log_loss", {"y_true": [1, "1", "b"], "y_proba": [[0.2, 0.3, 0.5]] * 3}, "y_true"),
        ("log_loss", {"labels": [0, "1", "b"]}, "labels"),
        ("confusion_matrix", {"labels": [0, "1"]}, "labels"),
    ],
)  # fmt: skip
def test_labels_mixing_strings_and_numbers_are_refused(name, arguments, culprit):
    """NumPy would merge the label 1 with the label "1"; the metric names the argument."""
    with pytest.raises(ValueError, match=f"{culprit} needs class labels of one kind"):
        call(name, **arguments)


@pytest.mark.parametrize(
    ("name", "argument"),
    [(name, argument) for name in LABELLED for argument in VALID[name] if argument != "y_proba"],
)
@pytest.mark.parametrize("missing", [None, np.nan])
def test_missing_labels_are_refused(name, argument, missing):
    """None reached NumPy's sort ('<' not supported between 'NoneType' and 'str'); in a
    list of strings NaN became the label "nan"."""
    string_labels = {label_argument: ["a", "b", "a", "b"] for label_argument in VALID[name]
                     if label_argument != "y_proba"}  # fmt: skip
    with pytest.raises(ValueError, match=f"{argument} contains a missing value"):
        call(name, **{**string_labels, argument: ["a", "b", missing, "a"]})


@pytest.mark.parametrize("name", VALID)
def test_zero_dimensional_arrays_are_refused_by_name(name):
    """A 0-d array passes scikit-learn's "array-like" constraint; it has no samples."""
    for argument in VALID[name]:
        with pytest.raises((TypeError, ValueError), match=argument):
            call(name, **{argument: np.array(VALID[name][argument][0])})


@pytest.mark.parametrize("name", VALID)
def test_ragged_sequences_are_refused_by_name(name):
    first = list(VALID[name])[0]
    with pytest.raises(ValueError, match=f"{first} must be an array-like of samples of one"):
        call(name, **{first: [[0, 1], [1], [0, 1], [1, 0]]})


@pytest.mark.parametrize("name", ["confusion_matrix", "log_loss"])
@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ([0, 0, 1], r"labels must be distinct, but repeats \[0\]"),
        ([[0, 1]], r"labels must be 1-D, got an array of shape \(1, 2\)"),
        (np.array(1), r"labels must be 1-D, got an array of shape \(\)"),
        ([None, 1], "labels contains a missing value"),
    ],
)
def test_labels_argument_is_validated(name, labels, message):
    """A repeated label gave the confusion matrix a row of zeros (scikit-learn: another
    row); the other cases raised NumPy's errors or ones about ``y``."""
    with pytest.raises(ValueError, match=message):
        call(name, labels=labels)


@pytest.mark.parametrize("name", ["r2_score", "mean_squared_error", "log_loss"])
def test_non_numbers_among_numbers_are_refused_by_name(name):
    second = list(VALID[name])[1]
    with pytest.raises(ValueError, match=f"{second} must hold numbers, got None"):
        call(name, **{second: [0.5, None, 0.5, 0.5]})


# Hostile values: each is drawn for one argument of a metric, the others staying valid.
HOSTILE_ARRAYS = [
    None, 3, 0.5, "abab", np.array(1), [], [[]], [np.nan, 0, 1, 1], [np.inf, 0, 1, 1],
    [1e308, -1e308, 1, 1], [0, 1, 1], [0, 1, 1, 0, 1], np.zeros((4, 2)), np.zeros((4, 1, 2)),
    [None, 0, 1, 1], [1, "1", "b", 0], ["a", "b", "a", "b"], [True, False, True, True],
    [0.5, 0.25, 0.75, 0.5], [[0, 1], [1], [0], [1]], {0, 1}, [2, -1, 1, 1], [0, 0, 0, 0],
    np.array([0, 1, 1, 0], dtype=object), [1.5, 0.1, 0.2, 0.3],
]  # fmt: skip
HOSTILE_OPTIONS = [
    None, True, False, np.True_, 0, 1, "False", "true", "pred", "all", "no",
    "raw_values", "uniform_average", "variance_weighted", [0, 0], [1.0], [0, 1, 1],
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sklnn.metrics.__all__),  # every public metric (VALID has them all)
    argument_index=st.integers(0, 10),
    array=st.sampled_from(HOSTILE_ARRAYS),
    option=st.sampled_from(HOSTILE_OPTIONS),
)
def test_hostile_inputs_raise_clearly_or_agree_with_sklearn(name, argument_index, array, option):
    """A ValueError or TypeError (never ZeroDivisionError, IndexError, ...), or
    scikit-learn's answer when scikit-learn answers."""
    parameters = list(inspect.signature(getattr(sklnn.metrics, name)).parameters)
    argument = parameters[argument_index % len(parameters)]
    is_array = argument in VALID[name] or argument in ("sample_weight", "labels")
    arguments = {**VALID[name], argument: array if is_array else option}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = getattr(sklnn.metrics, name)(**arguments)
        except (ValueError, TypeError):
            return
        try:
            expected = getattr(sklearn.metrics, name)(**arguments)
        except InvalidParameterError:
            pytest.fail(f"{name} accepted {argument}={arguments[argument]!r}, which "
                        "scikit-learn's constraints refuse")  # fmt: skip
        except Exception:  # sklnn may answer where scikit-learn cannot (empty labels)
            return
    np.testing.assert_allclose(
        np.asarray(result, dtype=float), np.asarray(expected, dtype=float),
        rtol=1e-9, equal_nan=True,
    )  # fmt: skip

"""Input checks shared by the metrics: lengths, labels, numbers, weights, target types.

The metrics' parameters are checked by scikit-learn's ``validate_params`` with the
constraints of their ``sklearn.metrics`` namesakes (so ``normalize="False"`` or
``y_true=None`` are refused with scikit-learn's words); the checks here come after it.
"""

import numbers

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.utils import check_array
from sklearn.utils.multiclass import type_of_target, unique_labels
from sklearn.utils.validation import check_non_negative

from ..utils import labels_of_one_kind


def check_consistent_length(**arrays):
    """Raise if the named arrays (None skipped) do not all have the same number of samples.

    The message starts as scikit-learn's, then names each array with its length.

    Raises
    ------
    TypeError
        If one of the arrays is a 0-d array (a scalar), which has no samples.
    ValueError
        If the numbers of samples differ.
    """
    lengths = {
        name: num_samples(array, name) for name, array in arrays.items() if array is not None
    }
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {length}" for name, length in lengths.items())
        raise ValueError(
            "Found input variables with inconsistent numbers of samples: "
            f"{list(lengths.values())} ({described})."
        )


def num_samples(array, name):
    """The length of the first axis of ``array``; a ``TypeError`` naming it if it has none."""
    shape = getattr(array, "shape", None)
    if shape is None:
        return len(array)
    if len(shape) == 0:
        raise TypeError(f"{name} must be an array-like, not a 0-d array: {array!r}.")
    return shape[0]


def check_finite(y, name):
    """Raise if the numeric array ``y`` contains NaN or infinity."""
    y = np.asarray(y)
    if y.dtype.kind in "fc" and not np.isfinite(y).all():
        raise ValueError(f"{name} contains NaN or infinity.")


def check_label_kinds(y, name):
    """Raise if the labels ``y`` are missing (None, NaN) or mix strings with numbers.

    NumPy turns the list ``[1, "1", "b"]`` into the strings ``["1", "1", "b"]``, merging
    two labels, and ``[None, "a"]`` into an object array that cannot be sorted; such
    lists and object arrays are therefore checked label by label, before any
    conversion. Arrays of another dtype hold labels of one kind and pass unchecked.

    Parameters
    ----------
    y : array-like
        The labels as the user gave them.
    name : str
        The argument's name, used in the error messages.

    Raises
    ------
    ValueError
        If ``y`` is a ragged nested sequence, contains missing values, or labels NumPy
        cannot sort together (strings and numbers).
    """
    dtype = getattr(y, "dtype", None)
    if dtype is None:  # a list: strings in it may have been numbers
        may_mix = as_array(y, name).dtype.kind in "OUS"
    else:
        may_mix = getattr(dtype, "kind", None) == "O"
    if not may_mix:
        return
    labels = np.asarray(y, dtype=object)
    missing = pd.isna(labels)
    if missing.any():
        raise ValueError(
            f"{name} contains a missing value ({labels[missing].ravel()[0]!r}), which is "
            "not a label."
        )
    if len({type(label) for label in labels.ravel().tolist()}) > 1:
        with labels_of_one_kind(name):  # NumPy cannot sort strings with numbers
            np.unique(labels)


def as_array(values, name):
    """``np.asarray(values)``, refusing a ragged nested sequence with a message naming it."""
    try:
        return np.asarray(values)
    except ValueError as error:
        raise ValueError(
            f"{name} must be an array-like of samples of one shape, not a ragged nested "
            f"sequence ({error})."
        ) from error


def check_labels_argument(labels):
    """Validate the ``labels`` argument: distinct labels of one kind, in a 1-D array.

    Returns
    -------
    labels : ndarray of shape (n_labels,)

    Raises
    ------
    ValueError
        If ``labels`` is not 1-D, contains None, NaN or infinity, mixes strings with
        numbers, or repeats a label.
    """
    check_label_kinds(labels, "labels")
    labels = as_array(labels, "labels")
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D, got an array of shape {labels.shape}.")
    labels = check_array(
        labels, ensure_2d=False, dtype=None, ensure_min_samples=0, input_name="labels"
    )
    distinct, counts = np.unique(labels, return_counts=True)
    if np.any(counts > 1):
        raise ValueError(f"labels must be distinct, but repeats {distinct[counts > 1].tolist()}.")
    return labels


def check_numbers(array, name, advice=""):
    """Raise if ``array`` holds strings, None or other objects that are not numbers.

    ``check_array`` would report them without naming the array (or, for a list holding
    None, let them through).

    Parameters
    ----------
    array : array-like
        The values as the user gave them.
    name : str
        The argument's name, used in the error message.
    advice : str, default=""
        Appended to the error message.
    """
    values = as_array(array, name)
    if values.dtype.kind not in "OUSV":
        return
    for value in values.ravel().tolist():
        if not isinstance(value, numbers.Number):
            raise ValueError(
                f"{name} must hold numbers, got {value!r} ({type(value).__name__}).{advice}"
            )


def check_sample_weight(sample_weight, n_samples):
    """Validate ``sample_weight``: None, or ``n_samples`` finite non-negative numbers, not
    all zero (so that their sum, which weighted means divide by, is positive).

    Integer weights stay integers (so counts weighted by them stay exact).

    Raises
    ------
    ValueError
        If the weights are not numbers, not 1-D, of the wrong length, contain NaN or
        infinity, are negative, or are all zero.
    """
    if sample_weight is None:
        return None
    check_numbers(sample_weight, "sample_weight")
    sample_weight = check_array(
        sample_weight,
        ensure_2d=False,
        dtype="numeric",
        ensure_min_samples=0,
        input_name="sample_weight",
    )
    if sample_weight.ndim != 1:
        raise ValueError(
            f"sample_weight must be 1-D, got an array of shape {sample_weight.shape}."
        )
    if sample_weight.shape[0] != n_samples:
        raise ValueError(
            f"sample_weight has {sample_weight.shape[0]} entries but there are "
            f"{n_samples} samples."
        )
    check_weights_sum_positive(sample_weight, "sample_weight", "Sample weights")
    return sample_weight


def check_weights_sum_positive(weights, name, description):
    """Raise unless the weights are non-negative and not all zero, in scikit-learn's words.

    Parameters
    ----------
    weights : ndarray
        Finite weights.
    name : str
        The argument's name, used in the error messages.
    description : str
        What the weights weigh, starting the all-zero message ("Sample weights").
    """
    if not np.any(weights):
        raise ValueError(
            f"{description} must contain at least one non-zero number; {name} is all zeros."
        )
    check_non_negative(weights, f"`{name}`")


def weighted_mean_or_sum(values, sample_weight, *, normalize=True):
    """The (weighted) mean of ``values``, or with ``normalize=False`` their (weighted) sum."""
    if normalize:
        return np.average(values, weights=sample_weight)
    return np.sum(values if sample_weight is None else values * sample_weight)


def check_classification_targets(y_true, y_pred, sample_weight=None, *, multilabel=False):
    """Validate the targets of a classification metric.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Class labels of any sortable type (ints, strings, booleans); column vectors are
        flattened. With ``multilabel=True`` both may instead be binary indicator
        matrices of shape (n_samples, n_labels), dense or sparse.
    sample_weight : array-like of shape (n_samples,) or None
        Validated too.
    multilabel : bool, default=False
        Accept label indicator matrices.

    Returns
    -------
    y_true, y_pred : ndarray
        1-D label arrays, or 2-D indicator matrices in the multilabel case.
    sample_weight : ndarray or None

    Raises
    ------
    ValueError
        On empty or differently sized inputs, NaN/inf, None, continuous or multioutput
        targets, a mix of label types, or of multilabel and single-label targets.
    """
    check_consistent_length(y_true=y_true, y_pred=y_pred, sample_weight=sample_weight)
    supported = ["binary", "multiclass"] + (["multilabel-indicator"] if multilabel else [])
    kinds = {}
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        if num_samples(y, name) == 0:
            raise ValueError(f"{name} is empty: at least one sample is required.")
        check_label_kinds(y, name)
        check_finite(y, name)
        kind = type_of_target(y, input_name=name)
        if kind.startswith("continuous"):
            raise ValueError(
                f"{name} contains continuous values (type of target: {kind!r}); "
                "classification metrics need class labels, e.g. the output of predict, "
                "not of predict_proba or decision_function."
            )
        if kind not in supported:
            raise ValueError(
                f"{name} has the target type {kind!r}, which this metric does not "
                f"support (supported: {', '.join(supported)})."
            )
        kinds[name] = kind
    if (kinds["y_true"] == "multilabel-indicator") != (kinds["y_pred"] == "multilabel-indicator"):
        raise ValueError(
            f"Classification metrics can't handle a mix of {kinds['y_true']} (y_true) and "
            f"{kinds['y_pred']} (y_pred) targets."
        )
    unique_labels(y_true, y_pred)  # raises "Mix of label input types (string and number)"
    y_true, y_pred = _dense(y_true), _dense(y_pred)
    if kinds["y_true"] != "multilabel-indicator":  # flatten column vectors
        y_true, y_pred = y_true.reshape(-1), y_pred.reshape(-1)
    sample_weight = check_sample_weight(sample_weight, y_true.shape[0])
    return y_true, y_pred, sample_weight


def _dense(y):
    """``y`` as a NumPy array (a sparse label indicator matrix made dense)."""
    return y.toarray() if sp.issparse(y) else np.asarray(y)

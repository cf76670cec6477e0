"""Input checks shared by the metrics: lengths, finiteness, sample weights, target types."""

import numpy as np
from sklearn.utils import check_array
from sklearn.utils.multiclass import type_of_target, unique_labels
from sklearn.utils.validation import check_non_negative


def check_consistent_length(**arrays):
    """Raise if the named arrays (None skipped) do not all have the same number of samples.

    The message starts as scikit-learn's, then names each array with its length.
    """
    lengths = {name: len(array) for name, array in arrays.items() if array is not None}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {length}" for name, length in lengths.items())
        raise ValueError(
            "Found input variables with inconsistent numbers of samples: "
            f"{list(lengths.values())} ({described})."
        )


def check_finite(y, name):
    """Raise if the numeric array ``y`` contains NaN or infinity."""
    y = np.asarray(y)
    if y.dtype.kind in "fc" and not np.isfinite(y).all():
        raise ValueError(f"{name} contains NaN or infinity.")


def check_sample_weight(sample_weight, n_samples):
    """Validate ``sample_weight``: None, or ``n_samples`` finite non-negative numbers, not
    all zero (so that their sum, which weighted means divide by, is positive).

    Integer weights stay integers (so counts weighted by them stay exact).

    Raises
    ------
    ValueError
        If the weights are not 1-D, of the wrong length, contain NaN or infinity, are
        negative, or are all zero.
    """
    if sample_weight is None:
        return None
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
        matrices of shape (n_samples, n_labels).
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
        On empty or differently sized inputs, NaN/inf, continuous or multioutput targets,
        a mix of label types, or of multilabel and single-label targets.
    """
    check_consistent_length(y_true=y_true, y_pred=y_pred, sample_weight=sample_weight)
    supported = ["binary", "multiclass"] + (["multilabel-indicator"] if multilabel else [])
    kinds = {}
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        if len(y) == 0:
            raise ValueError(f"{name} is empty: at least one sample is required.")
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
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if kinds["y_true"] != "multilabel-indicator":  # flatten column vectors
        y_true, y_pred = y_true.reshape(-1), y_pred.reshape(-1)
    sample_weight = check_sample_weight(sample_weight, y_true.shape[0])
    return y_true, y_pred, sample_weight


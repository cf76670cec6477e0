"""Classification metrics: accuracy, confusion matrix and cross-entropy (log loss)."""

import warnings

import numpy as np
from sklearn.utils import check_array
from sklearn.utils._param_validation import Hidden, StrOptions, validate_params
from sklearn.utils.multiclass import type_of_target, unique_labels

from ..utils._array_api import to_input_namespace
from ._validation import (
    check_classification_targets,
    check_consistent_length,
    check_label_kinds,
    check_labels_argument,
    check_numbers,
    check_sample_weight,
    weighted_mean_or_sum,
)


@validate_params(
    {
        "y_true": ["array-like", "sparse matrix"],
        "y_pred": ["array-like", "sparse matrix"],
        "normalize": ["boolean"],
        "sample_weight": ["array-like", None],
    },
    prefer_skip_nested_validation=True,
)
def accuracy_score(y_true, y_pred, *, normalize=True, sample_weight=None):
    """Accuracy: the fraction (or number) of correct predictions.

    The metric of the course textbook's classification examples (§2.2, Code 2.4: "el
    porcentaje de predicciones correctas sobre el total de datos evaluados"). For
    multilabel indicator matrices a sample counts as correct only when its whole row of
    labels is.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_labels)
        True labels, of any type (ints, strings, booleans), or a label indicator matrix.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
        Predicted labels, as returned by a classifier's ``predict``.
    normalize : bool, default=True
        Return the fraction of correct predictions; if False, their (weighted) number.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights: non-negative, not all zero.

    Returns
    -------
    score : float
        The (weighted) fraction of correct predictions, or their number.

    Raises
    ------
    ValueError
        On inputs of different lengths, empty inputs, NaN/inf, None labels, continuous
        targets, mixed label types (strings and numbers), invalid ``sample_weight``
        (negative or all zero), or a parameter outside the constraints of
        :func:`sklearn.metrics.accuracy_score` (``normalize`` must be a bool).

    Examples
    --------
    >>> from sklnn.metrics import accuracy_score
    >>> accuracy_score(["cat", "dog", "dog", "cat"], ["cat", "dog", "cat", "cat"])
    0.75
    >>> accuracy_score([0, 1, 2, 3], [0, 2, 1, 3], normalize=False)
    2.0
    """
    y_true, y_pred, sample_weight = check_classification_targets(
        y_true, y_pred, sample_weight, multilabel=True
    )
    correct = y_true == y_pred
    if correct.ndim == 2:  # multilabel: every label of the sample must match
        correct = correct.all(axis=1)
    return float(weighted_mean_or_sum(correct, sample_weight, normalize=normalize))


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "labels": ["array-like", None],
        "sample_weight": ["array-like", None],
        "normalize": [StrOptions({"true", "pred", "all"}), None],
    },
    prefer_skip_nested_validation=True,
)
def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    """Confusion matrix: ``C[i, j]`` counts samples of class ``i`` predicted as class ``j``.

    The textbook's tool for reading a classifier's errors class by class (course textbook,
    §2.4, Code 2.6, ``metrics.confusion_matriz``). Counted in one pass over the pair
    indices ``i * n_classes + j``: by ``np.bincount``, or, with integer weights, summed
    in int64 so that counts stay exact beyond 2**53.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels, of any type (ints, strings, booleans).
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    labels : array-like of shape (n_classes,), default=None
        The labels indexing the rows and columns, in this order; samples whose true or
        predicted label is not among them are left out. By default the sorted labels
        present in ``y_true`` or ``y_pred``.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights (non-negative, not all zero); the counts become sums of weights.
    normalize : {'true', 'pred', 'all'}, default=None
        Divide by the row sums (each true class sums to 1), the column sums (each
        predicted class sums to 1) or the total; empty rows or columns give zeros.

    Returns
    -------
    C : ndarray of shape (n_classes, n_classes)
        Integer counts (float with float weights or ``normalize``). With scikit-learn's
        ``array_api_dispatch`` on, an array of the inputs' namespace and device.

    Raises
    ------
    ValueError
        On invalid inputs (see :func:`accuracy_score`), multilabel targets, an empty
        ``labels``, ``labels`` that repeat a label or none of which occurs in ``y_true``.

    Examples
    --------
    >>> from sklnn.metrics import confusion_matrix
    >>> confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])
    array([[2, 0, 0],
           [0, 0, 1],
           [1, 0, 2]])
    >>> confusion_matrix(["a", "b", "b"], ["a", "b", "a"], normalize="true")
    array([[1. , 0. ],
           [0.5, 0.5]])
    """
    if labels is not None:
        labels = check_labels_argument(labels)
        if labels.size == 0:
            raise ValueError("'labels' should contain at least one label.")
        if len(y_true) == 0 and len(y_pred) == 0:
            return np.zeros((labels.size, labels.size), dtype=int)
    inputs = (y_true, y_pred)
    y_true, y_pred, sample_weight = check_classification_targets(y_true, y_pred, sample_weight)
    if labels is None:
        labels = unique_labels(y_true, y_pred)
    else:
        unique_labels(y_true, labels)  # raises on a mix of label types
        if not np.isin(labels, y_true).any():
            raise ValueError("At least one label specified must be in y_true.")

    n_labels = labels.shape[0]
    true_index, pred_index = _index_in(y_true, labels), _index_in(y_pred, labels)
    kept = (true_index < n_labels) & (pred_index < n_labels)
    counts = _count_pairs(
        true_index[kept] * n_labels + pred_index[kept],
        None if sample_weight is None else sample_weight[kept],
        n_labels * n_labels,
    ).reshape(n_labels, n_labels)

    if normalize is not None:
        totals = {
            "true": counts.sum(axis=1, keepdims=True),
            "pred": counts.sum(axis=0, keepdims=True),
            "all": counts.sum(),
        }[normalize]
        with np.errstate(invalid="ignore", divide="ignore"):
            counts = np.nan_to_num(counts / totals)
    if counts.shape == (1, 1):
        warnings.warn(
            "A single label was found in 'y_true' and 'y_pred'. For the confusion matrix "
            "to have the correct shape, use the 'labels' parameter to pass all known labels.",
            UserWarning,
            stacklevel=3,  # past validate_params's wrapper
        )
    return to_input_namespace(counts, *inputs)


def _count_pairs(pair_index, sample_weight, n_pairs):
    """Number (or total weight) of samples at each pair index, int64 unless weights are
    floats: ``np.bincount`` sums weights in float64, exact only up to 2**53."""
    if sample_weight is None:
        return np.bincount(pair_index, minlength=n_pairs)
    if sample_weight.dtype.kind == "f":
        return np.bincount(pair_index, weights=sample_weight, minlength=n_pairs)
    counts = np.zeros(n_pairs, dtype=np.int64)
    np.add.at(counts, pair_index, sample_weight.astype(np.int64, copy=False))
    return counts


@validate_params(
    {
        "y_true": ["array-like"],
        "y_proba": ["array-like", Hidden(None)],
        "normalize": ["boolean"],
        "sample_weight": ["array-like", None],
        "labels": ["array-like", None],
        "y_pred": ["array-like", str],
    },
    prefer_skip_nested_validation=True,
)
def log_loss(
    y_true,
    y_proba=None,
    *,
    normalize=True,
    sample_weight=None,
    labels=None,
    y_pred="deprecated",
):
    """Cross-entropy (log loss) of predicted class probabilities.

    The course textbook's cross-entropy (§3.3.1, Eqs. 3.25-3.27): for a one-hot target
    ``y`` and predicted distribution ``ŷ``, ``CE(y, ŷ) = Σₖ yₖ log(1 / ŷₖ) = −log ŷᵢ*``,
    the negative log-probability given to the true class ``i*``; averaged (or summed)
    over the samples. Probabilities are clipped to ``[eps, 1 − eps]`` (``eps`` of their
    dtype), so a confident mistake costs a large but finite loss.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels, of any type (ints, strings, booleans).
    y_proba : array-like of shape (n_samples, n_classes) or (n_samples,)
        Predicted probabilities, as returned by ``predict_proba``, columns in the sorted
        order of the labels. A 1-D array (or a single column) gives the probability of
        the positive (larger) label of a binary problem.
    normalize : bool, default=True
        Return the mean loss per sample; if False, the sum.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights: non-negative, not all zero.
    labels : array-like, default=None
        All the class labels (``y_true`` may lack some), matching the columns of
        ``y_proba`` in sorted order. By default the labels present in ``y_true``.
    y_pred : array-like, default='deprecated'
        The former name of ``y_proba``, kept so that calls written for scikit-learn
        before 1.9 work; it warns, as in scikit-learn 1.9.

    Returns
    -------
    loss : float
        The cross-entropy.

    Raises
    ------
    ValueError
        On inputs of different lengths, NaN/inf, probabilities outside [0, 1], None
        labels or labels mixing strings with numbers, a single class, ``y_true`` labels
        not in ``labels``, a number of columns that does not match the number of
        classes, invalid ``sample_weight`` (negative or all zero), or a parameter
        outside the constraints of :func:`sklearn.metrics.log_loss`.

    Examples
    --------
    >>> from sklnn.metrics import log_loss
    >>> round(log_loss(["spam", "ham", "ham", "spam"],
    ...                [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]), 5)
    0.21616
    >>> round(log_loss([0, 1, 1], [0.2, 0.7, 0.9]), 5)
    0.22839
    """
    if not (isinstance(y_pred, str) and y_pred == "deprecated"):
        if y_proba is not None:
            raise ValueError(
                "Cannot use both `y_pred` and `y_proba`. `y_pred` is deprecated, "
                "use `y_proba` instead."
            )
        warnings.warn(
            "`y_pred` was renamed to `y_proba` in version 1.9 and will be removed in 1.11. "
            "Use `y_proba` instead.",
            FutureWarning,
            stacklevel=3,  # past validate_params's wrapper
        )
        y_proba = y_pred
    if y_proba is None:
        raise ValueError("log_loss needs the predicted probabilities y_proba.")

    check_consistent_length(y_proba=y_proba, y_true=y_true, sample_weight=sample_weight)
    check_numbers(y_proba, "y_proba", " Pass the probabilities of predict_proba.")
    y_proba = check_array(
        y_proba, ensure_2d=False, dtype=[np.float64, np.float32], input_name="y_proba"
    )
    if y_proba.max() > 1:
        raise ValueError(f"y_proba contains values greater than 1: {y_proba.max()}")
    if y_proba.min() < 0:
        raise ValueError(f"y_proba contains values lower than 0: {y_proba.min()}")
    sample_weight = check_sample_weight(sample_weight, y_proba.shape[0])
    classes, true_class = _encode_true_classes(y_true, labels)

    if y_proba.ndim == 1:
        y_proba = y_proba[:, np.newaxis]
    if y_proba.shape[1] == 1:  # probability of the positive class only
        y_proba = np.hstack([1 - y_proba, y_proba])
    if y_proba.shape[1] != classes.shape[0]:
        raise ValueError(
            f"y_proba has {y_proba.shape[1]} columns but there are {classes.shape[0]} "
            f"classes ({'in labels' if labels is not None else 'in y_true'}): "
            f"{classes.tolist()}. Pass all the class labels through the labels argument."
        )
    eps = np.finfo(y_proba.dtype).eps
    if not np.allclose(y_proba.sum(axis=1), 1, rtol=np.sqrt(eps), atol=0):
        warnings.warn(
            "The y_prob values do not sum to one. Make sure to pass probabilities.",
            UserWarning,
            stacklevel=3,  # past validate_params's wrapper
        )
    # With a one-hot y only the true class's term of Σₖ yₖ log(1 / ŷₖ) is non-zero.
    true_class_proba = np.clip(y_proba[np.arange(y_proba.shape[0]), true_class], eps, 1 - eps)
    losses = -np.log(true_class_proba)
    return float(weighted_mean_or_sum(losses, sample_weight, normalize=normalize))


def _index_in(y, labels):
    """Position of each element of ``y`` in ``labels``; ``len(labels)`` where absent."""
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    position = np.minimum(np.searchsorted(sorted_labels, y), labels.shape[0] - 1)
    return np.where(sorted_labels[position] == y, order[position], labels.shape[0])


def _encode_true_classes(y_true, labels):
    """The sorted classes (from ``labels`` or ``y_true``) and each sample's class index."""
    check_label_kinds(y_true, "y_true")
    y_true = np.asarray(y_true)
    if y_true.ndim == 2 and y_true.shape[1] == 1:
        y_true = y_true.reshape(-1)
    kind = type_of_target(y_true, input_name="y_true")
    if kind not in ("binary", "multiclass"):
        raise ValueError(
            f"y_true must hold class labels, but its type of target is {kind!r}."
        )
    if labels is None:
        classes = np.unique(y_true)
    else:
        labels = check_labels_argument(labels)
        classes = np.unique(labels)
        if not np.array_equal(classes, labels):
            warnings.warn(
                f"Labels passed were {labels.tolist()}. But this function assumes labels are "
                f"ordered lexicographically. Pass the ordered labels={classes.tolist()} and "
                "ensure that the columns of y_prob correspond to this ordering.",
                UserWarning,
                stacklevel=4,  # past validate_params's wrapper
            )
        unique_labels(y_true, classes)  # raises on a mix of label types
        missing = np.setdiff1d(y_true, classes)
        if missing.size:
            raise ValueError(
                f"y_true contains values {set(missing.tolist())} not belonging to the passed "
                f"labels {labels.tolist()}."
            )
    if classes.shape[0] < 2:
        raise ValueError(
            f"y_true contains only one label ({classes.tolist()[0]}). Please provide the "
            "list of all expected class labels explicitly through the labels argument."
            if labels is None
            else f"The labels array needs to contain at least two labels, got {classes}."
        )
    return classes, np.searchsorted(classes, y_true)

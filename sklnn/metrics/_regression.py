"""Regression metrics: R², mean squared error and mean absolute error."""

import warnings

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.utils import check_array
from sklearn.utils._param_validation import StrOptions, validate_params

from ._validation import (
    check_consistent_length,
    check_numbers,
    check_sample_weight,
    check_weights_sum_positive,
    num_samples,
)


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "sample_weight": ["array-like", None],
        "multioutput": [
            StrOptions({"raw_values", "uniform_average", "variance_weighted"}),
            "array-like",
            None,
        ],
        "force_finite": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def r2_score(
    y_true, y_pred, *, sample_weight=None, multioutput="uniform_average", force_finite=True
):
    """Coefficient of determination R², the fraction of the variance of y explained.

    The course textbook's R²-score (§2.1.3, Eqs. 2.18-2.20):
    ``R² = 1 − σ²ᵣ / σ²``, with ``σ²ᵣ = Σᵢ (yᵢ − ŷᵢ)²`` the residual sum of squares and
    ``σ² = Σᵢ (yᵢ − µ_y)²`` the total sum of squares (weighted by ``sample_weight``).
    1 is a perfect fit, 0 the score of predicting the mean; worse models go negative.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True target values.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Predicted target values.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights: non-negative, not all zero.
    multioutput : {'raw_values', 'uniform_average', 'variance_weighted'}, array-like \
of shape (n_outputs,) or None, default='uniform_average'
        How to combine the scores of several outputs: return them all, their mean (also
        for None), their mean weighted by each output's variance ``σ²``, or their mean
        weighted by the given array.
    force_finite : bool, default=True
        For a constant ``y_true`` (``σ² = 0``), return 1.0 for a perfect prediction and
        0.0 otherwise instead of NaN / -inf.

    Returns
    -------
    score : float or ndarray of shape (n_outputs,)
        R², or one per output for ``multioutput='raw_values'``. NaN (with an
        ``UndefinedMetricWarning``) for fewer than two samples.

    Raises
    ------
    ValueError
        On inputs of different lengths or output counts, empty inputs, NaN/inf, invalid
        ``sample_weight`` or ``multioutput`` weights (negative or all zero), or a
        parameter outside the constraints of :func:`sklearn.metrics.r2_score`.

    Examples
    --------
    >>> from sklnn.metrics import r2_score
    >>> round(r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 4)
    0.9486
    >>> r2_score([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]],
    ...          multioutput="raw_values").round(4)
    array([0.9654, 0.9082])
    """
    if multioutput is None:
        multioutput = "uniform_average"
    y_true, y_pred, sample_weight, multioutput = _check_regression_targets(
        y_true, y_pred, sample_weight, multioutput
    )
    if y_true.shape[0] < 2:
        warnings.warn(
            "R^2 score is not well-defined with less than two samples.",
            UndefinedMetricWarning,
            stacklevel=3,  # past validate_params's wrapper
        )
        return float("nan")
    weight = 1.0 if sample_weight is None else sample_weight[:, np.newaxis]
    residual = np.sum(weight * (y_true - y_pred) ** 2, axis=0)
    y_mean = np.average(y_true, axis=0, weights=sample_weight)
    total = np.sum(weight * (y_true - y_mean) ** 2, axis=0)

    if force_finite:
        scores = np.ones(y_true.shape[1], dtype=residual.dtype)
        defined = (total != 0) & (residual != 0)
        scores[defined] = 1 - residual[defined] / total[defined]
        scores[(residual != 0) & (total == 0)] = 0.0
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = 1 - residual / total

    if isinstance(multioutput, str) and multioutput == "variance_weighted":
        # All outputs constant: their weights would all be 0; weigh them uniformly.
        multioutput = total if np.any(total != 0) else None
    with np.errstate(invalid="ignore"):  # -inf (force_finite=False) times a zero weight
        return _combine_outputs(scores, multioutput)


# The constraints of scikit-learn's mean_squared_error and mean_absolute_error.
_MEAN_ERROR_CONSTRAINTS = {
    "y_true": ["array-like"],
    "y_pred": ["array-like"],
    "sample_weight": ["array-like", None],
    "multioutput": [StrOptions({"raw_values", "uniform_average"}), "array-like"],
}


@validate_params(_MEAN_ERROR_CONSTRAINTS, prefer_skip_nested_validation=True)
def mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Mean squared error, ``(1/n) Σᵢ (yᵢ − ŷᵢ)²``.

    Twice the textbook's least-squares loss per sample (course textbook, §2.1.1,
    Eq. 2.4: ``L = ½ Σᵢ (Φᵀxᵢ − yᵢ)²``); with ``sample_weight`` the weighted mean.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True target values.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Predicted target values.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights: non-negative, not all zero.
    multioutput : {'raw_values', 'uniform_average'} or array-like of shape \
(n_outputs,), default='uniform_average'
        Return the error of each output, their mean, or their mean weighted by the array.

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)
        The mean squared error, one per output for ``multioutput='raw_values'``.

    Raises
    ------
    ValueError
        On inputs of different lengths or output counts, empty inputs, NaN/inf, invalid
        ``sample_weight`` or ``multioutput`` weights (negative or all zero), or a
        parameter outside the constraints of :func:`sklearn.metrics.mean_squared_error`.

    Examples
    --------
    >>> from sklnn.metrics import mean_squared_error
    >>> mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.375
    """
    return _mean_error(np.square, y_true, y_pred, sample_weight, multioutput)


@validate_params(_MEAN_ERROR_CONSTRAINTS, prefer_skip_nested_validation=True)
def mean_absolute_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Mean absolute error, ``(1/n) Σᵢ |yᵢ − ŷᵢ|``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True target values.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Predicted target values.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights: non-negative, not all zero.
    multioutput : {'raw_values', 'uniform_average'} or array-like of shape \
(n_outputs,), default='uniform_average'
        Return the error of each output, their mean, or their mean weighted by the array.

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)
        The mean absolute error, one per output for ``multioutput='raw_values'``.

    Raises
    ------
    ValueError
        On inputs of different lengths or output counts, empty inputs, NaN/inf, invalid
        ``sample_weight`` or ``multioutput`` weights (negative or all zero), or a
        parameter outside the constraints of :func:`sklearn.metrics.mean_absolute_error`.

    Examples
    --------
    >>> from sklnn.metrics import mean_absolute_error
    >>> mean_absolute_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.5
    """
    return _mean_error(np.abs, y_true, y_pred, sample_weight, multioutput)


def _mean_error(elementwise, y_true, y_pred, sample_weight, multioutput):
    """The (weighted) mean of ``elementwise(y_true − y_pred)`` per output, combined."""
    y_true, y_pred, sample_weight, multioutput = _check_regression_targets(
        y_true, y_pred, sample_weight, multioutput
    )
    errors = np.average(elementwise(y_true - y_pred), axis=0, weights=sample_weight)
    return _combine_outputs(errors, multioutput)


def _combine_outputs(values, multioutput):
    """Per-output values as they are ('raw_values'), or their (weighted) mean as a float."""
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return values
        multioutput = None  # 'uniform_average'
    return float(np.average(values, weights=multioutput))


def _check_regression_targets(y_true, y_pred, sample_weight, multioutput):
    """Validate regression targets as 2-D float arrays, the weights and ``multioutput``.

    ``multioutput`` is a string option (checked by ``validate_params``), None, or output
    weights, which are checked here.
    """
    check_consistent_length(y_true=y_true, y_pred=y_pred, sample_weight=sample_weight)
    y_true, y_pred = _as_float_2d(y_true, "y_true"), _as_float_2d(y_pred, "y_pred")
    if y_true.shape[1] != y_pred.shape[1]:
        raise ValueError(
            "y_true and y_pred have different number of output "
            f"({y_true.shape[1]}!={y_pred.shape[1]})."
        )
    sample_weight = check_sample_weight(sample_weight, y_true.shape[0])

    if multioutput is not None and not isinstance(multioutput, str):
        multioutput = _check_output_weights(multioutput, y_true.shape[1])
    return y_true, y_pred, sample_weight, multioutput


def _check_output_weights(multioutput, n_outputs):
    """Validate ``multioutput`` weights: one per output, non-negative, not all zero."""
    num_samples(multioutput, "multioutput")  # refuses a 0-d array
    check_numbers(multioutput, "multioutput")
    multioutput = check_array(
        multioutput, ensure_2d=False, dtype="numeric", input_name="multioutput"
    )
    if n_outputs == 1:
        raise ValueError("Custom weights are useful only in multi-output cases.")
    if multioutput.shape != (n_outputs,):
        raise ValueError(
            f"There must be equally many custom weights ({multioutput.shape[0]}) as "
            f"outputs ({n_outputs})."
        )
    check_weights_sum_positive(multioutput, "multioutput", "Output weights")
    return multioutput


def _as_float_2d(y, name):
    """Regression targets as a finite float array of shape (n_samples, n_outputs)."""
    check_numbers(y, name, " Use a classification metric for class labels.")
    y = check_array(y, ensure_2d=False, dtype=[np.float64, np.float32], input_name=name)
    return y.reshape(-1, 1) if y.ndim == 1 else y

"""Which models score significantly below the top one, fold by fold.

Cross-validation scores of two models on the same folds are paired, and the folds are not
independent: their training sets overlap, so the plain paired t-test understates the
variance of the mean difference and finds differences that are noise. Nadeau and Bengio's
correction inflates that variance to account for the overlap:

    t = mean(d) / sqrt((1/k + n_test/n_train) * var(d)),

with ``d`` the per-fold differences of the scores, ``k`` the number of folds, ``var`` the
sample variance (``ddof=1``) and ``k - 1`` degrees of freedom.

References
----------
C. Nadeau and Y. Bengio, "Inference for the Generalization Error", Machine Learning 52,
pp. 239-281, 2003.
"""

import numpy as np
from scipy import stats

#: The significance level of "best": the top model must beat every other at p < ALPHA.
ALPHA = 0.05

# Fold scores this close are equal: their difference is floating-point rounding.
_RTOL, _ATOL = 1e-9, 1e-12


def corrected_resampled_ttest(scores_a, scores_b, *, test_train_ratio):
    """Nadeau–Bengio corrected resampled t-test of two models' scores on the same folds.

    The test is paired (fold ``i`` of ``scores_a`` and of ``scores_b`` come from the same
    split) and two-sided. The variance of the per-fold differences is multiplied by
    ``1/k + n_test/n_train`` instead of the plain paired t-test's ``1/k`` (Nadeau and
    Bengio, 2003); ``test_train_ratio=0`` gives the plain paired t-test.

    Degenerate cases: scores equal up to floating-point rounding (``numpy.isclose`` with
    ``rtol=1e-9, atol=1e-12``) differ by zero. When every fold gives the same difference
    (zero variance), a zero difference has ``p = 1`` (identical scores are tied) and any
    other has ``t = ±inf`` and ``p = 0``.

    Parameters
    ----------
    scores_a, scores_b : array-like of shape (n_folds,)
        The two models' scores on each fold, ``n_folds >= 2``.
    test_train_ratio : float
        The number of samples scored in a fold over the number fitted, ``n_test/n_train``.

    Returns
    -------
    difference : float
        The mean of ``scores_a - scores_b`` over the folds.
    t : float
        The corrected t statistic, with ``n_folds - 1`` degrees of freedom.
    p_value : float
        The two-sided p-value of no difference.

    References
    ----------
    C. Nadeau and Y. Bengio, "Inference for the Generalization Error", Machine Learning 52,
    pp. 239-281, 2003.

    Examples
    --------
    >>> from sklnn.compare._significance import corrected_resampled_ttest
    >>> difference, t, p = corrected_resampled_ttest(
    ...     [0.92, 0.94, 0.91, 0.93, 0.95], [0.90, 0.90, 0.90, 0.90, 0.90],
    ...     test_train_ratio=1 / 4)
    >>> round(difference, 3), round(t, 3), round(p, 4)
    (0.03, 2.828, 0.0474)
    """
    scores_a = np.asarray(scores_a, dtype=float)
    scores_b = np.asarray(scores_b, dtype=float)
    if scores_a.ndim != 1 or scores_a.shape != scores_b.shape or scores_a.size < 2:
        raise ValueError(
            f"the t-test needs the scores of two models on the same folds, at least 2 folds; "
            f"got shapes {scores_a.shape} and {scores_b.shape}"
        )
    # scores equal but for floating-point rounding (two implementations of one model)
    differences = np.where(
        np.isclose(scores_a, scores_b, rtol=_RTOL, atol=_ATOL), 0.0, scores_a - scores_b
    )
    n_folds = differences.size
    difference = differences.mean()
    variance = differences.var(ddof=1)
    if variance == 0:
        t = 0.0 if difference == 0 else np.copysign(np.inf, difference)
    else:
        t = difference / np.sqrt((1 / n_folds + test_train_ratio) * variance)
    p_value = 2 * stats.t.sf(abs(t), df=n_folds - 1)
    return float(difference), float(t), float(p_value)


def compare_to_top(fold_scores, *, test_train_ratio):
    """Test the model with the highest mean score against each of the others.

    Parameters
    ----------
    fold_scores : array-like of shape (n_models, n_folds)
        Each model's score on each fold (higher is better), the same folds for all.
    test_train_ratio : float
        The number of samples scored in a fold over the number fitted.

    Returns
    -------
    top : int
        The row of the highest mean score (the first of equal ones).
    p_values : ndarray of shape (n_models,)
        The two-sided p-value of :func:`corrected_resampled_ttest` of the top model against
        each model; NaN in the top model's own row.
    """
    fold_scores = np.asarray(fold_scores, dtype=float)
    top = int(np.argmax(fold_scores.mean(axis=1)))
    p_values = np.array([
        np.nan if row == top else corrected_resampled_ttest(
            fold_scores[top], scores, test_train_ratio=test_train_ratio
        )[2]
        for row, scores in enumerate(fold_scores)
    ])
    return top, p_values

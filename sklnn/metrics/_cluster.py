"""Clustering metrics: the Rand index and the adjusted Rand index, from pair counts."""

import warnings

import numpy as np
from sklearn.utils import check_array
from sklearn.utils._param_validation import validate_params
from sklearn.utils.multiclass import type_of_target

from ._validation import check_consistent_length, check_label_kinds

_CLUSTERINGS_CONSTRAINTS = {"labels_true": ["array-like"], "labels_pred": ["array-like"]}


@validate_params(_CLUSTERINGS_CONSTRAINTS, prefer_skip_nested_validation=True)
def rand_score(labels_true, labels_pred):
    """Rand index: the fraction of pairs of samples on which two clusterings agree.

    The course textbook's Rand index (§4.4.3, Eq. 4.18): over all ``n(n−1)/2`` pairs,
    ``R = (TP + TN) / (TP + TN + FP + FN)``, where TP counts the pairs grouped together
    in both partitions and TN the pairs separated in both. The counts come from the
    contingency table with exact integer arithmetic (see :func:`adjusted_rand_score`).
    Invariant to renaming the clusters; 1.0 for identical partitions.

    Parameters
    ----------
    labels_true : array-like of shape (n_samples,)
        Reference partition (ground-truth classes), labels of any type.
    labels_pred : array-like of shape (n_samples,)
        Partition to evaluate (cluster labels), labels of any type.

    Returns
    -------
    score : float
        The Rand index, in [0, 1]. 1.0 when there are fewer than two samples.

    Raises
    ------
    ValueError
        On labels that are not 1-D, of different lengths, contain NaN/inf or None, or
        mix strings with numbers (which NumPy would merge: ``1`` and ``"1"``).

    Examples
    --------
    The textbook's example (Figure 4.17): 17 points of three colours (8 blue, 5 green,
    4 yellow) in three clusters; the pairs counts are TP=20, FN=24, TN=72, FP=20.

    >>> from sklnn.metrics import rand_score
    >>> colours = ["blue"] * 8 + ["green"] * 5 + ["yellow"] * 4
    >>> clusters = [1, 1, 1, 1, 1, 2, 3, 3] + [1, 2, 2, 2, 2] + [2, 3, 3, 3]
    >>> rand_score(colours, clusters) == 92 / 136
    True
    >>> rand_score([0, 0, 1, 1], ["b", "b", "a", "a"])  # same partition, other names
    1.0
    """
    true_positives, false_positives, false_negatives, true_negatives = _pair_counts(
        labels_true, labels_pred
    )
    agreements = true_positives + true_negatives
    n_pairs = agreements + false_positives + false_negatives
    if agreements == n_pairs:  # includes no pairs at all: a perfect match
        return 1.0
    return agreements / n_pairs


@validate_params(_CLUSTERINGS_CONSTRAINTS, prefer_skip_nested_validation=True)
def adjusted_rand_score(labels_true, labels_pred):
    """Rand index adjusted for chance (Hubert and Arabie, 1985).

    ``ARI = (R − E[R]) / (max R − E[R])``, with the expectation taken over random
    partitions with the same cluster sizes: 0 for a random labelling, 1 for identical
    partitions, negative when worse than chance. In terms of the pair counts of
    :func:`rand_score`,
    ``ARI = 2 (TP·TN − FN·FP) / ((TP + FN)(FN + TN) + (TP + FP)(FP + TN))``,
    evaluated with exact Python integers.

    Parameters
    ----------
    labels_true : array-like of shape (n_samples,)
        Reference partition (ground-truth classes), labels of any type.
    labels_pred : array-like of shape (n_samples,)
        Partition to evaluate (cluster labels), labels of any type.

    Returns
    -------
    score : float
        The adjusted Rand index, at most 1.0 (1.0 when there are no disagreeing pairs).

    Raises
    ------
    ValueError
        On labels that are not 1-D, of different lengths, contain NaN/inf or None, or
        mix strings with numbers (which NumPy would merge: ``1`` and ``"1"``).

    Examples
    --------
    >>> from sklnn.metrics import adjusted_rand_score
    >>> adjusted_rand_score([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    >>> round(adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]), 4)
    0.5714
    """
    true_positives, false_positives, false_negatives, true_negatives = _pair_counts(
        labels_true, labels_pred
    )
    if false_negatives == 0 and false_positives == 0:
        return 1.0
    numerator = 2 * (true_positives * true_negatives - false_negatives * false_positives)
    denominator = (true_positives + false_negatives) * (false_negatives + true_negatives) + (
        true_positives + false_positives
    ) * (false_positives + true_negatives)
    return numerator / denominator


def _pair_counts(labels_true, labels_pred):
    """Pairs of samples counted by how two partitions treat them, as Python ints.

    From the contingency table ``n_ij`` (samples in class i and cluster j), with class
    sizes ``a_i`` and cluster sizes ``b_j`` (course textbook, §4.4.3, Eqs. 4.19-4.26):
    ``TP = Σ C(n_ij, 2)``, ``FP = Σ C(b_j, 2) − TP``, ``FN = Σ C(a_i, 2) − TP`` and
    ``TN = C(n, 2) − TP − FP − FN``, where ``C(m, 2) = m(m−1)/2``.

    Returns
    -------
    true_positives, false_positives, false_negatives, true_negatives : int
        Pairs together in both partitions; together only in ``labels_pred``; together
        only in ``labels_true``; apart in both.
    """
    labels_true, labels_pred = _check_clusterings(labels_true, labels_pred)
    _, class_index, class_sizes = np.unique(
        labels_true, return_inverse=True, return_counts=True
    )
    _, cluster_index, cluster_sizes = np.unique(
        labels_pred, return_inverse=True, return_counts=True
    )
    # The non-empty cells of the contingency table (it can be far too large to store).
    cell = class_index.astype(np.int64) * cluster_sizes.shape[0] + cluster_index
    _, cell_sizes = np.unique(cell, return_counts=True)

    true_positives = _count_pairs(cell_sizes)
    false_positives = _count_pairs(cluster_sizes) - true_positives
    false_negatives = _count_pairs(class_sizes) - true_positives
    n_samples = labels_true.shape[0]
    true_negatives = n_samples * (n_samples - 1) // 2 - (
        true_positives + false_positives + false_negatives
    )
    return true_positives, false_positives, false_negatives, true_negatives


def _count_pairs(group_sizes):
    """``Σ C(m, 2)`` over the group sizes ``m``: the pairs inside the groups, as an int."""
    group_sizes = group_sizes.astype(np.int64)
    return int(np.sum(group_sizes * (group_sizes - 1) // 2))


def _check_clusterings(labels_true, labels_pred):
    """Both label arrays 1-D, of equal length, finite, of one kind; warn if they look
    continuous."""
    labels = []
    for name, y in (("labels_true", labels_true), ("labels_pred", labels_pred)):
        check_label_kinds(y, name)
        y = check_array(y, ensure_2d=False, ensure_min_samples=0, dtype=None, input_name=name)
        if y.ndim != 1:
            raise ValueError(f"{name} must be 1D: shape is {y.shape}.")
        if y.size and type_of_target(y, input_name=name) == "continuous":
            warnings.warn(
                f"Clustering metrics expect discrete values but {name} looks continuous.",
                UserWarning,
                stacklevel=5,  # past validate_params's wrapper
            )
        labels.append(y)
    check_consistent_length(labels_true=labels[0], labels_pred=labels[1])
    return labels

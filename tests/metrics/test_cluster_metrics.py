"""Rand index and adjusted Rand index: the textbook's example, parity with sklearn, errors."""

from fractions import Fraction

import numpy as np
import pytest
import sklearn.metrics

from sklnn.metrics import adjusted_rand_score, rand_score
from sklnn.metrics._cluster import _pair_counts

# Course textbook, §4.4.3, Figure 4.17: 17 points of three colours, 8 blue, 5 green and
# 4 yellow, grouped by a model into three clusters of 6, 6 and 5 points. The pairs inside
# a colour that stay inside a cluster are C(5,2) + C(4,2) + C(3,2) + C(2,2) (Eq. 4.23):
# cluster 1 holds 5 blue and 1 green, cluster 2 holds 1 blue, 4 green and 1 yellow, and
# cluster 3 holds 2 blue and 3 yellow.
TEXTBOOK_COLOURS = ["blue"] * 8 + ["green"] * 5 + ["yellow"] * 4
TEXTBOOK_CLUSTERS = [1, 1, 1, 1, 1, 2, 3, 3] + [1, 2, 2, 2, 2] + [2, 3, 3, 3]


def test_textbook_example_pair_counts():
    """Table 4.1: TP = 20, FN = 24, TN = 72, FP = 20 over C(17, 2) = 136 pairs."""
    true_positives, false_positives, false_negatives, true_negatives = _pair_counts(
        TEXTBOOK_COLOURS, TEXTBOOK_CLUSTERS
    )
    assert (true_positives, false_negatives, true_negatives, false_positives) == (20, 24, 72, 20)
    assert true_positives + false_negatives == 44  # positive pairs, Eqs. 4.20-4.22
    assert true_positives + false_positives == 40  # pairs inferred together, Eq. 4.26


def test_textbook_rand_index_is_92_over_136():
    """Eq. 4.27: R = (20 + 72) / (20 + 24 + 72 + 20) = 92/136 ≈ 0.68."""
    score = rand_score(TEXTBOOK_COLOURS, TEXTBOOK_CLUSTERS)
    assert score == 92 / 136
    assert Fraction(score).limit_denominator(1000) == Fraction(92, 136)
    assert round(score, 2) == 0.68
    assert score == sklearn.metrics.rand_score(TEXTBOOK_COLOURS, TEXTBOOK_CLUSTERS)


def test_textbook_example_adjusted_rand_index():
    # ARI = 2 (TP·TN − FN·FP) / ((TP + FN)(FN + TN) + (TP + FP)(FP + TN)) with Table 4.1.
    expected = 2 * (20 * 72 - 24 * 20) / ((20 + 24) * (24 + 72) + (20 + 20) * (20 + 72))
    assert adjusted_rand_score(TEXTBOOK_COLOURS, TEXTBOOK_CLUSTERS) == expected


def random_partitions(seed):
    rng = np.random.default_rng(seed)
    n_samples = int(rng.integers(2, 300))
    n_true, n_pred = rng.integers(1, n_samples + 1, size=2)
    return rng, rng.integers(0, n_true, n_samples), rng.integers(0, n_pred, n_samples)


@pytest.mark.parametrize("metric", [rand_score, adjusted_rand_score], ids=lambda m: m.__name__)
@pytest.mark.parametrize("seed", range(10))
def test_equal_to_sklearn(metric, seed):
    rng, labels_true, labels_pred = random_partitions(seed)
    reference = getattr(sklearn.metrics, metric.__name__)
    assert metric(labels_true, labels_pred) == pytest.approx(
        reference(labels_true, labels_pred), rel=1e-12, abs=1e-15
    )
    # Any label type, and renaming the clusters changes nothing.
    names = np.array([f"cluster-{i}" for i in rng.permutation(labels_pred.max() + 1)])
    assert metric(labels_true, names[labels_pred]) == metric(labels_true, labels_pred)
    # A partition against itself, under other names, is a perfect match.
    assert metric(labels_true, np.char.add("c", labels_true.astype(str))) == 1.0


@pytest.mark.parametrize("metric", [rand_score, adjusted_rand_score], ids=lambda m: m.__name__)
def test_limit_cases_like_sklearn(metric):
    reference = getattr(sklearn.metrics, metric.__name__)
    for labels_true, labels_pred in [
        ([], []),
        ([0], [3]),
        ([0, 0, 0], [1, 1, 1]),
        ([0, 1, 2], [5, 6, 7]),
        ([0, 0, 0], [0, 1, 2]),
        ([0, 0, 1, 1], [0, 1, 0, 1]),
    ]:
        assert metric(labels_true, labels_pred) == reference(labels_true, labels_pred)


def test_many_distinct_labels_without_a_dense_contingency_table():
    # 50 000 singleton classes and clusters: a dense table would hold 2.5e9 cells.
    labels = np.arange(50_000)
    assert rand_score(labels, labels[::-1]) == 1.0
    assert adjusted_rand_score(labels, labels // 2) == pytest.approx(
        sklearn.metrics.adjusted_rand_score(labels, labels // 2), rel=1e-12
    )


@pytest.mark.parametrize("metric", [rand_score, adjusted_rand_score], ids=lambda m: m.__name__)
def test_invalid_input(metric):
    with pytest.raises(ValueError, match="labels_true has 3, labels_pred has 2"):
        metric([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match=r"labels_true must be 1D: shape is \(2, 2\)"):
        metric([[0, 1], [1, 1]], [0, 1])
    with pytest.raises(ValueError, match="Input labels_pred contains NaN"):
        metric([0, 1], [0.0, np.nan])
    with pytest.warns(UserWarning, match="labels_pred looks continuous"):
        metric([0, 1, 1], [0.1, 0.2, 0.3])

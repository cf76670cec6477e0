"""Chapter 4 of the course textbook replayed through sklnn's public API: the Rand index
example (§4.4.3), one k-means iteration (§4.4.1) and DBSCAN's kinds of points (§4.4.2).

The textbook is ``shared/seeds/002_8afdf4385d37aa7d.txt`` (Spanish); "line" below is a
line of that file. Each test fails if sklnn stops giving the book's number.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sklnn.cluster import DBSCAN, KMeans
from sklnn.metrics import confusion_matrix, rand_score

# §4.4.3, Figure 4.17 (line 4061): 17 points, 8 blue, 5 green and 4 yellow, put by a model
# into three clusters of 6, 6 and 5 points (Eq. 4.25). The figure itself is not in the
# text; this is the one layout the counts allow with the pairs of Eq. 4.23,
# C(5,2) + C(4,2) + C(3,2) + C(2,2): cluster 1 = 5 blue + 1 green, cluster 2 = 1 blue +
# 4 green + 1 yellow, cluster 3 = 2 blue + 3 yellow.
COLOURS = ["blue"] * 8 + ["green"] * 5 + ["yellow"] * 4
CLUSTERS = [1, 1, 1, 1, 1, 2, 3, 3] + [1, 2, 2, 2, 2] + [2, 3, 3, 3]


def _pairs(counts):
    """Number of pairs among groups of the given sizes, Σ C(n, 2)."""
    counts = np.asarray(counts)
    return int((counts * (counts - 1) // 2).sum())


def test_rand_index_example_is_92_over_136():
    # §4.4.3, Eq. 4.27 (lines 4215-4218): R = (20 + 72) / (20 + 24 + 72 + 20) = 92/136.
    # Eq. 4.18 (line 4058) prints the denominator as "TP + TF + FN + FP": "TF" is a typo
    # for TN, as Eq. 4.27 and Table 4.1 show.
    assert rand_score(COLOURS, CLUSTERS) == 92 / 136
    assert round(rand_score(COLOURS, CLUSTERS), 2) == 0.68


def test_rand_index_example_pair_counts():
    # Table 4.1 (line 4210): TP = 20, FN = 24, TN = 72, FP = 20, read off the public
    # contingency table: 136 pairs (Eq. 4.19), 44 positive (Eqs. 4.20-4.22), TP by
    # Eq. 4.24, pairs inferred together PI = 40 (Eq. 4.26).
    table = confusion_matrix(COLOURS, [str(cluster) for cluster in CLUSTERS],
                             labels=["blue", "green", "yellow", "1", "2", "3"])[:3, 3:]
    n_pairs = _pairs([table.sum()])
    positives = _pairs(table.sum(axis=1))
    true_positives = _pairs(table.ravel())
    inferred_together = _pairs(table.sum(axis=0))
    false_negatives = positives - true_positives
    false_positives = inferred_together - true_positives
    true_negatives = n_pairs - positives - false_positives
    assert (n_pairs, positives, inferred_together) == (136, 44, 40)
    assert (true_positives, false_negatives, true_negatives, false_positives) == (20, 24, 72, 20)


# §4.4.1 gives Eqs. 4.15-4.17 and Algorithm 3 but no numbers: this example is worked by
# hand. Six points on a line, the initial centres 0 and 1.
LINE = np.array([[0.0], [1.0], [2.0], [10.0], [11.0], [12.0]])
START = np.array([[0.0], [1.0]])


def test_kmeans_one_iteration_is_eqs_4_15_and_4_16():
    # Eq. 4.15 (line 3833), assignment: 0 goes to the centre 0, all the others to 1.
    # Eq. 4.16 (line 3844), re-estimation: μ = [0, (1 + 2 + 10 + 11 + 12) / 5] = [0, 7.2].
    # sklnn then assigns the samples to the new centres, so that labels_ match them: 1 and
    # 2 move to the centre 0.
    model = KMeans(n_clusters=2, init=START, n_init=1, max_iter=1).fit(LINE)
    assert model.n_iter_ == 1
    assert_allclose(model.cluster_centers_, [[0.0], [7.2]], rtol=1e-12)
    assert_array_equal(model.labels_, [0, 0, 0, 1, 1, 1])


def test_kmeans_objective_is_eq_4_17():
    # Eq. 4.17 (line 3855): J = Σ ||x_i − μ_center(x_i)||². After one iteration
    # J = 0² + 1² + 2² + 2.8² + 3.8² + 4.8² = 50.32; after the second the centres are
    # [1, 11] and J = 1 + 0 + 1 + 1 + 0 + 1 = 4, where k-means stops (line 3845).
    one = KMeans(n_clusters=2, init=START, n_init=1, max_iter=1).fit(LINE)
    assert one.inertia_ == pytest.approx(50.32, rel=1e-12)
    converged = KMeans(n_clusters=2, init=START, n_init=1).fit(LINE)
    assert_allclose(converged.cluster_centers_, [[1.0], [11.0]], rtol=1e-12)
    assert converged.inertia_ == pytest.approx(4.0, rel=1e-12)
    assert converged.score(LINE) == pytest.approx(-4.0, rel=1e-12)


# §4.4.2, Figure 4.15 (lines 3955-3957, 4019): minPts = 4; N is an outlier, A a core
# point, B and C border points. The figure has no coordinates; these reproduce it with
# eps = 1.5: A and its three companions form a unit square, B leans on two of them, C on A.
A, B, C, N = 0, 4, 5, 6
FIGURE_4_15 = np.array([
    [0.0, 0.0],   # A: 4 neighbours besides itself (the square and C)
    [1.0, 0.0],
    [0.0, 1.0],
    [1.0, 1.0],
    [2.2, 0.5],   # B: 2 neighbours, both core points
    [-1.2, -0.6],  # C: 1 neighbour, A
    [5.0, 5.0],   # N: no neighbour
])


def test_dbscan_core_border_and_noise_of_figure_4_15():
    model = DBSCAN(eps=1.5, min_samples=4).fit(FIGURE_4_15)
    assert_array_equal(model.core_sample_indices_, [A, 1, 2, 3])
    assert_array_equal(model.labels_, [0, 0, 0, 0, 0, 0, -1])
    assert B not in model.core_sample_indices_ and model.labels_[B] == 0  # border
    assert C not in model.core_sample_indices_ and model.labels_[C] == 0  # border
    assert model.labels_[N] == -1  # outlier


def test_dbscan_neighbourhood_counts_the_point_itself():
    # The book is ambiguous here: "core point si existe al menos minPts puntos en su
    # vecindad" (line 3946) but "A es core point dado que su vecindad tiene 4 vecinos"
    # (line 3956) counts neighbours. sklnn, like scikit-learn and Ester et al. (1996),
    # counts the point itself: the point [0, 1] has 3 neighbours and is a core point with
    # minPts = 4, and A (4 neighbours) is one with minPts = 5 but not 6.
    assert 2 in DBSCAN(eps=1.5, min_samples=4).fit(FIGURE_4_15).core_sample_indices_
    assert A in DBSCAN(eps=1.5, min_samples=5).fit(FIGURE_4_15).core_sample_indices_
    assert A not in DBSCAN(eps=1.5, min_samples=6).fit(FIGURE_4_15).core_sample_indices_

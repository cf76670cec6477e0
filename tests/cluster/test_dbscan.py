"""Tests for sklnn.cluster.DBSCAN: textbook semantics, parity with scikit-learn, errors."""

import math

import numpy as np
import pytest
from sklearn import cluster as sk_cluster
from sklearn.datasets import make_blobs, make_moons
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

from sklnn.cluster import DBSCAN, _distances

DATASETS = {
    "moons": make_moons(n_samples=400, noise=0.08, random_state=0)[0],
    "blobs": StandardScaler().fit_transform(
        make_blobs(n_samples=400, centers=4, cluster_std=[0.5, 1.0, 1.5, 2.0],
                   random_state=0)[0]
    ),
}
# (metric, extra parameters, several (eps, min_samples) settings)
PARITY_CASES = [
    ("euclidean", {}, [(0.08, 5), (0.1, 10), (0.15, 5)]),
    ("manhattan", {}, [(0.1, 5), (0.15, 10), (0.2, 5)]),
    ("chebyshev", {}, [(0.06, 5), (0.08, 10), (0.12, 5)]),
    ("minkowski", {"p": 3}, [(0.08, 5), (0.1, 10), (0.15, 5)]),
    ("cosine", {}, [(0.0003, 5), (0.001, 10), (0.003, 5)]),
]


@pytest.mark.parametrize("dataset", sorted(DATASETS))
@pytest.mark.parametrize(("metric", "params", "settings"), PARITY_CASES)
def test_same_clusters_as_sklearn(dataset, metric, params, settings):
    X = DATASETS[dataset]
    for eps, min_samples in settings:
        ours = DBSCAN(eps=eps, min_samples=min_samples, metric=metric, **params).fit(X)
        theirs = sk_cluster.DBSCAN(eps=eps, min_samples=min_samples, metric=metric, **params)
        theirs.fit(X)
        assert adjusted_rand_score(theirs.labels_, ours.labels_) == 1.0
        # Stronger: the same numbering, the same noise and the same core points.
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)
        np.testing.assert_array_equal(ours.core_sample_indices_, theirs.core_sample_indices_)
        np.testing.assert_array_equal(ours.components_, theirs.components_)


@pytest.mark.parametrize("dataset", sorted(DATASETS))
@pytest.mark.parametrize(("metric", "params", "settings"), PARITY_CASES)
def test_parity_data_has_clusters_border_points_and_noise(dataset, metric, params, settings):
    # Guards the parity test against trivial cases (all noise, or a single cluster).
    fits = [DBSCAN(eps=eps, min_samples=min_samples, metric=metric, **params).fit(
        DATASETS[dataset]) for eps, min_samples in settings]
    assert max(fit.labels_.max() for fit in fits) >= 2
    assert any(np.any(fit.labels_ == -1) for fit in fits)
    n_border = [np.sum(fit.labels_ >= 0) - fit.core_sample_indices_.size for fit in fits]
    assert all(count > 0 for count in n_border)


def test_core_border_and_outlier_points():
    # Figure 4.15 of the textbook with minPts = 4: A has 4 points in its neighbourhood
    # (itself, B, C and D), so it is a core point; B, C and D have fewer but are
    # reachable from A, so they are border points; N has no neighbour: an outlier.
    A, B, C, D, N = [0.0, 0.0], [0.9, 0.0], [-0.9, 0.0], [0.0, 0.9], [5.0, 5.0]
    dbscan = DBSCAN(eps=1.0, min_samples=4).fit([A, B, C, D, N])
    assert dbscan.core_sample_indices_.tolist() == [0]
    assert dbscan.labels_.tolist() == [0, 0, 0, 0, -1]
    assert dbscan.components_.tolist() == [A]
    # The point itself counts: with minPts = 5 nobody is a core point, all are noise.
    dbscan = DBSCAN(eps=1.0, min_samples=5).fit([A, B, C, D, N])
    assert dbscan.core_sample_indices_.size == 0
    assert dbscan.labels_.tolist() == [-1] * 5
    assert dbscan.components_.shape == (0, 2)


def test_distance_equal_to_eps_is_a_neighbour():
    dbscan = DBSCAN(eps=1.0, min_samples=2).fit([[0.0, 0.0], [1.0, 0.0]])
    assert dbscan.labels_.tolist() == [0, 0]


def test_clusters_follow_chains_of_core_points():
    # A curved chain is one cluster: each core point reaches the next one.
    angles = np.linspace(0, 1.5 * np.pi, 60)
    arc = np.column_stack([np.cos(angles), np.sin(angles)]) * 5
    step = np.linalg.norm(arc[1] - arc[0])
    far_point = [[20.0, 20.0]]
    labels = DBSCAN(eps=1.1 * step, min_samples=3).fit_predict(np.vstack([arc, far_point]))
    assert labels.tolist() == [0] * 60 + [-1]


def test_border_point_between_two_clusters_joins_the_first_cluster():
    # Two dense groups and a point at distance 1 from the edge of each: a border point of
    # both. Like scikit-learn, it joins the cluster numbered first (the one found first).
    left = [[-1.0 - dx, dy] for dx in (0.0, 0.1) for dy in (0.0, 0.1)]
    right = [[1.0 + dx, dy] for dx in (0.0, 0.1) for dy in (0.0, 0.1)]
    for X in (np.array(left + right + [[0.0, 0.0]]), np.array(right + left + [[0.0, 0.0]])):
        ours = DBSCAN(eps=1.0, min_samples=4).fit(X)
        assert ours.labels_.tolist() == [0] * 4 + [1] * 4 + [0]
        theirs = sk_cluster.DBSCAN(eps=1.0, min_samples=4).fit(X)
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)


def test_clusters_are_numbered_in_order_of_first_appearance():
    X = DATASETS["blobs"]
    labels = DBSCAN(eps=0.2, min_samples=5).fit_predict(X)
    clustered = labels[labels >= 0]
    _, first_index = np.unique(clustered, return_index=True)
    assert np.all(np.diff(first_index) > 0)


def test_metrics_differ_as_the_textbook_says():
    # Two points at (0, 0) and (0.4, 0.4): Chebyshev distance 0.4 (Eq. 4.4), Euclidean
    # 0.566 (Eq. 4.3), Manhattan 0.8 (Eq. 4.2). With eps = 0.5, only Chebyshev links them.
    X = [[0.0, 0.0], [0.4, 0.4]]
    expected = {"chebyshev": [0, 0], "euclidean": [-1, -1], "manhattan": [-1, -1]}
    for metric, labels in expected.items():
        assert DBSCAN(eps=0.5, min_samples=2, metric=metric).fit_predict(X).tolist() == labels
    assert DBSCAN(eps=0.6, min_samples=2).fit_predict(X).tolist() == [0, 0]


@pytest.mark.parametrize(("metric", "p"), [("manhattan", 1), ("euclidean", 2),
                                           ("chebyshev", math.inf)])
def test_minkowski_generalizes_the_named_metrics(metric, p):
    X = DATASETS["moons"]
    named = DBSCAN(eps=0.15, min_samples=4, metric=metric).fit(X)
    minkowski = DBSCAN(eps=0.15, min_samples=4, metric="minkowski", p=p).fit(X)
    np.testing.assert_array_equal(named.labels_, minkowski.labels_)


def test_cosine_distance_ignores_the_magnitude():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    scaled = X * rng.uniform(0.1, 10.0, size=(200, 1))
    labels = DBSCAN(eps=0.05, min_samples=4, metric="cosine").fit_predict(X)
    assert labels.max() >= 1
    np.testing.assert_array_equal(
        DBSCAN(eps=0.05, min_samples=4, metric="cosine").fit_predict(scaled), labels
    )


@pytest.mark.parametrize("metric", ["euclidean", "cosine"])
def test_float32_gives_the_same_clusters(metric):
    X = DATASETS["moons"]
    eps = 0.2 if metric == "euclidean" else 0.01
    dbscan32 = DBSCAN(eps=eps, metric=metric).fit(X.astype(np.float32))
    dbscan64 = DBSCAN(eps=eps, metric=metric).fit(X)
    assert dbscan32.components_.dtype == np.float32
    assert adjusted_rand_score(dbscan64.labels_, dbscan32.labels_) == 1.0


def test_chunked_cosine_matches_one_chunk(monkeypatch):
    X = DATASETS["blobs"]
    whole = DBSCAN(eps=0.01, metric="cosine").fit(X)
    monkeypatch.setattr(_distances, "BRUTE_FORCE_WORKING_MEMORY_BYTES", 1)
    monkeypatch.setattr(_distances, "MIN_CHUNK_ROWS", 37)  # 11 chunks, the last partial
    chunked = DBSCAN(eps=0.01, metric="cosine").fit(X)
    np.testing.assert_array_equal(chunked.labels_, whole.labels_)


@pytest.mark.parametrize(("metric", "eps"), [("euclidean", 0.1), ("chebyshev", 0.08)])
def test_kdtree_chunks_match_one_chunk(monkeypatch, metric, eps):
    # A working memory of about 40 pairs: chunks of a few samples, some halved because
    # their estimated pairs do not fit; the clusters are those of scikit-learn still.
    X = DATASETS["blobs"]
    monkeypatch.setattr(_distances, "NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES",
                        40 * _distances.PAIR_NBYTES)
    chunked = DBSCAN(eps=eps, metric=metric).fit(X)
    theirs = sk_cluster.DBSCAN(eps=eps, metric=metric).fit(X)
    np.testing.assert_array_equal(chunked.labels_, theirs.labels_)
    np.testing.assert_array_equal(chunked.core_sample_indices_, theirs.core_sample_indices_)


def test_neighbour_pairs_come_in_bounded_chunks(monkeypatch):
    X = DATASETS["moons"]
    monkeypatch.setattr(_distances, "NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES",
                        500 * _distances.PAIR_NBYTES)
    # Each chunk's pairs (its samples' whole neighbourhoods) stay near the budget of 500,
    # which is met on an estimate from a sample of the data.
    chunks = list(_distances._kdtree_neighbor_chunks(X, 0.1, 2))
    assert len(chunks) > 5
    assert max(chunk_first.size for _, chunk_first, _ in chunks) <= 600
    np.testing.assert_array_equal(np.sort(np.concatenate([c[0] for c in chunks])),
                                  np.arange(len(X)))

    n_neighbors, pair_chunks = _distances.radius_neighborhoods(X, 0.1, "euclidean")
    # Each unordered pair once, first < second; with the samples themselves, they add up
    # to the neighbourhood sizes.
    first = np.concatenate([chunk[0] for chunk in pair_chunks])
    second = np.concatenate([chunk[1] for chunk in pair_chunks])
    assert np.all(first < second)
    assert np.unique(first * len(X) + second).size == first.size
    counts = 1 + np.bincount(first, minlength=len(X)) + np.bincount(second, minlength=len(X))
    np.testing.assert_array_equal(counts, n_neighbors)


def test_same_data_same_result_and_input_not_modified():
    X = DATASETS["moons"].copy()
    X_before = X.copy()
    first = DBSCAN(eps=0.2).fit_predict(X)
    second = DBSCAN(eps=0.2).fit_predict(X)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(X, X_before)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"eps": 0.0}, "eps == 0.0, must be > 0"),
        ({"eps": -1}, "eps == -1, must be > 0"),
        ({"min_samples": 0}, "min_samples == 0, must be >= 1"),
        ({"min_samples": 2.5}, "min_samples must be an instance of"),
        ({"metric": "hamming"}, "Invalid value for 'metric': 'hamming'. Allowed values are "
                                "'manhattan', 'euclidean', 'chebyshev', 'minkowski', 'cosine'"),
        ({"metric": "minkowski", "p": 0.5}, "p == 0.5, must be >= 1"),
    ],
)
def test_invalid_hyperparameters(params, message):
    with pytest.raises((ValueError, TypeError), match=message):
        DBSCAN(**params).fit(DATASETS["moons"])


@pytest.mark.parametrize(
    ("X", "message"),
    [
        ([[0.0, np.nan], [1.0, 2.0]], "Input X contains NaN"),
        ([[0.0, np.inf], [1.0, 2.0]], "Input X contains infinity"),
        (np.empty((0, 2)), "0 sample"),
        ([0.0, 1.0, 2.0], "Expected 2D array, got 1D array"),
    ],
)
def test_invalid_input(X, message):
    with pytest.raises(ValueError, match=message):
        DBSCAN().fit(X)

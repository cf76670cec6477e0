"""Tests for sklnn.cluster.KMeans: textbook semantics, parity with scikit-learn, errors."""

import numpy as np
import pytest
from sklearn import cluster as sk_cluster
from sklearn.datasets import load_digits, make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.preprocessing import StandardScaler

from sklnn.cluster import KMeans, _distances


@pytest.fixture(scope="module")
def blobs():
    X, y = make_blobs(n_samples=600, n_features=5, centers=5, random_state=0)
    return X, y


@pytest.fixture(scope="module")
def scaled_digits():
    return StandardScaler().fit_transform(load_digits().data)


def naive_inertia(X, centers, labels):
    """The textbook's objective J (Eq. 4.17), written out literally."""
    return sum(np.sum((x - centers[label]) ** 2) for x, label in zip(X, labels))


@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_inertia_parity_on_blobs(blobs, init):
    X, y = blobs
    ours = KMeans(n_clusters=5, init=init, n_init=3, random_state=0).fit(X)
    theirs = sk_cluster.KMeans(n_clusters=5, init=init, n_init=3, random_state=0).fit(X)
    assert ours.inertia_ <= 1.01 * theirs.inertia_
    assert adjusted_rand_score(y, ours.labels_) == pytest.approx(1.0)


@pytest.mark.parametrize("init", ["k-means++", "random"])
@pytest.mark.parametrize("seed", [0, 1])
def test_inertia_parity_on_scaled_digits(scaled_digits, init, seed):
    ours = KMeans(n_clusters=10, init=init, n_init=10, random_state=seed).fit(scaled_digits)
    theirs = sk_cluster.KMeans(n_clusters=10, init=init, n_init=10, random_state=seed)
    theirs.fit(scaled_digits)
    assert ours.inertia_ <= 1.01 * theirs.inertia_


def test_same_initial_centers_give_sklearns_result(scaled_digits):
    init = scaled_digits[:10]
    ours = KMeans(n_clusters=10, init=init).fit(scaled_digits)
    theirs = sk_cluster.KMeans(n_clusters=10, init=init, n_init=1).fit(scaled_digits)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, atol=1e-10)
    assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=1e-10)
    assert ours.n_iter_ == theirs.n_iter_


def test_fitted_attributes_follow_the_textbook(blobs):
    X, _ = blobs
    kmeans = KMeans(n_clusters=4, random_state=0).fit(X)
    centers, labels = kmeans.cluster_centers_, kmeans.labels_
    assert centers.shape == (4, X.shape[1])
    assert kmeans.n_features_in_ == X.shape[1]
    assert 1 <= kmeans.n_iter_ <= kmeans.max_iter
    # Eq. 4.15: every sample is assigned to its closest centre.
    np.testing.assert_array_equal(labels, euclidean_distances(X, centers).argmin(axis=1))
    # Eq. 4.16: at convergence every centre is the mean of its samples.
    for j in range(4):
        np.testing.assert_allclose(centers[j], X[labels == j].mean(axis=0), atol=1e-8)
    # Eq. 4.17: inertia_ is J.
    assert kmeans.inertia_ == pytest.approx(naive_inertia(X, centers, labels), rel=1e-10)


def test_lloyd_iterations_never_increase_the_objective(scaled_digits):
    inertias = [
        KMeans(n_clusters=10, init="random", n_init=1, max_iter=max_iter, random_state=3)
        .fit(scaled_digits)
        .inertia_
        for max_iter in range(1, 8)
    ]
    assert np.all(np.diff(inertias) <= 1e-9 * inertias[0])
    assert inertias[-1] < inertias[0]


def test_more_restarts_never_worsen_the_objective(scaled_digits):
    # The runs of n_init=5 are the first five of n_init=10 (same random_state stream).
    few = KMeans(n_clusters=10, init="random", n_init=5, random_state=0).fit(scaled_digits)
    many = KMeans(n_clusters=10, init="random", n_init=10, random_state=0).fit(scaled_digits)
    assert many.inertia_ <= few.inertia_


def test_predict_transform_score_are_consistent(blobs):
    X, _ = blobs
    kmeans = KMeans(n_clusters=5, random_state=0).fit(X[:400])
    X_new = X[400:]
    distances = kmeans.transform(X_new)
    np.testing.assert_allclose(
        distances, euclidean_distances(X_new, kmeans.cluster_centers_), rtol=1e-10
    )
    labels = kmeans.predict(X_new)
    np.testing.assert_array_equal(labels, distances.argmin(axis=1))
    expected_score = -naive_inertia(X_new, kmeans.cluster_centers_, labels)
    assert kmeans.score(X_new) == pytest.approx(expected_score, rel=1e-10)
    np.testing.assert_array_equal(kmeans.predict(X[:400]), kmeans.labels_)
    assert kmeans.score(X[:400]) == pytest.approx(-kmeans.inertia_, rel=1e-10)
    np.testing.assert_array_equal(kmeans.fit_predict(X[:400]), kmeans.labels_)
    np.testing.assert_allclose(kmeans.fit_transform(X[:400]), kmeans.transform(X[:400]))


def test_feature_names_out(blobs):
    X, _ = blobs
    kmeans = KMeans(n_clusters=3, random_state=0).fit(X)
    assert kmeans.get_feature_names_out().tolist() == ["kmeans0", "kmeans1", "kmeans2"]


def test_same_random_state_same_result(scaled_digits):
    first = KMeans(n_clusters=8, init="random", n_init=2, random_state=7).fit(scaled_digits)
    second = KMeans(n_clusters=8, init="random", n_init=2, random_state=7).fit(scaled_digits)
    np.testing.assert_array_equal(first.labels_, second.labels_)
    np.testing.assert_array_equal(first.cluster_centers_, second.cluster_centers_)
    assert first.inertia_ == second.inertia_


def test_float32_stays_float32(scaled_digits):
    X32 = scaled_digits.astype(np.float32)
    kmeans32 = KMeans(n_clusters=10, random_state=0).fit(X32)
    kmeans64 = KMeans(n_clusters=10, random_state=0).fit(scaled_digits)
    assert kmeans32.cluster_centers_.dtype == np.float32
    assert kmeans32.transform(X32).dtype == np.float32
    assert kmeans32.inertia_ == pytest.approx(kmeans64.inertia_, rel=1e-3)


def test_input_is_not_modified(blobs):
    X = blobs[0].copy()
    X_before = X.copy()
    kmeans = KMeans(n_clusters=3, random_state=0).fit(X)
    kmeans.predict(X)
    kmeans.transform(X)
    kmeans.score(X)
    np.testing.assert_array_equal(X, X_before)


def test_chunked_computation_matches_one_chunk(blobs, monkeypatch):
    X, _ = blobs
    whole = KMeans(n_clusters=5, random_state=0).fit(X)
    monkeypatch.setattr(_distances, "WORKING_MEMORY_BYTES", 1)
    monkeypatch.setattr(_distances, "MIN_CHUNK_ROWS", 37)  # 17 chunks, the last partial
    chunked = KMeans(n_clusters=5, random_state=0).fit(X)
    np.testing.assert_array_equal(chunked.labels_, whole.labels_)
    np.testing.assert_allclose(chunked.cluster_centers_, whole.cluster_centers_)
    np.testing.assert_allclose(chunked.transform(X), whole.transform(X))


def test_empty_cluster_is_moved_to_the_farthest_sample():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0], [30.0, 0.0]])
    # The third centre starts far from every sample, so its cluster is empty at first.
    init = np.array([[0.0, 0.5], [10.0, 0.5], [1000.0, 1000.0]])
    kmeans = KMeans(n_clusters=3, init=init).fit(X)
    assert sorted(np.bincount(kmeans.labels_).tolist()) == [1, 2, 2]
    assert [30.0, 0.0] in kmeans.cluster_centers_.tolist()
    assert kmeans.inertia_ == pytest.approx(1.0)


def test_fewer_distinct_points_than_clusters_warns():
    X = np.repeat([[0.0, 0.0], [1.0, 1.0]], 5, axis=0)
    with pytest.warns(ConvergenceWarning, match=r"distinct clusters \(2\).*n_clusters \(3\)"):
        KMeans(n_clusters=3, random_state=0).fit(X)


def test_explicit_init_with_several_runs_warns(blobs):
    X, _ = blobs
    with pytest.warns(RuntimeWarning, match="single run is made instead of n_init=5"):
        KMeans(n_clusters=2, init=X[:2], n_init=5).fit(X)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"n_clusters": 0}, "n_clusters == 0, must be >= 1"),
        ({"n_clusters": 2.5}, "n_clusters must be an instance of"),
        ({"init": "kmeans"}, "Invalid value for 'init': 'kmeans'. Allowed values are "
                             "'k-means\\+\\+', 'random'"),
        ({"init": np.zeros((3, 2))}, r"shape \(3, 2\), but should have shape .* = \(2, 2\)"),
        ({"n_init": 0}, "n_init == 0, must be >= 1"),
        ({"n_init": "always"}, "Invalid value for 'n_init': 'always'. Allowed values are "
                               "'auto' or an int >= 1"),
        ({"n_init": 2.0}, "n_init must be an instance of"),
        ({"max_iter": 0}, "max_iter == 0, must be >= 1"),
        ({"tol": -1.0}, "tol == -1.0, must be >= 0"),
    ],
)
def test_invalid_hyperparameters(params, message):
    X = np.random.default_rng(0).normal(size=(20, 2))
    params = {"n_clusters": 2, **params}
    with pytest.raises((ValueError, TypeError), match=message):
        KMeans(**params).fit(X)


def test_more_clusters_than_samples():
    with pytest.raises(ValueError, match="n_samples=3 should be >= n_clusters=5"):
        KMeans(n_clusters=5).fit(np.arange(6.0).reshape(3, 2))


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
        KMeans(n_clusters=1).fit(X)


@pytest.mark.parametrize("method", ["predict", "transform", "score"])
def test_wrong_number_of_features_after_fit(blobs, method):
    X, _ = blobs
    kmeans = KMeans(n_clusters=2, random_state=0).fit(X)
    with pytest.raises(ValueError, match="X has 3 features, but KMeans is expecting 5"):
        getattr(kmeans, method)(X[:, :3])

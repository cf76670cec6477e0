"""Tests for sklnn.cluster.KMeans: textbook semantics, Elkan's algorithm, sample weights,
sparse input, parity with scikit-learn, errors."""

import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import cluster as sk_cluster
from sklearn import config_context
from sklearn.datasets import load_digits, load_iris, make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.model_selection import GridSearchCV, KFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklnn.cluster import KMeans, _canonical_rows, _distances
from sklnn.cluster._canonical_rows import CanonicalRows

ALGORITHMS = ["lloyd", "elkan"]


@pytest.fixture(scope="module")
def blobs():
    X, y = make_blobs(n_samples=600, n_features=5, centers=5, random_state=0)
    return X, y


@pytest.fixture(scope="module")
def scaled_digits():
    return StandardScaler().fit_transform(load_digits().data)


def naive_inertia(X, centers, labels, sample_weight=None):
    """The textbook's objective J (Eq. 4.17), written out literally (weighted)."""
    if sample_weight is None:
        sample_weight = np.ones(len(X))
    return sum(
        w * np.sum((x - centers[label]) ** 2)
        for x, label, w in zip(X, labels, sample_weight)
    )


def assert_same_model(first, second, X, rtol=1e-7):
    """Same centres in the same order, so the same outputs on X."""
    np.testing.assert_allclose(first.cluster_centers_, second.cluster_centers_, rtol=rtol,
                               atol=1e-10)
    np.testing.assert_array_equal(first.predict(X), second.predict(X))
    np.testing.assert_allclose(first.transform(X), second.transform(X), rtol=rtol, atol=1e-10)
    assert first.inertia_ == pytest.approx(second.inertia_, rel=rtol)


# --- The textbook's algorithm, and parity with scikit-learn ------------------------------


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


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("weighted", [False, True])
def test_same_initial_centers_give_sklearns_result(scaled_digits, algorithm, weighted):
    init = scaled_digits[:10]
    sample_weight = np.random.default_rng(0).uniform(0.5, 2, len(scaled_digits)) if weighted \
        else None
    ours = KMeans(n_clusters=10, init=init, algorithm=algorithm)
    ours.fit(scaled_digits, sample_weight=sample_weight)
    theirs = sk_cluster.KMeans(n_clusters=10, init=init, n_init=1, algorithm=algorithm)
    theirs.fit(scaled_digits, sample_weight=sample_weight)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, atol=1e-10)
    assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=1e-10)
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.labels_.dtype == theirs.labels_.dtype == np.int32


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


def test_weighted_means_and_inertia():
    # Eq. 4.16 and 4.17 with weights, worked out by hand.
    X = np.array([[0.0, 0.0], [0.5, 0.0], [0.5, 1.0], [1.0, 1.0]])
    kmeans = KMeans(n_clusters=2, init=np.array([[0.0, 0.0], [1.0, 1.0]]))
    kmeans.fit(X, sample_weight=[3, 1, 1, 3])
    np.testing.assert_allclose(kmeans.cluster_centers_, [[0.125, 0.0], [0.875, 1.0]])
    assert kmeans.inertia_ == pytest.approx(0.375)
    assert kmeans.score(X, sample_weight=[3, 1, 1, 3]) == pytest.approx(-0.375)
    assert kmeans.score(X) == pytest.approx(-naive_inertia(
        X, kmeans.cluster_centers_, kmeans.labels_))


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
    assert labels.dtype == np.int32
    np.testing.assert_array_equal(labels, distances.argmin(axis=1))
    expected_score = -naive_inertia(X_new, kmeans.cluster_centers_, labels)
    assert kmeans.score(X_new) == pytest.approx(expected_score, rel=1e-10)
    np.testing.assert_array_equal(kmeans.predict(X[:400]), kmeans.labels_)
    assert kmeans.score(X[:400]) == pytest.approx(-kmeans.inertia_, rel=1e-10)
    np.testing.assert_array_equal(kmeans.fit_predict(X[:400]), kmeans.labels_)
    np.testing.assert_allclose(kmeans.fit_transform(X[:400]), kmeans.transform(X[:400]))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_centers_are_at_distance_zero_from_themselves(dtype):
    # Far from the origin, ||x||² - 2 x·μ + ||μ||² cancels: a centre used to be at
    # distance 8.4e-08 from itself.
    X, _ = make_blobs(n_samples=300, n_features=5, centers=4, random_state=42)
    X = (X + 1000).astype(dtype)
    kmeans = KMeans(n_clusters=4, random_state=42).fit(X)
    distances = kmeans.transform(kmeans.cluster_centers_)
    np.testing.assert_array_equal(np.diag(distances), 0)
    expected = euclidean_distances(kmeans.cluster_centers_.astype(np.float64))
    np.testing.assert_allclose(distances, expected, rtol=1e-4 if dtype == np.float32 else 1e-9)
    np.testing.assert_array_equal(kmeans.predict(kmeans.cluster_centers_), np.arange(4))


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


@pytest.mark.parametrize("copy_x", [True, False])
def test_input_is_not_modified(blobs, copy_x):
    X = blobs[0].copy()
    X_before = X.copy()
    sample_weight = np.ones(len(X))
    kmeans = KMeans(n_clusters=3, random_state=0, copy_x=copy_x)
    kmeans.fit(X, sample_weight=sample_weight)
    kmeans.predict(X)
    kmeans.transform(X)
    kmeans.score(X, sample_weight=sample_weight)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(sample_weight, 1)


def test_copy_x_false_fits_the_uncentred_data_alike(blobs):
    X = blobs[0] + 100
    centred = KMeans(n_clusters=5, random_state=0).fit(X)
    uncentred = KMeans(n_clusters=5, random_state=0, copy_x=False).fit(X)
    np.testing.assert_array_equal(uncentred.labels_, centred.labels_)
    np.testing.assert_allclose(uncentred.cluster_centers_, centred.cluster_centers_)


def test_chunked_computation_matches_one_chunk(blobs, monkeypatch):
    X, _ = blobs
    whole = KMeans(n_clusters=5, random_state=0).fit(X)
    monkeypatch.setattr(_distances, "WORKING_MEMORY_BYTES", 1)
    monkeypatch.setattr(_distances, "MIN_CHUNK_ROWS", 37)  # 17 chunks, the last partial
    chunked = KMeans(n_clusters=5, random_state=0).fit(X)
    np.testing.assert_array_equal(chunked.labels_, whole.labels_)
    np.testing.assert_allclose(chunked.cluster_centers_, whole.cluster_centers_)
    np.testing.assert_allclose(chunked.transform(X), whole.transform(X))


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_empty_cluster_is_moved_to_the_farthest_sample(algorithm):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0], [30.0, 0.0]])
    # The third centre starts far from every sample, so its cluster is empty at first.
    init = np.array([[0.0, 0.5], [10.0, 0.5], [1000.0, 1000.0]])
    kmeans = KMeans(n_clusters=3, init=init, algorithm=algorithm).fit(X)
    assert sorted(np.bincount(kmeans.labels_).tolist()) == [1, 2, 2]
    assert [30.0, 0.0] in kmeans.cluster_centers_.tolist()
    assert kmeans.inertia_ == pytest.approx(1.0)


def test_empty_cluster_takes_a_point_with_all_its_copies():
    # The farthest point, repeated, moves as a whole to the empty cluster; a point of
    # weight 0 is never taken.
    X = np.array([[0.0], [1.0], [9.0], [9.0], [50.0]])
    init = np.array([[0.5], [100.0]])
    kmeans = KMeans(n_clusters=2, init=init, max_iter=1)
    kmeans.fit(X, sample_weight=[1, 1, 1, 1, 0])
    np.testing.assert_allclose(kmeans.cluster_centers_, [[0.5], [9.0]])


def test_fewer_distinct_points_than_clusters_warns():
    X = np.repeat([[0.0, 0.0], [1.0, 1.0]], 5, axis=0)
    with pytest.warns(ConvergenceWarning, match=r"distinct clusters \(2\).*n_clusters \(3\)"):
        KMeans(n_clusters=3, random_state=0).fit(X)


def test_explicit_init_with_several_runs_warns(blobs):
    X, _ = blobs
    with pytest.warns(RuntimeWarning, match="performing only one init in KMeans instead of "
                                            "n_init=5"):
        KMeans(n_clusters=2, init=X[:2], n_init=5).fit(X)


def test_verbose_prints_as_sklearn(capsys):
    X = np.random.RandomState(0).normal(size=(500, 3))
    KMeans(n_clusters=3, init="random", n_init=1, random_state=0, verbose=1, tol=0).fit(X)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Initialization complete"
    assert all(line.startswith(f"Iteration {index}, inertia ")
               for index, line in enumerate(lines[1:-1]))
    assert lines[-1] == f"Converged at iteration {len(lines) - 3}: strict convergence."


# --- Elkan's algorithm -------------------------------------------------------------------


@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_elkan_gives_lloyds_result_with_fewer_distances(scaled_digits, init):
    n_samples, n_clusters = scaled_digits.shape[0], 10
    lloyd = KMeans(n_clusters, init=init, n_init=2, random_state=0).fit(scaled_digits)
    elkan = KMeans(n_clusters, init=init, n_init=2, random_state=0, algorithm="elkan")
    elkan.fit(scaled_digits)
    np.testing.assert_array_equal(elkan.labels_, lloyd.labels_)
    np.testing.assert_allclose(elkan.cluster_centers_, lloyd.cluster_centers_)
    assert elkan.inertia_ == pytest.approx(lloyd.inertia_)
    assert elkan.n_iter_ == lloyd.n_iter_
    # Lloyd: every sample against every centre, at each assignment (one per iteration,
    # and a last one unless the labels stopped changing).
    assert lloyd.n_distance_computations_ % (n_samples * n_clusters) == 0
    n_assignments = lloyd.n_distance_computations_ // (n_samples * n_clusters)
    assert n_assignments in (lloyd.n_iter_, lloyd.n_iter_ + 1)
    # Elkan: all of them once, then a fraction.
    assert n_samples * n_clusters < elkan.n_distance_computations_
    assert elkan.n_distance_computations_ < 0.4 * lloyd.n_distance_computations_


@pytest.mark.parametrize("container", [np.array, sp.csr_matrix])
def test_elkan_matches_lloyd_sweep_of_tolerances(container):
    X = np.random.RandomState(0).normal(size=(1000, 4))
    X[X < 0] = 0
    X = container(X)
    for tol in [1e-2, 1e-8, 0]:
        lloyd = KMeans(n_clusters=5, n_init=1, tol=tol, random_state=0).fit(X)
        elkan = KMeans(n_clusters=5, n_init=1, tol=tol, random_state=0, algorithm="elkan")
        elkan.fit(X)
        np.testing.assert_array_equal(elkan.labels_, lloyd.labels_)
        assert elkan.n_iter_ == lloyd.n_iter_


# --- Sample weights ----------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("init", ["k-means++", "random", "array"])
@pytest.mark.parametrize("container", [np.array, sp.csr_matrix])
def test_integer_weights_give_the_model_of_repeated_rows(blobs, algorithm, init, container):
    rng = np.random.RandomState(0)
    X = blobs[0][:150]
    sample_weight = rng.randint(0, 4, size=len(X))  # zeros: samples left out
    X_repeated = np.repeat(X, sample_weight, axis=0)
    shuffle = rng.permutation(len(X))
    n_init = 2
    if init == "array":
        init, n_init = X[sample_weight > 0][:5], 1
    params = dict(n_clusters=5, init=init, n_init=n_init, algorithm=algorithm, random_state=0)
    weighted = KMeans(**params).fit(container(X[shuffle]), sample_weight=sample_weight[shuffle])
    repeated = KMeans(**params).fit(container(X_repeated))
    assert_same_model(weighted, repeated, X)
    np.testing.assert_array_equal(np.repeat(weighted.labels_[np.argsort(shuffle)],
                                            sample_weight), repeated.labels_)


def test_weights_change_the_initial_centres(blobs):
    X = blobs[0]
    sample_weight = np.random.RandomState(0).uniform(size=len(X))
    sample_weight[::2] = 0
    for init in ["k-means++", "random"]:
        kmeans = KMeans(n_clusters=10, init=init, random_state=0)
        weighted = kmeans._init_centroids(X, (X**2).sum(axis=1), init,
                                          np.random.RandomState(0), sample_weight)
        unweighted = kmeans._init_centroids(X, (X**2).sum(axis=1), init,
                                            np.random.RandomState(0), np.ones(len(X)))
        assert not np.allclose(weighted, unweighted)
        # A sample of weight 0 is never drawn.
        assert euclidean_distances(X[::2], weighted).min() > 0


def test_unit_and_scaled_weights_change_nothing(blobs):
    X = blobs[0]
    sample_weight = np.random.RandomState(0).uniform(0.1, 1, size=len(X))
    plain = KMeans(n_clusters=5, random_state=0).fit(X)
    ones = KMeans(n_clusters=5, random_state=0).fit(X, sample_weight=np.ones(len(X)))
    assert_same_model(plain, ones, X)
    weighted = KMeans(n_clusters=5, random_state=0).fit(X, sample_weight=sample_weight)
    scaled = KMeans(n_clusters=5, random_state=0).fit(X, sample_weight=3 * sample_weight)
    np.testing.assert_allclose(weighted.cluster_centers_, scaled.cluster_centers_)
    assert scaled.inertia_ == pytest.approx(3 * weighted.inertia_)


def test_negative_weights_are_refused(blobs):
    with pytest.raises(ValueError, match="Negative values in data passed to `sample_weight`"):
        KMeans(n_clusters=2).fit(blobs[0], sample_weight=-np.ones(len(blobs[0])))


def test_sample_weight_is_routed_by_metadata_routing(blobs):
    X = blobs[0][:300]
    sample_weight = np.random.RandomState(0).randint(1, 4, size=len(X)).astype(float)
    params = dict(n_clusters=4, random_state=0)
    with config_context(enable_metadata_routing=True):
        direct = KMeans(**params).fit(X, sample_weight=sample_weight)
        pipeline = make_pipeline(
            StandardScaler(with_mean=False, with_std=False).set_fit_request(sample_weight=False),
            KMeans(**params).set_fit_request(sample_weight=True),
        ).fit(X, sample_weight=sample_weight)
        np.testing.assert_allclose(pipeline[-1].cluster_centers_, direct.cluster_centers_)

        folds = KFold(3)
        weighted_fit = KMeans(**params).set_fit_request(sample_weight=True)
        weighted_fit.set_score_request(sample_weight=False)
        results = cross_validate(
            weighted_fit, X, cv=folds,
            params={"sample_weight": sample_weight}, return_estimator=True,
        )
        for estimator, (train, _) in zip(results["estimator"], folds.split(X)):
            fold = KMeans(**params).fit(X[train], sample_weight=sample_weight[train])
            np.testing.assert_allclose(estimator.cluster_centers_, fold.cluster_centers_)

        search = GridSearchCV(weighted_fit, {"algorithm": ALGORITHMS}, cv=folds)
        search.fit(X, sample_weight=sample_weight)
        np.testing.assert_allclose(search.best_estimator_.cluster_centers_,
                                   direct.cluster_centers_)


# --- The canonical order of the rows -----------------------------------------------------


@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_result_does_not_depend_on_the_order_of_the_rows(scaled_digits, init):
    permutation = np.random.RandomState(0).permutation(len(scaled_digits))
    kmeans = KMeans(n_clusters=10, init=init, n_init=2, random_state=0)
    original = kmeans.fit(scaled_digits)
    permuted = KMeans(**kmeans.get_params()).fit(scaled_digits[permutation])
    assert_same_model(original, permuted, scaled_digits)
    np.testing.assert_array_equal(permuted.labels_, original.labels_[permutation])


def test_canonical_rows_are_the_same_for_float32_float64_dense_and_sparse():
    X = load_iris().data  # duplicated rows, values exact in float32
    X32 = X.astype(np.float32)
    reference = X[CanonicalRows(X).order]
    for data in [X32, sp.csr_matrix(X), sp.csr_matrix(X32)]:
        np.testing.assert_array_equal(X[CanonicalRows(data).order], reference)
    point_ids = CanonicalRows(X).point_ids
    _, expected_ids = np.unique(X, axis=0, return_inverse=True)
    assert adjusted_rand_score(expected_ids.ravel(), point_ids) == 1.0


def test_hash_collisions_are_sorted_by_value(monkeypatch):
    X = np.array([[2.0, 1.0], [0.0, 3.0], [2.0, 1.0], [0.0, 1.0], [0.0, 3.0]])
    honest = CanonicalRows(X)
    np.testing.assert_array_equal(honest.point_ids[[0, 2]], honest.point_ids[2])
    monkeypatch.setattr(_canonical_rows, "_row_hashes",
                        lambda X: np.zeros(X.shape[0], dtype=np.uint64))
    for data in [X, sp.csr_matrix(X)]:
        colliding = CanonicalRows(data)  # every row has the same hash: sorted by value
        np.testing.assert_array_equal(X[colliding.order], [[0, 1], [0, 3], [0, 3], [2, 1], [2, 1]])
        np.testing.assert_array_equal(colliding.point_ids, [2, 1, 2, 0, 1])


def test_draws_follow_the_masses():
    X = np.arange(6.0).reshape(-1, 1)
    rows = CanonicalRows(X)
    masses = np.array([0.0, 1.0, 0.0, 3.0, 0.0, 0.0])
    drawn = rows.draw(masses, np.random.RandomState(0).uniform(size=4000))
    assert set(drawn.tolist()) == {1, 3}
    assert np.mean(drawn == 3) == pytest.approx(0.75, abs=0.03)
    # A uniform number whose product with the total rounds up to it stays in range.
    assert rows.draw(masses, np.array([1 - 1e-17])).tolist() in ([1], [3])


# --- Sparse input ------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_sparse_and_dense_input_give_the_same_model(blobs, algorithm, init):
    X = blobs[0].copy()
    X[X < 0] = 0
    sample_weight = np.random.RandomState(0).uniform(size=len(X))
    params = dict(n_clusters=5, init=init, n_init=2, random_state=0, algorithm=algorithm)
    dense = KMeans(**params).fit(X, sample_weight=sample_weight)
    sparse = KMeans(**params).fit(sp.csr_matrix(X), sample_weight=sample_weight)
    np.testing.assert_array_equal(sparse.labels_, dense.labels_)
    assert sparse.n_iter_ == dense.n_iter_
    assert_same_model(sparse, dense, X)
    np.testing.assert_allclose(sparse.transform(sp.csr_matrix(X)), dense.transform(X))
    assert sparse.score(sp.csr_matrix(X)) == pytest.approx(dense.score(X))


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_sparse_input_is_never_densified(algorithm):
    # 20 000 × 5 000 is 800 MB dense and 0.6 MB sparse.
    rng = np.random.default_rng(0)
    entries = (rng.random(50_000), (rng.integers(0, 20_000, 50_000),
                                    rng.integers(0, 5_000, 50_000)))
    X = sp.csr_matrix(entries, shape=(20_000, 5_000))
    tracemalloc.start()
    try:
        kmeans = KMeans(n_clusters=4, max_iter=5, random_state=0, algorithm=algorithm).fit(X)
        kmeans.predict(X)
        kmeans.transform(X)
        kmeans.score(X)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20e6


# --- Initialization: callables, arrays, n_init -------------------------------------------


def test_callable_init_receives_the_data_as_given(blobs):
    X = blobs[0] + 50  # centring would show
    seen = []

    def first_rows(data, n_clusters, random_state):
        seen.append(data)
        return data[:n_clusters]

    with_callable = KMeans(n_clusters=5, init=first_rows).fit(X)
    assert len(seen) == 10  # n_init='auto': 10 runs for a callable
    np.testing.assert_array_equal(seen[0], X)
    with_array = KMeans(n_clusters=5, init=X[:5]).fit(X)
    assert_same_model(with_callable, with_array, X)


def test_n_init_auto():
    X = np.random.RandomState(0).normal(size=(50, 2))
    assert KMeans(n_clusters=2).fit(X)._n_init == 1
    assert KMeans(n_clusters=2, init="random").fit(X)._n_init == 10
    assert KMeans(n_clusters=2, init=X[:2]).fit(X)._n_init == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"n_clusters": 0}, r"'n_clusters' parameter of KMeans must be an int in the range "
                            r"\[1, inf\)"),
        ({"n_clusters": 2.5}, "'n_clusters' parameter of KMeans must be an int"),
        ({"init": "kmeans"}, "'init' parameter of KMeans must be a str among"),
        ({"init": np.zeros((3, 2))}, r"shape of the initial centers \(3, 2\) does not match "
                                     "the number of clusters 2"),
        ({"init": np.zeros((2, 3))}, r"shape of the initial centers \(2, 3\) does not match "
                                     "the number of features of the data 2"),
        ({"init": lambda X, k, random_state: X[:1]}, "does not match the number of clusters"),
        ({"n_init": 0}, "'n_init' parameter of KMeans must be"),
        ({"n_init": "always"}, "'n_init' parameter of KMeans must be"),
        ({"max_iter": 0}, "'max_iter' parameter of KMeans must be"),
        ({"tol": -1.0}, "'tol' parameter of KMeans must be a float in the range"),
        ({"tol": np.nan}, "'tol' parameter of KMeans must be"),
        ({"algorithm": "full"}, "'algorithm' parameter of KMeans must be a str among"),
        ({"copy_x": "yes"}, "'copy_x' parameter of KMeans must be"),
    ],
)
def test_invalid_hyperparameters(params, message):
    X = np.random.default_rng(0).normal(size=(20, 2))
    params = {"n_clusters": 2, "n_init": 1, **params}
    with pytest.raises((ValueError, TypeError), match=message):
        KMeans(**params).fit(X)


def test_elkan_with_one_cluster_warns_and_runs_lloyd(blobs):
    with pytest.warns(RuntimeWarning, match="algorithm='elkan' doesn't make sense"):
        kmeans = KMeans(n_clusters=1, algorithm="elkan").fit(blobs[0])
    np.testing.assert_allclose(kmeans.cluster_centers_, [blobs[0].mean(axis=0)])


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

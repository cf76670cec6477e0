"""Tests for sklnn.cluster.DBSCAN: textbook semantics, parity with scikit-learn, errors."""

import math
import re
import warnings

import joblib
import numpy as np
import pytest
import sklearn
from scipy import sparse
from scipy.spatial import distance as scipy_distance
from sklearn import cluster as sk_cluster
from sklearn.base import clone
from sklearn.datasets import load_iris, load_wine, make_blobs, make_moons
from sklearn.metrics import adjusted_rand_score, pairwise_distances
from sklearn.model_selection import GridSearchCV, KFold, cross_validate
from sklearn.neighbors import NearestNeighbors, kneighbors_graph, radius_neighbors_graph
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklnn.cluster import DBSCAN, _dbscan, _distances, _neighbors
from sklnn.cluster._neighbors import PAIR_NBYTES, NeighborSearch

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


def assert_same_clustering(ours, theirs):
    """The same labels (numbering included), core points and components."""
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    np.testing.assert_array_equal(ours.core_sample_indices_, theirs.core_sample_indices_)
    if sparse.issparse(theirs.components_):
        assert sparse.issparse(ours.components_)
        np.testing.assert_array_equal(ours.components_.toarray(), theirs.components_.toarray())
    else:
        np.testing.assert_array_equal(ours.components_, theirs.components_)
        assert ours.components_.dtype == theirs.components_.dtype


def fit_both(X, sample_weight=None, **params):
    ours = DBSCAN(**params).fit(X, sample_weight=sample_weight)
    theirs = sk_cluster.DBSCAN(**params).fit(X, sample_weight=sample_weight)
    return ours, theirs


@pytest.fixture(scope="module")
def real_data():
    """Iris and wine, standardized: real measurements, with ties and uneven densities."""
    return {name: StandardScaler().fit_transform(loader().data)
            for name, loader in (("iris", load_iris), ("wine", load_wine))}


# (parameters, eps on iris, eps on wine): each gives clusters, border points and noise.
REAL_DATA_CASES = [
    ({"min_samples": 5}, 0.5, 2.24),
    ({"min_samples": 5, "algorithm": "ball_tree"}, 0.5, 2.24),
    ({"min_samples": 5, "algorithm": "brute"}, 0.5, 2.24),
    ({"min_samples": 4, "metric": "manhattan", "algorithm": "kd_tree"}, 0.8, 6.0),
    ({"min_samples": 4, "metric": "chebyshev", "leaf_size": 5}, 0.34, 1.09),
    ({"min_samples": 4, "metric": "minkowski", "p": 3}, 0.37, 1.56),
    ({"min_samples": 4, "metric": "cosine"}, 0.015, 0.2),
    ({"min_samples": 4, "metric": "minkowski", "metric_params": {"p": 1.5},
      "algorithm": "ball_tree"}, 0.5, 2.9),
    ({"min_samples": 5, "metric": "canberra"}, 0.7, 5.0),
]


@pytest.mark.parametrize(("params", "iris_eps", "wine_eps"), REAL_DATA_CASES)
@pytest.mark.parametrize("weighted", [False, True])
def test_same_clustering_as_sklearn_on_real_data(real_data, params, iris_eps, wine_eps,
                                                 weighted):
    for name, eps in (("iris", iris_eps), ("wine", wine_eps)):
        X = real_data[name]
        rng = np.random.default_rng(0)
        sample_weight = rng.uniform(0.2, 2.5, X.shape[0]) if weighted else None
        ours, theirs = fit_both(X, sample_weight, eps=eps, **params)
        assert_same_clustering(ours, theirs)
        if not weighted:  # the case is not trivial
            assert ours.labels_.max() >= 1 and np.any(ours.labels_ == -1), name
            assert ours.core_sample_indices_.size < np.sum(ours.labels_ >= 0), name


def touching_clusters():
    """3 000 points: three blobs close enough to share border points, a wide one, and
    uniform noise around them (the rows shuffled)."""
    X, _ = make_blobs(2_700, 2, centers=[[0.0, 0.0], [1.3, 0.0], [0.6, 1.1], [3.5, 3.0]],
                      cluster_std=[0.25, 0.3, 0.35, 0.7], random_state=1)
    noise = np.random.default_rng(1).uniform(-1.5, 5.5, (300, 2))
    return np.random.default_rng(2).permutation(np.vstack([X, noise]))


# (parameters, eps values): each eps gives several clusters, border points and noise.
MANY_CHUNKS_CASES = [
    ({"min_samples": 8}, (0.07, 0.1, 0.14)),
    ({"min_samples": 20, "algorithm": "ball_tree"}, (0.1, 0.14)),
    ({"min_samples": 8, "algorithm": "brute"}, (0.07, 0.1)),
    ({"min_samples": 12, "metric": "manhattan"}, (0.12, 0.16)),
    ({"min_samples": 8, "metric": "chebyshev"}, (0.06, 0.09)),
    ({"min_samples": 10, "metric": "minkowski", "p": 3}, (0.08, 0.12)),
]


@pytest.mark.parametrize(("params", "eps_values"), MANY_CHUNKS_CASES)
@pytest.mark.parametrize("weighted", [False, True])
def test_same_clustering_as_sklearn_over_many_chunks(monkeypatch, params, eps_values,
                                                     weighted):
    # Neighbourhoods found in about a hundred chunks; clusters that meet, so that border
    # points have core neighbours in two clusters (the smallest number wins).
    monkeypatch.setattr(_neighbors, "NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES", 2_000 * PAIR_NBYTES)
    monkeypatch.setattr(_neighbors, "BRUTE_FORCE_WORKING_MEMORY_BYTES", 8 * 3_000 * 30)
    X = touching_clusters()
    sample_weight = np.random.default_rng(0).uniform(0.3, 2.0, len(X)) if weighted else None
    shared_border_points = 0
    for eps in eps_values:
        ours, theirs = fit_both(X, sample_weight, eps=eps, **params)
        assert_same_clustering(ours, theirs)
        assert ours.labels_.max() >= 2 and np.any(ours.labels_ == -1)
        shared_border_points += _n_border_points_of_two_clusters(X, ours, eps, params)
    if not weighted:
        assert shared_border_points > 0


def _n_border_points_of_two_clusters(X, dbscan, eps, params):
    """How many border points have core neighbours in two clusters or more."""
    metric = {"metric": params.get("metric", "euclidean"), "p": params.get("p", 2)}
    neighbors = NearestNeighbors(radius=eps, **metric).fit(X).radius_neighbors(
        X, return_distance=False)
    is_core = np.zeros(len(X), dtype=bool)
    is_core[dbscan.core_sample_indices_] = True
    return sum(np.unique(dbscan.labels_[around[is_core[around]]]).size >= 2
               for sample, around in enumerate(neighbors) if not is_core[sample])


def test_algorithms_find_the_same_clusters():
    X = DATASETS["moons"]
    labels = {algorithm: DBSCAN(eps=0.1, min_samples=5, algorithm=algorithm).fit_predict(X)
              for algorithm in ("auto", "kd_tree", "ball_tree", "brute")}
    assert labels["auto"].max() >= 1
    for algorithm, found in labels.items():
        np.testing.assert_array_equal(found, labels["auto"], err_msg=algorithm)


def test_auto_chooses_as_sklearn():
    X2, X20 = np.zeros((5, 2)), np.zeros((5, 20))
    cases = [
        (X2, "euclidean", {}, "kd_tree"),
        (X20, "euclidean", {}, "brute"),  # more than 15 features
        (X2, "cosine", {}, "brute"),
        (X2, "canberra", {}, "ball_tree"),
        (X2, scipy_distance.euclidean, {}, "ball_tree"),
        (X2, "minkowski", {"metric_params": {"w": [1.0, 2.0]}}, "ball_tree"),
        (sparse.csr_matrix(X2), "euclidean", {}, "brute"),
    ]
    for X, metric, params, algorithm in cases:
        assert NeighborSearch(X, metric=metric, **params).algorithm == algorithm, metric


def test_metric_params_and_p_are_the_same_exponent():
    X = DATASETS["blobs"]
    by_p = DBSCAN(eps=0.15, metric="minkowski", p=1).fit(X)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        by_params = DBSCAN(eps=0.15, metric="minkowski", metric_params={"p": 1}).fit(X)
    manhattan = DBSCAN(eps=0.15, metric="manhattan").fit(X)
    np.testing.assert_array_equal(by_p.labels_, by_params.labels_)
    np.testing.assert_array_equal(by_p.labels_, manhattan.labels_)
    # Both given: metric_params wins, with scikit-learn's warning.
    with pytest.warns(SyntaxWarning, match="Parameter p is found in metric_params"):
        both = DBSCAN(eps=0.15, metric="minkowski", p=2, metric_params={"p": 1}).fit(X)
    np.testing.assert_array_equal(both.labels_, by_p.labels_)


def test_weighted_minkowski_as_sklearn():
    X = DATASETS["blobs"]
    params = {"eps": 0.2, "metric": "minkowski", "p": 3, "metric_params": {"w": [0.5, 2.0]}}
    for algorithm in ("auto", "ball_tree", "brute"):
        assert_same_clustering(*fit_both(X, algorithm=algorithm, **params))


def test_metric_parameters_from_the_data_come_from_all_samples(monkeypatch):
    # Mahalanobis without VI: the inverse covariance of all the samples, as scikit-learn's
    # pairwise_distances computes it, although brute force works on chunks of rows.
    monkeypatch.setattr(_neighbors, "BRUTE_FORCE_WORKING_MEMORY_BYTES", 1)
    X = DATASETS["blobs"] * [1.0, 3.0]
    ours, theirs = fit_both(X, eps=0.3, metric="mahalanobis", algorithm="brute")
    assert_same_clustering(ours, theirs)
    assert ours.labels_.max() >= 1
    inverse_covariance = np.linalg.inv(np.cov(X.T))
    given = DBSCAN(eps=0.3, metric="mahalanobis", algorithm="brute",
                   metric_params={"VI": inverse_covariance}).fit(X)
    np.testing.assert_array_equal(given.labels_, ours.labels_)
    # The standardized Euclidean distance divides by the variances of all the samples.
    standardized = DBSCAN(eps=0.3, metric="seuclidean", algorithm="brute").fit(X)
    scaled = DBSCAN(eps=0.3).fit(X / X.std(axis=0, ddof=1))
    np.testing.assert_array_equal(standardized.labels_, scaled.labels_)


@pytest.mark.parametrize("algorithm", ["ball_tree", "brute"])
def test_callable_metric_is_the_named_metric(algorithm):
    X = DATASETS["moons"][:150]
    named = DBSCAN(eps=0.15, min_samples=4, metric="manhattan").fit(X)
    called = DBSCAN(eps=0.15, min_samples=4, metric=scipy_distance.cityblock,
                    algorithm=algorithm).fit(X)
    assert named.labels_.max() >= 1
    np.testing.assert_array_equal(called.labels_, named.labels_)
    # Keyword arguments of the callable come from metric_params.
    minkowski = DBSCAN(eps=0.15, min_samples=4, metric="minkowski", p=3).fit(X)
    called = DBSCAN(eps=0.15, min_samples=4, metric=scipy_distance.minkowski,
                    metric_params={"p": 3}, algorithm=algorithm).fit(X)
    np.testing.assert_array_equal(called.labels_, minkowski.labels_)


def test_precomputed_dense_and_sparse_graph_as_features():
    X = DATASETS["blobs"]
    features = DBSCAN(eps=0.2, min_samples=6).fit(X)
    dense = DBSCAN(eps=0.2, min_samples=6, metric="precomputed").fit(pairwise_distances(X))
    # A radius graph with a larger radius: DBSCAN keeps the entries within eps.
    for graph_radius in (0.2, 0.5):
        graph = radius_neighbors_graph(X, graph_radius, mode="distance")
        from_graph = DBSCAN(eps=0.2, min_samples=6, metric="precomputed").fit(graph)
        np.testing.assert_array_equal(from_graph.labels_, features.labels_)
        np.testing.assert_array_equal(from_graph.core_sample_indices_,
                                      features.core_sample_indices_)
    np.testing.assert_array_equal(dense.labels_, features.labels_)
    assert features.labels_.max() >= 2


@pytest.mark.parametrize("container", [np.asarray, sparse.csr_matrix])
def test_asymmetric_precomputed_neighbourhoods_as_sklearn(container):
    # A k-nearest-neighbours graph is not symmetric: x may be among the neighbours of y
    # without y among those of x. scikit-learn follows the neighbourhoods of core points
    # only (x -> y), so a cluster is not a connected component any more.
    X = DATASETS["moons"]
    graph = kneighbors_graph(X, n_neighbors=6, mode="distance")
    closure = graph.maximum(graph.T)  # symmetric
    if container is np.asarray:  # every entry is a distance: far for the non-neighbours
        graph, closure = (np.where(matrix.toarray() > 0, matrix.toarray(), 10.0)
                          for matrix in (graph, closure))
        np.fill_diagonal(graph, 0.0)
        np.fill_diagonal(closure, 0.0)
    for eps, min_samples in ((0.05, 4), (0.08, 6), (0.1, 3)):
        ours, theirs = fit_both(graph, eps=eps, min_samples=min_samples, metric="precomputed")
        assert_same_clustering(ours, theirs)
    # The direction matters: the symmetric closure gives other clusters.
    symmetric = DBSCAN(eps=eps, min_samples=min_samples, metric="precomputed").fit(closure)
    assert np.sum(symmetric.labels_ != ours.labels_) > 10


def test_precomputed_random_asymmetric_distances_as_sklearn():
    rng = np.random.default_rng(0)
    distances = rng.uniform(0, 1, (120, 120))
    np.fill_diagonal(distances, 0)
    for eps, min_samples, weighted in ((0.05, 4, False), (0.04, 3, True), (0.1, 12, False)):
        sample_weight = rng.integers(0, 3, 120) if weighted else None
        ours, theirs = fit_both(distances, sample_weight, eps=eps, min_samples=min_samples,
                                metric="precomputed")
        assert_same_clustering(ours, theirs)


def test_precomputed_self_distance_decides_self_membership():
    # A sample is its own neighbour when its distance to itself (the diagonal) is within
    # eps; in a sparse graph a missing diagonal entry means 0, a missing other entry means
    # no neighbour.
    distances = np.array([[0.0, 0.1, 0.1], [0.1, 0.5, 0.1], [0.1, 0.1, 0.0]])
    for X in (distances, sparse.csr_matrix(distances)):
        ours, theirs = fit_both(X, eps=0.2, min_samples=3, metric="precomputed")
        assert ours.core_sample_indices_.tolist() == [0, 2]
        assert_same_clustering(ours, theirs)
    graph = sparse.csr_matrix(([0.1, 0.1], ([0, 1], [1, 0])), shape=(3, 3))
    ours, theirs = fit_both(graph, eps=0.2, min_samples=2, metric="precomputed")
    assert ours.labels_.tolist() == [0, 0, -1]
    assert_same_clustering(ours, theirs)


def test_precomputed_sparse_input_is_not_modified():
    # The implicit zeros of the diagonal must not become explicit in the user's matrix.
    X = np.random.default_rng(0).uniform(size=(10, 10))
    np.fill_diagonal(X, 0)
    X = sparse.csr_matrix(X)
    before = X.copy()
    DBSCAN(metric="precomputed").fit(X)
    assert X.nnz == before.nnz
    np.testing.assert_array_equal(X.toarray(), before.toarray())


@pytest.mark.parametrize(
    ("metric", "eps"), [("euclidean", 0.25), ("manhattan", 0.35), ("cosine", 0.005)]
)
def test_sparse_and_dense_give_the_same_clustering(metric, eps):
    X = np.hstack([DATASETS["blobs"], np.zeros((DATASETS["blobs"].shape[0], 3))])
    X[np.abs(X) < 0.3] = 0  # 70 % zeros
    dense = DBSCAN(eps=eps, min_samples=5, metric=metric).fit(X)
    assert dense.labels_.max() >= 1
    for container in (sparse.csr_matrix, sparse.csr_array, sparse.csc_matrix,
                      sparse.lil_matrix):
        sparse_fit = DBSCAN(eps=eps, min_samples=5, metric=metric).fit(container(X))
        np.testing.assert_array_equal(sparse_fit.labels_, dense.labels_)
        np.testing.assert_array_equal(sparse_fit.core_sample_indices_,
                                      dense.core_sample_indices_)
        assert sparse.issparse(sparse_fit.components_)
        np.testing.assert_array_equal(sparse_fit.components_.toarray(), dense.components_)
    assert_same_clustering(*fit_both(sparse.csr_matrix(X), eps=eps, metric=metric))


def test_sparse_input_with_a_tree_warns_and_uses_brute_force():
    X = sparse.csr_matrix(DATASETS["moons"])
    with pytest.warns(UserWarning, match="cannot use tree with sparse input"):
        ours = DBSCAN(eps=0.1, algorithm="ball_tree").fit(X)
    np.testing.assert_array_equal(ours.labels_, DBSCAN(eps=0.1).fit(X.toarray()).labels_)


def test_integer_weights_give_the_clustering_of_repeated_samples():
    X = DATASETS["moons"]
    sample_weight = np.random.default_rng(0).integers(1, 4, X.shape[0])
    weighted = DBSCAN(eps=0.1, min_samples=8).fit(X, sample_weight=sample_weight)
    repeated = DBSCAN(eps=0.1, min_samples=8).fit(np.repeat(X, sample_weight, axis=0))
    assert weighted.labels_.max() >= 1 and np.any(weighted.labels_ == -1)
    np.testing.assert_array_equal(np.repeat(weighted.labels_, sample_weight), repeated.labels_)
    core = np.zeros(X.shape[0], dtype=bool)
    core[weighted.core_sample_indices_] = True
    np.testing.assert_array_equal(np.flatnonzero(np.repeat(core, sample_weight)),
                                  repeated.core_sample_indices_)


def test_weights_count_in_every_neighbourhood():
    # As scikit-learn: a sample weighing min_samples is a core point by itself; a zero
    # weight adds nothing; a negative weight may keep a neighbour from being core.
    X = [[0.0], [1.0]]
    cases = [([6, 5], 0.5, [0]), ([5, 1], 1.5, [0, 1]), ([5, 0], 1.5, []),
             ([5.9, 0.1], 1.5, [0, 1]), ([6, -1], 1.5, [])]
    for sample_weight, eps, core in cases:
        dbscan = DBSCAN(eps=eps, min_samples=6).fit(X, sample_weight=sample_weight)
        assert dbscan.core_sample_indices_.tolist() == core, sample_weight
    labels = DBSCAN(eps=0.5, min_samples=6).fit_predict(X, sample_weight=[6, 5])
    assert labels.tolist() == [0, -1]
    with pytest.raises(ValueError, match="sample_weight.shape"):
        DBSCAN().fit(X, sample_weight=[1, 2, 3])


def test_sample_weight_is_routed_by_metadata_routing():
    X = DATASETS["moons"]
    sample_weight = np.random.default_rng(0).integers(1, 4, X.shape[0])

    def n_core_samples(estimator, X, y=None):
        return estimator.core_sample_indices_.size

    with sklearn.config_context(enable_metadata_routing=True):
        dbscan = DBSCAN(eps=0.1, min_samples=8).set_fit_request(sample_weight=True)
        expected = clone(dbscan).fit(X, sample_weight=sample_weight)
        pipeline = make_pipeline(StandardScaler().set_fit_request(sample_weight=False),
                                 clone(dbscan))
        pipeline.fit(X, sample_weight=sample_weight)
        scaled = StandardScaler().fit_transform(X)
        np.testing.assert_array_equal(
            pipeline[-1].labels_,
            clone(dbscan).fit(scaled, sample_weight=sample_weight).labels_,
        )
        folds = list(KFold(2).split(X))
        scores = cross_validate(dbscan, X, cv=folds, scoring=n_core_samples,
                                params={"sample_weight": sample_weight})["test_score"]
        search = GridSearchCV(dbscan, {"eps": [0.1]}, cv=folds, scoring=n_core_samples)
        search.fit(X, sample_weight=sample_weight)
    expected_scores = [
        clone(dbscan).fit(X[train], sample_weight=sample_weight[train]).core_sample_indices_.size
        for train, _ in folds
    ]
    np.testing.assert_array_equal(scores, expected_scores)
    np.testing.assert_array_equal(search.cv_results_["split0_test_score"], expected_scores[:1])
    assert expected.core_sample_indices_.size != DBSCAN(eps=0.1, min_samples=8).fit(
        X).core_sample_indices_.size  # the weights matter


@pytest.mark.parametrize("algorithm", ["kd_tree", "ball_tree", "brute"])
def test_threads_find_the_same_clusters(monkeypatch, algorithm):
    # Small chunks, so that the threads share many.
    monkeypatch.setattr(_neighbors, "NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES", 300 * PAIR_NBYTES)
    monkeypatch.setattr(_neighbors, "BRUTE_FORCE_WORKING_MEMORY_BYTES", 1)
    X = DATASETS["blobs"]
    one = DBSCAN(eps=0.15, algorithm=algorithm).fit(X)
    threads = DBSCAN(eps=0.15, algorithm=algorithm, n_jobs=2).fit(X)
    np.testing.assert_array_equal(threads.labels_, one.labels_)
    with joblib.parallel_config(n_jobs=2):
        np.testing.assert_array_equal(DBSCAN(eps=0.15, algorithm=algorithm).fit(X).labels_,
                                      one.labels_)


def test_integer_input_keeps_its_dtype_in_components():
    X = np.array([[0, 0], [0, 1], [1, 0], [9, 9], [9, 8]])
    ours, theirs = fit_both(X, eps=1.5, min_samples=2)
    assert ours.components_.dtype == X.dtype
    assert_same_clustering(ours, theirs)


@pytest.mark.parametrize("metric", ["euclidean", "cosine"])
def test_chunked_brute_force_matches_one_chunk(monkeypatch, metric):
    X = DATASETS["blobs"]
    eps = 0.2 if metric == "euclidean" else 0.01
    whole = DBSCAN(eps=eps, metric=metric, algorithm="brute").fit(X)
    monkeypatch.setattr(_neighbors, "BRUTE_FORCE_WORKING_MEMORY_BYTES", 1)
    monkeypatch.setattr(_distances, "MIN_CHUNK_ROWS", 37)  # 11 chunks, the last partial
    chunked = DBSCAN(eps=eps, metric=metric, algorithm="brute").fit(X)
    np.testing.assert_array_equal(chunked.labels_, whole.labels_)


@pytest.mark.parametrize(
    ("metric", "eps", "algorithm"),
    [("euclidean", 0.1, "kd_tree"), ("chebyshev", 0.08, "kd_tree"),
     ("euclidean", 0.1, "ball_tree")],
)
def test_tree_chunks_match_one_chunk(monkeypatch, metric, eps, algorithm):
    # A working memory of about 40 pairs: chunks of a few samples, some halved because
    # their estimated pairs do not fit; the clusters are those of scikit-learn still.
    X = DATASETS["blobs"]
    monkeypatch.setattr(_neighbors, "NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES", 40 * PAIR_NBYTES)
    assert_same_clustering(*fit_both(X, eps=eps, metric=metric, algorithm=algorithm))


def test_sparse_graph_chunks_match_one_chunk(monkeypatch):
    X = DATASETS["blobs"]
    graph = radius_neighbors_graph(X, 0.3, mode="distance")
    whole = DBSCAN(eps=0.2, metric="precomputed").fit(graph)
    monkeypatch.setattr(_neighbors, "NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES", 40 * PAIR_NBYTES)
    assert len(list(NeighborSearch(graph, metric="precomputed").radius_neighborhoods(0.2))) > 5
    chunked = DBSCAN(eps=0.2, metric="precomputed").fit(graph)
    np.testing.assert_array_equal(chunked.labels_, whole.labels_)


def test_neighbour_pairs_come_in_bounded_chunks(monkeypatch):
    X = DATASETS["moons"]
    monkeypatch.setattr(_neighbors, "NEIGHBOR_PAIRS_WORKING_MEMORY_BYTES", 500 * PAIR_NBYTES)
    # Each chunk's pairs (its samples' whole neighbourhoods) stay near the budget of 500,
    # which is met on an estimate from a sample of the data.
    for algorithm in ("kd_tree", "ball_tree"):
        search = NeighborSearch(X, algorithm=algorithm)
        chunks = list(search.radius_neighborhoods(0.1))
        assert len(chunks) > 5
        assert max(chunk_first.size for _, chunk_first, _ in chunks) <= 600
        np.testing.assert_array_equal(np.sort(np.concatenate([c[0] for c in chunks])),
                                      np.arange(len(X)))

    # The KD-tree's radius_pairs: each unordered pair once, and when a chunk comes, all
    # the pairs of its samples have come.
    degrees = np.diff(radius_neighbors_graph(X, 0.1).indptr)  # without the sample itself
    first, second = np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    chunks = list(NeighborSearch(X, algorithm="kd_tree").radius_pairs(0.1))
    assert len(chunks) > 5
    for samples, chunk_first, chunk_second in chunks:
        assert np.isin(chunk_first, samples).all()
        first, second = np.append(first, chunk_first), np.append(second, chunk_second)
        counts = np.bincount(first, minlength=len(X)) + np.bincount(second, minlength=len(X))
        np.testing.assert_array_equal(counts[samples], degrees[samples])
    assert np.all(first != second)
    keys = np.minimum(first, second) * len(X) + np.maximum(first, second)
    assert np.unique(keys).size == keys.size == degrees.sum() // 2
    for search in (NeighborSearch(X, algorithm="ball_tree"),
                   NeighborSearch(np.zeros((5, 7)), algorithm="kd_tree")):
        assert not search.finds_pairs_once
        with pytest.raises(ValueError, match="needs the KD-tree in at most 6 dimensions"):
            search.radius_pairs(0.1)

    # DBSCAN uses each pair once, when both its ends' core status is known (with
    # min_samples=1, once the sample is counted).
    monkeypatch.setattr(_neighbors, "BRUTE_FORCE_WORKING_MEMORY_BYTES", 8 * len(X) * 40)
    for algorithm in ("kd_tree", "ball_tree", "brute"):
        search, is_core = NeighborSearch(X, algorithm=algorithm), np.zeros(len(X), dtype=bool)
        if algorithm == "kd_tree":
            pairs = _dbscan._settled_unique_pairs(search, 0.1, 1, None, is_core)
        else:
            pairs = _dbscan._settled_pairs(
                _dbscan._find_core_points(search, 0.1, 1, None, is_core), is_core)
        keys = []
        for first, second in pairs:
            assert is_core[first].all() and is_core[second].all(), algorithm
            keys.append(np.minimum(first, second) * len(X) + np.maximum(first, second))
        keys = np.concatenate(keys)
        assert np.unique(keys).size == keys.size == degrees.sum() // 2, algorithm


def test_same_data_same_result_and_input_not_modified():
    X = DATASETS["moons"].copy()
    X_before = X.copy()
    first = DBSCAN(eps=0.2).fit_predict(X)
    second = DBSCAN(eps=0.2).fit_predict(X)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(X, X_before)


def test_tags():
    assert DBSCAN().__sklearn_tags__().input_tags.sparse
    assert not DBSCAN().__sklearn_tags__().input_tags.pairwise
    precomputed = DBSCAN(metric="precomputed").__sklearn_tags__().input_tags
    assert precomputed.pairwise and precomputed.positive_only and precomputed.sparse
    # Brute force on sparse input answers the Euclidean, Manhattan and cosine distances.
    assert not DBSCAN(metric="minkowski", p=3).__sklearn_tags__().input_tags.sparse
    assert DBSCAN(metric="minkowski", p=1).__sklearn_tags__().input_tags.sparse


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"eps": 0.0}, "The 'eps' parameter of DBSCAN must be a float in the range"),
        ({"eps": -1}, "The 'eps' parameter of DBSCAN must be"),
        ({"min_samples": 0}, "The 'min_samples' parameter of DBSCAN must be an int"),
        ({"min_samples": 2.5}, "The 'min_samples' parameter of DBSCAN must be an int"),
        ({"metric": "hamm"}, "The 'metric' parameter of DBSCAN must be a str among"),
        ({"algorithm": "kdtree"}, "The 'algorithm' parameter of DBSCAN must be a str among"),
        ({"p": -1}, "The 'p' parameter of DBSCAN must be"),
        ({"p": 0}, "The 'p' parameter of DBSCAN must be"),
        ({"leaf_size": 0}, "The 'leaf_size' parameter of DBSCAN must be"),
        ({"metric_params": "p=3"}, "The 'metric_params' parameter of DBSCAN must be"),
        ({"metric": "cosine", "algorithm": "kd_tree"}, "Metric 'cosine' not valid"),
        ({"metric": "precomputed", "algorithm": "ball_tree"}, "Metric 'precomputed' not valid"),
        ({"metric": scipy_distance.cityblock, "algorithm": "kd_tree"},
         "kd_tree does not support callable metric"),
        ({"metric": "minkowski", "p": 0.5, "algorithm": "kd_tree"},
         "does not support 0 < p < 1 for the Minkowski metric"),
        ({"metric": "minkowski", "p": 0.5, "algorithm": "ball_tree"},
         "does not support 0 < p < 1 for the Minkowski metric"),
        ({"metric": "minkowski", "algorithm": "kd_tree", "metric_params": {"w": [1, 2]}},
         "algorithm='kd_tree' is not valid for metric='minkowski' with a weight"),
        ({"metric": "euclidean", "metric_params": {"w": [1, 2]}}, "unexpected metric_params"),
        ({"metric": "cosine", "metric_params": {"p": 3}}, "unexpected metric_params"),
    ],
)
def test_invalid_hyperparameters(params, message):
    with pytest.raises((ValueError, TypeError), match=re.escape(message)):
        DBSCAN(**params).fit(DATASETS["moons"])


def test_minkowski_below_one_runs_by_brute_force_with_a_warning():
    X = DATASETS["moons"]
    with pytest.warns(UserWarning, match="for 0 < p < 1, Minkowski metrics are not"):
        ours = DBSCAN(eps=0.3, metric="minkowski", p=0.5).fit(X)
    with pytest.warns(UserWarning, match="for 0 < p < 1"):
        theirs = sk_cluster.DBSCAN(eps=0.3, metric="minkowski", p=0.5).fit(X)
    assert_same_clustering(ours, theirs)


@pytest.mark.parametrize(
    ("X", "params", "message"),
    [
        ([[0.0, np.nan], [1.0, 2.0]], {}, "Input X contains NaN"),
        ([[0.0, np.inf], [1.0, 2.0]], {}, "Input X contains infinity"),
        (np.empty((0, 2)), {}, "0 sample"),
        ([0.0, 1.0, 2.0], {}, "Expected 2D array, got 1D array"),
        (np.ones((3, 2)), {"metric": "precomputed"}, "Precomputed matrix must be square"),
        (-np.ones((2, 2)), {"metric": "precomputed"}, "Negative values in data passed to X"),
        (sparse.csr_matrix(-np.ones((2, 2))), {"metric": "precomputed"},
         "Negative values in data passed to precomputed distance matrix"),
        (sparse.csr_matrix(np.eye(3)), {"metric": "minkowski", "p": 3},
         "Metric 'minkowski' not valid for sparse input"),
    ],
)
def test_invalid_input(X, params, message):
    with pytest.raises(ValueError, match=message):
        DBSCAN(**params).fit(X)

"""k nearest neighbours (textbook §4.3): parity with scikit-learn, and the book's voting.

Predictions, probabilities and neighbours equal scikit-learn's on several data sets, for
every algorithm, metric and weighting. The data sets have no two training samples at the
same distance from a query: their features are standardized and made continuous by a
jitter of 10⁻³ (wine's and breast cancer's are rounded, so that their Manhattan and
Chebyshev distances tie often). scikit-learn orders such ties
differently from one algorithm to the next, so sklnn documents its own rule (the smaller
training index first, for brute force and the KD-tree), tested on its own below. Ties
between the votes of classes go to the first class, as in scikit-learn, and do occur in
these data sets.
"""

import numpy as np
import pytest
import sklearn.neighbors as sk
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine, make_classification

from sklnn.cluster import DBSCAN
from sklnn.metrics.pairwise import d2_root_distances
from sklnn.neighbors import KNeighborsClassifier, KNeighborsRegressor


def _split(X, y, n_train):
    """Standardized, jittered, shuffled: training samples, their targets, queries."""
    rng = np.random.RandomState(0)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    X = X + rng.uniform(-1e-3, 1e-3, size=X.shape)
    order = rng.permutation(X.shape[0])
    X, y = X[order], y[order]
    return X[:n_train], y[:n_train], X[n_train:]


def _classification_sets():
    X, y = make_classification(n_samples=150, n_features=4, n_informative=3,
                               n_redundant=0, n_classes=3, random_state=0)
    yield "make_classification", _split(X, y, 100)
    X, y = load_wine(return_X_y=True)
    yield "wine (strings)", _split(X, np.array(["barolo", "grignolino", "barbera"])[y], 120)
    X, y = load_breast_cancer(return_X_y=True)
    yield "breast_cancer (30 features)", _split(X[:, :20], y, 300)


CLASSIFICATION_SETS = dict(_classification_sets())


def exponential_weights(distances):
    """A callable ``weights``: exp(-distance)."""
    return np.exp(-distances)


def settings_id(settings):
    """The settings as a test id, functions by name: the same in every pytest-xdist worker
    (a function's repr holds its address)."""
    return repr({key: getattr(value, "__name__", value) for key, value in settings.items()})


SETTINGS = [
    {},
    {"n_neighbors": 1},
    {"n_neighbors": 2},  # many ties between two classes' votes
    {"n_neighbors": 4, "weights": "distance"},
    {"algorithm": "kd_tree", "p": 1},
    {"algorithm": "kd_tree", "metric": "chebyshev", "weights": "distance"},
    {"algorithm": "ball_tree", "metric": "minkowski", "p": 3},
    {"algorithm": "brute", "metric": "manhattan", "n_neighbors": 6},
    {"algorithm": "brute", "metric": "cosine", "weights": "distance"},
    {"algorithm": "ball_tree", "weights": exponential_weights},
]


@pytest.mark.parametrize("settings", SETTINGS, ids=settings_id)
@pytest.mark.parametrize("data", CLASSIFICATION_SETS)
def test_classifier_equals_scikit_learn(data, settings):
    X, y, X_test = CLASSIFICATION_SETS[data]
    ours = KNeighborsClassifier(**settings).fit(X, y)
    theirs = sk.KNeighborsClassifier(**settings).fit(X, y)
    assert_array_equal(ours.classes_, theirs.classes_)
    for queries in (X_test, None):  # None: the training samples, each without itself
        assert_array_equal(ours.predict(queries), theirs.predict(queries))
        assert_allclose(ours.predict_proba(queries), theirs.predict_proba(queries),
                        atol=1e-12)
        distances, indices = ours.kneighbors(queries)
        their_distances, their_indices = theirs.kneighbors(queries)
        assert_array_equal(indices, their_indices)
        assert_allclose(distances, their_distances, rtol=1e-9, atol=1e-9)
    assert ours.score(X_test, theirs.predict(X_test)) == 1.0
    assert ours.effective_metric_ == theirs.effective_metric_


def test_vote_ties_occur_and_go_to_the_first_class():
    """With k = 2, two neighbours of different classes tie; the first class wins."""
    X, y, X_test = CLASSIFICATION_SETS["make_classification"]
    knn = KNeighborsClassifier(n_neighbors=2).fit(X, y)
    proba = knn.predict_proba(X_test)
    tied = np.sort(proba, axis=1)[:, -1] == np.sort(proba, axis=1)[:, -2]
    assert tied.sum() > 5
    first_of_tied = np.argmax(proba[tied] == 0.5, axis=1)
    assert_array_equal(knn.predict(X_test[tied]), knn.classes_[first_of_tied])


REGRESSION_SETTINGS = [
    {},
    {"n_neighbors": 3, "weights": "distance"},
    {"algorithm": "kd_tree", "metric": "manhattan"},
    {"algorithm": "ball_tree", "p": 1, "weights": "distance"},
    {"algorithm": "brute", "metric": "cosine"},
]


@pytest.mark.parametrize("settings", REGRESSION_SETTINGS, ids=settings_id)
def test_regressor_equals_scikit_learn(settings):
    X, y, X_test = _split(*load_diabetes(return_X_y=True), 300)
    ours = KNeighborsRegressor(**settings).fit(X, y)
    theirs = sk.KNeighborsRegressor(**settings).fit(X, y)
    assert_allclose(ours.predict(X_test), theirs.predict(X_test), rtol=1e-12)
    assert_allclose(ours.predict(None), theirs.predict(None), rtol=1e-12)
    assert_array_equal(ours.kneighbors(X_test)[1], theirs.kneighbors(X_test)[1])


def test_regressor_predicts_several_targets():
    X, y, X_test = _split(*load_diabetes(return_X_y=True), 300)
    Y = np.column_stack([y, np.log(y)])
    ours = KNeighborsRegressor(weights="distance").fit(X, Y).predict(X_test)
    theirs = sk.KNeighborsRegressor(weights="distance").fit(X, Y).predict(X_test)
    assert ours.shape == (X_test.shape[0], 2)
    assert_allclose(ours, theirs, rtol=1e-12)


@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine"])
def test_sparse_input_equals_scikit_learn(metric):
    # 20 features, half of them zero: no two rows in the same direction (cosine ties).
    X_all = sparse.random(150, 20, density=0.5, format="csr", random_state=0)
    y = np.random.RandomState(0).randint(3, size=100)
    X_sparse, X_test_sparse = X_all[:100], X_all[100:]
    ours = KNeighborsClassifier(metric=metric, weights="distance").fit(X_sparse, y)
    theirs = sk.KNeighborsClassifier(metric=metric, weights="distance").fit(X_sparse, y)
    assert_allclose(ours.predict_proba(X_test_sparse), theirs.predict_proba(X_test_sparse))


def test_precomputed_distances_equal_scikit_learn():
    X, y, X_test = CLASSIFICATION_SETS["make_classification"]
    train = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))
    test = np.sqrt(((X_test[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))
    ours = KNeighborsClassifier(metric="precomputed").fit(train, y)
    theirs = sk.KNeighborsClassifier(metric="precomputed").fit(train, y)
    assert_allclose(ours.predict_proba(test), theirs.predict_proba(test))
    assert_array_equal(ours.kneighbors(test)[1], theirs.kneighbors(test)[1])
    assert_array_equal(ours.predict(test), KNeighborsClassifier().fit(X, y).predict(X_test))
    with pytest.raises(ValueError, match="Precomputed metric requires shape"):
        ours.predict(test[:, :-1])


def test_precomputed_sparse_graph_equals_scikit_learn():
    """In a sparse graph only the stored entries are distances (scikit-learn's meaning)."""
    X, y, X_test = CLASSIFICATION_SETS["make_classification"]
    graph = sk.NearestNeighbors(n_neighbors=8).fit(X)
    train, test = graph.kneighbors_graph(X, mode="distance"), graph.kneighbors_graph(
        X_test, mode="distance")
    ours = KNeighborsClassifier(metric="precomputed", weights="distance").fit(train, y)
    theirs = sk.KNeighborsClassifier(metric="precomputed", weights="distance").fit(train, y)
    assert_allclose(ours.predict_proba(test), theirs.predict_proba(test))
    assert_array_equal(ours.predict(None), theirs.predict(None))
    with pytest.raises(ValueError, match="only 8 stored distances"):
        ours.kneighbors(test, n_neighbors=9)


def test_hard_and_soft_voting_of_section_4_3_1():
    """Hard voting counts the neighbours; soft voting weighs them by 1 / distance.

    The query at 0 has one 'red' neighbour at distance 1 and two 'blue' ones at 3:
    hard voting says blue (2 votes to 1), soft voting says red (1 against 1/3 + 1/3).
    """
    X = [[1.0], [3.0], [-3.0], [10.0]]
    y = ["red", "blue", "blue", "red"]
    hard = KNeighborsClassifier(n_neighbors=3).fit(X, y)
    soft = KNeighborsClassifier(n_neighbors=3, weights="distance").fit(X, y)
    assert hard.predict([[0.0]]).tolist() == ["blue"]
    assert_allclose(hard.predict_proba([[0.0]]), [[2 / 3, 1 / 3]])  # blue, red
    assert soft.predict([[0.0]]).tolist() == ["red"]
    assert_allclose(soft.predict_proba([[0.0]]), [[(2 / 3) / (5 / 3), 1 / (5 / 3)]])
    # NN (§4.3.1): the nearest neighbour's class.
    assert KNeighborsClassifier(n_neighbors=1).fit(X, y).predict([[0.0]]).tolist() == ["red"]


def test_soft_voting_at_distance_zero_gives_those_neighbours_all_the_weight():
    X = [[0.0], [0.0], [1.0]]
    y = [0, 1, 1]
    knn = KNeighborsClassifier(n_neighbors=3, weights="distance").fit(X, y)
    assert_allclose(knn.predict_proba([[0.0]]), [[0.5, 0.5]])
    theirs = sk.KNeighborsClassifier(n_neighbors=3, weights="distance").fit(X, y)
    assert_allclose(knn.predict_proba([[0.0]]), theirs.predict_proba([[0.0]]))


@pytest.mark.parametrize("algorithm", ["brute", "kd_tree"])
def test_equal_distances_put_the_smaller_training_index_first(algorithm):
    """sklnn's documented tie rule; the k-th neighbour too is the smaller index."""
    X = [[1.0], [-1.0], [2.0], [-2.0], [1.0], [0.0]]
    knn = KNeighborsRegressor(n_neighbors=4, algorithm=algorithm).fit(X, np.arange(6.0))
    distances, indices = knn.kneighbors([[0.0]])
    assert indices.tolist() == [[5, 0, 1, 4]]
    assert_allclose(distances, [[0.0, 1.0, 1.0, 1.0]])


@pytest.mark.parametrize("algorithm", ["kd_tree", "ball_tree", "brute"])
def test_d2_root_metric_equals_the_d2_root_function(algorithm):
    """``metric='d2_root'`` (Eq. 4.13) finds the neighbours that d2_root_distances gives."""
    X, y, X_test = CLASSIFICATION_SETS["make_classification"]
    knn = KNeighborsClassifier(metric="d2_root", algorithm=algorithm).fit(X, y)
    distances, indices = knn.kneighbors(X_test)
    expected = sk.KNeighborsClassifier(metric="precomputed").fit(d2_root_distances(X), y)
    expected_distances, expected_indices = expected.kneighbors(d2_root_distances(X_test, X))
    assert_array_equal(indices, expected_indices)
    assert_allclose(distances, expected_distances, rtol=1e-9)
    assert knn.effective_metric_ == "d2_root"


def test_threads_give_the_same_neighbours():
    X, y, X_test = CLASSIFICATION_SETS["wine (strings)"]
    one = KNeighborsClassifier(algorithm="brute").fit(X, y).kneighbors(X_test)
    two = KNeighborsClassifier(algorithm="brute", n_jobs=2).fit(X, y).kneighbors(X_test)
    assert_array_equal(one[1], two[1])
    assert_array_equal(one[0], two[0])


def test_too_few_samples_and_bad_n_neighbors_are_refused():
    with pytest.raises(ValueError, match="n_neighbors = 5, n_samples = 3"):
        KNeighborsClassifier().fit([[0.0], [1.0], [2.0]], [0, 1, 0])
    knn = KNeighborsClassifier(n_neighbors=2).fit([[0.0], [1.0], [2.0]], [0, 1, 0])
    with pytest.raises(ValueError, match="n_neighbors <= n_samples_fit"):
        knn.kneighbors([[0.0]], n_neighbors=4)
    with pytest.raises(ValueError, match="Expected n_neighbors > 0"):
        knn.kneighbors([[0.0]], n_neighbors=0)


@pytest.mark.parametrize("estimator", [KNeighborsClassifier(algorithm="kd_tree"),
                                       DBSCAN(algorithm="kd_tree")], ids=repr)
def test_search_warnings_point_at_the_caller(estimator):
    """The shared search's warnings name the line that called fit, not sklnn's."""
    X = sparse.csr_matrix(np.eye(6))
    with pytest.warns(UserWarning, match="cannot use tree with sparse input") as record:
        estimator.fit(X, [0, 1] * 3)
    assert record[0].filename == __file__

"""sklnn.metrics.pairwise: the distances and similarities of the textbook's §4.2.

Each function equals its scikit-learn namesake (or ``pairwise_distances`` with the same
metric name), and the book's relations hold: Eq. 4.1 with p = 1, 2, ∞ gives Eq. 4.2-4.4,
cossim is 1, 0, -1 at 0°, 90°, 180° (§4.2.2), D2 = √(2 - 2 cos θ) for unit vectors
(Eq. 4.11), and D2⟨root⟩ is Eq. 4.13 term by term.
"""

import numpy as np
import pytest
import sklearn.metrics.pairwise as sk
from numpy.testing import assert_allclose
from scipy import sparse
from sklearn.cluster import DBSCAN as SklearnDBSCAN

from sklnn.cluster import DBSCAN
from sklnn.metrics import pairwise

RNG = np.random.RandomState(0)
X = RNG.randn(12, 5)
Y = RNG.randn(7, 5)

# (X, Y) pairs: dense, Y = X (None), float32, sparse.
CASES = {
    "dense": (X, Y),
    "same": (X, None),
    "float32": (X.astype(np.float32), Y.astype(np.float32)),
    "sparse": (sparse.csr_matrix(np.where(X > 0.5, X, 0)), sparse.csr_matrix(Y)),
}
NAMESAKES = ["euclidean_distances", "manhattan_distances", "cosine_similarity",
             "cosine_distances"]  # fmt: skip


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", NAMESAKES)
def test_equals_scikit_learn_namesake(name, case):
    ours = getattr(pairwise, name)(*CASES[case])
    theirs = getattr(sk, name)(*CASES[case])
    assert ours.dtype == theirs.dtype
    assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("function, metric, params", [
    (pairwise.chebyshev_distances, "chebyshev", {}),
    (pairwise.minkowski_distances, "minkowski", {"p": 3}),
    (pairwise.minkowski_distances, "minkowski", {"p": 1.5}),
])  # fmt: skip
def test_equals_scikit_learn_pairwise_distances(function, metric, params, case):
    X_case, Y_case = CASES[case]
    dense = [None if A is None else (A.toarray() if sparse.issparse(A) else A)
             for A in (X_case, Y_case)]  # scipy's metrics take no sparse input
    expected = sk.pairwise_distances(*dense, metric=metric, **params)
    assert_allclose(function(X_case, Y_case, **params), expected, rtol=1e-6)


def test_euclidean_distances_takes_precomputed_norms_and_squared():
    X_norms = (X**2).sum(axis=1)
    Y_norms = (Y**2).sum(axis=1)
    ours = pairwise.euclidean_distances(X, Y, X_norm_squared=X_norms,
                                        Y_norm_squared=Y_norms, squared=True)
    assert_allclose(ours, sk.euclidean_distances(X, Y, squared=True))


def test_minkowski_exponents_1_2_inf_are_manhattan_euclidean_chebyshev():
    """Eq. 4.1 with p = 1, 2, ∞ is Eq. 4.2, 4.3 and 4.4, computed here by hand."""
    differences = np.abs(X[:, np.newaxis, :] - Y[np.newaxis, :, :])
    assert_allclose(pairwise.minkowski_distances(X, Y, p=1), differences.sum(axis=2))
    assert_allclose(pairwise.minkowski_distances(X, Y, p=2),
                    np.sqrt((differences**2).sum(axis=2)))
    assert_allclose(pairwise.minkowski_distances(X, Y, p=np.inf), differences.max(axis=2))
    assert_allclose(pairwise.minkowski_distances(X, Y, p=3),
                    ((differences**3).sum(axis=2)) ** (1 / 3))


def test_minkowski_refuses_exponents_below_one():
    with pytest.raises(ValueError, match="p must be at least 1"):
        pairwise.minkowski_distances(X, Y, p=0.5)


def test_cosine_similarity_of_the_three_angles_of_section_4_2_2():
    """Same direction: 1; 90°: 0; opposite: -1 (§4.2.2), whatever the magnitudes."""
    u = [[2.0, 0.0]]
    others = [[5.0, 0.0], [0.0, 3.0], [-0.5, 0.0]]
    assert_allclose(pairwise.cosine_similarity(u, others), [[1.0, 0.0, -1.0]])
    assert_allclose(pairwise.cosine_distances(u, others), [[0.0, 1.0, 2.0]])


def test_unit_vectors_euclidean_distance_is_root_of_two_minus_two_cosine():
    """Eq. 4.7-4.11: for ||A|| = ||B|| = 1, D2(A, B) = √(2 - 2 cos θ)."""
    A = X / np.linalg.norm(X, axis=1, keepdims=True)
    B = Y / np.linalg.norm(Y, axis=1, keepdims=True)
    cos = pairwise.cosine_similarity(A, B)
    assert_allclose(pairwise.euclidean_distances(A, B), np.sqrt(2 - 2 * cos), atol=1e-12)


def test_d2_root_is_equation_4_13():
    """√Σ (sign(u_i)√|u_i| - sign(v_i)√|v_i|)², term by term; Eq. 4.12 on u, v ≥ 0."""
    expected = np.array([
        [np.sqrt(np.sum((np.sign(u) * np.sqrt(np.abs(u)) - np.sign(v) * np.sqrt(np.abs(v)))
                        ** 2)) for v in Y]
        for u in X
    ])  # fmt: skip
    assert_allclose(pairwise.d2_root_distances(X, Y), expected)
    U, V = np.abs(X), np.abs(Y)
    eq_4_12 = np.sqrt(((np.sqrt(U)[:, None, :] - np.sqrt(V)[None, :, :]) ** 2).sum(axis=2))
    assert_allclose(pairwise.d2_root_distances(U, V), eq_4_12)
    # The sign is kept: √4 and -√9 are 5 apart, not 1.
    assert_allclose(pairwise.d2_root_distances([[4.0]], [[-9.0]]), [[5.0]])


def test_d2_root_tempers_a_burst():
    """§4.2.4: one large difference (a burst) weighs less under D2⟨root⟩. The same total
    difference, 100 in one feature or 25 in each of four: twice as far under D2 (100 vs
    50), equally far under D2⟨root⟩ (10 and 10)."""
    u, burst, spread = [[0.0, 0.0, 0.0, 0.0]], [[100.0, 0, 0, 0]], [[25.0, 25, 25, 25]]
    assert_allclose(pairwise.euclidean_distances(u, [*burst, *spread]), [[100.0, 50.0]])
    assert_allclose(pairwise.d2_root_distances(u, [*burst, *spread]), [[10.0, 10.0]])


def test_d2_root_sparse_and_same_inputs():
    X_sparse = CASES["sparse"][0]
    assert_allclose(pairwise.d2_root_distances(X_sparse),
                    pairwise.d2_root_distances(X_sparse.toarray()), atol=1e-12)
    assert_allclose(np.diag(pairwise.d2_root_distances(X)), 0)


@pytest.mark.parametrize("algorithm", ["kd_tree", "ball_tree", "brute"])
def test_dbscan_takes_d2_root_by_name(algorithm):
    """As ``metric='d2_root'``: scikit-learn's DBSCAN with the Euclidean distance on the
    mapped samples, which D2⟨root⟩ is."""
    data = RNG.randn(60, 3) * 4
    labels = DBSCAN(eps=1.2, min_samples=3, metric="d2_root", algorithm=algorithm).fit(data)
    mapped = np.sign(data) * np.sqrt(np.abs(data))
    expected = SklearnDBSCAN(eps=1.2, min_samples=3).fit(mapped)
    assert len(set(expected.labels_)) > 2  # several clusters and noise: a real test
    np.testing.assert_array_equal(labels.labels_, expected.labels_)

"""scikit-learn's own estimator checks, run on every sklnn estimator.

Each estimator appears in its default configuration and in at least one other, with no
expected failures: sklnn estimators must pass every check scikit-learn applies to them.
"""

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklnn.cluster import DBSCAN, KMeans
from sklnn.decomposition import PCA
from sklnn.linear_model import LinearRegression, LogRegression, Perceptron, SoftmaxReg
from sklnn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklnn.neural_network import LipschitzCNN, MLPClassifier, MLPRegressor


class NormalCenters:
    """A callable ``init`` for KMeans: centres drawn from a standard normal distribution.

    They do not depend on the rows of X (nor on repeated or zero-weight rows), so integer
    weights must give the model of repeated rows (scikit-learn's common check). A class,
    for a repr (and so a test id) that is the same in every process.
    """

    def __call__(self, X, n_clusters, random_state):
        return random_state.standard_normal(size=(n_clusters, X.shape[1]))

    def __repr__(self):
        return "NormalCenters()"


CLASSICAL_ESTIMATORS = [
    LinearRegression(),
    LinearRegression(solver="gd"),
    LinearRegression(positive=True, fit_intercept=False),
    LogRegression(),
    LogRegression(solver="gd"),
    LogRegression(solver="newton-cg", class_weight="balanced"),
    LogRegression(solver="newton-cholesky", C=np.inf),
    LogRegression(solver="fista", l1_ratio=1.0, C=10.0),
    LogRegression(warm_start=True),
    SoftmaxReg(),
    SoftmaxReg(solver="gd", class_weight="balanced"),
    SoftmaxReg(solver="newton-cg", C=np.inf),
    SoftmaxReg(solver="newton-cholesky", class_weight="balanced"),
    SoftmaxReg(solver="fista", l1_ratio=0.5, C=10.0, max_iter=1000),
    SoftmaxReg(solver="newton-cholesky", warm_start=True),
    Perceptron(),
    Perceptron(loss="mse"),
    KMeans(),
    KMeans(init="random"),
    KMeans(algorithm="elkan", copy_x=False),
    KMeans(init=NormalCenters()),
    DBSCAN(),
    DBSCAN(metric="manhattan", algorithm="kd_tree", leaf_size=5),
    DBSCAN(metric="minkowski", metric_params={"p": 3}, algorithm="ball_tree"),
    DBSCAN(metric="cosine", algorithm="brute", n_jobs=2),
    KNeighborsClassifier(),
    KNeighborsClassifier(weights="distance", metric="manhattan", algorithm="brute"),
    KNeighborsClassifier(n_neighbors=3, metric="d2_root", algorithm="kd_tree", n_jobs=2),
    KNeighborsRegressor(),
    KNeighborsRegressor(weights="distance", algorithm="ball_tree", p=1, leaf_size=5),
    KNeighborsRegressor(metric="cosine", algorithm="brute"),
    PCA(),
    PCA(n_components="mle", svd_solver="full"),
    PCA(svd_solver="covariance_eigh", whiten=True),
    PCA(svd_solver="arpack", tol=1e-12),
    PCA(svd_solver="randomized", power_iteration_normalizer="QR"),
    PCA(n_components=1, svd_solver="randomized", power_iteration_normalizer="LU"),
    PCA(n_components=2, svd_solver="randomized", iterated_power=1,
        power_iteration_normalizer="none", n_oversamples=1),
]


class ManhattanDistance:
    """A callable metric: the Manhattan distance between two samples, dense (1-D) or sparse
    (1 × n_features) as brute force passes them. An instance, for a repr without a memory
    address: the same test ids in every pytest-xdist worker."""

    def __call__(self, x, y):
        if sparse.issparse(x):  # dense rows: faster than sparse arithmetic
            x, y = x.toarray().ravel(), y.toarray().ravel()
        return float(np.abs(x - y).sum())

    def __repr__(self):
        return "ManhattanDistance()"


# Only in scikit-learn's checks: the other tests of every estimator (estimator_cases.py) run
# on Dask workers, which cannot import this module to unpickle the callable.
# (DBSCAN(metric="precomputed") is not here: check_clustering gives it features, not
# distances; tests/cluster/test_dbscan.py tests it.)
CHECKS_ONLY_ESTIMATORS = [
    DBSCAN(metric=ManhattanDistance()),
]

# Few epochs keep the checks fast; a larger step size still fits their easy problems.
_FAST = {"learning_rate_init": 0.01}
# A validation set of 20 % of the checks' small data sets holds every class (stratified);
# mini-batches of 32 give batch normalisation's running statistics (which the validation
# score uses) enough steps before early stopping judges the score.
_REGULARIZED = {
    "early_stopping": True, "validation_fraction": 0.2, "batch_size": 32, "dropout": 0.1,
    "batch_norm": True,
}  # fmt: skip

NEURAL_ESTIMATORS = [
    MLPClassifier(max_iter=20, **_FAST),
    MLPClassifier(max_iter=20, **_FAST, **_REGULARIZED),
    MLPClassifier(
        max_iter=20, monitor_validation=True, validation_fraction=0.2, batch_size=32, **_FAST
    ),
    MLPClassifier(solver="lbfgs", max_iter=50),
    MLPClassifier(solver="lbfgs", max_iter=50, layer_norm=True),
    MLPClassifier(
        solver="sgd", learning_rate="adaptive", max_iter=20, warm_start=True, **_FAST
    ),  # Nesterov's momentum: scikit-learn's default
    MLPRegressor(max_iter=50, **_FAST),
    MLPRegressor(max_iter=50, **_FAST, **_REGULARIZED),
    MLPRegressor(solver="lbfgs", max_iter=50),
    MLPRegressor(
        solver="sgd", nesterovs_momentum=False, learning_rate="invscaling", power_t=0.25,
        max_iter=50, **_FAST,
    ),  # fmt: skip
    LipschitzCNN(max_iter=20, channels=4, **_FAST),
    LipschitzCNN(
        max_iter=20, channels=4, **_FAST, batch_norm=True, early_stopping=True,
        validation_fraction=0.2, batch_size=32, lba_resample="epoch", lba_layers="no_stem",
        lba_decay="decoupled", lipschitz_norm="reshaped", pooling="avg",
    ),
]

# As scikit-learn configures its own estimators for some checks, two kinds of check run
# the neural configurations with some options off:
# - the sample-weight equivalence checks compare a model trained with integer weights to
#   one trained on the duplicated rows. The networks' loss and gradient are the duplicated
#   rows' at every step, batch normalisation included
#   (tests/neural_network/test_sample_weight.py), so the models agree, in float64,
#   wherever training draws nothing row by row; but the validation split (early stopping,
#   monitor_validation) and dropout's masks are drawn row by row (a weighted row and its
#   copies get different draws): these checks run without them. (Their 15 rows fit in one
#   batch of batch_size='auto'.)
# - two checks fit one instance twice and compare the second model with the first as if
#   both were fresh fits: they run without warm_start, as scikit-learn's check_fit_idempotent
#   and check_n_features_in_after_fitting set it off themselves.
_NO_ROW_DRAWS = {"early_stopping": False, "monitor_validation": False, "dropout": 0.0}
_OPTIONS_OFF = {
    "check_sample_weight_equivalence_on_dense_data": _NO_ROW_DRAWS,
    "check_sample_weight_equivalence_on_sparse_data": _NO_ROW_DRAWS,
    "check_supervised_y_2d": {"warm_start": False},
    "check_classifiers_multilabel_representation_invariance": {"warm_start": False},
}


def _configured_for(check, estimator):
    options = _OPTIONS_OFF.get(getattr(check, "func", check).__name__, {})
    if options and "dropout" in estimator.get_params():  # a neural estimator
        return clone(estimator).set_params(**options)
    return estimator


@parametrize_with_checks(CLASSICAL_ESTIMATORS + CHECKS_ONLY_ESTIMATORS + NEURAL_ESTIMATORS)
def test_estimator_passes_sklearn_checks(estimator, check):
    check(_configured_for(check, estimator))

"""scikit-learn's own estimator checks, run on every sklnn estimator.

Each estimator appears in its default configuration and in at least one other, with no
expected failures: sklnn estimators must pass every check scikit-learn applies to them.
"""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sklnn.cluster import DBSCAN, KMeans
from sklnn.decomposition import PCA
from sklnn.linear_model import LinearRegression, LogRegression, Perceptron, SoftmaxReg
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
    LogRegression(),
    LogRegression(solver="gd"),
    SoftmaxReg(),
    SoftmaxReg(solver="gd"),
    Perceptron(),
    Perceptron(loss="mse"),
    KMeans(),
    KMeans(init="random"),
    KMeans(algorithm="elkan", copy_x=False),
    KMeans(init=NormalCenters()),
    DBSCAN(),
    DBSCAN(metric="manhattan"),
    PCA(),
    PCA(solver="eigh"),
]

# Few epochs keep the checks fast; a larger step size still fits their easy problems.
_FAST = {"learning_rate_init": 0.01}
_REGULARIZED = {"early_stopping": True, "dropout": 0.1, "batch_norm": True}

NEURAL_ESTIMATORS = [
    MLPClassifier(max_epochs=20, **_FAST),
    MLPClassifier(max_epochs=20, **_FAST, **_REGULARIZED),
    MLPRegressor(max_epochs=50, **_FAST),
    MLPRegressor(max_epochs=50, **_FAST, **_REGULARIZED),
    LipschitzCNN(max_epochs=20, channels=4, **_FAST),
    LipschitzCNN(
        max_epochs=20, channels=4, **_FAST, batch_norm=True, early_stopping=True,
        lba_resample="epoch", lipschitz_norm="reshaped", pooling="avg",
    ),
]


@parametrize_with_checks(CLASSICAL_ESTIMATORS + NEURAL_ESTIMATORS)
def test_estimator_passes_sklearn_checks(estimator, check):
    check(estimator)

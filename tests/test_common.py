"""scikit-learn's own estimator checks, run on every sklnn estimator.

Each estimator appears in its default configuration and in at least one other, with no
expected failures: sklnn estimators must pass every check scikit-learn applies to them.
"""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sklnn.cluster import DBSCAN, KMeans
from sklnn.decomposition import PCA
from sklnn.linear_model import LinearRegression, LogRegression, Perceptron, SoftmaxReg

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
    DBSCAN(),
    DBSCAN(metric="manhattan"),
    PCA(),
    PCA(solver="eigh"),
]


@parametrize_with_checks(CLASSICAL_ESTIMATORS)
def test_classical_estimator_passes_sklearn_checks(estimator, check):
    check(estimator)

"""scikit-learn's own estimator checks, run on every sklnn estimator.

Each estimator appears in its default configuration and in at least one other, with no
expected failures: sklnn estimators must pass every check scikit-learn applies to them.
"""

import numpy as np
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklnn.cluster import DBSCAN, KMeans
from sklnn.decomposition import PCA
from sklnn.linear_model import LinearRegression, LogRegression, Perceptron, SoftmaxReg
from sklnn.neural_network import LipschitzCNN, MLPClassifier, MLPRegressor

CLASSICAL_ESTIMATORS = [
    LinearRegression(),
    LinearRegression(solver="gd"),
    LinearRegression(positive=True, fit_intercept=False),
    LogRegression(),
    LogRegression(solver="gd"),
    LogRegression(solver="newton-cg", class_weight="balanced"),
    LogRegression(solver="newton-cholesky", C=np.inf),
    LogRegression(solver="fista", l1_ratio=1.0, C=10.0),
    SoftmaxReg(),
    SoftmaxReg(solver="gd", class_weight="balanced"),
    SoftmaxReg(solver="newton-cg", C=np.inf),
    SoftmaxReg(solver="newton-cholesky", class_weight="balanced"),
    SoftmaxReg(solver="fista", l1_ratio=0.5, C=10.0, max_iter=1000),
    Perceptron(),
    Perceptron(loss="mse"),
    KMeans(),
    KMeans(init="random"),
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

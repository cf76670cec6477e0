"""scikit-learn's own estimator checks, run on every sklnn estimator.

Each estimator appears in its default configuration and in at least one other, with no
expected failures: sklnn estimators must pass every check scikit-learn applies to them.
"""

from sklearn.base import clone
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklnn.cluster import DBSCAN, KMeans
from sklnn.decomposition import PCA
from sklnn.linear_model import LinearRegression, LogRegression, Perceptron, SoftmaxReg
from sklnn.neural_network import LipschitzCNN, MLPClassifier, MLPRegressor

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
    MLPClassifier(solver="lbfgs", max_iter=50),
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
        validation_fraction=0.2, batch_size=32, lba_resample="epoch",
        lipschitz_norm="reshaped", pooling="avg",
    ),
]

# As scikit-learn configures its own estimators for some checks, two kinds of check run
# the neural configurations with some options off:
# - the sample-weight equivalence checks compare a model trained with integer weights to
#   one trained on the duplicated rows. The networks' loss and gradient are the duplicated
#   rows' at every step, batch normalisation included
#   (tests/neural_network/test_sample_weight.py), so the models agree, in float64,
#   wherever training draws nothing row by row; but the validation split of early stopping
#   and dropout's masks are drawn row by row (a weighted row and its copies get different
#   draws): these checks run without them. (Their 15 rows fit in one batch of
#   batch_size='auto'.)
# - two checks fit one instance twice and compare the second model with the first as if
#   both were fresh fits: they run without warm_start, as scikit-learn's check_fit_idempotent
#   and check_n_features_in_after_fitting set it off themselves.
_OPTIONS_OFF = {
    "check_sample_weight_equivalence_on_dense_data": {"early_stopping": False, "dropout": 0.0},
    "check_sample_weight_equivalence_on_sparse_data": {"early_stopping": False, "dropout": 0.0},
    "check_supervised_y_2d": {"warm_start": False},
    "check_classifiers_multilabel_representation_invariance": {"warm_start": False},
}


def _configured_for(check, estimator):
    options = _OPTIONS_OFF.get(getattr(check, "func", check).__name__, {})
    if options and "dropout" in estimator.get_params():  # a neural estimator
        return clone(estimator).set_params(**options)
    return estimator


@parametrize_with_checks(CLASSICAL_ESTIMATORS + NEURAL_ESTIMATORS)
def test_estimator_passes_sklearn_checks(estimator, check):
    check(_configured_for(check, estimator))

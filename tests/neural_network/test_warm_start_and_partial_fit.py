"""warm_start and partial_fit, as scikit-learn's MLPs: training goes on from the last weights."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

from sklnn.neural_network import LipschitzCNN, MLPClassifier, MLPRegressor


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return StandardScaler().fit_transform(X), y


SGD = dict(hidden_layer_sizes=(6,), solver="sgd", learning_rate_init=0.05, random_state=0)


@pytest.mark.parametrize("layer_norm", [False, True])
@pytest.mark.parametrize("Estimator", [MLPClassifier, MLPRegressor])
def test_partial_fit_epochs_are_the_epochs_of_fit(iris, Estimator, layer_norm):
    """Full-batch epochs from the same initial weights, with the momentum carried over."""
    X, y = iris
    target = y if Estimator is MLPClassifier else X[:, 0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fitted = Estimator(**SGD, max_iter=12, n_iter_no_change=np.inf, layer_norm=layer_norm)
        fitted.fit(X, target)
    incremental = Estimator(**SGD, layer_norm=layer_norm)
    for _ in range(12):
        if Estimator is MLPClassifier:
            incremental.partial_fit(X, target, classes=[0, 1, 2])
        else:
            incremental.partial_fit(X, target)
    assert incremental.n_iter_ == 1 and incremental.t_ == 12 * len(X)
    np.testing.assert_allclose(incremental.loss_curve_, fitted.loss_curve_, rtol=1e-9)
    np.testing.assert_allclose(incremental.predict(X), fitted.predict(X), rtol=1e-9)


def test_partial_fit_needs_the_classes_first_and_keeps_them(iris):
    X, y = iris
    model = MLPClassifier(**SGD)
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        model.partial_fit(X, y)
    model.partial_fit(X[y < 2], y[y < 2], classes=[0, 1, 2])  # y need not hold them all
    assert model.classes_.tolist() == [0, 1, 2] and model.n_outputs_ == 3
    model.partial_fit(X, y)
    with pytest.raises(ValueError, match="`classes=.*` is not the same"):
        model.partial_fit(X, y, classes=[0, 1])
    with pytest.raises(ValueError, match="`y` has classes not in `self.classes_`"):
        model.partial_fit(X, y + 1)


def test_partial_fit_exists_with_the_stochastic_solvers_without_early_stopping():
    assert hasattr(MLPClassifier(solver="adam"), "partial_fit")
    assert not hasattr(MLPRegressor(solver="lbfgs"), "partial_fit")
    with pytest.raises(AttributeError, match="only available for stochastic optimizers"):
        MLPClassifier(solver="lbfgs").partial_fit  # noqa: B018
    assert not hasattr(MLPClassifier(early_stopping=True), "partial_fit")
    # ... and that is also scikit-learn's ValueError
    with pytest.raises(ValueError, match="partial_fit does not support early_stopping=True"):
        MLPRegressor(early_stopping=True).partial_fit  # noqa: B018


@pytest.mark.parametrize("layer_norm", [False, True])
@pytest.mark.parametrize("solver", ["sgd", "lbfgs"])
def test_warm_start_goes_on_from_the_last_fit(iris, solver, layer_norm):
    X, y = iris
    params = dict(SGD, solver=solver, max_iter=5, n_iter_no_change=np.inf, warm_start=True,
                  layer_norm=layer_norm)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = MLPClassifier(**params).fit(X, y)
        first = model.coefs_[0].copy()
        model.fit(X, y)
        ten = MLPClassifier(**dict(params, max_iter=10, warm_start=False)).fit(X, y)
    assert model.n_iter_ == 5 and len(model.loss_curve_) == len(model.history_) == 10
    assert not np.array_equal(model.coefs_[0], first)
    if solver == "sgd":
        assert model.t_ == 10 * len(X)
        # the second fit starts a new optimizer (its momentum at 0), as scikit-learn's
        assert not np.allclose(model.coefs_[0], ten.coefs_[0])
        np.testing.assert_allclose(model.loss_curve_[:5], ten.loss_curve_[:5])


def test_warm_start_keeps_the_classes(iris):
    X, y = iris
    model = MLPClassifier(**SGD, max_iter=2, warm_start=True).fit(X, y)
    with pytest.raises(ValueError, match="warm_start can only be used where `y` has the same"):
        model.fit(X[y < 2], y[y < 2])


def test_without_warm_start_fit_starts_again(iris):
    X, y = iris
    model = MLPClassifier(**SGD, max_iter=3)
    first = model.fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(model.fit(X, y).predict_proba(X), first)
    assert len(model.loss_curve_) == 3


def test_weights_set_by_hand_are_where_partial_fit_starts():
    """scikit-learn's idiom for chosen initial weights: set coefs_ and intercepts_."""
    X, y = np.array([[0.6, 0.8, 0.7]]), np.array([0])
    model = MLPClassifier(hidden_layer_sizes=2, activation="logistic", solver="sgd",
                          learning_rate_init=0.1, momentum=0.0, alpha=0.0)  # fmt: skip
    model.coefs_ = [np.array([[0.1, 0.2], [0.3, 0.1], [0.5, 0.0]]), np.array([[0.1], [0.2]])]
    model.intercepts_ = [np.array([0.1, 0.1]), np.array([1.0])]
    model.n_features_in_, model.n_outputs_, model.out_activation_ = 3, 1, "logistic"
    model.partial_fit(X, y, classes=[0, 1])
    # one step of gradient descent on the binary cross-entropy from these weights
    hidden = 1 / (1 + np.exp(-(X @ [[0.1, 0.2], [0.3, 0.1], [0.5, 0.0]] + 0.1)))
    output = 1 / (1 + np.exp(-(hidden @ [[0.1], [0.2]] + 1.0)))
    np.testing.assert_allclose(model.intercepts_[1], 1.0 - 0.1 * (output[0] - 0), rtol=1e-12)
    np.testing.assert_allclose(model.coefs_[1], [[0.1], [0.2]] - 0.1 * hidden.T * output[0],
                               rtol=1e-12)  # fmt: skip


def test_lipschitz_cnn_takes_the_same_training_parameters(iris):
    X, y = iris
    model = LipschitzCNN(channels=2, n_blocks=1, solver="sgd", learning_rate="invscaling",
                         max_iter=2, n_iter_no_change=5, warm_start=True, random_state=0,
                         device="cpu")  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y).fit(X, y)
        model.partial_fit(X, y)
    assert len(model.loss_curve_) == 5 and model.t_ == 5 * len(X)
    lbfgs = LipschitzCNN(channels=2, n_blocks=1, solver="lbfgs", regularization="l2",
                         max_iter=5, random_state=0, device="cpu")  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        assert lbfgs.fit(X, y).n_iter_ <= 5
    assert lbfgs.loss_ == lbfgs.loss_curve_[-1]


@pytest.mark.parametrize("resume", ["warm_start", "partial_fit"])
def test_unpickled_lba_model_trains_on_as_the_original(iris, resume):
    """The LBA penalty points at the module's layers: pickled with the module, the copy
    regularizes the unpickled network's layers, exactly as the original goes on."""
    X, y = iris
    model = MLPClassifier(**SGD, regularization="lba", max_iter=3, warm_start=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
        copy = pickle.loads(pickle.dumps(model))
        for estimator in (model, copy):
            if resume == "warm_start":
                estimator.fit(X, y)
            else:
                estimator.partial_fit(X, y)
    np.testing.assert_array_equal(copy.predict_proba(X), model.predict_proba(X))

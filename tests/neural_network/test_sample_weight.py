"""sample_weight: an integer weight counts as that many copies of the sample, in the loss, its
gradient, batch normalisation, the penalties' scale and the learning-rate schedule; and it
reaches the networks through scikit-learn's metadata routing."""

import numpy as np
import pytest
import torch
from sklearn import config_context
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV, KFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklnn.neural_network import LipschitzCNN, MLPClassifier, MLPRegressor


def _data(n_samples=12, n_features=9, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.uniform(size=(n_samples, n_features))
    weights = rng.randint(0, 4, size=n_samples)
    weights[:2] = (0, 3)  # a dropped row and a tripled one, whatever the draw
    return X, rng, weights


TARGETS = {
    "classes": lambda rng, n: np.arange(n) % 3,
    "multilabel": lambda rng, n: rng.randint(0, 2, size=(n, 3)),
    "continuous": lambda rng, n: rng.normal(size=(n, 2)),
    "counts": lambda rng, n: rng.poisson(2.0, size=(n, 2)).astype(float),
}
ESTIMATORS = {
    "softmax": (MLPClassifier(hidden_layer_sizes=(6,), alpha=0.3, l1=0.01), "classes"),
    "logistic, batch norm": (
        MLPClassifier(hidden_layer_sizes=(6, 5), batch_norm=True, alpha=0.3,
                      activation="tanh"), "multilabel"),
    "squared error, batch norm": (
        MLPRegressor(hidden_layer_sizes=(6,), batch_norm=True, alpha=0.3), "continuous"),
    "poisson": (MLPRegressor(loss="poisson", hidden_layer_sizes=(6,), alpha=0.3), "counts"),
    "squared error, layer norm": (
        MLPRegressor(hidden_layer_sizes=(6, 5), layer_norm=True, alpha=0.3), "continuous"),
    "cnn, batch norm": (
        LipschitzCNN(channels=3, n_blocks=1, head_layer_sizes=(5,), batch_norm=True,
                     regularization="l2", alpha=0.3), "classes"),
}  # fmt: skip


def _objective_and_gradient(net, X, y, weight):
    """The training step's objective and gradient at the net's current weights, and the
    batch normalisation statistics it leaves; the weights and statistics are restored."""
    module = net.module_
    saved = {name: value.clone() for name, value in module.state_dict().items()}
    module.zero_grad(set_to_none=True)
    net.batch_norms_ = [layer for layer in module.modules() if hasattr(layer, "sample_weight")]
    weight = None if weight is None else torch.as_tensor(weight, dtype=torch.float64)
    step = net.train_step_single((torch.as_tensor(X), torch.as_tensor(y), weight))
    count = len(X) if weight is None else weight.sum()
    objective = net.add_penalty_gradients(step["loss"], count).item()
    gradient = [parameter.grad.clone() for parameter in module.parameters()]
    statistics = {name: value.clone() for name, value in module.named_buffers()}
    module.load_state_dict(saved)
    return objective, gradient, statistics


@pytest.mark.parametrize("name", ESTIMATORS)
def test_integer_weights_give_the_objective_and_gradient_of_duplicated_rows(name):
    X, rng, weights = _data()
    estimator, kind = ESTIMATORS[name]
    estimator = clone(estimator).set_params(max_iter=1, random_state=0, device="cpu")
    y = TARGETS[kind](rng, len(X))
    estimator.fit(X, y)  # a network in float64, its weights away from the initial ones
    net = estimator.net_
    target = estimator._loss_target(y).numpy()

    weighted = _objective_and_gradient(net, X, target, weights)
    repeated = _objective_and_gradient(
        net, X.repeat(weights, axis=0), target.repeat(weights, axis=0), None
    )

    assert weighted[0] == pytest.approx(repeated[0], rel=1e-12)
    for gradient, expected in zip(weighted[1], repeated[1]):
        torch.testing.assert_close(gradient, expected, rtol=1e-10, atol=1e-14)
    for name_, value in weighted[2].items():  # running statistics of batch normalisation
        torch.testing.assert_close(value, repeated[2][name_], rtol=1e-10, atol=1e-14)


def test_unit_weights_are_no_weights():
    X, y = load_iris(return_X_y=True)
    params = dict(hidden_layer_sizes=(5,), solver="lbfgs", max_iter=30, random_state=0)
    plain = MLPClassifier(**params).fit(X, y)
    unit = MLPClassifier(**params).fit(X, y, sample_weight=np.ones(len(X)))
    np.testing.assert_allclose(unit.predict_proba(X), plain.predict_proba(X), rtol=1e-9)


@pytest.mark.parametrize("layer_norm", [False, True])
@pytest.mark.parametrize("Estimator", [MLPClassifier, MLPRegressor])
def test_weighted_fit_equals_the_fit_on_duplicated_rows(Estimator, layer_norm):
    """Full batch, float64, nothing drawn row by row: the same model (the invscaling rate
    counts weighted samples too; layer normalisation works sample by sample)."""
    X, rng, weights = _data(n_samples=20, n_features=4, seed=1)
    y = np.arange(20) % 2 if Estimator is MLPClassifier else X @ [1.0, -2.0, 0.5, 0.0]
    params = dict(hidden_layer_sizes=(5,), solver="sgd", learning_rate="invscaling",
                  learning_rate_init=0.5, power_t=0.25, alpha=0.1, max_iter=15,
                  random_state=0, layer_norm=layer_norm)  # fmt: skip
    weighted = Estimator(**params).fit(X, y, sample_weight=weights)
    repeated = Estimator(**params).fit(X.repeat(weights, axis=0), y.repeat(weights))
    assert weighted.t_ == repeated.t_ == 15 * weights.sum()
    np.testing.assert_allclose(weighted.loss_curve_, repeated.loss_curve_, rtol=1e-10)
    np.testing.assert_allclose(weighted.predict(X), repeated.predict(X), rtol=1e-9)


def test_weights_of_zero_in_every_row_of_a_batch_make_no_step():
    X, rng, _ = _data(n_samples=8, n_features=3)
    y = np.arange(8) % 2
    weights = np.array([0, 0, 0, 0, 1, 2, 1, 1])  # the first batch of 4 weighs nothing
    model = MLPClassifier(hidden_layer_sizes=(4,), solver="sgd", batch_size=4, shuffle=False,
                          momentum=0.0, alpha=1.0, max_iter=1, random_state=0)  # fmt: skip
    model.fit(X, y, sample_weight=weights)
    second_half = clone(model).fit(X[4:], y[4:], sample_weight=weights[4:])
    for coef, expected in zip(model.coefs_, second_half.coefs_):
        np.testing.assert_allclose(coef, expected, rtol=1e-12)


def test_sample_weight_is_not_modified():
    X, y = load_iris(return_X_y=True)
    weights = np.arange(len(X)) % 3 + 0.5
    before = weights.copy()
    MLPClassifier(hidden_layer_sizes=(4,), max_iter=2, early_stopping=True).fit(
        X, y, sample_weight=weights
    )
    np.testing.assert_array_equal(weights, before)


def _weighted_problem():
    X, y = load_iris(return_X_y=True)
    weights = np.where(y == 2, 5.0, 1.0)  # class 2 counts five times
    return X, y, weights


LBFGS = dict(hidden_layer_sizes=(4,), solver="lbfgs", max_iter=40, random_state=0)


def test_pipeline_routes_sample_weight_to_the_network():
    X, y, weights = _weighted_problem()
    with config_context(enable_metadata_routing=True):
        pipeline = make_pipeline(
            StandardScaler().set_fit_request(sample_weight=False),
            MLPClassifier(**LBFGS).set_fit_request(sample_weight=True),
        ).fit(X, y, sample_weight=weights)
    direct = MLPClassifier(**LBFGS).fit(
        StandardScaler().fit_transform(X), y, sample_weight=weights
    )
    unweighted = MLPClassifier(**LBFGS).fit(StandardScaler().fit_transform(X), y)
    expected = direct.predict_proba(StandardScaler().fit_transform(X))
    np.testing.assert_allclose(pipeline.predict_proba(X), expected, rtol=1e-9)
    assert not np.allclose(unweighted.predict_proba(StandardScaler().fit_transform(X)),
                           expected)  # fmt: skip


def test_grid_search_and_cross_validate_route_sample_weight():
    X, y, weights = _weighted_problem()
    folds = list(KFold(3, shuffle=True, random_state=0).split(X))
    with config_context(enable_metadata_routing=True):
        network = MLPRegressor(**LBFGS).set_fit_request(sample_weight=True)
        network.set_score_request(sample_weight=True)  # the folds are scored weighted too
        search = GridSearchCV(network, {"alpha": [1e-4, 1.0]}, cv=folds).fit(
            X, y, sample_weight=weights
        )
        results = cross_validate(network, X, y, cv=folds, params={"sample_weight": weights},
                                 return_estimator=True)  # fmt: skip
    train, _ = folds[0]
    expected = MLPRegressor(**LBFGS).fit(X[train], y[train], sample_weight=weights[train])
    np.testing.assert_allclose(results["estimator"][0].predict(X), expected.predict(X),
                               rtol=1e-9)  # fmt: skip
    refit = MLPRegressor(**LBFGS, **{"alpha": search.best_params_["alpha"]})
    refit.fit(X, y, sample_weight=weights)
    np.testing.assert_allclose(search.predict(X), refit.predict(X), rtol=1e-9)


def test_partial_fit_takes_sample_weight_as_scikit_learn_orders_it():
    X, rng, weights = _data(n_samples=10, n_features=3)
    y = np.arange(10) % 2
    params = dict(hidden_layer_sizes=(4,), solver="sgd", momentum=0.0, random_state=0)
    weighted = MLPClassifier(**params)
    repeated = MLPClassifier(**params)
    for _ in range(3):
        weighted.partial_fit(X, y, weights, [0, 1])  # (X, y, sample_weight, classes)
        repeated.partial_fit(X.repeat(weights, axis=0), y.repeat(weights), classes=[0, 1])
    np.testing.assert_allclose(weighted.predict_proba(X), repeated.predict_proba(X),
                               rtol=1e-9)  # fmt: skip

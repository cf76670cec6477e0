"""Perceptron: the textbook's sigmoid neuron learns AND and OR and cannot learn XOR."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import expit
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils._param_validation import InvalidParameterError

from sklnn.linear_model import LogRegression, Perceptron
from sklnn.linear_model._losses import LinearObjective

# §3.2.5: the logic gates on X = (0,0), (0,1), (1,0), (1,1).
GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
AND = np.array([0, 0, 0, 1])
OR = np.array([0, 1, 1, 1])
XOR = np.array([0, 1, 1, 0])


def _fit(X, y, sample_weight=None, **params):
    with warnings.catch_warnings():
        # On separable data the cross-entropy keeps decreasing as the weights grow.
        warnings.simplefilter("ignore", ConvergenceWarning)
        return Perceptron(**params).fit(X, y, sample_weight=sample_weight)


@pytest.mark.parametrize("gate", [AND, OR], ids=["AND", "OR"])
@pytest.mark.parametrize("loss", ["bce", "mse"])
@pytest.mark.parametrize("batch_size", [None, 1])
def test_learns_and_or(gate, loss, batch_size):
    for seed in range(3):
        model = _fit(GATE_INPUTS, gate, loss=loss, batch_size=batch_size, random_state=seed)
        assert_array_equal(model.predict(GATE_INPUTS), gate)
        assert model.score(GATE_INPUTS, gate) == 1.0


def test_learns_and_with_the_textbooks_learning_rate():
    model = _fit(GATE_INPUTS, AND, learning_rate=1.0, max_iter=200, random_state=0)
    assert_array_equal(model.predict(GATE_INPUTS), AND)
    proba = model.predict_proba(GATE_INPUTS)[:, 1]
    assert proba[3] > 0.5 > proba[:3].max()


@pytest.mark.parametrize("loss", ["bce", "mse"])
@pytest.mark.parametrize("learning_rate", ["auto", 0.1, 1.0, 10.0])
@pytest.mark.parametrize("batch_size", [None, 1])
def test_cannot_learn_xor(loss, learning_rate, batch_size):
    # A single neuron draws one line; no line separates XOR's classes.
    for seed in range(3):
        model = _fit(
            GATE_INPUTS,
            XOR,
            loss=loss,
            learning_rate=learning_rate,
            batch_size=batch_size,
            max_iter=300,
            random_state=seed,
        )
        assert model.score(GATE_INPUTS, XOR) < 1.0


def test_textbook_first_gradient_for_and():
    # §3.2.5: from Φ = [ϕ₀, ϕ₁, ϕ₂] = [0, 0, 0.2] the BCE gradient ("inc") is
    # [0.274917, 0.0124585, 0.024917]; parameters are laid out as [ϕ₁, ϕ₂, ϕ₀].
    objective = LinearObjective(
        GATE_INPUTS.astype(float),
        AND[:, None].astype(float),
        loss="binomial",
        l2=0.0,
        fit_intercept=True,
    )
    _, gradient = objective(np.array([0.0, 0.2, 0.0]))
    assert_allclose(gradient, [0.0124585, 0.024917, 0.274917], atol=1e-6)


def test_outputs_are_the_neurons_activation():
    model = _fit(GATE_INPUTS, OR, random_state=0)
    scores = model.decision_function(GATE_INPUTS)
    assert scores.shape == (4,)
    assert_allclose(scores, GATE_INPUTS @ model.coef_[0] + model.intercept_[0])
    proba = model.predict_proba(GATE_INPUTS)
    assert proba.shape == (4, 2)
    assert_allclose(proba[:, 1], expit(scores))
    assert_allclose(proba.sum(axis=1), 1.0)


def test_bce_neuron_is_unpenalized_logistic_regression():
    X, y = make_classification(
        n_samples=200, n_features=4, n_informative=3, n_redundant=0, flip_y=0.2, random_state=1
    )
    neuron = Perceptron(tol=1e-8, max_iter=20_000, random_state=0).fit(X, y)
    logistic = LogRegression(C=np.inf, tol=1e-10, max_iter=1000).fit(X, y)
    assert_allclose(neuron.coef_, logistic.coef_, atol=1e-5)
    assert_allclose(neuron.intercept_, logistic.intercept_, atol=1e-5)


def test_random_state_controls_initialization_and_batches():
    X, y = make_classification(n_samples=80, n_features=3, n_redundant=0, random_state=0)
    params = {"batch_size": 16, "max_iter": 5}
    first = _fit(X, y, random_state=3, **params)
    again = _fit(X, y, random_state=3, **params)
    other = _fit(X, y, random_state=4, **params)
    assert_array_equal(first.coef_, again.coef_)
    assert not np.allclose(first.coef_, other.coef_)


@pytest.mark.parametrize(
    "params",
    [
        {"loss": "hinge"},
        {"batch_size": 0},
        {"batch_size": 2.5},
        {"max_iter": 0},
        {"learning_rate": -1.0},
    ],
    ids=repr,
)
def test_invalid_hyperparameters(params):
    message = f"The '{next(iter(params))}' parameter of Perceptron must be"
    with pytest.raises(InvalidParameterError, match=message):
        Perceptron(**params).fit(GATE_INPUTS, AND)


@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_integer_sample_weight_is_the_duplicated_rows(loss):
    X, y = make_classification(n_samples=30, n_features=4, random_state=0)
    weights = np.random.default_rng(0).integers(0, 4, size=30)
    params = {"loss": loss, "max_iter": 50, "random_state": 0}
    weighted = _fit(X, y, sample_weight=weights, **params)
    duplicated = _fit(X.repeat(weights, axis=0), y.repeat(weights), **params)
    assert_allclose(weighted.coef_, duplicated.coef_, rtol=1e-10)
    assert_allclose(weighted.intercept_, duplicated.intercept_, rtol=1e-10)


def test_multiclass_target_is_rejected():
    with pytest.raises(ValueError, match="binary"):
        Perceptron().fit(GATE_INPUTS, [0, 1, 2, 1])

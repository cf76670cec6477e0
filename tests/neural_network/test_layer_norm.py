"""layer_norm=True: LayerNorm after each hidden linear layer (textbook §3.5.7), a
deterministic function of each sample, so lbfgs and batches of one may use it, and an exact
Lipschitz factor in ``lipschitz_bound_``."""

import math
import pickle

import numpy as np
import pytest
import torch
from sklearn.datasets import make_classification
from torch import nn

from sklnn.lipschitz import lipschitz_bound, spectral_norm
from sklnn.neural_network import MLPClassifier, MLPRegressor

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(n_samples=80, n_features=5, random_state=0)
    return X, y


def layer_types(model):
    return [type(layer).__name__ for layer in model.net_.module_]


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_a_layer_norm_follows_each_hidden_linear_layer(data, solver):
    X, y = data
    model = MLPClassifier(hidden_layer_sizes=(6, 4), layer_norm=True, solver=solver,
                          learning_rate_init=0.05, max_iter=30, random_state=0)  # fmt: skip
    model.fit(X, y)
    assert layer_types(model) == [
        "Linear", "LayerNorm", "ReLU", "Linear", "LayerNorm", "ReLU", "Linear",
    ]  # fmt: skip
    assert [layer.normalized_shape for layer in model.net_.module_ if
            isinstance(layer, nn.LayerNorm)] == [(6,), (4,)]  # fmt: skip
    assert model.score(X, y) > 0.85


def test_batch_norm_and_layer_norm_together_are_refused_before_any_change(data):
    X, y = data
    model = MLPRegressor(batch_norm=True, layer_norm=True)
    with pytest.raises(ValueError, match="batch_norm=True and layer_norm=True .* choose one"):
        model.fit(X, y)
    assert not hasattr(model, "n_features_in_")


def test_layer_norm_trains_on_batches_of_one_and_predicts_sample_by_sample(data):
    X, y = data
    model = MLPClassifier(hidden_layer_sizes=(6,), layer_norm=True, batch_size=1,
                          max_iter=3, random_state=0).fit(X, y)  # fmt: skip
    one_by_one = np.vstack([model.predict_proba(X[i : i + 1]) for i in range(len(X))])
    np.testing.assert_allclose(one_by_one, model.predict_proba(X), rtol=1e-12)


def test_layer_norm_parameters_are_trained_and_pickled(data):
    X, y = data
    model = MLPClassifier(hidden_layer_sizes=(6,), layer_norm=True, max_iter=20,
                          learning_rate_init=0.05, random_state=0).fit(X, y)  # fmt: skip
    gamma = model.net_.module_[1].weight.detach().numpy()
    assert not np.allclose(gamma, 1.0)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.net_.module_[1].weight.detach().numpy(), gamma)
    np.testing.assert_array_equal(restored.predict_proba(X), model.predict_proba(X))


def test_lipschitz_bound_holds_the_layer_norm_factor(data):
    X, y = data
    model = MLPRegressor(hidden_layer_sizes=(6,), layer_norm=True, max_iter=20,
                         learning_rate_init=0.05, random_state=0).fit(X, y)  # fmt: skip
    first, norm, _, last = model.net_.module_
    gamma = norm.weight.detach().double()
    projection = torch.eye(6, dtype=torch.float64) - 1 / 6
    factor = float(torch.linalg.matrix_norm(torch.diag(gamma) @ projection, ord=2))
    expected = spectral_norm(first) * factor / math.sqrt(norm.eps) * spectral_norm(last)
    assert model.lipschitz_bound_ == pytest.approx(expected, rel=1e-6)
    assert model.lipschitz_bound_ == lipschitz_bound(model.net_.module_, (5,))


def test_no_jacobian_of_a_fitted_network_beats_its_bound(data):
    X, y = data
    model = MLPClassifier(hidden_layer_sizes=(6, 4), layer_norm=True, solver="lbfgs",
                          max_iter=30, random_state=0).fit(X, y)  # fmt: skip
    module = model.net_.module_.double()
    generator = torch.Generator().manual_seed(0)
    inputs = [scale * torch.randn(5, generator=generator, dtype=torch.float64)
              for scale in (1e-3, 1.0, 10.0) for _ in range(10)]  # fmt: skip
    norms = [
        float(torch.linalg.matrix_norm(
            torch.autograd.functional.jacobian(lambda v: module(v[None])[0], x), ord=2))
        for x in inputs
    ]  # fmt: skip
    assert 0 < max(norms) <= model.lipschitz_bound_

"""The written-out training step of the dense networks is autograd's, bit for bit.

:class:`~sklnn.neural_network._backprop.DenseBackprop` (forward and backward passes by hand)
and :class:`~sklnn.neural_network._optim.FlatParameters` (the optimizer's update on flat
buffers) only make a step cheaper: every gradient, update and trained model must be
exactly the one of ``loss.backward()`` and ``optimizer.step()`` parameter by parameter.
"""

import copy
import itertools

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits

import sklnn.neural_network._net as net_module
from sklnn.neural_network import LipschitzCNN, MLPClassifier, MLPRegressor
from sklnn.neural_network._backprop import DenseBackprop
from sklnn.neural_network._losses import LOSSES
from sklnn.neural_network._modules import MLP
from sklnn.neural_network._optim import FlatParameters

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

DTYPES = (torch.float32, torch.float64)


def _targets(loss, n_samples, n_outputs, dtype, generator):
    if loss == "softmax":
        return torch.randint(0, n_outputs, (n_samples,), generator=generator)
    if loss == "logistic":
        return torch.randint(0, 2, (n_samples, n_outputs), generator=generator).to(dtype)
    if loss == "exp":
        rates = 3 * torch.rand(n_samples, n_outputs, generator=generator, dtype=dtype)
        return torch.poisson(rates, generator=generator)
    return torch.randn(n_samples, n_outputs, generator=generator, dtype=dtype)


def _weights(weighted, n_samples, dtype, generator):
    if not weighted:
        return None
    weight = 3 * torch.rand(n_samples, generator=generator, dtype=dtype)
    weight[0] = 0.0  # a zero weight among others
    return weight


@pytest.mark.parametrize(
    "loss, dtype, weighted, n_samples",
    list(itertools.product(LOSSES, DTYPES, (False, True), (1, 13, 64))),
)
def test_loss_gradient_is_autogrades(loss, dtype, weighted, n_samples):
    generator = torch.Generator().manual_seed(n_samples)
    n_outputs = 3
    z = 3 * torch.randn(n_samples, n_outputs, generator=generator, dtype=dtype)
    target = _targets(loss, n_samples, n_outputs, dtype, generator)
    weight = _weights(weighted, n_samples, dtype, generator)
    criterion = LOSSES[loss]()
    z_autograd = z.clone().requires_grad_(True)
    expected = criterion(z_autograd, target, weight)
    expected.backward()
    with torch.no_grad():
        value, gradient = criterion.value_and_gradient(z, target, weight)
    assert torch.equal(value, expected.detach())
    assert torch.equal(gradient, z_autograd.grad)


@pytest.mark.parametrize(
    "activation, loss, dtype, weighted, hidden",
    list(itertools.product(
        ("relu", "tanh", "logistic", "identity"), LOSSES, DTYPES, (False, True),
        ((), (7, 1, 9), (100,)),
    )),
)  # fmt: skip
def test_dense_gradients_are_autogrades(activation, loss, dtype, weighted, hidden):
    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    n_outputs = 1 if loss == "logistic" else 3
    module = MLP(4, hidden, n_outputs, activation=activation).to(dtype)
    criterion = LOSSES[loss]()
    for n_samples in (22, 1):  # odd batch sizes, and one sample
        X = torch.randn(n_samples, 4, generator=generator, dtype=dtype)
        target = _targets(loss, n_samples, n_outputs, dtype, generator)
        weight = _weights(weighted, n_samples, dtype, generator)
        for parameter in module.parameters():
            parameter.grad = None
        expected = criterion(module(X), target, weight)
        expected.backward()
        expected_grads = [parameter.grad.clone() for parameter in module.parameters()]
        loss_value = DenseBackprop.of(module, criterion).loss_and_gradients(X, target, weight)
        assert torch.equal(loss_value, expected.detach())
        for parameter, expected_grad in zip(module.parameters(), expected_grads):
            assert torch.equal(parameter.grad, expected_grad)


@pytest.mark.parametrize(
    "module",
    [
        MLP(4, (5,), 3, dropout=0.2),
        MLP(4, (5,), 3, batch_norm=True),
        MLP(4, (5,), 3, layer_norm=True),
        MLP(4, (5,), 3, activation="elu"),
        torch.nn.Sequential(torch.nn.Linear(4, 3)),
    ],
    ids=["dropout", "batch_norm", "layer_norm", "elu", "not an MLP"],
)
def test_other_networks_train_through_autograd(module):
    assert DenseBackprop.of(module, LOSSES["softmax"]()) is None


SHAPES = [(7, 4), (7,), (3, 7), (3,), (1, 3), (1,)]  # slices of odd lengths and offsets
OPTIMIZERS = {
    "adam": (torch.optim.Adam, {}),
    "adam-amsgrad-l2": (torch.optim.Adam, {"amsgrad": True, "weight_decay": 0.1}),
    "adamw": (torch.optim.AdamW, {}),
    "sgd-nesterov": (torch.optim.SGD, {"momentum": 0.9, "nesterov": True}),
    "adagrad": (torch.optim.Adagrad, {}),
    "adadelta": (torch.optim.Adadelta, {}),
    "rmsprop": (torch.optim.RMSprop, {}),
}


@pytest.mark.parametrize("name", OPTIMIZERS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_flat_update_is_the_per_parameter_update(name, dtype):
    optimizer_class, kwargs = OPTIMIZERS[name]
    generator = torch.Generator().manual_seed(0)
    initial = [torch.randn(shape, generator=generator, dtype=dtype) for shape in SHAPES]
    steps = [[torch.randn(shape, generator=generator, dtype=dtype) for shape in SHAPES]] * 2
    steps += [[torch.randn(shape, generator=generator, dtype=dtype) for shape in SHAPES]] * 3
    per_parameter = [torch.nn.Parameter(tensor.clone()) for tensor in initial]
    flat = [torch.nn.Parameter(tensor.clone()) for tensor in initial]
    reference = optimizer_class(per_parameter, lr=0.01, **kwargs)
    optimizer = optimizer_class(flat, lr=0.01, **kwargs)

    def reference_step(grads):
        for parameter, grad in zip(per_parameter, grads):
            parameter.grad = grad.clone()
        reference.step()

    reference_step(steps[0])  # the flat optimizer goes on from a state
    optimizer.load_state_dict(copy.deepcopy(reference.state_dict()))
    with torch.no_grad():
        for parameter, other in zip(flat, per_parameter):
            parameter.copy_(other)
    for grads in steps[1:3]:
        reference_step(grads)
    with FlatParameters.of(optimizer) as flat_parameters:
        for grads in steps[1:3]:
            for parameter, grad in zip(flat, grads):
                parameter.grad.copy_(grad)
            flat_parameters.step()
    for parameter, other in zip(flat, per_parameter):
        assert torch.equal(parameter, other)
        assert parameter.untyped_storage().nbytes() == parameter.numel() * parameter.itemsize
    for grads in steps[3:]:  # the state written back goes on as the optimizer's own
        reference_step(grads)
        for parameter, grad in zip(flat, grads):
            parameter.grad = grad.clone()
        optimizer.step()
    for parameter, other in zip(flat, per_parameter):
        assert torch.equal(parameter, other)
        for key, value in reference.state[other].items():
            assert torch.equal(optimizer.state[parameter][key], value)


def test_flat_parameters_refuse_several_groups():
    parameters = [torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(3))]
    optimizer = torch.optim.SGD([{"params": [p]} for p in parameters], lr=0.1)
    assert FlatParameters.of(optimizer) is None


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:300] / 16, y[:300]


def _fit_through_autograd(monkeypatch, make_model, fit):
    with monkeypatch.context() as patch:
        patch.setattr(net_module.DenseBackprop, "of", classmethod(lambda *args: None))
        return fit(make_model())


FITS = {
    "adam": (lambda: MLPClassifier((20,), max_iter=5, random_state=0), None),
    "sgd-invscaling": (
        lambda: MLPClassifier(
            (20, 7), solver="sgd", learning_rate="invscaling", max_iter=5, random_state=0
        ),
        None,
    ),
    "rmsprop-tanh": (
        lambda: MLPClassifier(
            (20,), solver="rmsprop", activation="tanh", max_iter=5, random_state=0
        ),
        None,
    ),
    "binary-weighted-l2": (
        lambda: MLPClassifier((9,), alpha=0.3, batch_size=7, max_iter=3, random_state=0),
        "binary-weighted",
    ),
    "lba-decoupled": (
        lambda: MLPClassifier(
            (20,), regularization="lba", lba_strength=0.1, lba_decay="decoupled",
            max_iter=4, random_state=0,
        ),
        None,
    ),  # fmt: skip
    "float32-regressor": (
        lambda: MLPRegressor(
            hidden_layer_sizes=(20,), activation="logistic", max_iter=5, random_state=0
        ),
        "float32-regression",
    ),
    "warm-start-partial-fit": (
        lambda: MLPClassifier((20,), max_iter=3, warm_start=True, random_state=0),
        "refits",
    ),
}


def _fit(model, data, X, y):
    if data == "binary-weighted":
        return model.fit(X, y % 2, sample_weight=np.arange(len(y)) % 4)
    if data == "float32-regression":
        return model.fit(X.astype(np.float32), (X[:, 20:22] + y[:, None]).astype(np.float32))
    model.fit(X, y)
    if data == "refits":
        model.fit(X, y)
        model.partial_fit(X, y)
    return model


@pytest.mark.parametrize("name", FITS)
def test_trained_models_are_autograds(monkeypatch, digits, name):
    make_model, data = FITS[name]
    X, y = digits
    model = _fit(make_model(), data, X, y)
    reference = _fit_through_autograd(monkeypatch, make_model, lambda m: _fit(m, data, X, y))
    assert model.loss_curve_ == reference.loss_curve_
    weights = model.coefs_ + model.intercepts_
    for weight, expected in zip(weights, reference.coefs_ + reference.intercepts_):
        np.testing.assert_array_equal(weight, expected)
    states = model.net_.optimizer_.state.values()
    expected_states = reference.net_.optimizer_.state.values()
    for state, expected in zip(states, expected_states, strict=True):
        for key, value in expected.items():
            assert torch.equal(state[key], value)


AUTOGRAD_FITS = {
    "dropout": lambda: MLPClassifier((20,), dropout=0.2, max_iter=3, random_state=0),
    "batch-norm-sgd": lambda: MLPClassifier(
        (20,), batch_norm=True, solver="sgd", max_iter=3, random_state=0
    ),
    "cnn-lba": lambda: LipschitzCNN(
        image_shape=(1, 8, 8), channels=2, n_blocks=1, regularization="lba", max_iter=2,
        random_state=0,
    ),  # fmt: skip
}


@pytest.mark.parametrize("name", AUTOGRAD_FITS)
def test_flat_update_of_autograds_gradients_changes_nothing(monkeypatch, digits, name):
    """Networks trained through autograd accumulate their gradients into the flat buffer's
    views: the same trained weights and optimizer state as parameter by parameter."""
    X, y = digits
    model = AUTOGRAD_FITS[name]().fit(X, y)
    with monkeypatch.context() as patch:
        patch.setattr(net_module.FlatParameters, "of", classmethod(lambda *args: None))
        reference = AUTOGRAD_FITS[name]().fit(X, y)
    assert model.loss_curve_ == reference.loss_curve_
    for (key, value), expected in zip(
        model.net_.module_.state_dict().items(), reference.net_.module_.state_dict().values()
    ):
        assert torch.equal(value, expected), key
    states = model.net_.optimizer_.state.values()
    for state, expected in zip(states, reference.net_.optimizer_.state.values(), strict=True):
        for key, value in expected.items():
            assert torch.equal(state[key], value)


@pytest.mark.parametrize(
    "model, written_out",
    [
        (MLPClassifier((5,), max_iter=1), True),
        (MLPClassifier((5,), max_iter=1, dropout=0.1), False),
        (LipschitzCNN(image_shape=(1, 8, 8), channels=2, n_blocks=1, max_iter=1), False),
    ],
    ids=["mlp", "mlp-dropout", "cnn"],
)
def test_which_networks_take_the_written_out_step(monkeypatch, digits, model, written_out):
    calls = []
    step = DenseBackprop.loss_and_gradients

    def counted_step(self, *args):
        calls.append(args)
        return step(self, *args)

    monkeypatch.setattr(DenseBackprop, "loss_and_gradients", counted_step)
    model.fit(*digits)
    assert bool(calls) == written_out
    assert not hasattr(model.net_, "backprop_")  # the training call's state is released

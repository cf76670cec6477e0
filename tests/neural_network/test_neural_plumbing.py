"""The shared neural plumbing: tensor data path, penalties, regularization, device, nets."""

import numpy as np
import pytest
import torch
from torch import nn

from sklnn.neural_network import MLPClassifier, MLPRegressor
from sklnn.neural_network._base import resolve_device
from sklnn.neural_network._data import (
    IndexBatchIterator,
    TensorDataset,
    ValidationSplit,
    place_tensor,
    split_sizes,
)
from sklnn.neural_network._modules import MLP
from sklnn.neural_network._optim import lr_scheduler_callback, optimizer_params
from sklnn.neural_network._regularization import (
    L1Penalty,
    L2Penalty,
    resolve_regularization,
)


def _dataset(n_samples=23):
    """Sample i is X = [i], y = i."""
    y = torch.arange(n_samples)
    return TensorDataset(y[:, None].float(), y)


def test_index_batches_cover_every_sample_once_per_epoch():
    iterator = IndexBatchIterator(_dataset(), batch_size=5, shuffle=True, seed=0)
    for _ in range(3):
        batches = [yb for _, yb in iterator]
        assert [len(yb) for yb in batches] == [5, 5, 5, 5, 3]
        assert sorted(torch.cat(batches).tolist()) == list(range(23))


def test_index_batches_reshuffle_each_epoch_reproducibly():
    def epoch_orders(seed):
        iterator = IndexBatchIterator(_dataset(), batch_size=23, shuffle=True, seed=seed)
        return [next(iter(iterator))[1].tolist() for _ in range(2)]

    first, second = epoch_orders(0)
    assert first != second
    assert epoch_orders(0) == [first, second]
    assert epoch_orders(1) != [first, second]


def test_index_batches_keep_order_without_shuffle_and_pair_x_with_y():
    batches = list(IndexBatchIterator(_dataset(), batch_size=10))
    assert torch.equal(torch.cat([yb for _, yb in batches]), torch.arange(23))
    for Xb, yb in IndexBatchIterator(_dataset(), batch_size=4, shuffle=True):
        assert torch.equal(Xb[:, 0].long(), yb)


def test_a_trailing_batch_below_min_batch_size_joins_the_previous_one():
    iterator = IndexBatchIterator(_dataset(21), batch_size=5, min_batch_size=2)
    assert [len(yb) for _, yb in iterator] == [5, 5, 5, 6]
    assert len(iterator) == 4
    single = IndexBatchIterator(_dataset(1), batch_size=5, min_batch_size=2)
    assert [len(yb) for _, yb in single] == [1]


def test_validation_split_is_stratified_disjoint_and_seeded():
    y = torch.tensor([0] * 40 + [1] * 20)
    data = TensorDataset(torch.arange(60.0)[:, None], y)
    train, valid = ValidationSplit(0.25, stratify=True, seed=0)(data)
    assert (len(train), len(valid)) == split_sizes(60, 0.25) == (45, 15)
    assert torch.bincount(valid.y).tolist() == [10, 5]
    assert set(train.X[:, 0].tolist()).isdisjoint(valid.X[:, 0].tolist())
    again, _ = ValidationSplit(0.25, stratify=True, seed=0)(data)
    assert torch.equal(train.X, again.X)


def test_validation_split_falls_back_when_a_class_is_too_small():
    data = TensorDataset(torch.arange(10.0)[:, None], torch.tensor([0] * 9 + [1]))
    train, valid = ValidationSplit(0.2, stratify=True, seed=0)(data)
    assert (len(train), len(valid)) == (8, 2)


def test_place_tensor_converts_without_touching_the_array():
    array = np.arange(6, dtype=np.float64).reshape(2, 3)
    array.setflags(write=False)
    tensor = place_tensor(array, "cpu", torch.float32)
    assert tensor.dtype == torch.float32 and tensor.device.type == "cpu"
    assert place_tensor(np.asfortranarray(array), "cpu").is_contiguous()
    assert np.array_equal(array, np.arange(6).reshape(2, 3))


def _linear_with_weight(weight):
    layer = nn.Linear(2, 1)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([weight]))
        layer.bias.fill_(100.0)  # biases are not penalised
    return layer


@pytest.mark.parametrize(
    "penalty, expected", [(L2Penalty(0.5), 0.5 * 0.5 * 25.0), (L1Penalty(0.5), 0.5 * 7.0)]
)
def test_penalties_follow_their_formulas_on_weight_matrices_only(penalty, expected):
    layer = _linear_with_weight([3.0, -4.0])
    penalty.setup(layer, (2,))
    penalty.on_epoch_begin()
    value = penalty(layer)
    assert value.ndim == 0
    assert value.item() == pytest.approx(expected)


def test_l2_penalty_gradient_is_weight_decay():
    layer = _linear_with_weight([3.0, -4.0])
    L2Penalty(0.1)(layer).backward()
    assert torch.allclose(layer.weight.grad, 0.1 * layer.weight)
    assert layer.bias.grad is None


@pytest.mark.parametrize("make_penalty", [lambda: L2Penalty(0.3), lambda: L1Penalty(0.3)])
def test_add_gradient_is_the_autograd_step(make_penalty):
    # The training loop adds the closed-form gradient after backward(); it must be what
    # autograd gives for penalty(module), on top of a gradient already there or none.
    module = MLP(3, (4, 5), 2, batch_norm=True)
    with torch.no_grad():
        module[3].weight[0, 0] = 0.0  # |w| at 0: both take 0
    penalty = make_penalty()
    for start in (None, 1.0):
        for parameter in module.parameters():
            parameter.grad = None if start is None else torch.full_like(parameter, start)
        value = penalty(module)
        value.backward()
        expected = [parameter.grad for parameter in module.parameters()]  # None: a bias
        for parameter in module.parameters():
            parameter.grad = None if start is None else torch.full_like(parameter, start)

        added = penalty.add_gradient(module)

        assert not added.requires_grad
        torch.testing.assert_close(added, value.detach())
        for parameter, grad in zip(module.parameters(), expected):
            torch.testing.assert_close(parameter.grad, grad)


def test_penalties_cover_every_weight_matrix_of_a_deep_module():
    module = MLP(3, (4, 5), 2, batch_norm=True)
    weights = [module[0].weight, module[3].weight, module[6].weight]
    expected = 0.5 * sum((w.detach() ** 2).sum().item() for w in weights)
    assert L2Penalty(1.0)(module).item() == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize(
    "params, penalty_types, dropout",
    [
        ({}, [L2Penalty], 0.0),
        ({"alpha": 0.0}, [], 0.0),
        ({"l1": 0.1, "dropout": 0.3}, [L2Penalty, L1Penalty], 0.3),
        ({"regularization": None, "l1": 0.1, "dropout": 0.3}, [], 0.0),
        ({"regularization": "l2", "l1": 0.1, "dropout": 0.3}, [L2Penalty], 0.0),
        ({"regularization": "l1", "l1": 0.1, "dropout": 0.3}, [L1Penalty], 0.0),
        ({"regularization": "dropout", "l1": 0.1, "dropout": 0.3}, [], 0.3),
    ],
)
def test_regularization_selects_the_techniques(params, penalty_types, dropout):
    penalties, rate = resolve_regularization(MLPClassifier(**params))
    assert [type(penalty) for penalty in penalties] == penalty_types
    assert rate == dropout


def test_named_regularization_uses_its_strength():
    (penalty,) = resolve_regularization(MLPClassifier(regularization="l1", l1=0.25))[0]
    assert penalty.strength == 0.25


@pytest.mark.parametrize(
    "regularization, message",
    [("l1", "regularization='l1' needs l1 > 0"), ("dropout", "needs dropout > 0")],
)
def test_named_regularization_without_strength_is_an_error(regularization, message):
    with pytest.raises(ValueError, match=message):
        resolve_regularization(MLPClassifier(regularization=regularization))


def test_unknown_regularization_lists_the_options():
    with pytest.raises(ValueError, match="'regularization'.*'auto', None, 'l2', 'l1'"):
        resolve_regularization(MLPClassifier(regularization="ridge"))


def test_mlp_module_layers():
    module = MLP(4, (8, 6), 3, activation="tanh", dropout=0.5, batch_norm=True)
    kinds = [type(layer).__name__ for layer in module]
    assert kinds == [
        "Linear", "BatchNorm1d", "Tanh", "Dropout",
        "Linear", "BatchNorm1d", "Tanh", "Dropout",
        "Linear",
    ]  # fmt: skip
    assert [type(layer).__name__ for layer in MLP(4, (), 3)] == ["Linear"]


def test_optimizer_params_map_names_to_torch():
    assert optimizer_params("sgd", 0.9) == (torch.optim.SGD, {})
    assert optimizer_params("momentum", 0.5) == (torch.optim.SGD, {"momentum": 0.5})
    assert optimizer_params("adamw", 0.9) == (torch.optim.AdamW, {})


def test_constant_schedule_needs_no_callback():
    kwargs = dict(
        max_epochs=5, decay=0.5, step_size=2, end_factor=0.1, learning_rate=1.0,
        monitor="train_loss", tol=0.0,
    )  # fmt: skip
    assert lr_scheduler_callback("constant", **kwargs) is None
    linear = lr_scheduler_callback("linear", **kwargs)
    assert linear.simulate(5, 1.0) == pytest.approx([1.0, 0.775, 0.55, 0.325, 0.1])


def test_resolve_device():
    assert resolve_device("cpu") == "cpu"
    expected = f"cuda:{torch.cuda.current_device()}" if torch.cuda.is_available() else "cpu"
    assert resolve_device("auto") == expected
    for bad in ("gpu", "tpu", 3, None):
        with pytest.raises(ValueError, match="Invalid value for 'device'"):
            resolve_device(bad)


def test_missing_gpu_is_a_clear_error():
    n_gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    with pytest.raises(ValueError, match=f"needs a CUDA GPU, but torch sees {n_gpus}"):
        resolve_device(f"cuda:{n_gpus}")


@pytest.mark.parametrize("Estimator", [MLPClassifier, MLPRegressor])
def test_float64_inference_does_not_depend_on_the_batch(Estimator):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 5))
    y = (X[:, 0] > 0).astype(int)
    model = Estimator(hidden_layer_sizes=(30, 30), max_epochs=3, random_state=0).fit(X, y)
    method = model.predict_proba if hasattr(model, "predict_proba") else model.predict
    full = method(X)
    one_by_one = np.concatenate([method(X[i : i + 1]) for i in range(len(X))])
    np.testing.assert_allclose(full, one_by_one, rtol=1e-12)
    float32 = method(X.astype(np.float32))
    np.testing.assert_allclose(full, float32, rtol=1e-5, atol=1e-6)


def test_net_records_one_history_row_per_epoch_without_batches():
    X, y = np.random.RandomState(0).normal(size=(30, 3)), np.arange(30) % 2
    model = MLPClassifier(max_epochs=4, batch_size=7, random_state=0).fit(X, y)
    history = model.net_.history
    assert len(history) == 4
    assert all(epoch["batches"] == [] for epoch in history)
    assert model.net_.module_ is not None and type(model.net_.module_) is MLP

"""The shared neural plumbing: tensor data path, penalties, regularization, device, nets."""

import warnings

import numpy as np
import pytest
import torch
from torch import nn

from sklnn.neural_network import MLPClassifier, MLPRegressor
from sklnn.neural_network._base import resolve_device
from sklnn.neural_network._data import (
    IndexBatchIterator,
    SparseRows,
    TensorDataset,
    place_tensor,
    validation_split,
)
from sklnn.neural_network._modules import MLP, glorot_uniform
from sklnn.neural_network._net import BatchLossMean
from sklnn.neural_network._optim import optimizer_params, scheduled_learning_rate
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
        batches = [yb for _, yb, _ in iterator]
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


def test_index_batches_keep_order_without_shuffle_and_pair_x_y_and_weights():
    batches = list(IndexBatchIterator(_dataset(), batch_size=10))
    assert torch.equal(torch.cat([yb for _, yb, _ in batches]), torch.arange(23))
    weighted = TensorDataset(torch.arange(23.0)[:, None], torch.arange(23), torch.arange(23.0))
    for Xb, yb, wb in IndexBatchIterator(weighted, batch_size=4, shuffle=True):
        assert torch.equal(Xb[:, 0].long(), yb) and torch.equal(wb.long(), yb)


def test_a_trailing_batch_below_min_batch_size_joins_the_previous_one():
    iterator = IndexBatchIterator(_dataset(21), batch_size=5, min_batch_size=2)
    assert [len(yb) for _, yb, _ in iterator] == [5, 5, 5, 6]
    assert len(iterator) == 4
    single = IndexBatchIterator(_dataset(1), batch_size=5, min_batch_size=2)
    assert [len(yb) for _, yb, _ in single] == [1]


def test_sparse_rows_are_densified_one_batch_at_a_time():
    import scipy.sparse as sp

    matrix = sp.random(23, 6, density=0.3, format="csr", random_state=0, dtype=np.float64)
    rows = place_tensor(matrix, "cpu")
    assert isinstance(rows, SparseRows) and rows.dtype == torch.float64
    data = TensorDataset(rows, torch.arange(23))
    seen = []
    for Xb, yb, _ in IndexBatchIterator(data, batch_size=5, shuffle=True, seed=0):
        assert Xb.shape == (len(yb), 6) and Xb.layout == torch.strided
        np.testing.assert_array_equal(Xb.numpy(), matrix[yb.numpy()].toarray())
        seen.extend(yb.tolist())
    assert sorted(seen) == list(range(23))
    subset = data.subset(torch.tensor([3, 1]))
    np.testing.assert_array_equal(subset.X[:].numpy(), matrix[[3, 1]].toarray())


def test_validation_split_is_stratified_disjoint_and_seeded():
    y = np.array([0] * 40 + [1] * 20)
    train, valid = validation_split(60, 0.25, stratify=y, random_state=np.random.RandomState(0))
    assert (len(train), len(valid)) == (45, 15)
    assert np.bincount(y[valid]).tolist() == [10, 5]
    assert set(train).isdisjoint(valid)
    again, _ = validation_split(60, 0.25, stratify=y, random_state=np.random.RandomState(0))
    np.testing.assert_array_equal(train, again)


def test_validation_split_refuses_a_class_too_small_or_a_set_too_small():
    rng = np.random.RandomState(0)
    with pytest.raises(ValueError, match="least populated classes in y have only 1 member"):
        validation_split(10, 0.2, stratify=np.array([0] * 9 + [1]), random_state=rng)
    with pytest.raises(ValueError, match="The validation set is too small"):
        validation_split(10, 0.1, stratify=None, random_state=rng)


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
    "penalty, expected", [(L2Penalty(0.5), 0.5 * 0.5 * 25.0 / 4), (L1Penalty(0.5), 0.5 * 7.0)]
)
def test_penalties_follow_their_formulas_on_weight_matrices_only(penalty, expected):
    # scikit-learn's L2 term is divided by the batch's (weighted) sample count, L1 is not.
    layer = _linear_with_weight([3.0, -4.0])
    penalty.setup(layer, (2,))
    penalty.on_epoch_begin()
    value = penalty(layer, 4)
    assert value.ndim == 0
    assert value.item() == pytest.approx(expected)
    assert penalty(layer, torch.tensor(4.0)).item() == pytest.approx(expected)


def test_l2_penalty_gradient_is_weight_decay_over_the_sample_count():
    layer = _linear_with_weight([3.0, -4.0])
    L2Penalty(0.1)(layer, 2).backward()
    assert torch.allclose(layer.weight.grad, 0.1 * layer.weight / 2)
    assert layer.bias.grad is None


def test_l2_penalty_of_a_batch_without_weight_is_zero():
    layer = _linear_with_weight([3.0, -4.0])
    penalty = L2Penalty(0.1)
    assert penalty.add_gradient(layer, torch.tensor(0.0)).item() == 0.0
    assert torch.equal(layer.weight.grad, torch.zeros_like(layer.weight))


@pytest.mark.parametrize("make_penalty", [lambda: L2Penalty(0.3), lambda: L1Penalty(0.3)])
@pytest.mark.parametrize("sample_count", [1, 7, torch.tensor(2.5)])
def test_add_gradient_is_the_autograd_step(make_penalty, sample_count):
    # The training loop adds the closed-form gradient after backward(); it must be what
    # autograd gives for penalty(module), on top of a gradient already there or none.
    module = MLP(3, (4, 5), 2, batch_norm=True)
    with torch.no_grad():
        module[3].weight[0, 0] = 0.0  # |w| at 0: both take 0
    penalty = make_penalty()
    for start in (None, 1.0):
        for parameter in module.parameters():
            parameter.grad = None if start is None else torch.full_like(parameter, start)
        value = penalty(module, sample_count)
        value.backward()
        expected = [parameter.grad for parameter in module.parameters()]  # None: a bias
        for parameter in module.parameters():
            parameter.grad = None if start is None else torch.full_like(parameter, start)

        added = penalty.add_gradient(module, sample_count)

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


def test_unknown_regularization_is_refused_by_the_parameter_constraints():
    X, y = np.zeros((4, 2)), np.arange(4) % 2
    with pytest.raises(ValueError, match="'regularization' parameter .* Got 'ridge'"):
        MLPClassifier(regularization="ridge").fit(X, y)


def test_mlp_module_layers():
    module = MLP(4, (8, 6), 3, activation="tanh", dropout=0.5, batch_norm=True)
    kinds = [type(layer).__name__ for layer in module]
    assert kinds == [
        "Linear", "BatchNorm1d", "Tanh", "Dropout",
        "Linear", "BatchNorm1d", "Tanh", "Dropout",
        "Linear",
    ]  # fmt: skip
    assert [type(layer).__name__ for layer in MLP(4, (), 3)] == ["Linear"]


def test_optimizer_params_map_solvers_to_torch():
    def params(**kwargs):
        return optimizer_params(MLPClassifier(**kwargs))

    sgd = (torch.optim.SGD, {"momentum": 0.9, "nesterov": True})
    assert params(solver="sgd") == sgd
    assert params(solver="sgd", nesterovs_momentum=False) == (
        torch.optim.SGD, {"momentum": 0.9, "nesterov": False}
    )  # fmt: skip
    assert params(solver="sgd", momentum=0.0) == (
        torch.optim.SGD, {"momentum": 0.0, "nesterov": False}
    )  # fmt: skip
    adam = {"betas": (0.8, 0.99), "eps": 1e-7}
    assert params(solver="adam", beta_1=0.8, beta_2=0.99, epsilon=1e-7) == (
        torch.optim.Adam, adam
    )  # fmt: skip
    assert params(solver="adamw", beta_1=0.8, beta_2=0.99, epsilon=1e-7) == (
        torch.optim.AdamW, adam
    )  # fmt: skip
    assert params(solver="rmsprop") == (torch.optim.RMSprop, {})


def test_scheduled_learning_rates():
    def rates(schedule, n_epochs=5, n_samples=10, **kwargs):
        model = MLPClassifier(
            learning_rate=schedule, learning_rate_init=1.0, max_iter=n_epochs, **kwargs
        )
        return [scheduled_learning_rate(model, t, t * n_samples) for t in range(n_epochs)]

    assert rates("constant") == rates("adaptive") == [None] * 5
    assert rates("linear", lr_end_factor=0.1) == pytest.approx([1.0, 0.775, 0.55, 0.325, 0.1])
    assert rates("invscaling", power_t=0.5) == pytest.approx(
        [1 / np.sqrt(10 * t + 1) for t in range(5)]
    )
    assert rates("step", lr_decay=0.5, lr_step_size=2) == [1.0, 1.0, 0.5, 0.5, 0.25]
    # after max_iter (a warm start, partial_fit), linear and cosine stay at their end
    assert rates("cosine", n_epochs=3, lr_end_factor=0.1)[-1] == pytest.approx(0.1)
    model = MLPClassifier(learning_rate="linear", learning_rate_init=1.0, max_iter=3)
    assert scheduled_learning_rate(model, 7, 0) == pytest.approx(0.01)


def test_glorot_uniform_draws_layer_by_layer_weights_then_biases():
    ours = glorot_uniform([4, 5, 3], "logistic", np.random.RandomState(3))
    rng = np.random.RandomState(3)
    for (coef, intercept), (fan_in, fan_out) in zip(ours, [(4, 5), (5, 3)]):
        bound = np.sqrt(2 / (fan_in + fan_out))  # 6 for the other activations
        np.testing.assert_array_equal(coef, rng.uniform(-bound, bound, (fan_in, fan_out)))
        np.testing.assert_array_equal(intercept, rng.uniform(-bound, bound, fan_out))
    relu = glorot_uniform([4, 5], "relu", np.random.RandomState(0))[0][0]
    assert np.abs(relu).max() <= np.sqrt(6 / 9) and np.abs(relu).max() > np.sqrt(2 / 9)


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
    model = Estimator(hidden_layer_sizes=(30, 30), max_iter=3, random_state=0).fit(X, y)
    method = model.predict_proba if hasattr(model, "predict_proba") else model.predict
    full = method(X)
    one_by_one = np.concatenate([method(X[i : i + 1]) for i in range(len(X))])
    np.testing.assert_allclose(full, one_by_one, rtol=1e-12)
    float32 = method(X.astype(np.float32))
    np.testing.assert_allclose(full, float32, rtol=1e-5, atol=1e-6)


def test_net_records_one_history_row_per_epoch_without_batches():
    X, y = np.random.RandomState(0).normal(size=(30, 3)), np.arange(30) % 2
    model = MLPClassifier(max_iter=4, batch_size=7, n_iter_no_change=np.inf, random_state=0)
    model.fit(X, y)
    history = model.net_.history
    assert len(history) == 4
    assert all(epoch["batches"] == [] for epoch in history)
    assert model.net_.module_ is not None and type(model.net_.module_) is MLP


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.bfloat16])
def test_batch_loss_mean_is_bitwise_the_tensor_expression(dtype):
    # float64 losses are summed as Python floats, other dtypes as tensors: either way the
    # epoch's mean loss must be the number the tensor expression gives.
    generator = torch.Generator().manual_seed(0)
    losses = torch.rand(200, generator=generator, dtype=torch.float64).to(dtype) * 3
    counts = torch.randint(1, 300, (200,), generator=generator).tolist()
    mean, total = BatchLossMean(), 0.0
    for loss, count in zip(losses, counts):
        mean.add(loss.requires_grad_(), count)
        total = total + loss.detach() * count
    expected = float(total / sum(counts))
    assert mean.value() == expected
    assert mean.value() != float(losses.double() @ torch.tensor(counts).double()) / sum(counts)


def test_batch_loss_mean_overflows_silently_as_tensors_do():
    mean = BatchLossMean()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mean.add(torch.tensor(1e308, dtype=torch.float64), 10)
        mean.add(torch.tensor(float("inf"), dtype=torch.float64), 0)
    assert np.isnan(mean.value())

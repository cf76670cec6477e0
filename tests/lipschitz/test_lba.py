"""The LBA penalty: its gradient, its uniform reproducible draws, both resample modes."""

import pickle

import numpy as np
import pytest
import torch
from scipy.stats import chisquare
from sklearn.exceptions import NotFittedError
from torch import nn

from sklnn.lipschitz import LBAPenalty, Residual, spectral_norm

CONV_INPUT = (1, 6, 6)


def conv_net():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 2, 3, padding=1),
        nn.ReLU(),
        Residual(nn.Sequential(nn.Conv2d(2, 2, 3, padding=1), nn.ReLU())),
        nn.Flatten(),
        nn.Linear(72, 8),
        nn.ReLU(),
        nn.Linear(8, 3),
    ).double()


def dense_net(n_layers=4):
    torch.manual_seed(0)
    return nn.Sequential(*[nn.Linear(3, 3) for _ in range(n_layers)])


def set_up(net, input_shape, **params):
    penalty = LBAPenalty(**params)
    penalty.setup(net, input_shape)
    return penalty


def test_gradient_is_twice_strength_times_detached_sigma_times_weight():
    """strength=1 is the talk's L + LB(a)·‖θ(a)‖² exactly: no ½ in front of the norm."""
    net = conv_net()
    penalty = set_up(net, CONV_INPUT, strength=0.3, random_state=0)
    drawn = set()

    for _ in range(12):
        net.zero_grad(set_to_none=True)
        value = penalty(net)
        value.backward()
        a = penalty.layer_index_
        drawn.add(a)
        sigma = penalty.sigmas_[a]
        weight = penalty.layers_[a].layer.weight

        assert value.item() == pytest.approx(0.3 * sigma * weight.pow(2).sum().item())
        torch.testing.assert_close(weight.grad, 2 * 0.3 * sigma * weight.detach())
        for parameter in net.parameters():
            if parameter is not weight:  # other layers' weights and every bias
                assert parameter.grad is None
    assert len(drawn) >= 3


def test_add_gradient_is_the_autograd_step_without_autograd():
    net_autograd, net_added = conv_net(), conv_net()
    by_autograd = set_up(net_autograd, CONV_INPUT, strength=0.3, random_state=0)
    by_adding = set_up(net_added, CONV_INPUT, strength=0.3, random_state=0)

    for step in range(12):
        net_autograd.zero_grad(set_to_none=True)
        net_added.zero_grad(set_to_none=True)
        if step % 2:  # a gradient already there (from the data loss) is added to
            for params in (net_autograd.parameters(), net_added.parameters()):
                for parameter in params:
                    parameter.grad = torch.ones_like(parameter)
        value = by_autograd(net_autograd)
        value.backward()
        added = by_adding.add_gradient(net_added)

        assert by_adding.layer_index_ == by_autograd.layer_index_
        assert not added.requires_grad
        torch.testing.assert_close(added, value.detach())
        for expected, parameter in zip(net_autograd.parameters(), net_added.parameters()):
            torch.testing.assert_close(parameter.grad, expected.grad)


def test_regularized_layers_are_all_linear_and_conv_layers():
    net = conv_net()
    penalty = set_up(net, CONV_INPUT)

    assert [name for name, _, _ in penalty.layers_] == ["0", "2.body.0", "4", "6"]
    assert penalty.sigmas_.shape == (4,)


@pytest.mark.parametrize(
    "layers, conv_pool, dense_pool",
    [
        ("all", ["0", "2.body.0", "4", "6"], ["0", "1", "2", "3"]),
        ("no_stem", ["2.body.0", "4", "6"], ["1", "2", "3"]),
        ("no_head", ["0", "2.body.0"], ["0", "1", "2"]),  # head: dense after the last conv
        ("body", ["2.body.0"], ["1", "2"]),  # the authors' CIFAR-10 pool: the blocks' convs
    ],
)
def test_layer_pools(layers, conv_pool, dense_pool):
    for net, shape, expected in (
        (conv_net(), CONV_INPUT, conv_pool),
        (dense_net(4), (3,), dense_pool),
    ):
        penalty = set_up(net, shape, layers=layers, random_state=0)
        assert [name for name, _, _ in penalty.layers_] == expected
        assert penalty.sigmas_.shape == (len(expected),)
        for _ in range(20):
            net.zero_grad(set_to_none=True)
            penalty(net).backward()
            assert penalty.layers_[penalty.layer_index_].name in expected
            penalised = {name for name, p in net.named_parameters() if p.grad is not None}
            assert penalised == {penalty.layers_[penalty.layer_index_].name + ".weight"}


@pytest.mark.parametrize(
    "layers, net", [("no_stem", dense_net(1)), ("body", dense_net(2)), ("body", nn.Linear(3, 3))]
)
def test_an_empty_layer_pool_is_a_value_error(layers, net):
    with pytest.raises(ValueError, match=f"layers='{layers}' .*leaves no layer to draw from"):
        LBAPenalty(layers=layers).setup(net, (3,))


def test_draws_are_uniform():
    net = dense_net(4)
    penalty = set_up(net, (3,), random_state=0)

    counts = np.bincount([_draw_step(penalty, net) for _ in range(3000)], minlength=4)

    assert chisquare(counts).pvalue > 0.01
    assert np.all(np.abs(counts - 750) < 100)


def _draw_step(penalty, net):
    penalty(net)
    return penalty.layer_index_


def test_draws_and_values_are_reproducible():
    sequences, values = [], []
    for seed in (7, 7, 8):
        net = conv_net()
        penalty = set_up(net, CONV_INPUT, random_state=seed)
        values.append([penalty(net).item() for _ in range(30)])
        sequences.append([_draw_step(penalty, net) for _ in range(30)])

    assert sequences[0] == sequences[1] and values[0] == values[1]
    assert sequences[0] != sequences[2]


def test_resample_epoch_keeps_the_layer_within_an_epoch():
    net = dense_net(4)
    penalty = set_up(net, (3,), resample="epoch", random_state=0)
    per_epoch = []

    for _ in range(20):
        penalty.on_epoch_begin()
        within = {_draw_step(penalty, net) for _ in range(5)}
        assert len(within) == 1
        per_epoch.append(within.pop())

    assert len(set(per_epoch)) == 4


def test_resample_step_changes_the_layer_between_calls():
    net = dense_net(4)
    penalty = set_up(net, (3,), resample="step", random_state=0)
    penalty.on_epoch_begin()  # no effect in 'step' mode

    draws = [_draw_step(penalty, net) for _ in range(20)]

    assert len(set(draws)) == 4
    assert sum(a != b for a, b in zip(draws, draws[1:])) >= 10


@pytest.mark.parametrize("method", ["operator", "reshaped"])
def test_warm_started_sigmas_converge_to_the_spectral_norms(method):
    net = conv_net()
    penalty = set_up(net, CONV_INPUT, method=method, random_state=0)

    for _ in range(600):
        penalty(net)

    expected = [spectral_norm(layer, shape, method=method) for _, layer, shape in penalty.layers_]
    np.testing.assert_allclose(penalty.sigmas_, expected, rtol=1e-3)
    assert np.all(penalty.sigmas_ <= np.array(expected) * (1 + 1e-9))


def test_sigmas_follow_training():
    net = conv_net()
    penalty = set_up(net, CONV_INPUT, strength=1.0, random_state=0)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.05)
    initial = [spectral_norm(layer, shape) for _, layer, shape in penalty.layers_]

    for _ in range(400):
        optimizer.zero_grad()
        penalty(net).backward()
        optimizer.step()

    final = [spectral_norm(layer, shape) for _, layer, shape in penalty.layers_]
    assert np.all(np.array(final) < 0.9 * np.array(initial))  # the penalty shrinks every layer
    np.testing.assert_allclose(penalty.sigmas_, final, rtol=1e-2)


def test_float32_network_gets_a_float32_penalty():
    net = conv_net().float()
    penalty = set_up(net, CONV_INPUT, random_state=0)

    assert penalty(net).dtype == torch.float32


def test_setup_keeps_training_mode_and_pickles():
    net = conv_net().train()
    penalty = set_up(net, CONV_INPUT, random_state=0)
    assert net.training

    net_copy, penalty_copy = pickle.loads(pickle.dumps((net, penalty)))

    assert [penalty_copy(net_copy).item() for _ in range(5)] == [
        penalty(net).item() for _ in range(5)
    ]


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"strength": -1.0}, ValueError, "strength"),
        ({"strength": "1"}, TypeError, "strength"),
        ({"resample": "batch"}, ValueError, "Invalid value for 'resample': 'batch'"),
        ({"method": "frobenius"}, ValueError, "Invalid value for 'method'"),
        ({"layers": "head"}, ValueError, "Invalid value for 'layers': 'head'"),
        ({"n_power_iter": 0}, ValueError, "n_power_iter"),
        ({"n_power_iter": 1.5}, TypeError, "n_power_iter"),
    ],
)
def test_invalid_parameters(params, error, match):
    with pytest.raises(error, match=match):
        LBAPenalty(**params).setup(conv_net(), CONV_INPUT)


def test_errors():
    net = conv_net()
    penalty = LBAPenalty()

    with pytest.raises(NotFittedError, match="setup"):
        penalty(net)
    with pytest.raises(NotFittedError, match="setup"):
        penalty.on_epoch_begin()
    with pytest.raises(ValueError, match="runs none"):
        penalty.setup(nn.Sequential(nn.ReLU()), (3,))
    penalty.setup(net, CONV_INPUT)
    with pytest.raises(ValueError, match="set up on another module"):
        penalty(conv_net())


@pytest.mark.gpu
def test_penalty_on_cuda():
    net = conv_net().cuda()
    penalty = set_up(net, CONV_INPUT, random_state=0)

    for _ in range(300):
        net.zero_grad(set_to_none=True)
        value = penalty(net)
        value.backward()
    a = penalty.layer_index_
    weight = penalty.layers_[a].layer.weight

    assert value.device.type == "cuda"
    torch.testing.assert_close(weight.grad, 2 * penalty.sigmas_[a] * weight.detach())
    expected = [spectral_norm(layer, shape) for _, layer, shape in penalty.layers_]
    np.testing.assert_allclose(penalty.sigmas_, expected, rtol=1e-3)

"""LBA's decoupled decay: the coupled step under plain SGD, a true decay under Adam."""

import pytest
import torch
from sklearn.datasets import load_digits
from test_lba import CONV_INPUT, conv_net, set_up
from torch import nn

from sklnn.lipschitz import LBAPenalty
from sklnn.neural_network import MLPClassifier


def _train(decay, make_optimizer, n_steps=15):
    """Steps on a data loss plus the LBA penalty, as the training loop runs them."""
    net = conv_net()
    penalty = set_up(net, CONV_INPUT, strength=0.2, random_state=0, decay=decay)
    optimizer = make_optimizer(net.parameters())
    generator = torch.Generator().manual_seed(0)
    for _ in range(n_steps):
        X = torch.rand(8, *CONV_INPUT, generator=generator, dtype=torch.float64)
        optimizer.zero_grad()
        net(X).pow(2).mean().backward()
        penalty.add_gradient(net)
        penalty.before_optimizer_step(optimizer)
        optimizer.step()
    return net


def test_with_plain_sgd_both_decays_take_the_same_step():
    sgd = lambda params: torch.optim.SGD(params, lr=0.05)  # noqa: E731
    coupled, decoupled = _train("coupled", sgd), _train("decoupled", sgd)

    for expected, parameter in zip(coupled.parameters(), decoupled.parameters()):
        torch.testing.assert_close(parameter, expected)


def test_under_adam_the_decoupled_decay_is_proportional_to_the_weights():
    lr = 1e-3
    steps = {}
    for decay in ("coupled", "decoupled"):
        net = conv_net()
        penalty = set_up(net, CONV_INPUT, strength=0.2, random_state=0, decay=decay)
        optimizer = torch.optim.Adam(net.parameters(), lr=lr)
        for parameter in net.parameters():  # a zero data gradient: the penalty acts alone
            parameter.grad = torch.zeros_like(parameter)
        value = penalty.add_gradient(net)
        weight = penalty.layers_[penalty.layer_index_].layer.weight
        before = weight.detach().clone()
        penalty.before_optimizer_step(optimizer)
        optimizer.step()
        coefficient = 0.2 * penalty.sigmas_[penalty.layer_index_]
        steps[decay] = (weight.detach() - before, before, coefficient, value)

    step, before, coefficient, _ = steps["coupled"]  # Adam's first step: lr · sign(gradient)
    torch.testing.assert_close(step, -lr * torch.sign(before), rtol=1e-4, atol=1e-9)
    step, before, coefficient, _ = steps["decoupled"]
    torch.testing.assert_close(step, -lr * 2 * coefficient * before)
    assert steps["coupled"][3].item() == pytest.approx(steps["decoupled"][3].item())


def test_decoupled_penalty_leaves_the_gradient_and_decays_once_per_step():
    net = conv_net()
    penalty = set_up(net, CONV_INPUT, random_state=0, decay="decoupled")
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)

    value = penalty(net)
    weight = penalty.layers_[penalty.layer_index_].layer.weight
    before = weight.detach().clone()
    penalty.before_optimizer_step(optimizer)
    penalty.before_optimizer_step(optimizer)

    assert not value.requires_grad and value.item() > 0
    assert all(parameter.grad is None for parameter in net.parameters())
    sigma = penalty.sigmas_[penalty.layer_index_]
    torch.testing.assert_close(weight.detach(), before * (1 - 0.1 * 2 * sigma))


def test_decoupled_decay_needs_the_optimizer_of_the_weight():
    net = conv_net()
    penalty = set_up(net, CONV_INPUT, random_state=0, decay="decoupled")
    penalty.add_gradient(net)

    with pytest.raises(ValueError, match="does not train the weight of layer"):
        penalty.before_optimizer_step(torch.optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1))
    with pytest.raises(ValueError, match="Invalid value for 'decay': 'adamw'"):
        LBAPenalty(decay="adamw").setup(net, CONV_INPUT)


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:200] / 16, y[:200]


def _fit(digits, **params):
    return MLPClassifier(
        hidden_layer_sizes=(16, 16), regularization="lba", lba_strength=0.5, max_iter=3,
        batch_size=50, learning_rate_init=0.05, random_state=0, device="cpu", **params,
    ).fit(*digits)  # fmt: skip


def test_estimators_decouple_the_decay(digits):
    sgd = {"solver": "sgd", "momentum": 0.0}
    coupled, decoupled = _fit(digits, **sgd), _fit(digits, **sgd, lba_decay="decoupled")
    for expected, coef in zip(coupled.coefs_, decoupled.coefs_):
        torch.testing.assert_close(coef, expected)
    assert decoupled.loss_curve_ == pytest.approx(coupled.loss_curve_)

    # Under Adam, the coupled penalty's gradient, once it dominates the data loss's, moves
    # every coordinate by about the learning rate whatever its size (the network collapses
    # here); the decoupled decay shrinks the layer by lr·2·strength·σ of its size.
    coupled, decoupled = _fit(digits), _fit(digits, lba_decay="decoupled")
    assert coupled.lipschitz_bound_ < 0.1 * decoupled.lipschitz_bound_


def test_bad_lba_decay_is_a_value_error(digits):
    with pytest.raises(ValueError, match="'lba_decay' parameter .* Got 'adamw'"):
        _fit(digits, lba_decay="adamw")

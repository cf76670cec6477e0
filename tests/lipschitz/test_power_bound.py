"""PowerIterationBound: the per-epoch estimate of the network bound, from below, warm-started."""

import numpy as np
import pytest
import torch
from torch import nn

from sklnn.lipschitz import PowerIterationBound, Residual, lipschitz_bound

INPUT_SHAPE = (2, 8, 8)


def network():
    torch.manual_seed(0)
    net = nn.Sequential(
        nn.Conv2d(2, 3, 3, padding=1),
        nn.BatchNorm2d(3),
        nn.ReLU(),
        Residual(nn.Sequential(nn.Conv2d(3, 3, 3, padding=1), nn.Tanh())),
        nn.AvgPool2d(2),
        nn.Flatten(),
        nn.Linear(48, 5),
    ).double()
    net[1].running_var.uniform_(0.5, 2.0)
    return net


def test_estimates_rise_to_the_exact_bound_from_below():
    net = network()
    exact = lipschitz_bound(net, INPUT_SHAPE)
    tracker = PowerIterationBound(net, INPUT_SHAPE, n_iter=5, warm_up=0, random_state=0)
    estimates = np.array([tracker.estimate() for _ in range(60)])
    assert np.all(estimates <= exact * (1 + 1e-9))
    assert estimates[0] < exact * (1 - 1e-3)  # a cold start is visibly below
    assert estimates[-1] == pytest.approx(exact, rel=1e-3)


def test_estimates_follow_the_weights():
    net = network()
    tracker = PowerIterationBound(net, INPUT_SHAPE, n_iter=20, warm_up=200, random_state=0)
    before = tracker.estimate()
    with torch.no_grad():
        net[-1].weight.mul_(3.0)
    assert tracker.estimate() == pytest.approx(3 * before, rel=1e-6)
    assert tracker.estimate() == pytest.approx(lipschitz_bound(net, INPUT_SHAPE), rel=1e-3)


def test_reproducible_and_validated():
    net = network()
    first = PowerIterationBound(net, INPUT_SHAPE, warm_up=3, random_state=1).estimate()
    second = PowerIterationBound(net, INPUT_SHAPE, warm_up=3, random_state=1).estimate()
    assert first == second
    with pytest.raises(ValueError, match="n_iter"):
        PowerIterationBound(net, INPUT_SHAPE, n_iter=0)
    with pytest.raises(TypeError, match="no Lipschitz bound for a GELU"):
        PowerIterationBound(nn.Sequential(nn.Linear(3, 3), nn.GELU()), (3,)).estimate()

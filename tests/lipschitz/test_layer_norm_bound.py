"""LayerNorm's Lipschitz constant ‖diag(γ) P‖₂ / √ε: never beaten, and reached."""

import math

import pytest
import torch
from torch import nn

from sklnn.lipschitz import PowerIterationBound, lipschitz_bound


def layer_norm(normalized_shape, seed, *, eps=1e-2, affine=True):
    generator = torch.Generator().manual_seed(seed)
    layer = nn.LayerNorm(normalized_shape, eps=eps, elementwise_affine=affine).double()
    if affine:
        with torch.no_grad():
            layer.weight.copy_(2 * torch.randn(layer.weight.shape, generator=generator))
            layer.bias.copy_(torch.randn(layer.bias.shape, generator=generator))
    return layer


def jacobian_norm(module, x):
    jacobian = torch.autograd.functional.jacobian(lambda v: module(v[None])[0], x)
    return float(torch.linalg.matrix_norm(jacobian.reshape(x.numel(), x.numel()), ord=2))


@pytest.mark.parametrize("shape", [(5,), (2, 3)])
@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("seed", [0, 1])
def test_no_jacobian_beats_the_bound_and_equal_features_reach_it(shape, affine, seed):
    layer = layer_norm(shape, seed, affine=affine)
    bound = lipschitz_bound(nn.Sequential(layer), shape)
    generator = torch.Generator().manual_seed(seed)
    # Random samples at several scales: near 0 the normalisation divides by about √ε.
    samples = [
        scale * torch.randn(shape, generator=generator, dtype=torch.float64)
        for scale in (1e-3, 0.05, 1.0, 10.0)
        for _ in range(5)
    ]
    observed = [jacobian_norm(layer, x) for x in samples]
    assert max(observed) <= bound * (1 + 1e-9)
    equal_features = torch.full(shape, 0.7, dtype=torch.float64)
    assert jacobian_norm(layer, equal_features) == pytest.approx(bound, rel=1e-9)


def test_no_pair_of_inputs_beats_the_bound():
    layer = layer_norm((6,), 3)
    bound = lipschitz_bound(nn.Sequential(layer), (6,))
    generator = torch.Generator().manual_seed(0)
    x = 0.1 * torch.randn(200, 6, generator=generator, dtype=torch.float64)
    x_prime = x + 0.05 * torch.randn(200, 6, generator=generator, dtype=torch.float64)
    with torch.no_grad():
        ratios = (layer(x) - layer(x_prime)).norm(dim=1) / (x - x_prime).norm(dim=1)
    assert float(ratios.max()) <= bound


def test_bound_of_a_constant_gamma_is_gamma_over_root_eps():
    layer = nn.LayerNorm(4, eps=1e-4)
    with torch.no_grad():
        layer.weight.fill_(-3.0)
    assert lipschitz_bound(nn.Sequential(layer), (4,)) == pytest.approx(3.0 / math.sqrt(1e-4))


def test_bound_is_at_most_largest_gamma_over_root_eps():
    layer = layer_norm((7,), 4)
    largest = float(layer.weight.detach().abs().max()) / math.sqrt(layer.eps)
    assert lipschitz_bound(nn.Sequential(layer), (7,)) <= largest


def test_one_feature_layer_is_constant():
    layer = layer_norm((1,), 5)
    assert lipschitz_bound(nn.Sequential(layer), (1,)) == 0.0


def test_bound_multiplies_through_a_network():
    torch.manual_seed(0)
    linear = nn.Linear(3, 4)
    layer = nn.LayerNorm(4)
    net = nn.Sequential(linear, layer, nn.ReLU())
    expected = float(torch.linalg.matrix_norm(linear.weight.detach(), ord=2)) / math.sqrt(1e-5)
    assert lipschitz_bound(net, (3,)) == pytest.approx(expected, rel=1e-5)
    assert PowerIterationBound(net, (3,), random_state=0).estimate() == pytest.approx(
        expected, rel=1e-4
    )


def test_zero_eps_has_no_constant():
    with pytest.raises(ValueError, match="eps=0.0.*no Lipschitz constant"):
        lipschitz_bound(nn.Sequential(nn.LayerNorm(3, eps=0.0)), (3,))

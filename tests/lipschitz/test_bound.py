"""Network Lipschitz bounds: exact layer factors, and no pair of inputs beats the bound."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from sklnn.lipschitz import Residual, collect_regularized_layers, lipschitz_bound, spectral_norm


def randomize_batch_norms(net, generator):
    """Give every batch norm non-trivial running statistics and affine parameters."""
    for layer in net.modules():
        if isinstance(layer, nn.modules.batchnorm._BatchNorm):
            size = layer.num_features
            layer.running_mean.copy_(torch.randn(size, generator=generator))
            layer.running_var.copy_(torch.rand(size, generator=generator) + 0.2)
            layer.weight.data.copy_(2 * torch.randn(size, generator=generator))
            layer.bias.data.copy_(torch.randn(size, generator=generator))


def dense_net():
    return nn.Sequential(
        nn.Linear(6, 8),
        nn.BatchNorm1d(8),
        nn.ReLU(),
        Residual(nn.Sequential(nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 8))),
        nn.LeakyReLU(0.1),
        Residual(nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8), nn.ELU())),
        nn.Dropout(0.5),
        nn.Linear(8, 3),
        nn.Sigmoid(),
    )


def conv_net():
    return nn.Sequential(
        nn.Conv2d(2, 3, 3, padding=1),
        nn.BatchNorm2d(3),
        nn.ReLU(),
        Residual(nn.Sequential(nn.Conv2d(3, 3, 3, padding=1), nn.ReLU(), nn.Conv2d(3, 3, 1))),
        nn.MaxPool2d(2),
        nn.Conv2d(3, 4, 3, stride=2, padding=1),
        nn.Softplus(),
        nn.AdaptiveAvgPool2d(2),
        nn.Flatten(),
        nn.Linear(16, 5),
    )


def pooled_net():
    return nn.Sequential(
        nn.Conv2d(1, 3, 5, padding=2),
        nn.AvgPool2d(3, stride=1),
        nn.ReLU(),
        nn.MaxPool2d(3, stride=2),
        nn.Flatten(),
        nn.Linear(12, 4),
        Residual(nn.Sequential(nn.Linear(4, 4), nn.Hardtanh())),
    )


NETS = [(dense_net, (6,)), (conv_net, (2, 8, 8)), (pooled_net, (1, 8, 8))]


def make(builder, seed):
    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    net = builder().double()
    with torch.no_grad():
        randomize_batch_norms(net, generator)
    return net.eval()


def largest_jacobian_norm(net, inputs):
    norms = []
    for x in inputs:
        jacobian = torch.autograd.functional.jacobian(lambda v: net(v[None])[0], x)
        norms.append(np.linalg.norm(jacobian.reshape(-1, x.numel()).numpy(), 2))
    return max(norms)


@pytest.mark.parametrize("builder, input_shape", NETS)
@pytest.mark.parametrize("seed", [0, 1])
def test_no_pair_of_inputs_beats_the_bound(builder, input_shape, seed):
    net = make(builder, seed)
    bound = lipschitz_bound(net, input_shape)
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(400, *input_shape, generator=generator, dtype=torch.float64)
    scales = torch.logspace(-4, 1, 400, dtype=torch.float64).reshape(-1, *[1] * len(input_shape))
    x_prime = x + scales * torch.randn(x.shape, generator=generator, dtype=torch.float64)

    with torch.no_grad():
        ratios = (net(x) - net(x_prime)).flatten(1).norm(dim=1) / (x - x_prime).flatten(1).norm(
            dim=1
        )

    assert ratios.max() <= bound
    assert largest_jacobian_norm(net, x[:8]) <= bound


def test_bound_of_linear_layers_is_the_product_of_their_norms():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(5, 7), nn.Linear(7, 4), nn.Identity(), nn.Linear(4, 2)).double()
    norms = [np.linalg.norm(net[i].weight.detach().numpy(), 2) for i in (0, 1, 3)]

    assert lipschitz_bound(net, (5,)) == pytest.approx(math.prod(norms), rel=1e-12)


def test_bound_of_one_convolution_is_its_operator_norm_and_is_attained():
    # A 3×3 box filter: the reshaped kernel norm (3) would be a wrong "bound" of 8.29.
    conv = nn.Conv2d(1, 1, 3, padding=1).double()
    nn.init.ones_(conv.weight)
    net = nn.Sequential(conv)

    bound = lipschitz_bound(net, (1, 8, 8))
    jacobian_norm = largest_jacobian_norm(net, torch.zeros(1, 1, 8, 8, dtype=torch.float64))

    assert bound == pytest.approx(spectral_norm(conv, (1, 8, 8)), rel=1e-12)
    assert jacobian_norm == pytest.approx(bound, rel=1e-6)
    assert jacobian_norm > 2.5 * spectral_norm(conv, method="reshaped")


def test_residual_block_adds_one():
    torch.manual_seed(0)
    net = nn.Sequential(
        Residual(nn.Linear(4, 4)), Residual(nn.Sequential(nn.Linear(4, 4), nn.ReLU()))
    ).double()
    sigma = spectral_norm(net[0].body)
    second = spectral_norm(net[1].body[0])

    assert lipschitz_bound(net, (4,)) == pytest.approx((1 + sigma) * (1 + second), rel=1e-12)


@pytest.mark.parametrize(
    "layer, input_shape, expected",
    [
        (nn.Sigmoid(), (3,), 0.25),
        (nn.Tanh(), (3,), 1.0),
        (nn.ReLU6(), (3,), 1.0),
        (nn.LeakyReLU(0.1), (3,), 1.0),
        (nn.LeakyReLU(2.0), (3,), 2.0),
        (nn.ELU(0.5), (3,), 1.0),
        (nn.ELU(1.5), (3,), 1.5),
        (nn.Dropout2d(0.3), (1, 4, 4), 1.0),
        (nn.Flatten(), (2, 4, 4), 1.0),
        (nn.AvgPool2d(2), (1, 8, 8), 0.5),
        (nn.AvgPool2d(4), (3, 8, 8), 0.25),
        (nn.AdaptiveAvgPool2d(1), (3, 4, 4), 0.25),
        (nn.MaxPool2d(2), (1, 8, 8), 1.0),
        (nn.MaxPool2d(3, stride=1), (1, 8, 8), 3.0),
        (nn.MaxPool2d(3, stride=2), (1, 9, 9), 2.0),
        (nn.MaxPool2d(2, stride=1, dilation=2), (1, 8, 8), 2.0),
        (nn.AdaptiveMaxPool2d(2), (1, 4, 4), 1.0),
        (nn.AdaptiveMaxPool2d(3), (1, 4, 4), 2.0),
    ],
)
def test_layer_factor(layer, input_shape, expected):
    assert lipschitz_bound(nn.Sequential(layer), input_shape) == pytest.approx(expected, rel=1e-6)


def test_overlapping_max_pooling_is_not_one_lipschitz():
    # A spike shared by nine 3×3 windows moves nine outputs: ‖Δf‖ = 3 ‖Δx‖.
    net = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1))
    spike = torch.zeros(1, 1, 5, 5)
    spike[0, 0, 2, 2] = 1.0

    with torch.no_grad():
        ratio = (net(spike) - net(torch.zeros_like(spike))).norm() / spike.norm()

    assert ratio == pytest.approx(3.0)
    assert lipschitz_bound(net, (1, 5, 5)) == pytest.approx(3.0)


def test_batch_norm_factor_is_largest_scale():
    layer = nn.BatchNorm1d(3, eps=1e-12)
    with torch.no_grad():
        layer.running_var.copy_(torch.tensor([4.0, 1.0, 0.25]))
        layer.running_mean.copy_(torch.tensor([10.0, -3.0, 2.0]))
        layer.weight.copy_(torch.tensor([1.0, -1.5, 0.5]))

    plain = nn.BatchNorm1d(3, eps=1e-12, affine=False)
    plain.running_var.copy_(layer.running_var)

    assert lipschitz_bound(nn.Sequential(layer), (3,)) == pytest.approx(1.5)
    assert lipschitz_bound(nn.Sequential(plain), (3,)) == pytest.approx(2.0)


def test_training_flags_are_restored():
    net = make(conv_net, 0).train()
    net[1].eval()

    lipschitz_bound(net, (2, 8, 8))

    assert net.training and not net[1].training
    assert all(module.training for i, module in enumerate(net) if i != 1)


def test_collect_regularized_layers_in_run_order_with_input_shapes():
    net = conv_net()

    layers = collect_regularized_layers(net, (2, 8, 8))

    assert [(name, shape) for name, _, shape in layers] == [
        ("0", (2, 8, 8)),
        ("3.body.0", (3, 8, 8)),
        ("3.body.2", (3, 8, 8)),
        ("5", (3, 4, 4)),
        ("9", (16,)),
    ]
    assert layers[1].layer is net[3].body[0]


def test_unknown_layer_is_a_type_error():
    class Doubler(nn.Module):
        def forward(self, x):
            return 2 * x

    with pytest.raises(TypeError, match="no Lipschitz bound for a GELU module"):
        lipschitz_bound(nn.Sequential(nn.Linear(3, 3), nn.GELU()), (3,))
    with pytest.raises(TypeError, match="no Lipschitz bound for a Doubler module"):
        lipschitz_bound(Doubler(), (3,))


def test_errors():
    with pytest.raises(ValueError, match="track_running_stats=False"):
        lipschitz_bound(nn.Sequential(nn.BatchNorm1d(3, track_running_stats=False)), (3,))
    with pytest.raises(ValueError, match="must keep its input's shape"):
        lipschitz_bound(nn.Sequential(Residual(nn.Linear(3, 2))), (3,))
    with pytest.raises(ValueError, match="input_shape must be the shape of one sample"):
        lipschitz_bound(nn.Sequential(nn.Linear(3, 2)), ())
    shared = nn.Conv2d(1, 1, 3)
    with pytest.raises(ValueError, match="applied to inputs of two shapes"):
        lipschitz_bound(nn.Sequential(shared, shared), (1, 8, 8))

"""Spectral norms of layers against the SVD of their explicit operator matrices."""

import itertools
import math

import numpy as np
import pytest
import torch
from torch import nn

from sklnn.lipschitz import PowerIteration, spectral_norm


def operator_matrix(layer, input_shape):
    """The matrix of a bias-free layer: the layer applied to every basis vector of its input."""
    size = math.prod(input_shape)
    basis = torch.eye(size, dtype=torch.float64).reshape(size, *input_shape)
    with torch.no_grad():
        images = layer(basis)
    return images.reshape(size, -1).T.numpy()


def largest_singular_value(matrix):
    return np.linalg.svd(matrix, compute_uv=False)[0]


def make_conv(in_channels, out_channels, kernel_size, seed=0, **options):
    torch.manual_seed(seed)
    return nn.Conv2d(in_channels, out_channels, kernel_size, bias=False, **options).double()


CHANNELS = [(1, 1), (1, 3), (3, 1), (2, 3), (3, 3)]
CONV_CASES = [
    (padding, stride, kernel, channels, 6 + (kernel + stride + padding) % 3)
    for padding, stride, kernel, channels in itertools.product(
        (0, 1), (1, 2), (1, 3, 5), CHANNELS
    )
]


@pytest.mark.parametrize("padding, stride, kernel_size, channels, size", CONV_CASES)
def test_conv_operator_norm_matches_svd_of_operator_matrix(
    padding, stride, kernel_size, channels, size
):
    in_channels, out_channels = channels
    conv = make_conv(in_channels, out_channels, kernel_size, padding=padding, stride=stride)
    input_shape = (in_channels, size, size)

    expected = largest_singular_value(operator_matrix(conv, input_shape))

    assert spectral_norm(conv, input_shape) == pytest.approx(expected, rel=1e-3)


@pytest.mark.parametrize(
    "options, input_shape",
    [
        ({"in_channels": 2, "out_channels": 2, "kernel_size": 3, "dilation": 2}, (2, 8, 8)),
        ({"in_channels": 2, "out_channels": 4, "kernel_size": 3, "groups": 2}, (2, 7, 7)),
        ({"in_channels": 1, "out_channels": 2, "kernel_size": (3, 1), "stride": (1, 2),
          "padding": (0, 1)}, (1, 6, 7)),
        ({"in_channels": 2, "out_channels": 2, "kernel_size": 3, "padding": "same"}, (2, 5, 7)),
        ({"in_channels": 2, "out_channels": 1, "kernel_size": 2, "padding": "valid"}, (2, 6, 6)),
        ({"in_channels": 1, "out_channels": 2, "kernel_size": 4, "stride": 3, "padding": 2},
         (1, 8, 8)),
    ],
)
def test_conv_operator_norm_honors_dilation_groups_and_odd_strides(options, input_shape):
    conv = make_conv(**options)

    expected = largest_singular_value(operator_matrix(conv, input_shape))

    assert spectral_norm(conv, input_shape) == pytest.approx(expected, rel=1e-3)


def test_bias_does_not_change_the_norm():
    torch.manual_seed(0)
    conv = nn.Conv2d(2, 3, 3, padding=1).double()
    linear = nn.Linear(5, 4).double()

    expected_conv = largest_singular_value(
        operator_matrix(lambda x: nn.functional.conv2d(x, conv.weight, padding=1), (2, 6, 6))
    )

    assert spectral_norm(conv, (2, 6, 6)) == pytest.approx(expected_conv, rel=1e-3)
    assert spectral_norm(linear) == pytest.approx(
        np.linalg.norm(linear.weight.detach().numpy(), 2), rel=1e-12
    )


@pytest.mark.parametrize("shape", [(1, 1), (3, 7), (10, 4), (16, 16)])
def test_linear_norm_is_largest_singular_value(shape):
    torch.manual_seed(1)
    linear = nn.Linear(shape[1], shape[0]).double()

    expected = np.linalg.norm(linear.weight.detach().numpy(), 2)

    assert spectral_norm(linear) == pytest.approx(expected, rel=1e-12)


def test_reshaped_norm_is_that_of_the_kernel_matrix():
    conv = make_conv(3, 4, 3, padding=1)

    expected = np.linalg.norm(conv.weight.detach().numpy().reshape(4, -1), 2)

    assert spectral_norm(conv, method="reshaped") == pytest.approx(expected, rel=1e-12)


def test_reshaped_norm_differs_from_operator_norm():
    # A 3×3 box filter with zero padding on 8×8 images: the reshaped kernel has norm
    # ‖w‖ = 3, but the convolution amplifies smooth images by (1 + 2 cos(π/9))² ≈ 8.29.
    box = make_conv(1, 1, 3, padding=1)
    box.weight.data.fill_(1.0)
    exact_box = largest_singular_value(operator_matrix(box, (1, 8, 8)))
    # A random multichannel convolution with stride 2.
    strided = make_conv(2, 3, 3, padding=1, stride=2, seed=3)
    exact_strided = largest_singular_value(operator_matrix(strided, (2, 8, 8)))

    assert spectral_norm(box, method="reshaped") == pytest.approx(3.0)
    assert spectral_norm(box, (1, 8, 8)) == pytest.approx(exact_box, rel=1e-3)
    assert exact_box == pytest.approx((1 + 2 * math.cos(math.pi / 9)) ** 2, rel=1e-9)
    assert spectral_norm(strided, (2, 8, 8)) == pytest.approx(exact_strided, rel=1e-3)
    assert abs(spectral_norm(strided, method="reshaped") / exact_strided - 1) > 0.1


@pytest.mark.parametrize(
    "pool, input_shape, expected",
    [
        (nn.AvgPool2d(2), (1, 8, 8), 0.5),
        (nn.AvgPool2d(4), (2, 8, 8), 0.25),
        (nn.AdaptiveAvgPool2d(1), (3, 4, 4), 0.25),
        (nn.AvgPool2d(3, stride=1), (1, 6, 6), None),
        (nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), (1, 7, 7), None),
        (nn.AdaptiveAvgPool2d(3), (1, 7, 5), None),
    ],
)
def test_average_pooling_norm(pool, input_shape, expected):
    if expected is None:
        expected = largest_singular_value(operator_matrix(pool, (1, *input_shape[1:])))

    assert spectral_norm(pool, input_shape) == pytest.approx(expected, rel=1e-3)


def test_power_iteration_warm_start_rises_to_the_norm_and_follows_the_weights():
    conv = make_conv(2, 3, 3, padding=1, seed=4)
    exact = largest_singular_value(operator_matrix(conv, (2, 6, 6)))
    power = PowerIteration(conv, (2, 6, 6), random_state=0)

    estimates = [float(power.estimate()) for _ in range(300)]

    assert np.all(np.diff(estimates) >= -1e-12)  # Rayleigh-type estimates never decrease
    assert estimates[-1] <= exact * (1 + 1e-12)
    assert estimates[-1] == pytest.approx(exact, rel=1e-3)
    assert torch.linalg.vector_norm(power.vector) == pytest.approx(1.0)

    with torch.no_grad():
        conv.weight.mul_(2.0)
    doubled = float(power.estimate())
    assert doubled >= 2 * estimates[-1] * (1 - 1e-12)  # the kept vector is already good
    assert doubled == pytest.approx(2 * exact, rel=1e-3)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_power_iteration_of_a_zero_weight_is_zero_and_recovers(dtype):
    linear = nn.Linear(3, 2).to(dtype)
    nn.init.zeros_(linear.weight)
    power = PowerIteration(linear, random_state=0)

    assert float(power.estimate(n_iter=2)) == 0.0
    assert torch.linalg.vector_norm(power.vector).item() == pytest.approx(1.0)

    with torch.no_grad():
        linear.weight.copy_(torch.tensor([[3.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))
    assert float(power.estimate(n_iter=30)) == pytest.approx(3.0, rel=1e-4)


def test_power_iteration_moves_its_vector_with_the_layer():
    linear = nn.Linear(3, 2)
    power = PowerIteration(linear, random_state=0)
    linear.double()

    power.estimate()

    assert power.vector.dtype == torch.float64


def test_spectral_norm_is_reproducible():
    conv = make_conv(2, 2, 3, padding=1)

    assert spectral_norm(conv, (2, 6, 6)) == spectral_norm(conv, (2, 6, 6))


def test_errors():
    conv = make_conv(2, 2, 3, padding=1)

    with pytest.raises(ValueError, match="pass input_shape"):
        spectral_norm(conv)
    with pytest.raises(ValueError, match="has 3 channels but the Conv2d layer expects 2"):
        spectral_norm(conv, (3, 6, 6))
    with pytest.raises(ValueError, match=r"input_shape must be \(channels, height, width\)"):
        spectral_norm(conv, (6, 6))
    with pytest.raises(ValueError, match="smaller than the kernel's reach"):
        spectral_norm(make_conv(1, 1, 5), (1, 3, 3))
    with pytest.raises(ValueError, match="zero padding only"):
        spectral_norm(make_conv(1, 1, 3, padding=1, padding_mode="reflect"), (1, 6, 6))
    with pytest.raises(ValueError, match="asymmetrically"):
        spectral_norm(make_conv(1, 1, 2, padding="same"), (1, 6, 6))
    with pytest.raises(ValueError, match="Invalid value for 'method'"):
        spectral_norm(conv, (2, 6, 6), method="frobenius")
    with pytest.raises(ValueError, match="tol"):
        spectral_norm(conv, (2, 6, 6), tol=-1.0)
    with pytest.raises(ValueError, match="n_iter"):
        PowerIteration(conv, (2, 6, 6)).estimate(n_iter=0)
    with pytest.raises(TypeError, match="No spectral norm for a Conv1d layer"):
        spectral_norm(nn.Conv1d(1, 1, 3), (1, 6))


@pytest.mark.gpu
def test_conv_operator_norm_on_cuda():
    conv = make_conv(3, 4, 3, padding=1, stride=2)
    expected = largest_singular_value(operator_matrix(conv, (3, 9, 9)))

    assert spectral_norm(conv.cuda(), (3, 9, 9)) == pytest.approx(expected, rel=1e-3)

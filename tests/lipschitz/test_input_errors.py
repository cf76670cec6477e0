"""Bad networks, input shapes and weights get a clear error from every sklnn.lipschitz entry."""

import numpy as np
import pytest
import torch
from torch import nn

from sklnn.lipschitz import (
    LBAPenalty,
    PowerIteration,
    PowerIterationBound,
    collect_regularized_layers,
    lipschitz_bound,
    spectral_norm,
)
from sklnn.neural_network import MLPClassifier

# Every public entry that takes a network and the shape of one of its samples.
NETWORK_ENTRIES = {
    "lipschitz_bound": lipschitz_bound,
    "collect_regularized_layers": collect_regularized_layers,
    "PowerIterationBound": PowerIterationBound,
    "LBAPenalty.setup": lambda module, input_shape: LBAPenalty().setup(module, input_shape),
}
# Every public entry that takes one layer (and, for a convolution, its input shape).
LAYER_ENTRIES = {
    "spectral_norm": spectral_norm,
    "PowerIteration": PowerIteration,
}


def dense_net():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.BatchNorm1d(3), nn.Linear(3, 2))


def conv_net():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(72, 2))


def fitted_mlp():
    X = np.random.RandomState(0).uniform(size=(20, 4))
    return MLPClassifier(hidden_layer_sizes=(3,), max_iter=2, random_state=0).fit(X, X[:, 0] > 0.5)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("entry", NETWORK_ENTRIES.values(), ids=NETWORK_ENTRIES)
@pytest.mark.parametrize(
    "make_module, match",
    [
        (fitted_mlp, "got MLPClassifier. A fitted sklnn neural estimator .* lipschitz_bound_"),
        (MLPClassifier, "got MLPClassifier. A fitted sklnn neural estimator .* lipschitz_bound_"),
        (lambda: [nn.Linear(4, 2)], r"such as nn.Sequential\(\*layers\), got list"),
        (lambda: None, "module must be a torch.nn.Module.*got NoneType"),
        (lambda: nn.ModuleList([nn.Linear(4, 2)]), "ModuleList module cannot run a batch"),
    ],
    ids=["fitted-estimator", "unfitted-estimator", "list", "None", "ModuleList"],
)
def test_what_is_not_a_network_is_a_type_error(entry, make_module, match):
    with pytest.raises(TypeError, match=match):
        entry(make_module(), (4,))


@pytest.mark.parametrize("entry", NETWORK_ENTRIES.values(), ids=NETWORK_ENTRIES)
@pytest.mark.parametrize("input_shape", [4, 4.0, None, "4", (4.5,), ("4",), (True,)], ids=repr)
def test_input_shape_must_be_a_tuple_of_positive_ints(entry, input_shape):
    match = r"input_shape must be the shape of one sample, .* such as \(n_features,\)"
    with pytest.raises(ValueError, match=match):
        entry(dense_net(), input_shape)


@pytest.mark.parametrize("entry", LAYER_ENTRIES.values(), ids=LAYER_ENTRIES)
@pytest.mark.parametrize("input_shape", [6, (1, 6.5, 6), ("1", 6, 6)], ids=repr)
def test_image_shape_must_be_a_tuple_of_positive_ints(entry, input_shape):
    with pytest.raises(ValueError, match="input_shape must be the shape of one sample"):
        entry(nn.Conv2d(1, 2, 3), input_shape)


@pytest.mark.parametrize("entry", NETWORK_ENTRIES.values(), ids=NETWORK_ENTRIES)
@pytest.mark.parametrize(
    "make_net, input_shape, match",
    [
        (dense_net, (5,), r"input_shape=\(5,\) does not fit .* '0', Linear\(in_features=4"),
        (dense_net, (1, 8, 8), r"input_shape=\(1, 8, 8\) does not fit .* '0', Linear"),
        (conv_net, (2, 8, 8), r"input_shape=\(2, 8, 8\) does not fit .* '0', Conv2d\(1, 2"),
        (conv_net, (1, 9, 9), r"\(1, 9, 9\) does not fit .* '3', Linear\(in_features=72.*\(98,\)"),
    ],
    ids=["wide", "image-to-dense", "channels", "flattened"],
)
def test_input_shape_that_does_not_fit_names_the_layer(entry, make_net, input_shape, match):
    net = make_net().train()

    with pytest.raises(ValueError, match=match):
        entry(net, input_shape)
    assert all(module.training for module in net.modules())
    assert not any(module._forward_hooks or module._forward_pre_hooks for module in net.modules())


def test_image_too_small_for_average_pooling():
    with pytest.raises(ValueError, match=r"input_shape \(1, 1, 1\) does not fit the AvgPool2d"):
        spectral_norm(nn.AvgPool2d(2), (1, 1, 1))


def _spoil(tensor, value):
    with torch.no_grad():
        tensor.view(-1)[0] = value


@pytest.mark.parametrize("entry", NETWORK_ENTRIES.values(), ids=NETWORK_ENTRIES)
@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize(
    "tensor, match",
    [
        (lambda net: net[3].weight, "The weight of the Linear layer '3' holds NaN or infinity"),
        (lambda net: net[2].running_var, "running_var of the BatchNorm1d layer '2' holds NaN"),
    ],
    ids=["linear-weight", "batch-norm-variance"],
)
def test_non_finite_weights_name_the_layer(entry, value, tensor, match):
    net = dense_net()
    _spoil(tensor(net), value)

    with pytest.raises(ValueError, match=match):
        entry(net, (4,))


@pytest.mark.parametrize("entry", LAYER_ENTRIES.values(), ids=LAYER_ENTRIES)
@pytest.mark.parametrize("value", [np.nan, np.inf])
@pytest.mark.parametrize(
    "layer, input_shape",
    [(nn.Linear(4, 3), None), (nn.Conv2d(1, 2, 3), (1, 6, 6))],
    ids=["Linear", "Conv2d"],
)
def test_non_finite_weight_of_one_layer(entry, value, layer, input_shape):
    _spoil(layer.weight, value)

    with pytest.raises(ValueError, match=f"weight of the {type(layer).__name__} layer holds NaN"):
        entry(layer, input_shape)


@pytest.mark.parametrize(
    "activation, match",
    [
        (nn.LeakyReLU(np.nan), "LeakyReLU layer has negative_slope=nan"),
        (nn.ELU(np.inf), "ELU layer has alpha=inf"),
    ],
)
def test_non_finite_activation_slope(activation, match):
    with pytest.raises(ValueError, match=match):
        lipschitz_bound(nn.Sequential(nn.Linear(4, 3), activation), (4,))


@pytest.mark.parametrize(
    "scale, dtype", [(1e200, torch.float64), (1e-30, torch.float32)], ids=["huge", "tiny"]
)
def test_convolution_norm_of_extreme_weights_is_scaled_not_overflowed(scale, dtype):
    torch.manual_seed(0)
    conv = nn.Conv2d(2, 3, 3, padding=1).to(dtype)
    expected = spectral_norm(conv, (2, 5, 5))
    with torch.no_grad():
        conv.weight.mul_(scale)

    assert spectral_norm(conv, (2, 5, 5)) == pytest.approx(scale * expected, rel=1e-5, abs=0)


@pytest.mark.parametrize("strength", [np.nan, np.inf, -np.inf])
def test_lba_strength_must_be_finite(strength):
    with pytest.raises(ValueError, match="strength must be a finite number"):
        LBAPenalty(strength).setup(dense_net(), (4,))


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (2**40, ValueError), (True, TypeError)])
def test_spectral_norm_names_a_bad_random_state(seed, error):
    conv = torch.nn.Conv2d(1, 2, 3, padding=1)
    with pytest.raises(error, match="random_state"):
        spectral_norm(conv, (1, 5, 5), random_state=seed)

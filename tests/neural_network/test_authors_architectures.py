"""The authors' CIFAR-10 network and MNIST residual MLPs, as LipschitzCNN documents them."""

import re
import warnings

import numpy as np
import pytest
import torch
from torch import nn

from sklnn.lipschitz import LBAPenalty
from sklnn.neural_network import LipschitzCNN


def documented_configuration(dataset, **names):
    """Evaluate the ``LipschitzCNN(...)`` literal block of the docstring's ``dataset`` item."""
    item = LipschitzCNN.__doc__.split(f"- {dataset}")[1]
    call = re.search(r"::\s+(LipschitzCNN\(.*?\))\n", item, re.DOTALL)[1]
    return eval(call, {"LipschitzCNN": LipschitzCNN, **names})


def _fit_tiny(model, n_features, n_samples=12, n_classes=3):
    rng = np.random.RandomState(0)
    X = rng.uniform(size=(n_samples, n_features))
    y = np.arange(n_samples) % n_classes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one epoch does not converge
        return model.set_params(max_iter=1, batch_size=4, random_state=0, device="cpu").fit(X, y)


def test_cifar10_network():
    model = documented_configuration("CIFAR-10")
    model = _fit_tiny(model, n_features=3 * 32 * 32)
    module = model.net_.module_

    convs = [layer for layer in module.modules() if isinstance(layer, nn.Conv2d)]
    assert [(c.in_channels, c.out_channels, c.kernel_size) for c in convs] == [
        (3, 64, (3, 3)),
        *[(64, 64, (3, 3))] * 6,
    ]
    assert sum(type(layer).__name__ == "Residual" for layer in module) == 6
    assert not any(isinstance(layer, (nn.BatchNorm2d, nn.Dropout)) for layer in module.modules())
    pools = [layer for layer in module.modules() if isinstance(layer, nn.MaxPool2d)]
    assert len(pools) == 1 and pools[0].kernel_size == 2
    (head,) = [layer for layer in module.modules() if isinstance(layer, nn.Linear)]
    assert (head.in_features, head.out_features) == (64 * 16 * 16, 3)

    (penalty,) = model.net_.penalties
    assert isinstance(penalty, LBAPenalty)
    assert (penalty.strength, penalty.method) == (0.5, "reshaped")  # σ·tf.nn.l2_loss
    assert [layer for _, layer, _ in penalty.layers_] == convs[1:]  # all but the stem
    assert (model.solver, model.learning_rate_init, model.batch_size) == ("adam", 1e-3, 4)


@pytest.mark.parametrize("k", [4, 6, 8])
def test_mnist_network_is_exactly_a_residual_mlp(k):
    model = documented_configuration("MNIST", k=k)
    assert (model.solver, model.momentum, model.batch_size, model.max_iter) == ("sgd", 0, 100, 60)
    model = _fit_tiny(model, n_features=784)
    convs = [layer for layer in model.net_.module_.modules() if isinstance(layer, nn.Conv2d)]
    linears = [layer for layer in model.net_.module_.modules() if isinstance(layer, nn.Linear)]
    assert len(convs) == k + 1 and len(linears) == 1

    def dense(layer):
        weight = layer.weight.detach().numpy()
        return weight.reshape(weight.shape[0], -1), layer.bias.detach().numpy()

    X = np.random.RandomState(1).uniform(size=(5, 784))
    W, b = dense(convs[0])
    h = np.maximum(X @ W.T + b, 0)
    for conv in convs[1:]:
        W, b = dense(conv)
        h = h + np.maximum(h @ W.T + b, 0)
    W, b = dense(linears[0])
    logits = h @ W.T + b

    with torch.no_grad():
        np.testing.assert_allclose(model.net_.module_(torch.as_tensor(X)).numpy(), logits)
    sigmas = [np.linalg.norm(dense(layer)[0], 2) for layer in [*convs, *linears]]
    bound = sigmas[0] * np.prod([1 + sigma for sigma in sigmas[1:-1]]) * sigmas[-1]
    assert model.lipschitz_bound_ == pytest.approx(bound, rel=1e-6)

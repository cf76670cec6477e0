"""The L2 term's convention: ``alpha · ½ Σ‖W‖² / m`` on each step's m samples, report 001's
``λ/(2m) Σ‖W‖²`` with λ = alpha, and torch's ``weight_decay = alpha / m``."""

import numpy as np
import pytest
import torch

from sklnn.neural_network import MLPRegressor
from sklnn.neural_network._regularization import L2Penalty


def test_penalty_is_report_001s_term_with_lambda_alpha():
    torch.manual_seed(0)
    module = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    alpha, m = 0.3, 7
    squared_norms = sum(layer.weight.pow(2).sum() for layer in (module[0], module[2]))
    expected = alpha / (2 * m) * squared_norms  # λ/(2m) Σ_l ‖W^(l)‖², biases left out
    assert L2Penalty(alpha)(module, m).item() == pytest.approx(expected.item(), rel=1e-12)


def test_each_mini_batch_step_is_torch_sgd_with_weight_decay_alpha_over_batch_size():
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(8, 3)), rng.normal(size=8)
    coef, intercept = rng.normal(size=(3, 1)), rng.normal(size=1)
    alpha, lr, m = 0.5, 0.1, 4
    model = MLPRegressor(hidden_layer_sizes=(), solver="sgd", momentum=0.0, alpha=alpha,
                         learning_rate_init=lr, batch_size=m, shuffle=False)  # fmt: skip
    model.coefs_, model.intercepts_ = [coef.copy()], [intercept.copy()]
    model.n_features_in_, model.n_outputs_, model.out_activation_ = 3, 1, "identity"
    model.partial_fit(X, y)  # two steps, on rows 0-3 then 4-7

    weight = torch.tensor(coef.T, requires_grad=True)
    bias = torch.tensor(intercept, requires_grad=True)
    optimizer = torch.optim.SGD(
        [{"params": [weight], "weight_decay": alpha / m}, {"params": [bias]}], lr=lr
    )
    for rows in (slice(0, 4), slice(4, 8)):
        optimizer.zero_grad()
        prediction = torch.as_tensor(X[rows]) @ weight.T + bias
        loss = 0.5 * (prediction[:, 0] - torch.as_tensor(y[rows])).pow(2).mean()
        loss.backward()
        optimizer.step()
    np.testing.assert_allclose(model.coefs_[0], weight.detach().numpy().T, rtol=1e-12)
    np.testing.assert_allclose(model.intercepts_[0], bias.detach().numpy(), rtol=1e-12)

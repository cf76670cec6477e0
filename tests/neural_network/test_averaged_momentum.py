"""Report 003's averaged momentum m ← βm + (1 − β)g, θ ← θ − αm is solver='sgd' with
momentum=β and learning_rate_init=α(1 − β), as _optim.optimizer_params documents."""

import numpy as np

from sklnn.neural_network import MLPRegressor


def test_averaged_momentum_is_heavy_ball_with_a_scaled_rate():
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(10, 3)), rng.normal(size=10)
    coef, intercept = rng.normal(size=3), rng.normal(size=1)
    alpha, beta, n_steps = 0.2, 0.8, 6
    model = MLPRegressor(hidden_layer_sizes=(), solver="sgd", momentum=beta,
                         nesterovs_momentum=False, learning_rate_init=alpha * (1 - beta),
                         alpha=0.0, batch_size=len(X))  # fmt: skip
    model.coefs_, model.intercepts_ = [coef[:, None].copy()], [intercept.copy()]
    model.n_features_in_, model.n_outputs_, model.out_activation_ = 3, 1, "identity"

    theta = np.append(coef, intercept)  # the report's iteration, by hand
    m = np.zeros_like(theta)
    design = np.column_stack([X, np.ones(len(X))])
    for _ in range(n_steps):
        model.partial_fit(X, y)  # one full-batch step, the optimizer carried over
        g = design.T @ (design @ theta - y) / len(X)  # gradient of ½ mean squared error
        m = beta * m + (1 - beta) * g
        theta = theta - alpha * m
        np.testing.assert_allclose(model.coefs_[0][:, 0], theta[:3], rtol=1e-10)
        np.testing.assert_allclose(model.intercepts_[0], theta[3:], rtol=1e-10)

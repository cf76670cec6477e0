"""The MLP fit that the benchmarks against scikit-learn time, the same for both packages."""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning


def fit_mlp(estimator_class, X, y, *, hidden, batch_size, epochs, alpha=0.0):
    """Fit ``estimator_class`` (sklnn's or scikit-learn's ``MLPClassifier``) on ``(X, y)``.

    Adam with learning rate 1e-3, ``epochs`` epochs exactly (no early stopping, no stop on a
    plateau), L2 penalty ``alpha``, seeded; the warning that ``max_iter`` was reached is
    silenced.
    """
    model = estimator_class(
        hidden_layer_sizes=hidden, alpha=alpha, batch_size=batch_size, learning_rate_init=1e-3,
        max_iter=epochs, n_iter_no_change=np.inf, random_state=0,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y)

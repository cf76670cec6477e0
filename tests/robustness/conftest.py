"""Small trained classifiers that the attack tests share: an MLP and a CNN on digits."""

import numpy as np
import pytest
from sklearn.datasets import load_digits

from sklnn.neural_network import LipschitzCNN, MLPClassifier


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return (X[:400] / 16).astype(np.float32), y[:400]


@pytest.fixture(scope="module")
def mlp(digits):
    params = dict(hidden_layer_sizes=(32,), learning_rate_init=0.01, max_iter=30)
    return MLPClassifier(**params, random_state=0, device="cpu").fit(*digits)


@pytest.fixture(scope="module")
def cnn(digits):
    params = dict(channels=4, learning_rate_init=0.01, max_iter=10, batch_size=50)
    return LipschitzCNN(**params, random_state=0, device="cpu").fit(*digits)

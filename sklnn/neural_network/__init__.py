"""Neural networks on PyTorch, trained through skorch, with scikit-learn's API.

``MLPClassifier`` and ``MLPRegressor`` are multilayer perceptrons with the training options of
the course material (optimizers, learning-rate schedules, early stopping, dropout, batch
normalisation, L1/L2 penalties, Lipschitz-bound (LBA) regularization); ``LipschitzCNN`` is a
residual convolutional classifier with the same options, LBA by default, and a certified
Lipschitz bound. They keep their data as tensors batched by index, train on a
CUDA GPU when one is present, and pass scikit-learn's estimator checks, so they work in
``Pipeline``, ``GridSearchCV``, ``cross_val_score``, ``clone`` and pickle.
"""

from ._cnn import LipschitzCNN
from ._mlp import MLPClassifier, MLPRegressor

__all__ = ["LipschitzCNN", "MLPClassifier", "MLPRegressor"]

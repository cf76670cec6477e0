"""Neural networks on PyTorch, trained through skorch, with scikit-learn's API.

``MLPClassifier`` and ``MLPRegressor`` take scikit-learn's parameters with their meaning
(solvers 'lbfgs', 'sgd' and 'adam', its learning-rate schedules, early stopping on the
validation score, ``sample_weight``, ``partial_fit``, ``warm_start``, sparse input), plus the
training options of the course material (more solvers and schedules, dropout, batch
normalisation, L1 penalty, Lipschitz-bound (LBA) regularization); ``LipschitzCNN`` is a
residual convolutional classifier with the same training parameters, LBA by default, and a
certified Lipschitz bound. They keep their data as tensors batched by index, train on a
CUDA GPU when one is present, and pass scikit-learn's estimator checks, so they work in
``Pipeline``, ``GridSearchCV``, ``cross_val_score``, ``clone`` and pickle.
"""

from ._cnn import LipschitzCNN
from ._mlp import MLPClassifier, MLPRegressor

__all__ = ["LipschitzCNN", "MLPClassifier", "MLPRegressor"]

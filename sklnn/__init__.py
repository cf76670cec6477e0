"""sklnn: scikit-learn compatible classical and neural estimators.

Classical models are written from scratch on NumPy, following the course textbook;
neural models wrap PyTorch modules through skorch. Subpackages mirror scikit-learn:
``sklnn.linear_model``, ``sklnn.cluster``, ``sklnn.decomposition``, ``sklnn.metrics``,
``sklnn.neighbors``, ``sklnn.neural_network``, ``sklnn.lipschitz``, ``sklnn.robustness``,
``sklnn.datasets``, ``sklnn.plotting``, and ``sklnn.compare`` (the ``sklnn compare`` command).

Top-level names load lazily (PEP 562), so ``import sklnn`` does not import torch.
"""

import importlib

__version__ = "0.1.0"

_SUBMODULES = [
    "cluster",
    "compare",
    "datasets",
    "decomposition",
    "exceptions",
    "lipschitz",
    "linear_model",
    "metrics",
    "neighbors",
    "neural_network",
    "plotting",
    "robustness",
    "utils",
]

_ESTIMATORS = {
    "LinearRegression": "linear_model",
    "LogRegression": "linear_model",
    "SoftmaxReg": "linear_model",
    "Perceptron": "linear_model",
    "KMeans": "cluster",
    "DBSCAN": "cluster",
    "KNeighborsClassifier": "neighbors",
    "KNeighborsRegressor": "neighbors",
    "PCA": "decomposition",
    "MLPClassifier": "neural_network",
    "MLPRegressor": "neural_network",
    "LipschitzCNN": "neural_network",
}

__all__ = ["__version__", *_SUBMODULES, *_ESTIMATORS]


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _ESTIMATORS:
        module = importlib.import_module(f"{__name__}.{_ESTIMATORS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(__all__)

"""Linear models from the course textbook: least squares, logistic and softmax regression,
and the perceptron (a sigmoid neuron).

Each model follows the textbook's derivation (normal equations, maximum likelihood by
gradient ascent, the neuron's gradient descent) with whole-array NumPy code, and adds a fast
solver on the same objective (Cholesky/SVD least squares, L-BFGS) so that it matches
scikit-learn's results and speed. All of them are scikit-learn estimators.
"""

from ._linear import LinearRegression
from ._logistic import LogRegression
from ._perceptron import Perceptron
from ._softmax import SoftmaxReg

__all__ = ["LinearRegression", "LogRegression", "Perceptron", "SoftmaxReg"]

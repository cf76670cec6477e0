"""Linear models from the course textbook: least squares, logistic and softmax regression,
and the perceptron (a sigmoid neuron).

Each model follows the textbook's derivation (normal equations, maximum likelihood by
gradient ascent, the neuron's gradient descent) with whole-array NumPy code, and adds the
solvers of scikit-learn's counterpart on the same objective (Cholesky/SVD least squares,
LSQR and non-negative least squares; L-BFGS, Newton-CG, Newton-Cholesky, and FISTA for the
L1 and elastic-net penalties) so that it matches scikit-learn's results and speed.
LinearRegression takes the parameters of scikit-learn's ``LinearRegression``, LogRegression
(binary) and SoftmaxReg (multinomial) those of its ``LogisticRegression``, with the same
meaning. All of them are scikit-learn estimators.
"""

from ._linear import LinearRegression
from ._logistic import LogRegression
from ._perceptron import Perceptron
from ._softmax import SoftmaxReg

__all__ = ["LinearRegression", "LogRegression", "Perceptron", "SoftmaxReg"]

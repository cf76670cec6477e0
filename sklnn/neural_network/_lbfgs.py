"""``solver='lbfgs'``: SciPy's L-BFGS-B on the full-batch objective, computed by torch.

As scikit-learn's ``BaseMultilayerPerceptron._fit_lbfgs``: the network's parameters are
flattened into one vector, and ``scipy.optimize.minimize(method='L-BFGS-B')`` minimises the
full-batch objective (the weighted mean loss over every training sample plus the penalties,
scikit-learn's L2 term divided by the total weight), whose value and gradient torch computes
(backpropagation, course textbook §3.3.2), with ``maxiter=max_iter``, ``maxfun=max_fun`` and
``gtol=tol``.
"""

import time
import warnings

import numpy as np
import scipy.optimize
import torch
from sklearn.exceptions import ConvergenceWarning
from torch.nn.utils import parameters_to_vector, vector_to_parameters

from ._data import IndexBatchIterator

# Samples per forward pass when evaluating the objective (the gradient is accumulated).
_CHUNK_SIZE = 4096


class FullBatchObjective:
    """The training objective of a net over a whole data set, and its gradient.

    Parameters
    ----------
    net : TensorNet
        The initialized net: its module, criterion and penalties.
    dataset : TensorDataset
        The training samples (dense or sparse X, optional sample weights).
    """

    def __init__(self, net, dataset):
        self.net = net
        self.dataset = dataset
        self.parameters = [p for p in net.module_.parameters() if p.requires_grad]
        weight = dataset.sample_weight
        self.total_weight = len(dataset) if weight is None else weight.sum()

    def __call__(self, flat_parameters):
        """``(value, gradient)`` at ``flat_parameters`` (float64 NumPy), as SciPy takes them."""
        self.set_parameters(flat_parameters)
        value = self.value_and_gradient()
        gradient = parameters_to_vector([p.grad for p in self.parameters])
        return float(value), gradient.detach().cpu().numpy().astype(np.float64)

    def set_parameters(self, flat_parameters):
        """Copy ``flat_parameters`` (float64 NumPy) into the network's parameters."""
        like = self.parameters[0]
        with torch.no_grad():
            vector = torch.from_numpy(flat_parameters).to(like.device, like.dtype)
            vector_to_parameters(vector, self.parameters)

    def value_and_gradient(self):
        """The objective at the current parameters; its gradient is left in ``.grad``."""
        net = self.net
        net._set_training(True)
        for parameter in self.parameters:
            parameter.grad = None
        value = 0.0
        for X, y, weight in IndexBatchIterator(self.dataset, _CHUNK_SIZE):
            criterion = net.criterion_
            losses = criterion.per_sample(net.infer(X), y.to(net.device))
            if weight is not None:
                losses = losses * weight.to(losses.device)
            chunk_loss = losses.sum() / self.total_weight
            chunk_loss.backward()
            value = value + chunk_loss.detach()
        return net.add_penalty_gradients(value, self.total_weight)

    def flat_parameters(self):
        """The current parameters as one float64 NumPy vector."""
        vector = parameters_to_vector(self.parameters).detach()
        return vector.cpu().numpy().astype(np.float64)


def fit_lbfgs(estimator, net, dataset):
    """Minimise the objective with L-BFGS-B; record each iteration in ``net.history``.

    Parameters
    ----------
    estimator : BaseNeuralEstimator
        Reads ``max_iter``, ``max_fun``, ``tol`` and ``verbose``; ``n_iter_``, ``loss_`` and
        ``loss_curve_`` are set.
    net : TensorNet
        The initialized net, whose parameters are the starting point and get the result.
    dataset : TensorDataset
        The training samples.
    """
    objective = FullBatchObjective(net, dataset)
    bound_logger = dict(net.callbacks_).get("lipschitz_bound")
    start = [time.perf_counter()]

    def record_iteration(intermediate_result):
        net.history.new_epoch()
        net.history.record("epoch", len(net.history))
        net.history.record("train_loss", float(intermediate_result.fun))
        net.history.record("dur", time.perf_counter() - start[0])
        if bound_logger is not None:
            bound_logger.on_epoch_end(net)
        start[0] = time.perf_counter()
        if estimator.verbose:
            print(f"Iteration {len(net.history)}, loss = {intermediate_result.fun:.8f}")

    net.notify("on_train_begin", X=dataset, y=None)
    result = scipy.optimize.minimize(
        objective,
        objective.flat_parameters(),
        method="L-BFGS-B",
        jac=True,
        callback=record_iteration,
        options={
            "maxfun": estimator.max_fun, "maxiter": estimator.max_iter, "gtol": estimator.tol
        },
    )
    net.notify("on_train_end", X=dataset, y=None)
    objective.set_parameters(result.x)
    estimator.n_iter_ = min(result.nit, estimator.max_iter)
    estimator.loss_ = float(result.fun)
    estimator.loss_curve_ = [float(row["train_loss"]) for row in net.history]
    estimator.best_loss_ = min(estimator.loss_curve_, default=estimator.loss_)
    if result.status != 0:
        warnings.warn(
            f"lbfgs failed to converge after {estimator.n_iter_} iteration(s) (status="
            f"{result.status}):\n{result.message}\n",
            ConvergenceWarning,
            stacklevel=2,
        )

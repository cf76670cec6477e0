"""scikit-learn's stopping rule for the stochastic solvers, epoch by epoch.

:class:`TrainingMonitor` is what scikit-learn's ``BaseMultilayerPerceptron._fit_stochastic``
does around each epoch, for a :class:`~._net.TensorNet`: the learning rate of the epoch, the
fitted attributes (``loss_curve_``, ``t_``, ``validation_scores_`` ...), the count of epochs
without improvement, the ``'adaptive'`` learning rate, keeping the best weights for early
stopping, the verbose messages and the ``ConvergenceWarning``.
"""

import math
import warnings

from sklearn.exceptions import ConvergenceWarning

from ._optim import scheduled_learning_rate

# scikit-learn's 'adaptive' schedule divides the rate by 5, down to this floor.
_ADAPTIVE_FACTOR = 5.0
_ADAPTIVE_FLOOR = 1e-6


def init_training_state(estimator):
    """Set the fitted attributes that training accumulates, as before the first epoch."""
    estimator.t_ = 0
    estimator.loss_curve_ = []
    estimator._no_improvement_count = 0
    estimator._best_state = None
    estimator.validation_scores_ = [] if estimator._holds_out_validation() else None
    if estimator.early_stopping and estimator.solver != "lbfgs":
        estimator.best_validation_score_ = -math.inf
        estimator.best_loss_ = None
    else:
        estimator.best_validation_score_ = None
        estimator.best_loss_ = math.inf


class TrainingMonitor:
    """The learning rate and stopping rule of one training call, as scikit-learn's MLP.

    After each epoch, without early stopping, the epoch counts as no improvement when its
    training loss is above ``best_loss_ - tol``; with early stopping, when its validation
    score (accuracy or R²) is below ``best_validation_score_ + tol``, and the weights of the
    best score are kept (the current ones until a score improves on ``-inf``, restored at
    the end of training). After more than ``n_iter_no_change`` such epochs in a row, training
    stops, or with ``learning_rate='adaptive'`` the learning rate is divided by 5 and the
    count starts again (training stops once it is at most 1e-6). Reaching ``max_iter``
    epochs otherwise warns (``ConvergenceWarning``). A training loss that is not finite
    stops training: the weights are then not finite either, and the estimator reports it.

    Parameters
    ----------
    estimator : BaseNeuralEstimator
        Its hyperparameters rule the training; its fitted attributes are updated.
    n_samples : int or float
        Number of training samples of an epoch (the sum of their weights with
        ``sample_weight``: an integer weight counts as that many samples).
    incremental : bool
        ``partial_fit``: one epoch, no warning.
    """

    def __init__(self, estimator, n_samples, *, incremental):
        self.estimator = estimator
        self.n_samples = n_samples
        self.incremental = incremental
        estimator.n_iter_ = 0

    def on_train_begin(self, net):
        """With early stopping, the best weights so far are at first the current ones."""
        estimator = self.estimator
        if estimator.validation_scores_ is None and net.train_split is not None:
            estimator.validation_scores_ = []  # a validation set switched on for a refit
        if not estimator.early_stopping:
            return
        if estimator.best_validation_score_ is None:  # early stopping switched on for a refit
            estimator.best_validation_score_ = -math.inf
        if estimator._best_state is None:
            estimator._best_state = _copy_state(net.module_)

    def on_train_end(self, net):
        """With early stopping, keep the weights of the best validation score."""
        if self.estimator.early_stopping:
            net.module_.load_state_dict(self.estimator._best_state)

    def on_epoch_begin(self, net):
        """Set the epoch's learning rate on the optimizer."""
        estimator = self.estimator
        rate = scheduled_learning_rate(estimator, len(estimator.loss_curve_), estimator.t_)
        if rate is not None:
            for group in net.optimizer_.param_groups:
                group["lr"] = rate

    def on_epoch_end(self, net):
        """Update the fitted attributes; return whether training stops."""
        estimator = self.estimator
        loss = net.history[-1, "train_loss"]
        estimator.n_iter_ += 1
        estimator.t_ += self.n_samples
        estimator.loss_ = loss
        estimator.loss_curve_.append(loss)
        if estimator.verbose:
            print(f"Iteration {estimator.n_iter_}, loss = {loss:.8f}")
        if net.train_split is not None:
            self._record_validation_score(net)
        if estimator.early_stopping:
            self._update_best_validation(net)
        else:
            self._update_training_loss(loss)
        if not math.isfinite(loss):
            return True
        if estimator._no_improvement_count > estimator.n_iter_no_change and self._stalled(net):
            return True
        if self.incremental:
            return True
        if estimator.n_iter_ == estimator.max_iter:
            warnings.warn(
                f"Stochastic Optimizer: Maximum iterations ({estimator.max_iter}) reached and "
                "the optimization hasn't converged yet.",
                ConvergenceWarning,
                stacklevel=2,
            )
        return False

    def _update_training_loss(self, loss):
        estimator = self.estimator
        if loss > estimator.best_loss_ - estimator.tol:
            estimator._no_improvement_count += 1
        else:
            estimator._no_improvement_count = 0
        estimator.best_loss_ = min(estimator.best_loss_, loss)

    def _record_validation_score(self, net):
        estimator = self.estimator
        score = net.history[-1, f"valid_{net.scoring[0]}"]
        estimator.validation_scores_.append(score)
        if estimator.verbose:
            print(f"Validation score: {score:f}")

    def _update_best_validation(self, net):
        estimator = self.estimator
        score = estimator.validation_scores_[-1]
        if score < estimator.best_validation_score_ + estimator.tol:
            estimator._no_improvement_count += 1
        else:
            estimator._no_improvement_count = 0
        if score > estimator.best_validation_score_:
            estimator.best_validation_score_ = score
            estimator._best_state = _copy_state(net.module_)

    def _stalled(self, net):
        """After too many epochs without improvement: stop, or lower the adaptive rate."""
        estimator = self.estimator
        quantity = "Validation score" if estimator.early_stopping else "Training loss"
        message = (
            f"{quantity} did not improve more than tol={estimator.tol:f} for "
            f"{estimator.n_iter_no_change} consecutive epochs."
        )
        group = net.optimizer_.param_groups[0]
        if estimator.learning_rate != "adaptive" or group["lr"] <= _ADAPTIVE_FLOOR:
            if estimator.verbose:
                print(message + " Stopping.")
            return True
        for group in net.optimizer_.param_groups:
            group["lr"] /= _ADAPTIVE_FACTOR
        estimator._no_improvement_count = 0
        if estimator.verbose:
            print(message + f" Setting learning rate to {group['lr']:f}")
        return False


def _copy_state(module):
    return {name: value.detach().clone() for name, value in module.state_dict().items()}

"""Metrics to evaluate models: regression, classification and clustering scores.

Written on NumPy with the signatures and semantics of their ``sklearn.metrics``
namesakes (``sample_weight``, ``multioutput``, ``labels``, ``normalize``), following the
course textbook: R² (§2.1.3), accuracy and the confusion matrix (§2.2-2.4),
cross-entropy (§3.3.1) and the Rand index (§4.4.3). Inputs are validated: arrays of
different lengths, NaN/inf, empty arrays, continuous targets given to a classification
metric, missing labels, labels mixing strings with numbers, and negative or all-zero
weights raise a ``ValueError`` that names the problem; parameters are checked against
the constraints of their scikit-learn namesakes (``normalize="False"`` is refused, not
taken as true).
"""

from ._classification import accuracy_score, confusion_matrix, log_loss
from ._cluster import adjusted_rand_score, rand_score
from ._regression import mean_absolute_error, mean_squared_error, r2_score

__all__ = [
    "accuracy_score",
    "adjusted_rand_score",
    "confusion_matrix",
    "log_loss",
    "mean_absolute_error",
    "mean_squared_error",
    "r2_score",
    "rand_score",
]

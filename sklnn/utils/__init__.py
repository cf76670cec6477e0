"""Utilities shared by sklnn estimators: hyperparameter and label validation."""

from ._atomic_fit import atomic_fit
from ._labels import encode_labels, labels_of_one_kind
from ._param_validation import check_number, check_option, check_seed, refuse_unsupported
from ._validation import check_magnitude, magnitude_limit

__all__ = [
    "atomic_fit", "check_magnitude", "check_number", "check_option", "check_seed", "encode_labels",
    "labels_of_one_kind", "magnitude_limit", "refuse_unsupported",
]

"""Label handling shared by every sklnn classifier: any label type in, the same labels out."""

from contextlib import contextmanager

import numpy as np
from sklearn.utils.multiclass import check_classification_targets, type_of_target


@contextmanager
def labels_of_one_kind(estimator_name):
    """Turn NumPy's ``TypeError`` on labels it cannot sort (strings mixed with numbers)
    into a ``ValueError`` that says what is wrong.

    Parameters
    ----------
    estimator_name : str
        Used in the error message.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.utils import labels_of_one_kind
    >>> with labels_of_one_kind("MyClassifier"):  # doctest: +ELLIPSIS
    ...     np.unique(np.array(["a", 1], dtype=object))
    Traceback (most recent call last):
    ...
    ValueError: MyClassifier needs class labels of one kind, all numbers or all strings; ...
    """
    try:
        yield
    except TypeError as error:
        raise ValueError(
            f"{estimator_name} needs class labels of one kind, all numbers or all strings; "
            f"sorting them failed: {error}"
        ) from error


def encode_labels(y, *, estimator_name, binary_only=False):
    """Validate classification targets and encode them as integers ``0..n_classes-1``.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels of any type NumPy can sort: ints, strings, booleans, categories.
    estimator_name : str
        Used in error messages.
    binary_only : bool, default=False
        Raise if ``y`` has more than two classes.

    Returns
    -------
    classes : ndarray of shape (n_classes,)
        The sorted distinct labels, to store as ``classes_``.
    y_encoded : ndarray of shape (n_samples,), dtype=int64
        ``classes[y_encoded]`` equals ``y``.

    Raises
    ------
    ValueError
        If ``y`` is continuous, mixes label kinds (strings and numbers), has a single
        class, or has more than two classes when ``binary_only``.
    """
    with labels_of_one_kind(estimator_name):
        check_classification_targets(y)
        classes, y_encoded = np.unique(y, return_inverse=True)
    if classes.shape[0] < 2:
        raise ValueError(
            f"{estimator_name} needs samples of at least 2 classes in the data, but the data "
            f"contains only one class: {classes[0]!r}."
        )
    if binary_only and classes.shape[0] > 2:
        raise ValueError(
            "Only binary classification is supported. "
            f"{estimator_name} is a binary classifier but y has {classes.shape[0]} classes "
            f"(type of target: {type_of_target(y)!r}); use SoftmaxReg for multiclass problems."
        )
    return classes, y_encoded.astype(np.int64, copy=False)

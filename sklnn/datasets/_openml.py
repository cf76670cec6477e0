"""Full MNIST, Fashion-MNIST and CIFAR-10 from :func:`sklearn.datasets.fetch_openml` (cached)."""

import numpy as np
from sklearn.datasets import fetch_openml

FASHION_MNIST_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
CIFAR10_CLASSES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)


def fetch_openml_images(openml_name, *, data_home=None):
    """Download (or read from the cache) an image data set of 8-bit pixels from OpenML.

    Parameters
    ----------
    openml_name : {'mnist_784', 'Fashion-MNIST', 'CIFAR_10'}
        The data set's name on OpenML: 28x28 grey-scale images, or (CIFAR-10) 32x32
        colour images stored channel by channel (the 1 024 red pixels, then the green,
        then the blue, each row by row, as in the original CIFAR-10 files).
    data_home : str or path-like, default=None
        Cache folder of :func:`sklearn.datasets.fetch_openml`; ``None`` uses
        ``~/scikit_learn_data``.

    Returns
    -------
    data : ndarray of shape (n_samples, n_pixels), dtype=float32
        Pixels scaled from 0..255 to [0, 1] (70 000 × 784 for the MNIST sets, 60 000 ×
        3 072 for CIFAR-10).
    target : ndarray of shape (n_samples,), dtype=int64
        The class indices 0..9 (OpenML stores them as strings).
    feature_names : list of str
        OpenML's pixel names.
    """
    raw = fetch_openml(
        openml_name, version=1, as_frame=False, parser="auto", data_home=data_home
    )
    data = np.asarray(raw.data, dtype=np.float32) / np.float32(255)
    target = np.asarray(raw.target).astype(np.int64)
    return data, target, list(raw.feature_names)

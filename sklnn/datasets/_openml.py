"""Full MNIST and Fashion-MNIST through :func:`sklearn.datasets.fetch_openml` (cached on disk)."""

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


def fetch_openml_images(openml_name, *, data_home=None):
    """Download (or read from the cache) a 28x28 grey-scale image data set from OpenML.

    Parameters
    ----------
    openml_name : {'mnist_784', 'Fashion-MNIST'}
        The data set's name on OpenML.
    data_home : str or path-like, default=None
        Cache folder of :func:`sklearn.datasets.fetch_openml`; ``None`` uses
        ``~/scikit_learn_data``.

    Returns
    -------
    data : ndarray of shape (70000, 784), dtype=float32
        Pixels scaled from 0..255 to [0, 1].
    target : ndarray of shape (70000,), dtype=int64
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

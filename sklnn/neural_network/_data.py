"""The tensor data path of sklnn's neural estimators: whole tensors, batches taken by index.

skorch's default path wraps the data in a per-sample ``Dataset`` and rebuilds every mini-batch
with a ``DataLoader`` and ``collate``: one Python call per sample, which costs more than the
model itself on small networks. Here X and y stay whole tensors (on the GPU when they fit) and
a mini-batch is one indexing operation, ``X[indices]``, as in a hand-written torch loop.
"""

import numpy as np
import torch
from sklearn.model_selection import train_test_split
from torch.utils.data import Dataset

# Share of the free GPU memory the training tensors may take before they stay on the host.
_GPU_MEMORY_SHARE = 0.5


class TensorDataset(Dataset):
    """Whole ``X`` and optional ``y`` tensors, subset by index.

    Parameters
    ----------
    X : torch.Tensor of shape (n_samples, ...)
        The inputs.
    y : torch.Tensor of shape (n_samples, ...) or None, default=None
        The targets.

    Examples
    --------
    >>> import torch
    >>> from sklnn.neural_network._data import TensorDataset
    >>> data = TensorDataset(torch.zeros(5, 3), torch.arange(5))
    >>> len(data), data.subset(torch.tensor([0, 4])).y.tolist()
    (5, [0, 4])
    """

    def __init__(self, X, y=None):
        self.X = X
        self.y = y

    def __len__(self):
        return self.X.shape[0]

    def __getitem__(self, index):
        return self.X[index], None if self.y is None else self.y[index]

    def subset(self, indices):
        """Return the samples at ``indices`` (a 1-D integer tensor) as a new dataset."""
        indices = indices.to(self.X.device)
        return TensorDataset(self.X[indices], None if self.y is None else self.y[indices])


class IndexBatchIterator:
    """Mini-batches of a :class:`TensorDataset`, drawn by index.

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
        Draw a new random order at each pass; otherwise keep the data order (batches are then
        views, not copies).
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
    >>> [len(yb) for _, yb in IndexBatchIterator(data, batch_size=3, min_batch_size=2)]
    [3, 4]
    """

    def __init__(self, dataset, batch_size, *, shuffle=False, seed=0, min_batch_size=1):
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.min_batch_size = min_batch_size
        self.generator = torch.Generator().manual_seed(seed)

    def _batch_bounds(self):
        n_samples = len(self.dataset)
        starts = list(range(0, n_samples, self.batch_size))
        if len(starts) > 1 and n_samples - starts[-1] < self.min_batch_size:
            starts.pop()
        return zip(starts, [*starts[1:], n_samples])

    def __len__(self):
        return len(list(self._batch_bounds()))

    def __iter__(self):
        X, y = self.dataset.X, self.dataset.y
        if self.shuffle:
            order = torch.randperm(len(self.dataset), generator=self.generator)
            order = order.to(X.device)
        for start, stop in self._batch_bounds():
            if self.shuffle:
                indices = order[start:stop]
                yield X[indices], None if y is None else y[indices]
            else:
                yield X[start:stop], None if y is None else y[start:stop]


class ValidationSplit:
    """Hold out a random share of the training data as a validation set.

    A skorch ``train_split``: called with the training :class:`TensorDataset` and its
    targets, it returns the (train, validation) datasets. Classifiers split stratified when
    every class can appear on both sides, as scikit-learn's MLP does.

    Parameters
    ----------
    fraction : float
        Share of the samples held out, in (0, 1).
    stratify : bool
        Keep the class proportions (classification targets).
    seed : int
        Seed of the split.
    """

    def __init__(self, fraction, *, stratify, seed):
        self.fraction = fraction
        self.stratify = stratify
        self.seed = seed

    def __call__(self, dataset, y=None, **fit_params):
        indices = np.arange(len(dataset))
        labels = dataset.y.cpu().numpy() if self.stratify else None
        try:
            train, valid = train_test_split(
                indices, test_size=self.fraction, random_state=self.seed, stratify=labels
            )
        except ValueError:  # a class too small to appear on both sides
            train, valid = train_test_split(
                indices, test_size=self.fraction, random_state=self.seed
            )
        return dataset.subset(torch.from_numpy(train)), dataset.subset(torch.from_numpy(valid))


def split_sizes(n_samples, fraction):
    """Return the (train, validation) sizes that :class:`ValidationSplit` produces."""
    n_valid = int(np.ceil(fraction * n_samples))
    return n_samples - n_valid, n_valid


def place_tensor(array, device, dtype=None):
    """Return ``array`` as a tensor on ``device``, or on the host if the GPU has no room.

    A tensor too large for half of the free GPU memory stays in (pinned) host memory; skorch
    then moves each mini-batch to the device as it is used.

    Parameters
    ----------
    array : ndarray
        The data; not modified.
    device : str
        The training device, e.g. ``'cpu'`` or ``'cuda:0'``.
    dtype : torch.dtype or None, default=None
        The tensor's dtype; None keeps NumPy's.

    Returns
    -------
    tensor : torch.Tensor

    Examples
    --------
    >>> import numpy as np, torch
    >>> from sklnn.neural_network._data import place_tensor
    >>> place_tensor(np.ones((2, 3)), "cpu", torch.float32).dtype
    torch.float32
    """
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

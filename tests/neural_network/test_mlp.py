"""MLPClassifier and MLPRegressor with scikit-learn's tooling, inputs, persistence, errors."""

import io
import pickle

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.datasets import make_blobs, make_regression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklnn.neural_network import MLPClassifier, MLPRegressor

FAST = dict(hidden_layer_sizes=(16,), learning_rate_init=0.01, max_epochs=10, random_state=0)


@pytest.fixture(scope="module")
def blobs():
    X, y = make_blobs(n_samples=120, centers=3, n_features=4, random_state=0)
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def regression():
    X, y = make_regression(n_samples=120, n_features=4, noise=1.0, random_state=0)
    return StandardScaler().fit_transform(X), y / np.std(y)


def test_pipeline_with_scaler(blobs):
    X, y = blobs
    model = make_pipeline(StandardScaler(), MLPClassifier(**FAST)).fit(X * 100 + 5, y)
    assert model.score(X * 100 + 5, y) > 0.9


def test_grid_search_over_hidden_sizes_optimizer_and_alpha_in_parallel(blobs):
    X, y = blobs
    grid = {
        "hidden_layer_sizes": [(8,), (16, 8)],
        "optimizer": ["adam", "momentum"],
        "alpha": [0.0, 1e-3],
    }
    base = MLPClassifier(learning_rate_init=0.01, max_epochs=3, random_state=0, device="cpu")
    search = GridSearchCV(base, grid, cv=2, n_jobs=2, error_score="raise").fit(X, y)
    assert len(search.cv_results_["params"]) == 8
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    assert search.best_estimator_.n_iter_ == 3


def test_cross_val_score(blobs):
    X, y = blobs
    scores = cross_val_score(MLPClassifier(**FAST), X, y, cv=3)
    assert scores.shape == (3,) and scores.min() > 0.8


def test_clone_copies_parameters_not_the_fit(blobs):
    X, y = blobs
    model = MLPClassifier(**FAST, dropout=0.2).fit(X, y)
    copy = clone(model)
    assert copy.get_params() == model.get_params()
    assert not hasattr(copy, "net_")


@pytest.mark.parametrize("dump, load", [(pickle.dumps, pickle.loads), ("joblib", "joblib")])
def test_pickle_and_joblib_round_trips_give_identical_probabilities(blobs, dump, load):
    X, y = blobs
    model = MLPClassifier(**FAST, batch_norm=True, early_stopping=True).fit(X, y)
    if dump == "joblib":
        buffer = io.BytesIO()
        joblib.dump(model, buffer)
        buffer.seek(0)
        restored = joblib.load(buffer)
    else:
        restored = load(dump(model))
    np.testing.assert_array_equal(restored.predict_proba(X), model.predict_proba(X))
    pd.testing.assert_frame_equal(restored.history_, model.history_)
    assert restored.best_epoch_ == model.best_epoch_


def test_string_labels_round_trip(blobs):
    X, y = blobs
    labels = np.array(["cat", "dog", "emu"])[y]
    model = MLPClassifier(**FAST).fit(X, labels)
    assert list(model.classes_) == ["cat", "dog", "emu"]
    assert set(model.predict(X)) <= set(labels)
    assert np.mean(model.predict(X) == labels) > 0.9


def test_pandas_input_with_feature_names_and_categorical_labels(blobs):
    X, y = blobs
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    labels = pd.Series(pd.Categorical(np.array(["x", "y", "z"])[y]))
    model = MLPClassifier(**FAST).fit(frame, labels)
    assert list(model.feature_names_in_) == ["a", "b", "c", "d"]
    assert model.n_features_in_ == 4
    assert model.predict(frame).dtype == object
    with pytest.warns(UserWarning, match="feature names"):
        model.predict(X)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_float32_float64_and_int_inputs(blobs, dtype):
    X, y = blobs
    X = (X * 10).astype(dtype)
    model = MLPClassifier(**FAST).fit(X, y)
    proba = model.predict_proba(X)
    assert proba.shape == (len(X), 3) and proba.dtype == np.float64
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert np.array_equal(model.predict(X), model.classes_[proba.argmax(axis=1)])


def test_caller_arrays_are_not_modified(blobs):
    X, y = blobs
    X32 = X.astype(np.float32)
    X_before, y_before = X32.copy(), y.copy()
    MLPClassifier(**FAST).fit(X32, y).predict(X32)
    assert np.array_equal(X32, X_before) and np.array_equal(y, y_before)


def test_binary_problem_has_two_probability_columns(blobs):
    X, y = blobs
    keep = y < 2
    labels = np.where(y[keep] == 0, "no", "yes")
    model = MLPClassifier(**FAST).fit(X[keep], labels)
    proba = model.predict_proba(X[keep])
    assert proba.shape == (keep.sum(), 2)
    np.testing.assert_allclose(np.exp(model.predict_log_proba(X[keep])), proba)


@pytest.mark.parametrize("Estimator", [MLPClassifier, MLPRegressor])
def test_same_random_state_gives_identical_predictions(blobs, Estimator):
    X, y = blobs
    params = dict(FAST, dropout=0.3, early_stopping=True, device="cpu")
    first = Estimator(**params).fit(X, y).predict(X)
    second = Estimator(**params).fit(X, y).predict(X)
    np.testing.assert_array_equal(first, second)
    other = Estimator(**dict(params, random_state=1)).fit(X, y).predict(X)
    if Estimator is MLPRegressor:
        assert not np.array_equal(first, other)


def test_fit_does_not_change_torch_global_random_state(blobs):
    import torch

    X, y = blobs
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    MLPClassifier(**FAST).fit(X, y)
    assert torch.equal(torch.rand(3), expected)


def test_refit_starts_from_scratch(blobs):
    X, y = blobs
    model = MLPClassifier(**FAST)
    first = model.fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(model.fit(X, y).predict_proba(X), first)
    assert model.n_iter_ == 10 and len(model.history_) == 10


def test_fitted_attributes(blobs):
    X, y = blobs
    model = MLPClassifier(**FAST).fit(X, y)
    assert list(model.history_.columns) == ["epoch", "train_loss", "lr", "dur"]
    assert model.history_["epoch"].tolist() == list(range(1, 11))
    assert model.loss_curve_ == model.history_["train_loss"].tolist()
    assert model.best_epoch_ == int(np.argmin(model.loss_curve_)) + 1
    assert model.n_iter_ == 10
    assert model.net_.module_[0].in_features == 4


def test_regressor_history_and_multi_output(regression):
    X, y = regression
    Y = np.column_stack([y, -2 * y])
    model = MLPRegressor(**FAST, early_stopping=True).fit(X, Y)
    assert list(model.history_.columns) == [
        "epoch", "train_loss", "valid_loss", "valid_r2", "lr", "dur"
    ]  # fmt: skip
    prediction = model.predict(X)
    assert prediction.shape == (120, 2) and prediction.dtype == np.float64
    assert MLPRegressor(**FAST).fit(X, y).predict(X).shape == (120,)
    assert MLPRegressor(**FAST).fit(X, y[:, None]).predict(X).shape == (120, 1)


def test_verbose_shows_a_progress_bar(blobs, capsys):
    X, y = blobs
    MLPClassifier(**FAST, verbose=1).fit(X, y)
    err = capsys.readouterr().err
    assert "10/10" in err and "train_loss" in err
    MLPClassifier(**FAST).fit(X, y)
    assert capsys.readouterr().err == ""


def _X_y():
    rng = np.random.RandomState(0)
    return rng.normal(size=(20, 3)), np.arange(20) % 2


@pytest.mark.parametrize(
    "X, message",
    [
        (np.full((20, 3), np.nan), "Input X contains NaN"),
        (np.full((20, 3), np.inf), "Input X contains infinity"),
        (np.empty((0, 3)), "0 sample"),
        (np.arange(20.0), "Expected 2D array, got 1D array"),
    ],
)
def test_bad_X_is_a_clear_value_error(X, message):
    _, y = _X_y()
    with pytest.raises(ValueError, match=message):
        MLPClassifier(**FAST).fit(X, y[: len(X)])


def test_wrong_feature_count_at_predict():
    X, y = _X_y()
    model = MLPClassifier(**FAST).fit(X, y)
    with pytest.raises(ValueError, match="X has 2 features, but MLPClassifier is expecting 3"):
        model.predict(X[:, :2])


def test_continuous_target_to_classifier():
    X, _ = _X_y()
    with pytest.raises(ValueError, match="Unknown label type: continuous"):
        MLPClassifier(**FAST).fit(X, np.linspace(0, 1, 20))


def test_single_class_is_an_error_naming_the_class():
    X, _ = _X_y()
    with pytest.raises(ValueError, match="at least 2 classes.*only one class"):
        MLPClassifier(**FAST).fit(X, np.ones(20))


@pytest.mark.parametrize(
    "params, message",
    [
        ({"optimizer": "adamax"}, "Invalid value for 'optimizer': 'adamax'. Allowed values are"),
        ({"activation": "gelu"}, "Invalid value for 'activation': 'gelu'.*'leaky_relu'"),
        ({"lr_schedule": "cyclic"}, "Invalid value for 'lr_schedule'.*'plateau'"),
        ({"batch_size": "big"}, "Invalid value for 'batch_size': 'big'"),
        ({"batch_size": 0}, "batch_size == 0, must be >= 1"),
        ({"learning_rate_init": 0.0}, "learning_rate_init == 0.0, must be > 0"),
        ({"dropout": 1.0}, "dropout == 1.0, must be < 1"),
        ({"hidden_layer_sizes": (10, 0)}, "hidden_layer_sizes == 0, must be >= 1"),
        ({"device": "gpu"}, "Invalid value for 'device': 'gpu'"),
        ({"verbose": 2}, "Invalid value for 'verbose': 2"),
        ({"early_stopping": "yes"}, "Invalid value for 'early_stopping'"),
        ({"regularization": "l1"}, "regularization='l1' needs l1 > 0"),
    ],
)
def test_bad_hyperparameters_are_clear_value_errors(params, message):
    X, y = _X_y()
    with pytest.raises(ValueError, match=message):
        MLPClassifier(**dict(FAST, **params)).fit(X, y)


def test_wrong_hyperparameter_types_are_type_errors():
    X, y = _X_y()
    with pytest.raises(TypeError, match="max_epochs must be an instance of int"):
        MLPClassifier(max_epochs=2.5).fit(X, y)
    with pytest.raises(TypeError, match="hidden_layer_sizes must be an instance of int"):
        MLPClassifier(hidden_layer_sizes=(10.5,)).fit(X, y)


def test_too_few_samples_are_explained():
    X, y = np.array([[0.0, 1.0]]), np.array([1.5])
    with pytest.raises(ValueError, match="early_stopping=True .* got 1 sample"):
        MLPRegressor(early_stopping=True).fit(X, y)
    with pytest.raises(ValueError, match="Batch normalisation needs at least 2 .* got 1 sample"):
        MLPRegressor(batch_norm=True).fit(X, y)
    assert MLPRegressor(max_epochs=2).fit(X, y).predict(X).shape == (1,)


def test_divergence_is_reported_not_silently_nan():
    X, y = _X_y()
    model = MLPRegressor(optimizer="sgd", learning_rate_init=1e6, max_epochs=50)
    with pytest.raises(ValueError, match="training diverged"):
        model.fit(X * 1e3, y * 1e3)


def test_predict_before_fit_is_not_fitted_error():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        MLPClassifier().predict(np.zeros((2, 3)))

"""MLPClassifier and MLPRegressor with scikit-learn's tooling, inputs, persistence, errors."""

import io
import pickle
import re

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.datasets import make_blobs, make_regression
from sklearn.exceptions import DataConversionWarning
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklnn.neural_network import MLPClassifier, MLPRegressor

FAST = dict(hidden_layer_sizes=(16,), learning_rate_init=0.01, max_iter=10, random_state=0)


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


def test_grid_search_over_hidden_sizes_solver_and_alpha_in_parallel(blobs):
    X, y = blobs
    grid = {
        "hidden_layer_sizes": [(8,), (16, 8)],
        "solver": ["adam", "sgd"],
        "alpha": [0.0, 1e-3],
    }
    base = MLPClassifier(learning_rate_init=0.01, max_iter=3, random_state=0, device="cpu")
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
    assert set(model.predict(frame)) <= {"x", "y", "z"}
    with pytest.warns(UserWarning, match="feature names"):
        model.predict(X)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_float32_float64_and_int_inputs(blobs, dtype):
    X, y = blobs
    X = (X * 10).astype(dtype)
    model = MLPClassifier(**FAST).fit(X, y)
    proba = model.predict_proba(X)
    # computed in X's dtype, as scikit-learn (integers are trained in float64)
    assert proba.shape == (len(X), 3) and proba.dtype == np.result_type(dtype, np.float32)
    assert model.coefs_[0].dtype == proba.dtype
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    assert np.array_equal(model.predict(X), model.classes_[proba.argmax(axis=1)])


def test_caller_arrays_are_not_modified(blobs):
    X, y = blobs
    X32 = X.astype(np.float32)
    X_before, y_before = X32.copy(), y.copy()
    MLPClassifier(**FAST).fit(X32, y).predict(X32)
    assert np.array_equal(X32, X_before) and np.array_equal(y, y_before)


def test_binary_problem_has_one_logistic_output_and_two_probability_columns(blobs):
    X, y = blobs
    keep = y < 2
    labels = np.where(y[keep] == 0, "no", "yes")
    model = MLPClassifier(**FAST).fit(X[keep], labels)
    assert (model.n_outputs_, model.out_activation_) == (1, "logistic")
    assert model.coefs_[-1].shape == (16, 1)
    proba = model.predict_proba(X[keep])
    assert proba.shape == (keep.sum(), 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(np.exp(model.predict_log_proba(X[keep])), proba)
    np.testing.assert_array_equal(model.predict(X[keep]), np.array(["no", "yes"])[
        proba.argmax(axis=1)])


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
    assert model.n_outputs_ == 2 and model.out_activation_ == "identity"
    assert MLPRegressor(**FAST).fit(X, y).predict(X).shape == (120,)
    # as scikit-learn: a column y is used as 1-D, with a warning
    with pytest.warns(DataConversionWarning):
        assert MLPRegressor(**FAST).fit(X, y[:, None]).predict(X).shape == (120,)


def test_verbose_prints_each_epoch_as_scikit_learn(blobs, capsys):
    X, y = blobs
    MLPClassifier(**FAST, verbose=True, early_stopping=True).fit(X, y)
    out = capsys.readouterr().out
    assert out.count("Iteration ") == 10 and "Iteration 1, loss = " in out
    assert out.count("Validation score: ") == 10
    MLPClassifier(**FAST).fit(X, y)
    assert capsys.readouterr().out == ""


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


def test_single_class_is_learned_and_predicted_as_scikit_learn_does():
    X, _ = _X_y()
    model = MLPClassifier(**FAST).fit(X, np.full(20, "only"))
    assert model.classes_.tolist() == ["only"]
    assert set(model.predict(X)) == {"only"}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"solver": "adamax"}, "'solver' parameter of MLPClassifier must be a str among"),
        ({"activation": "gelu"}, "'activation' parameter .*'leaky_relu'.* Got 'gelu'"),
        ({"learning_rate": "cyclic"}, "'learning_rate' parameter .*'invscaling'"),
        ({"batch_size": "big"}, "'batch_size' parameter .* Got 'big' instead"),
        ({"batch_size": 0}, "'batch_size' parameter .* range \\[1, inf\\). Got 0"),
        ({"learning_rate_init": 0.0}, "'learning_rate_init' parameter .* Got 0.0"),
        ({"dropout": 1.0}, "'dropout' parameter .* range \\[0.0, 1.0\\). Got 1.0"),
        ({"n_iter_no_change": 0}, "'n_iter_no_change' parameter"),
        ({"hidden_layer_sizes": (10, 0)}, "hidden_layer_sizes must be > 0, got \\[10, 0\\]"),
        ({"device": "gpu"}, "Invalid value for 'device': 'gpu'"),
        ({"early_stopping": "yes"}, "'early_stopping' parameter"),
        ({"regularization": "l1"}, "regularization='l1' needs l1 > 0"),
        ({"solver": "lbfgs", "dropout": 0.2}, "solver='lbfgs' .* cannot train with dropout"),
        ({"solver": "lbfgs", "batch_norm": True}, "cannot train with batch_norm"),
        ({"solver": "lbfgs", "regularization": "lba"}, "cannot train with regularization='lba'"),
    ],
)
def test_bad_hyperparameters_are_clear_value_errors(params, message):
    X, y = _X_y()
    with pytest.raises(ValueError, match=message):
        MLPClassifier(**dict(FAST, **params)).fit(X, y)


def test_wrong_hyperparameter_types_are_type_errors():
    X, y = _X_y()
    with pytest.raises(TypeError, match="'max_iter' parameter .* must be an int"):
        MLPClassifier(max_iter=2.5).fit(X, y)
    with pytest.raises(TypeError, match="hidden_layer_sizes must hold integers"):
        MLPClassifier(hidden_layer_sizes=(10.5,)).fit(X, y)


def test_too_few_samples_are_explained():
    X, y = np.array([[0.0, 1.0]]), np.array([1.5])
    with pytest.raises(ValueError, match="the resulting train set will be empty"):
        MLPRegressor(early_stopping=True).fit(X, y)
    with pytest.raises(ValueError, match="The validation set is too small"):
        MLPRegressor(early_stopping=True).fit(np.zeros((10, 2)), np.arange(10.0))
    with pytest.raises(ValueError, match="Batch normalisation needs at least 2 .* got 1 sample"):
        MLPRegressor(batch_norm=True).fit(X, y)
    assert MLPRegressor(max_iter=2).fit(X, y).predict(X).shape == (1,)


def test_divergence_is_reported_not_silently_nan():
    X, y = _X_y()
    model = MLPRegressor(solver="sgd", learning_rate_init=1e6, max_iter=50)
    with pytest.raises(ValueError, match="Solver produced non-finite parameter weights") as error:
        model.fit(X * 1e3, y * 1e3)
    stopped_after = int(re.search(r"not finite after (\d+) iteration", str(error.value))[1])
    assert stopped_after < 50  # stopped at the first non-finite loss
    assert not hasattr(model, "n_iter_")  # and left unfitted


def test_predict_before_fit_is_not_fitted_error():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        MLPClassifier().predict(np.zeros((2, 3)))

"""``monitor_validation``: learning curves of a held-out set without early stopping."""

import numpy as np
import pytest
from sklearn.datasets import load_digits, make_regression
from sklearn.metrics import accuracy_score, log_loss, r2_score

from sklnn.neural_network import LipschitzCNN, MLPClassifier, MLPRegressor

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:400] / 16, y[:400]


def test_every_epoch_records_train_and_validation_loss_and_accuracy(digits):
    X, y = digits
    model = MLPClassifier(max_iter=4, monitor_validation=True, random_state=0).fit(X, y)
    history = model.history_
    columns = ["train_data_loss", "train_acc", "valid_loss", "valid_acc"]
    assert set(columns) <= set(history.columns)
    assert history[columns].notna().all().all()
    assert len(history) == model.n_iter_ == 4
    assert model.validation_scores_ == history["valid_acc"].tolist()
    assert model.best_validation_score_ is None  # nothing was stopped on it
    # The last row evaluates the weights the model keeps: the held-out 10 % and the rest
    # weigh into the accuracy and the log-loss of the whole set.
    n_valid = round(0.1 * len(X))
    last = history.iloc[-1]
    share = n_valid / len(X)
    whole_accuracy = (1 - share) * last["train_acc"] + share * last["valid_acc"]
    assert whole_accuracy == pytest.approx(accuracy_score(y, model.predict(X)))
    whole_loss = (1 - share) * last["train_data_loss"] + share * last["valid_loss"]
    assert whole_loss == pytest.approx(log_loss(y, model.predict_proba(X)))


def test_weighted_scores_weigh_both_sets(digits):
    X, y = digits
    weights = np.random.default_rng(0).integers(1, 4, len(y)).astype(float)
    model = MLPClassifier(max_iter=2, monitor_validation=True, random_state=0)
    model.fit(X, y, sample_weight=weights)
    train_part = model.net_.train_split.train.numpy()
    valid_part = model.net_.train_split.valid.numpy()
    last = model.history_.iloc[-1]
    for part, column in ((train_part, "train_acc"), (valid_part, "valid_acc")):
        expected = accuracy_score(y[part], model.predict(X[part]), sample_weight=weights[part])
        assert last[column] == pytest.approx(expected)


def test_trains_like_early_stopping_on_the_same_samples(digits):
    """The held-out set is early stopping's: the weights follow the same path, and only
    the stopping rule (and the weights kept) differ."""
    X, y = digits
    params = dict(max_iter=3, random_state=0, n_iter_no_change=10)
    monitored = MLPClassifier(monitor_validation=True, **params).fit(X, y)
    early = MLPClassifier(early_stopping=True, **params).fit(X, y)
    assert monitored.loss_curve_ == early.loss_curve_
    assert monitored.validation_scores_ == early.validation_scores_
    assert "train_acc" not in early.history_


def test_the_training_loss_rules_the_stop_as_without_early_stopping(digits):
    X, y = digits
    # A validation score that stops improving would end early stopping after 2 epochs;
    # monitoring alone stops only when the training loss stalls, here never.
    model = MLPClassifier(
        max_iter=6, monitor_validation=True, n_iter_no_change=1, tol=0.0, random_state=0
    ).fit(X, y)
    assert model.n_iter_ == 6
    assert model.best_loss_ == min(model.loss_curve_)


def test_regressor_records_r2():
    X, y = make_regression(120, 5, noise=1.0, random_state=0)
    model = MLPRegressor(
        max_iter=3, monitor_validation=True, learning_rate_init=0.05, random_state=0
    ).fit(X, y)
    assert {"train_r2", "valid_r2", "train_data_loss", "valid_loss"} <= set(model.history_)
    train_part = model.net_.train_split.train.numpy()
    assert model.history_["train_r2"].iloc[-1] == pytest.approx(
        r2_score(y[train_part], model.predict(X[train_part]))
    )


def test_cnn_records_the_curves(digits):
    X, y = digits
    model = LipschitzCNN(
        channels=2, n_blocks=1, max_iter=2, monitor_validation=True, random_state=0
    ).fit(X, y)
    assert model.history_[["train_acc", "valid_acc", "lipschitz_bound"]].notna().all().all()


def test_without_it_nothing_is_held_out(digits):
    X, y = digits
    model = MLPClassifier(max_iter=2, random_state=0).fit(X, y)
    assert model.net_.train_split is None
    assert model.validation_scores_ is None
    assert not {"train_acc", "valid_acc", "valid_loss"} & set(model.history_)


def test_lbfgs_runs_no_epochs_to_monitor(digits):
    X, y = digits
    model = MLPClassifier(solver="lbfgs", monitor_validation=True)
    with pytest.raises(ValueError, match="monitor_validation=True .* solver='lbfgs'"):
        model.fit(X, y)


def test_partial_fit_holds_nothing_out():
    model = MLPClassifier(monitor_validation=True)
    assert not hasattr(model, "partial_fit")
    with pytest.raises(ValueError, match="partial_fit does not support monitor_validation"):
        model.partial_fit([[0.0]], [0], classes=[0, 1])


def test_switched_on_for_a_warm_start_refit(digits):
    X, y = digits
    model = MLPClassifier(max_iter=2, warm_start=True, random_state=0).fit(X, y)
    model.set_params(monitor_validation=True).fit(X, y)
    assert len(model.validation_scores_) == 2


def test_too_small_validation_set_names_both_options():
    X = np.arange(20.0).reshape(10, 2)
    with pytest.raises(ValueError, match="monitor_validation=True holds 1 of 10"):
        MLPRegressor(monitor_validation=True, validation_fraction=0.1).fit(X, X[:, 0])

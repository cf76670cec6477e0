"""Training options of the MLPs: optimizers, activations, schedules, early stopping,
regularization, and accuracy against scikit-learn's MLP with the same settings."""

import warnings

import numpy as np
import pytest
import torch
from sklearn import neural_network as sklearn_neural_network
from sklearn.compose import TransformedTargetRegressor
from sklearn.datasets import load_diabetes, load_digits, load_iris, make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SklearnMLPClassifier
from sklearn.neural_network import MLPRegressor as SklearnMLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklnn.neural_network import MLPClassifier, MLPRegressor


@pytest.fixture(scope="module")
def blobs():
    X, y = make_blobs(n_samples=150, centers=3, n_features=5, cluster_std=3.0, random_state=0)
    return StandardScaler().fit_transform(X), y


def _fit(X, y, **params):
    defaults = dict(hidden_layer_sizes=(16,), max_iter=8, batch_size=32, random_state=0)
    return MLPClassifier(**dict(defaults, **params)).fit(X, y)


# Learning rates usual for each solver (Adadelta's is 1 by convention; L-BFGS takes none).
SOLVER_RATES = {
    "sgd": 0.05, "adagrad": 0.05, "adadelta": 1.0, "rmsprop": 0.003, "adam": 0.01,
    "adamw": 0.01, "lbfgs": 0.001,
}  # fmt: skip


@pytest.mark.parametrize("solver", SOLVER_RATES)
def test_every_solver_lowers_the_training_loss(blobs, solver):
    model = _fit(*blobs, solver=solver, learning_rate_init=SOLVER_RATES[solver])
    assert model.loss_curve_[-1] < 0.8 * model.loss_curve_[0]
    assert model.loss_ == model.loss_curve_[-1]


def test_solver_options_reach_torch():
    X, y = make_blobs(n_samples=20, random_state=0)
    group = _fit(X, y, solver="sgd", momentum=0.5).net_.optimizer_.param_groups[0]
    assert (group["momentum"], group["nesterov"]) == (0.5, True)
    group = _fit(X, y, solver="adam", beta_1=0.8, epsilon=1e-6).net_.optimizer_.param_groups[0]
    assert (group["betas"], group["eps"]) == ((0.8, 0.999), 1e-6)
    assert isinstance(_fit(X, y, solver="adamw").net_.optimizer_, torch.optim.AdamW)
    assert isinstance(_fit(X, y, solver="adagrad").net_.optimizer_, torch.optim.Adagrad)


TORCH_ACTIVATIONS = {
    "identity": "identity", "logistic": "sigmoid", "tanh": "tanh", "relu": "relu",
    "leaky_relu": "leakyrelu", "elu": "elu", "softplus": "softplus",
}  # fmt: skip


@pytest.mark.parametrize("activation", TORCH_ACTIVATIONS)
def test_every_activation_lowers_the_training_loss(blobs, activation):
    model = _fit(*blobs, activation=activation, learning_rate_init=0.01)
    assert model.loss_curve_[-1] < 0.8 * model.loss_curve_[0]
    module_names = [type(layer).__name__.lower() for layer in model.net_.module_]
    assert TORCH_ACTIVATIONS[activation] in module_names


@pytest.mark.parametrize(
    "learning_rate",
    ["constant", "invscaling", "adaptive", "linear", "exponential", "step", "cosine"],
)
def test_every_schedule_lowers_the_training_loss(blobs, learning_rate):
    model = _fit(*blobs, learning_rate=learning_rate, learning_rate_init=0.01, lr_step_size=2)
    assert model.loss_curve_[-1] < 0.8 * model.loss_curve_[0]


T = 4  # max_iter - 1
N_SAMPLES = 150
EXPECTED_RATES = {
    "constant": [0.1] * 5,
    "invscaling": [0.1 / (t * N_SAMPLES + 1) ** 0.25 for t in range(5)],
    "linear": [0.1 - t * (0.1 - 0.01) / T for t in range(5)],
    "exponential": [0.1 * 0.5**t for t in range(5)],
    "step": [0.1, 0.1, 0.05, 0.05, 0.025],
    "cosine": [0.01 + (0.1 - 0.01) * (1 + np.cos(np.pi * t / T)) / 2 for t in range(5)],
}


@pytest.mark.parametrize("learning_rate", EXPECTED_RATES)
def test_schedule_sets_the_learning_rate_of_each_epoch(blobs, learning_rate):
    model = _fit(
        *blobs,
        solver="sgd",
        learning_rate_init=0.1,
        learning_rate=learning_rate,
        power_t=0.25,
        lr_decay=0.5,
        lr_step_size=2,
        lr_end_factor=0.1,
        max_iter=5,
    )
    np.testing.assert_allclose(model.history_["lr"], EXPECTED_RATES[learning_rate])
    assert model.t_ == 5 * N_SAMPLES


def test_adaptive_rate_is_divided_by_5_after_n_iter_no_change_stalled_epochs(blobs):
    # tol larger than any loss decrease: no epoch counts as progress (the first sets the
    # best loss); after more than n_iter_no_change = 2 such epochs the rate falls 5-fold.
    model = _fit(
        *blobs, solver="sgd", learning_rate="adaptive", learning_rate_init=0.1, tol=100.0,
        n_iter_no_change=2, max_iter=9,
    )  # fmt: skip
    np.testing.assert_allclose(model.history_["lr"], [0.1] * 4 + [0.02] * 3 + [0.004] * 2)
    assert model.n_iter_ == 9
    # ... and training stops once the rate has fallen to 1e-6
    stopped = _fit(
        *blobs, solver="adam", learning_rate="adaptive", learning_rate_init=1e-6, tol=100.0,
        n_iter_no_change=1, max_iter=50,
    )  # fmt: skip
    assert stopped.n_iter_ == 3


def test_training_stops_on_a_training_loss_plateau(blobs):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # it converges: no warning
        model = _fit(*blobs, tol=0.05, n_iter_no_change=3, max_iter=500)
    assert model.n_iter_ < 500
    assert model._no_improvement_count == 4  # more than n_iter_no_change: stop
    best = np.minimum.accumulate(model.loss_curve_)
    # the last 4 epochs improved on the best loss before them by less than tol
    assert all(model.loss_curve_[i] > best[i - 1] - 0.05 for i in range(-4, 0))
    assert model.best_loss_ == min(model.loss_curve_)
    assert model.validation_scores_ is None and model.best_validation_score_ is None


def test_reaching_max_iter_warns_as_scikit_learn(blobs):
    with pytest.warns(ConvergenceWarning, match="Maximum iterations \\(3\\) reached"):
        _fit(*blobs, max_iter=3)
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge"):
        _fit(*blobs, solver="lbfgs", max_iter=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        _fit(*blobs, max_iter=3, n_iter_no_change=1, tol=100.0)  # stopped before max_iter


def _noise_problem():
    rng = np.random.RandomState(0)
    return rng.normal(size=(200, 10)), rng.randint(0, 2, 200)


def test_early_stopping_stops_when_the_validation_score_stalls_and_keeps_the_best():
    X, y = _noise_problem()  # nothing to learn: the validation accuracy soon stalls
    model = _fit(
        X, y, hidden_layer_sizes=(64,), learning_rate_init=0.01, max_iter=200,
        early_stopping=True, n_iter_no_change=5, validation_fraction=0.2,
    )  # fmt: skip
    history = model.history_
    assert model.n_iter_ < 200
    # the count of epochs without improvement restarts at the best score, and training
    # stops after more than n_iter_no_change of them
    assert model.n_iter_ == model.best_epoch_ + 5 + 1
    assert model.validation_scores_ == history["valid_acc"].tolist()
    assert model.best_validation_score_ == max(model.validation_scores_)
    assert model.best_epoch_ == history["epoch"][history["valid_acc"].idxmax()]
    assert model.best_loss_ is None
    assert list(history.columns) == [
        "epoch", "train_loss", "valid_loss", "valid_acc", "lr", "dur"
    ]  # fmt: skip
    assert history["valid_acc"].between(0, 1).all()


def test_early_stopping_restores_the_best_weights():
    X, y = _noise_problem()
    params = dict(
        hidden_layer_sizes=(64,), learning_rate_init=0.01, early_stopping=True,
        n_iter_no_change=5, validation_fraction=0.2,
    )  # fmt: skip
    stopped = _fit(X, y, **params, max_iter=200)
    assert stopped.best_epoch_ > 0
    best_only = _fit(X, y, **dict(params, n_iter_no_change=200), max_iter=stopped.best_epoch_)
    np.testing.assert_allclose(stopped.predict_proba(X), best_only.predict_proba(X))


def test_early_stopping_refuses_what_it_cannot_split():
    """A class too small to be on both sides of the stratified split, or a validation set of
    one sample, is an error (as scikit-learn), not a split that hides a class from training
    or a score computed on one sample."""
    X, y = np.arange(40.0).reshape(20, 2), np.array([0] * 19 + [1])
    with pytest.raises(ValueError, match="least populated classes in y have only 1 member"):
        MLPClassifier(early_stopping=True).fit(X, y)
    with pytest.raises(ValueError, match="The validation set is too small"):
        MLPRegressor(early_stopping=True, validation_fraction=0.05).fit(X, y)
    # Multiclass and multilabel targets are split at random, as scikit-learn splits them:
    # a class of one sample is no error there.
    multiclass = np.array([0] * 10 + [1] * 9 + [2])
    MLPClassifier(early_stopping=True, max_iter=2).fit(X, multiclass)
    multilabel = np.column_stack([y, 1 - y])
    MLPClassifier(early_stopping=True, max_iter=2).fit(X, multilabel)


def test_validation_split_is_held_out_of_training(blobs):
    X, y = blobs
    model = _fit(X, y, early_stopping=True, validation_fraction=0.2, batch_size=500)
    # one batch per epoch: the whole training part, 80 % of the samples
    assert model.net_.batch_size == 120


def test_batch_size_auto_and_clipping(blobs):
    X, y = blobs
    assert _fit(X, y, batch_size="auto").net_.batch_size == 150
    assert _fit(X, y, batch_size=1000).net_.batch_size == 150
    X_big = np.repeat(X, 2, axis=0)
    y_big = np.repeat(y, 2)
    assert _fit(X_big, y_big, batch_size="auto").net_.batch_size == 200


def _weight_norms(model):
    weights = [p.detach() for p in model.net_.module_.parameters() if p.ndim == 2]
    return sum(float((w**2).sum()) for w in weights), sum(float(w.abs().sum()) for w in weights)


def test_l2_and_l1_penalties_shrink_the_weights(blobs):
    base = dict(hidden_layer_sizes=(32,), learning_rate_init=0.01, max_iter=20)
    free_l2, free_l1 = _weight_norms(_fit(*blobs, **base, regularization=None, alpha=3.0))
    l2_norm, _ = _weight_norms(_fit(*blobs, **base, regularization="l2", alpha=3.0))
    _, l1_norm = _weight_norms(_fit(*blobs, **base, regularization="l1", l1=0.01))
    assert l2_norm < 0.7 * free_l2
    assert l1_norm < 0.7 * free_l1


def test_dropout_and_batch_norm_layers_follow_the_options(blobs):
    def layer_names(**params):
        return [type(layer).__name__ for layer in _fit(*blobs, **params).net_.module_]

    assert "Dropout" in layer_names(dropout=0.2)
    assert "Dropout" not in layer_names(dropout=0.2, regularization="l2")
    assert "Dropout" in layer_names(dropout=0.2, regularization="dropout")
    assert "BatchNorm1d" in layer_names(batch_norm=True)
    assert "BatchNorm1d" not in layer_names()


def test_penalty_is_part_of_the_training_loss(blobs):
    plain = _fit(*blobs, regularization=None, max_iter=1)
    penalised = _fit(*blobs, regularization="l2", alpha=30.0, max_iter=1)
    assert penalised.loss_curve_[0] > plain.loss_curve_[0] + 1.0


def test_digits_accuracy_matches_scikit_learn():
    """Digits, stratified 75/25 split, scaled, hidden (128,), Adam 1e-3, batch 200, 30 epochs,
    scikit-learn's parameters with the same values."""
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=0
    )
    settings = dict(
        hidden_layer_sizes=(128,), learning_rate_init=1e-3, batch_size=200, solver="adam",
        max_iter=30, alpha=1e-4, random_state=0,
    )  # fmt: skip
    scores = {}
    for name, model in {"ours": MLPClassifier, "theirs": SklearnMLPClassifier}.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            pipeline = make_pipeline(StandardScaler(), model(**settings)).fit(X_train, y_train)
        scores[name] = pipeline.score(X_test, y_test)
    assert scores["ours"] >= scores["theirs"] - 0.01


def test_diabetes_r2_matches_scikit_learn():
    """Diabetes, 75/25 split, X and y scaled, hidden (16,), Adam 3e-3, batch 32, 60 epochs.

    Both minimise ½·MSE + alpha·½‖W‖²/batch_size with alpha=3 (R² ≈ 0.38-0.47 over splits).
    """
    X, y = load_diabetes(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
    settings = dict(
        hidden_layer_sizes=(16,), learning_rate_init=3e-3, batch_size=32, max_iter=60,
        alpha=3.0, n_iter_no_change=1000, random_state=0,
    )  # fmt: skip
    scores = {}
    for name, model in {"ours": MLPRegressor, "theirs": SklearnMLPRegressor}.items():
        pipeline = make_pipeline(StandardScaler(), model(**settings))
        regressor = TransformedTargetRegressor(pipeline, transformer=StandardScaler())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            scores[name] = regressor.fit(X_train, y_train).score(X_test, y_test)
    assert scores["theirs"] > 0.3
    assert abs(scores["ours"] - scores["theirs"]) < 0.05


@pytest.mark.parametrize("Estimator", [MLPClassifier, MLPRegressor])
def test_lbfgs_reaches_scikit_learns_solution(Estimator):
    """The same initial weights (same random_state), objective, gradient and L-BFGS-B: on a
    convex problem (no hidden layer: L2-penalised multinomial logistic or ridge regression)
    both reach the same minimum."""
    X, y = load_iris(return_X_y=True)
    target = y if Estimator is MLPClassifier else X[:, 0]
    X = StandardScaler().fit_transform(X[:, 1:])
    params = dict(hidden_layer_sizes=(), solver="lbfgs", alpha=1e-3, max_iter=500, tol=1e-10,
                  random_state=0)  # fmt: skip
    theirs = getattr(sklearn_neural_network, Estimator.__name__)(**params).fit(X, target)
    ours = Estimator(**params).fit(X, target)
    assert ours.loss_ == pytest.approx(theirs.loss_, rel=1e-9)
    for name in ("predict_proba", "predict") if Estimator is MLPClassifier else ("predict",):
        np.testing.assert_allclose(getattr(ours, name)(X), getattr(theirs, name)(X), rtol=1e-6)


@pytest.mark.parametrize("nesterovs_momentum", [True, False])
def test_full_batch_sgd_follows_scikit_learns_steps(nesterovs_momentum):
    """SGD with (Nesterov) momentum on the full batch from scikit-learn's initial weights:
    every step is scikit-learn's, in float64, to rounding."""
    X, y = load_diabetes(return_X_y=True)
    X, y = StandardScaler().fit_transform(X), (y - y.mean()) / y.std()
    params = dict(hidden_layer_sizes=(8,), solver="sgd", learning_rate_init=0.05,
                  nesterovs_momentum=nesterovs_momentum, batch_size=len(X), max_iter=40,
                  alpha=1e-2, random_state=0)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = SklearnMLPRegressor(**params).fit(X, y)
        ours = MLPRegressor(**params).fit(X, y)
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-10)
    for coef, their_coef in zip(ours.coefs_, theirs.coefs_):
        np.testing.assert_allclose(coef, their_coef, rtol=1e-8, atol=1e-12)

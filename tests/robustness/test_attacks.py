"""FGSM, PGD, adversarial accuracy and the adversarial scorer on sklnn's neural estimators."""

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_validate
from sklearn.pipeline import make_pipeline

from sklnn.neural_network import LipschitzCNN, MLPClassifier, MLPRegressor
from sklnn.robustness import adversarial_accuracy, fgsm, make_adversarial_scorer, pgd

EPS = 0.1


def _check_ball_and_range(X_adv, X, eps):
    assert X_adv.shape == X.shape
    distance = np.abs(np.asarray(X_adv, dtype=np.float64) - np.asarray(X, dtype=np.float64))
    assert distance.max() <= eps + 1e-6
    assert X_adv.min() >= 0 and X_adv.max() <= 1


@pytest.mark.parametrize("attack", [fgsm, pgd])
@pytest.mark.parametrize("model", ["mlp", "cnn"])
def test_perturbation_stays_in_the_eps_ball_and_the_clip_range(attack, model, digits, request):
    estimator = request.getfixturevalue(model)
    X, y = digits
    X_adv = attack(estimator, X, y, EPS)
    _check_ball_and_range(X_adv, X, EPS)
    assert X_adv.dtype == np.float32
    assert np.abs(X_adv - X).max() > EPS / 2  # it moved
    X64 = X.astype(np.float64)
    assert attack(estimator, X64, y, EPS).dtype == np.float64


def test_fgsm_is_eps_times_the_sign_of_the_loss_gradient_unless_clipped(mlp, digits):
    X, y = digits
    inputs = torch.tensor(X, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(mlp.net_.module_(inputs), torch.as_tensor(y))
    direction = torch.autograd.grad(loss, inputs)[0].sign().numpy()
    expected = np.clip(X + EPS * direction, 0, 1)
    np.testing.assert_allclose(fgsm(mlp, X, y, EPS), expected, atol=1e-6)


def test_clip_none_leaves_the_range_open(mlp, digits):
    X, y = digits
    X_adv = fgsm(mlp, X, y, EPS, clip=None)
    assert X_adv.min() < 0 and X_adv.max() > 1
    np.testing.assert_allclose(np.abs(X_adv - X)[X_adv != X], EPS, rtol=1e-5)


@pytest.mark.parametrize("model", ["mlp", "cnn"])
def test_attacks_lower_accuracy_and_pgd_is_at_least_as_strong(model, digits, request):
    estimator = request.getfixturevalue(model)
    X, y = digits
    clean = estimator.score(X, y)
    fgsm_accuracy = adversarial_accuracy(estimator, X, y, EPS)
    pgd_accuracy = adversarial_accuracy(estimator, X, y, EPS, attack="pgd", random_state=0)
    assert clean > 0.9
    assert fgsm_accuracy < clean - 0.1
    assert pgd_accuracy <= fgsm_accuracy + 0.02
    assert adversarial_accuracy(estimator, X, y, 0.0) == pytest.approx(clean)


def test_pgd_options(mlp, digits):
    X, y = digits
    same = [pgd(mlp, X, y, EPS, random_state=3) for _ in range(2)]
    np.testing.assert_array_equal(*same)
    from_x = pgd(mlp, X, y, EPS, random_start=False, n_iter=1, step=EPS)
    np.testing.assert_array_equal(from_x, fgsm(mlp, X, y, EPS))
    small_steps = pgd(mlp, X, y, EPS, step=EPS / 100, n_iter=3, random_start=False)
    assert np.abs(small_steps - X).max() <= 3 * EPS / 100 + 1e-6


def test_images_dataframes_and_string_labels(cnn, mlp, digits):
    X, y = digits
    images = X.reshape(-1, 1, 8, 8)
    X_adv = fgsm(cnn, images, y, EPS)
    assert X_adv.shape == images.shape
    np.testing.assert_array_equal(X_adv.reshape(len(X), -1), fgsm(cnn, X, y, EPS))

    frame = pd.DataFrame(X, columns=[f"pixel{i}" for i in range(64)], index=np.arange(400) + 7)
    labels = np.array(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                       "nine"])[y]  # fmt: skip
    named = MLPClassifier(hidden_layer_sizes=(16,), max_iter=5, random_state=0).fit(
        frame, labels
    )
    frame_adv = fgsm(named, frame, labels, EPS)
    assert isinstance(frame_adv, pd.DataFrame)
    assert frame_adv.columns.equals(frame.columns) and frame_adv.index.equals(frame.index)
    _check_ball_and_range(frame_adv.to_numpy(), X, EPS)
    assert 0 <= adversarial_accuracy(named, frame, labels, EPS) <= 1


def test_fgsm_raises_the_error_of_a_regressor(digits):
    X, y = digits
    target = X[:, :10].sum(axis=1)
    regressor = MLPRegressor(hidden_layer_sizes=(32,), learning_rate_init=0.01, max_iter=30,
                             random_state=0).fit(X, target)  # fmt: skip
    X_adv = fgsm(regressor, X, target, EPS)
    _check_ball_and_range(X_adv, X, EPS)
    clean_error = np.mean((regressor.predict(X) - target) ** 2)
    assert np.mean((regressor.predict(X_adv) - target) ** 2) > 2 * clean_error
    scorer = make_adversarial_scorer(EPS)
    assert scorer(regressor, X, target) < regressor.score(X, target)
    with pytest.raises(TypeError, match="needs a classifier.*MLPRegressor"):
        adversarial_accuracy(regressor, X, target, EPS)


def test_scorer_in_cross_validate_and_grid_search(digits):
    X, y = digits
    model = MLPClassifier(hidden_layer_sizes=(16,), learning_rate_init=0.01, max_iter=10,
                          random_state=0)  # fmt: skip
    scorer = make_adversarial_scorer(EPS, attack="pgd", n_iter=3, random_state=0)
    assert repr(scorer) == (
        "make_adversarial_scorer(eps=0.1, attack='pgd', n_iter=3, random_state=0)"
    )
    scores = cross_validate(model, X, y, cv=2, scoring={"clean": "accuracy", "pgd": scorer})
    assert np.all(scores["test_pgd"] < scores["test_clean"])

    grid = {"regularization": [None, "lba"]}
    robust = GridSearchCV(model, grid, cv=2, scoring=make_adversarial_scorer(EPS)).fit(X, y)
    clean = GridSearchCV(model, grid, cv=2, scoring="accuracy").fit(X, y)
    assert np.all(robust.cv_results_["mean_test_score"] >= 0)
    assert np.all(
        robust.cv_results_["mean_test_score"] < clean.cv_results_["mean_test_score"] - 0.05
    )


def test_negative_eps_is_a_value_error(mlp, digits):
    X, y = digits
    for call in (
        lambda: fgsm(mlp, X, y, -0.1),
        lambda: pgd(mlp, X, y, -0.1),
        lambda: adversarial_accuracy(mlp, X, y, -0.1, attack="pgd"),
        lambda: make_adversarial_scorer(-0.1),
    ):
        with pytest.raises(ValueError, match="eps"):
            call()


def test_unfitted_and_foreign_estimators(digits):
    X, y = digits
    with pytest.raises(NotFittedError):
        fgsm(LipschitzCNN(), X, y, EPS)
    with pytest.raises(NotFittedError):
        adversarial_accuracy(MLPClassifier(), X, y, EPS, attack="pgd")
    with pytest.raises(TypeError, match="got LogisticRegression"):
        fgsm(LogisticRegression().fit(X, y), X, y, EPS)
    pipeline = make_pipeline(MLPClassifier(max_iter=1)).fit(X, y)
    with pytest.raises(TypeError, match="pgd attacks sklnn's neural estimators.*got Pipeline"):
        pgd(pipeline, X, y, EPS)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda m, X, y: fgsm(m, X * 2, y, EPS), r"outside clip=\(0, 1\).*clip=None"),
        (lambda m, X, y: fgsm(m, X, y, EPS, clip=(1, 0)), "clip must be None or a pair"),
        (lambda m, X, y: fgsm(m, X, y, EPS, clip=0.5), "clip must be None or a pair"),
        (lambda m, X, y: fgsm(m, X[:, :10], y, EPS), "10 features"),
        (lambda m, X, y: fgsm(m, X, np.full(len(y), 11), EPS), r"not fitted on: \[11\]"),
        (lambda m, X, y: fgsm(m, X, y[:-1], EPS), "inconsistent numbers of samples"),
        (lambda m, X, y: pgd(m, X, y, EPS, n_iter=0), "n_iter"),
        (lambda m, X, y: pgd(m, X, y, EPS, step=0), "step"),
        (lambda m, X, y: adversarial_accuracy(m, X, y, EPS, attack="deepfool"), "'attack'.*'cw'"),
        (lambda m, X, y: make_adversarial_scorer(EPS, attack="l0"), "'attack'.*'pgd'"),
    ],
)
def test_bad_input_is_a_clear_value_error(mlp, digits, call, message):
    with pytest.raises(ValueError, match=message):
        call(mlp, *digits)


@pytest.mark.gpu  # skipped where torch sees no GPU (tests/conftest.py)
def test_attacks_on_cuda(digits, cnn):
    X, y = digits
    model = LipschitzCNN(**{**cnn.get_params(), "device": "cuda"}).fit(X, y)
    assert next(model.net_.module_.parameters()).device.type == "cuda"
    for attack in (fgsm, pgd):
        X_adv = attack(model, X, y, EPS)
        assert isinstance(X_adv, np.ndarray)
        _check_ball_and_range(X_adv, X, EPS)
    gpu_accuracy = adversarial_accuracy(model, X, y, EPS, attack="pgd", random_state=0)
    assert gpu_accuracy < model.score(X, y) - 0.1
    cpu_accuracy = adversarial_accuracy(cnn, X, y, EPS, attack="pgd", random_state=0)
    assert gpu_accuracy == pytest.approx(cpu_accuracy, abs=0.05)

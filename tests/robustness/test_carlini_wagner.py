"""The Carlini–Wagner L2 attack, its accuracy within an L2 budget, and robustness curves."""

import numpy as np
import pytest
import torch

from sklnn.neural_network import MLPClassifier, MLPRegressor
from sklnn.robustness import (
    _scoring,
    adversarial_accuracy,
    carlini_wagner_l2,
    fgsm,
    make_adversarial_scorer,
    robustness_curve,
)


def _l2(X_adv, X):
    delta = np.asarray(X_adv, dtype=np.float64) - np.asarray(X, dtype=np.float64)
    return np.linalg.norm(delta.reshape(len(delta), -1), axis=1)


@pytest.mark.parametrize("model", ["mlp", "cnn"])
def test_the_attack_misclassifies_within_the_clip_range(model, digits, request):
    estimator = request.getfixturevalue(model)
    X, y = digits
    if model == "cnn":
        X = X.reshape(-1, 1, 8, 8)  # images stay images
    X_adv = carlini_wagner_l2(estimator, X, y, c=10.0, n_iter=50, learning_rate=0.05)

    assert X_adv.shape == X.shape and X_adv.dtype == np.float32
    assert X_adv.min() >= 0 and X_adv.max() <= 1
    assert estimator.score(X, y) > 0.9
    assert estimator.score(X_adv, y) < 0.1
    moved = _l2(X_adv, X)
    assert np.all(moved < 4) and np.median(moved) > 0.05  # small, but real, perturbations


def test_clip_is_respected_and_none_opens_the_box(mlp, digits):
    X, y = digits
    X_mid = 0.25 + 0.5 * X  # in [0.25, 0.75]
    X_adv = carlini_wagner_l2(mlp, X_mid, y, c=10.0, n_iter=50, clip=(0.25, 0.75))
    assert X_adv.min() >= 0.25 and X_adv.max() <= 0.75

    X_open = carlini_wagner_l2(mlp, X, y, c=10.0, n_iter=50, clip=None)
    assert X_open.min() < 0 or X_open.max() > 1
    assert mlp.score(X_open, y) < 0.1


def test_smaller_perturbations_than_fgsm_for_the_same_misclassification(digits):
    X, y = digits
    linear = MLPClassifier(
        hidden_layer_sizes=(), learning_rate_init=0.01, max_iter=30, random_state=0, device="cpu"
    ).fit(X, y)  # a linear model: FGSM's first-order step is at its best there
    X_fgsm = fgsm(linear, X, y, eps=0.2)
    X_cw = carlini_wagner_l2(linear, X, y, c=1.0, n_iter=200, binary_search_steps=5)
    both = (linear.predict(X_fgsm) != y) & (linear.predict(X_cw) != y)

    assert both.sum() > 100
    ratios = _l2(X_cw, X)[both] / _l2(X_fgsm, X)[both]
    assert np.median(ratios) < 0.75 and np.mean(ratios < 1) > 0.9


def test_binary_search_raises_a_small_c_until_the_attack_succeeds(mlp, digits):
    X, y = digits
    fixed = carlini_wagner_l2(mlp, X, y, c=1e-4, n_iter=30, learning_rate=0.05)
    searched = carlini_wagner_l2(
        mlp, X, y, c=1e-4, n_iter=30, learning_rate=0.05, binary_search_steps=6
    )
    assert mlp.score(fixed, y) > 0.8  # c too small: the distance term wins
    assert mlp.score(searched, y) < 0.2


def test_kappa_leaves_a_margin(mlp, digits):
    X, y = digits
    X_adv = carlini_wagner_l2(mlp, X, y, c=10.0, kappa=2.0, n_iter=100, learning_rate=0.05)
    with torch.no_grad():
        logits = mlp.net_.module_(torch.as_tensor(X_adv)).numpy()
    attacked = np.any(X_adv != X, axis=1)
    true = logits[np.arange(len(y)), y]
    logits[np.arange(len(y)), y] = -np.inf
    margins = logits.max(axis=1) - true
    assert attacked.sum() > 200
    assert np.all(margins[attacked] >= 2.0 - 1e-4)


def test_a_binary_classifier_is_attacked(digits):
    X, y = digits
    binary = MLPClassifier(
        hidden_layer_sizes=(16,), learning_rate_init=0.01, max_iter=30, random_state=0
    ).fit(X, y % 2)
    X_adv = carlini_wagner_l2(binary, X, y % 2, c=10.0, n_iter=50, learning_rate=0.05)
    assert binary.score(X, y % 2) > 0.9 and binary.score(X_adv, y % 2) < 0.1


def test_accuracy_within_an_l2_budget_and_the_curve(mlp, digits, monkeypatch):
    X, y = digits
    params = dict(c=10.0, n_iter=50, learning_rate=0.05)
    X_adv = carlini_wagner_l2(mlp, X, y, **params)
    distances = _l2(X_adv, X)
    budget = float(np.median(distances))
    expected = mlp.score(np.where((distances <= budget)[:, None], X_adv, X), y)

    assert adversarial_accuracy(mlp, X, y, 0.0, attack="cw", **params) == mlp.score(X, y)
    accuracy = adversarial_accuracy(mlp, X, y, budget, attack="cw", **params)
    assert accuracy == pytest.approx(expected, abs=2 / len(y))
    assert mlp.score(X_adv, y) < accuracy < mlp.score(X, y)
    assert make_adversarial_scorer(budget, "cw", **params)(mlp, X, y) == accuracy

    calls = []
    attack = _scoring.minimal_l2_attack
    monkeypatch.setattr(
        _scoring, "minimal_l2_attack", lambda *args: calls.append(1) or attack(*args)
    )
    eps = [0.0, budget, 10.0]
    curve = robustness_curve(mlp, X, y, eps, attack="cw", **params)
    assert len(calls) == 1  # one attack for every budget
    assert curve.columns.tolist() == ["eps", "accuracy"]
    assert curve.eps.tolist() == eps
    assert curve.accuracy.tolist() == [
        adversarial_accuracy(mlp, X, y, radius, attack="cw", **params) for radius in eps
    ]


def test_the_curve_runs_fgsm_and_pgd_at_each_eps(mlp, digits):
    X, y = digits
    eps = [0.0, 0.05, 0.1]
    for attack, params in (("fgsm", {}), ("pgd", {"random_state": 0})):
        curve = robustness_curve(mlp, X, y, eps, attack=attack, **params)
        expected = [adversarial_accuracy(mlp, X, y, e, attack=attack, **params) for e in eps]
        assert curve.accuracy.tolist() == expected
        assert curve.accuracy.iloc[0] == mlp.score(X, y) > curve.accuracy.iloc[-1]


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"c": 0.0}, ValueError, "^c "),
        ({"c": np.nan}, ValueError, "^c "),
        ({"kappa": -1.0}, ValueError, "kappa"),
        ({"n_iter": 0}, ValueError, "n_iter"),
        ({"n_iter": 2.5}, TypeError, "n_iter"),
        ({"learning_rate": np.inf}, ValueError, "learning_rate"),
        ({"binary_search_steps": 0}, ValueError, "binary_search_steps"),
        ({"clip": (1, 0)}, ValueError, "clip must be"),
    ],
)
def test_bad_parameters_are_named(params, error, match, mlp, digits):
    X, y = digits
    with pytest.raises(error, match=match):
        carlini_wagner_l2(mlp, X[:5], y[:5], **params)
    with pytest.raises(error, match=match):
        adversarial_accuracy(mlp, X[:5], y[:5], 1.0, attack="cw", **params)


def test_bad_data_and_estimators_are_refused(mlp, digits):
    X, y = digits
    with pytest.raises(ValueError, match="outside clip"):
        carlini_wagner_l2(mlp, X[:5] + 2, y[:5])
    with pytest.raises(TypeError, match="attacks classifiers, got the regressor"):
        carlini_wagner_l2(MLPRegressor(max_iter=2).fit(X[:20], y[:20]), X[:5], y[:5])
    multilabel = MLPClassifier(hidden_layer_sizes=(4,), max_iter=2)
    Y = np.stack([y % 2, y > 4], axis=1).astype(int)
    with pytest.raises(ValueError, match="single-label classifiers"):
        carlini_wagner_l2(multilabel.fit(X[:50], Y[:50]), X[:5], Y[:5])
    with pytest.raises(TypeError, match="The cw attack has no parameter 'step'"):
        adversarial_accuracy(mlp, X[:5], y[:5], 1.0, attack="cw", step=0.1)
    with pytest.raises(ValueError, match="Invalid value for 'attack'"):
        robustness_curve(mlp, X[:5], y[:5], [0.1], attack="deepfool")
    for eps in ([], [[0.1]], "big", [0.1, -1.0]):
        with pytest.raises(ValueError, match="eps"):
            robustness_curve(mlp, X[:5], y[:5], eps, attack="cw")
    with pytest.raises(TypeError, match="needs a classifier"):
        robustness_curve(MLPRegressor(max_iter=2).fit(X[:20], y[:20]), X[:5], y[:5], [0.1])

"""Bad parameters and data get a clear error from every sklnn.robustness entry, never a NaN."""

import copy
import re
from functools import partial

import numpy as np
import pytest
import torch
from sklearn.exceptions import ConvergenceWarning

from sklnn.neural_network import MLPClassifier, MLPRegressor
from sklnn.robustness import adversarial_accuracy, fgsm, make_adversarial_scorer, pgd

pytestmark = pytest.mark.filterwarnings("ignore", category=ConvergenceWarning)

# Every public entry that attacks a fitted estimator, as entry(estimator, X, y, eps, **params).
ATTACK_ENTRIES = {
    "fgsm": fgsm,
    "pgd": pgd,
    "adversarial_accuracy": adversarial_accuracy,
    "adversarial_accuracy-pgd": lambda *args: adversarial_accuracy(*args, attack="pgd"),
    "scorer": lambda estimator, X, y, eps: make_adversarial_scorer(eps)(estimator, X, y),
}
ATTACKS = {"fgsm": fgsm, "pgd": pgd}


@pytest.fixture(scope="module")
def data():
    X = np.random.RandomState(0).uniform(size=(30, 4)).astype(np.float32)
    return X, (X[:, 0] > X[:, 1]).astype(int)


@pytest.fixture(scope="module")
def classifier(data):
    return MLPClassifier(hidden_layer_sizes=(8,), max_iter=5, random_state=0).fit(*data)


@pytest.fixture(scope="module")
def regressor(data):
    X, _ = data
    return MLPRegressor(hidden_layer_sizes=(8,), max_iter=5, random_state=0).fit(X, X[:, 0])


@pytest.mark.parametrize("entry", ATTACK_ENTRIES.values(), ids=ATTACK_ENTRIES)
@pytest.mark.parametrize("eps", [np.nan, np.inf, -np.inf])
def test_non_finite_eps_is_refused_naming_eps(classifier, data, entry, eps):
    with pytest.raises(ValueError, match="eps must be a finite number"):
        entry(classifier, *data, eps)


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"eps": np.nan}, ValueError, "eps must be a finite number"),
        ({"eps": 0.1, "attack": "pgd", "step": np.nan}, ValueError, "step must be a finite"),
        ({"eps": 0.1, "attack": "pgd", "n_iter": 0}, ValueError, "n_iter == 0"),
        ({"eps": 0.1, "attack": "pgd", "random_start": "yes"}, ValueError, "'random_start'"),
        ({"eps": 0.1, "clip": (1, 0)}, ValueError, "clip must be None or a pair"),
        ({"eps": 0.1, "n_iter": 3}, TypeError, "fgsm attack has no parameter 'n_iter'"),
        ({"eps": 0.1, "attack": "pgd", "steps": 3}, TypeError, "no parameter 'steps'.* step,"),
    ],
    ids=["eps", "step", "n_iter", "random_start", "clip", "fgsm-n_iter", "typo"],
)
def test_scorer_refuses_bad_attack_parameters_at_creation(params, error, match):
    with pytest.raises(error, match=match):
        make_adversarial_scorer(**params)


def test_scorer_refuses_what_is_not_a_neural_estimator(data):
    with pytest.raises(TypeError, match="sklnn's neural estimators .* got NoneType"):
        make_adversarial_scorer(0.1)(None, *data)


def _with_nan(y):
    y = y.astype(float)
    y[3] = np.nan
    return y


def _with_inf(y):
    y = y.astype(float)
    y[3] = np.inf
    return y


def _with_none(y):
    y = y.astype(object)
    y[3] = None
    return y


@pytest.mark.parametrize("entry", ATTACK_ENTRIES.values(), ids=ATTACK_ENTRIES)
@pytest.mark.parametrize(
    "spoil, match",
    [
        (_with_nan, "Input y contains NaN"),
        (_with_inf, "Input y contains infinity"),
        (_with_none, "Input y contains NaN or None"),
        (lambda y: None, "needs y, the true labels or targets .* got None"),
    ],
    ids=["nan", "inf", "None-label", "None"],
)
def test_bad_y_is_refused_naming_y(classifier, data, entry, spoil, match):
    X, y = data
    with pytest.raises(ValueError, match=match):
        entry(classifier, X, spoil(y), 0.1)


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS)
@pytest.mark.parametrize(
    "spoil, match", [(_with_nan, "Input y contains NaN"), (_with_inf, "Input y contains inf")]
)
def test_non_finite_regression_target_is_refused(regressor, data, attack, spoil, match):
    X, _ = data
    with pytest.raises(ValueError, match=match):
        attack(regressor, X, spoil(X[:, 0]), 0.1)


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS)
@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_non_finite_X_is_refused_naming_X(classifier, data, attack, value):
    X, y = data
    X = X.copy()
    X[3, 1] = value
    with pytest.raises(ValueError, match="Input X contains"):
        attack(classifier, X, y, 0.1, clip=None)


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS)
@pytest.mark.parametrize("eps", [1e300, 3e38])
def test_eps_whose_ball_overflows_the_dtype_is_refused(classifier, data, attack, eps):
    with pytest.raises(ValueError, match=re.escape(f"eps={eps!r} is too large for X")):
        attack(classifier, *data, eps, clip=None)


def test_inputs_too_large_for_the_network_are_refused(classifier, data):
    X, y = data
    X = X.astype(np.float64)
    X[3, 1] = 1e300  # finite in float64, infinite in the float32 network

    with pytest.raises(ValueError, match="gradient of the MLPClassifier's loss is not finite"):
        fgsm(classifier, X, y, 0.1, clip=None)


@pytest.fixture(scope="module")
def dead_feature_classifier(classifier):
    dead = copy.deepcopy(classifier)
    with torch.no_grad():
        dead.net_.module_[0].weight[:, 0] = 0  # feature 0 gets a zero gradient
    return dead


@pytest.mark.parametrize(
    "attack",
    [fgsm, partial(pgd, random_start=False), partial(pgd, step=1e300, random_start=False)],
    ids=["fgsm", "pgd", "pgd-step"],
)
def test_huge_eps_or_step_in_float32_moves_to_the_bounds_without_nan(
    dead_feature_classifier, data, attack
):
    X, y = data

    X_adv = attack(dead_feature_classifier, X, y, 1e300)

    assert X_adv.dtype == np.float32
    np.testing.assert_array_equal(X_adv[:, 0], X[:, 0])  # no gradient, no move (not NaN)
    assert np.all(np.isin(X_adv[:, 1:], [0, 1]))


def test_random_start_in_a_ball_wider_than_the_float_range(classifier, data):
    X, y = data

    X_adv = pgd(classifier, X.astype(np.float64), y, 1e308, n_iter=1, random_state=0)

    assert np.all(np.isin(X_adv, [0, 1]))


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (2**40, ValueError), (1.5, TypeError)])
def test_pgd_names_a_bad_random_state(classifier, data, seed, error):
    with pytest.raises(error, match="random_state"):
        pgd(classifier, *data, 0.1, random_state=seed)


def test_labels_of_the_wrong_shape_are_named(classifier, data):
    X, y = data
    with pytest.raises(ValueError, match=r"y has shape \(30, 2\), but the MLPClassifier"):
        fgsm(classifier, X, np.c_[y, y], 0.1)


def test_non_numeric_regression_targets_are_named(regressor, data):
    X, _ = data
    with pytest.raises(ValueError, match="y must hold the MLPRegressor's numeric targets"):
        fgsm(regressor, X, np.array(["a"] * len(X)), 0.1)

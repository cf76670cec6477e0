"""LBA regularization in training, and the Lipschitz bound of trained networks holding."""

import copy

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits

from sklnn.lipschitz import LBAPenalty
from sklnn.neural_network import LipschitzCNN, MLPClassifier, MLPRegressor
from sklnn.neural_network._regularization import resolve_regularization
from sklnn.robustness import fgsm, pgd


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:300] / 16, y[:300]


MODELS = {
    "mlp-lba": MLPClassifier(hidden_layer_sizes=(32, 16), regularization="lba", batch_norm=True,
                             learning_rate_init=0.01, max_iter=20),
    "mlp-none": MLPClassifier(hidden_layer_sizes=(32, 16), regularization=None,
                              activation="tanh", learning_rate_init=0.01, max_iter=20),
    "cnn-lba": LipschitzCNN(channels=4, batch_norm=True, pooling="avg", learning_rate_init=0.01,
                            max_iter=8, batch_size=50),
    "cnn-none": LipschitzCNN(channels=4, regularization=None, stem_stride=2,
                             learning_rate_init=0.01, max_iter=8, batch_size=50),
    "cnn-lba-body-decoupled": LipschitzCNN(channels=4, lba_layers="body", lba_decay="decoupled",
                                           lba_strength=0.5, learning_rate_init=0.01,
                                           max_iter=8, batch_size=50),
}  # fmt: skip


@pytest.fixture(scope="module", params=list(MODELS))
def trained(request, digits):
    return MODELS[request.param].set_params(random_state=0, device="cpu").fit(*digits)


def _ratios(model, X, X_other):
    """‖f(x) − f(x′)‖ / ‖x − x′‖ over the pairs, f the logits, computed in float64."""
    change = model._forward(X) - model._forward(X_other)
    return change.norm(dim=1).numpy() / np.linalg.norm(X - X_other, axis=1)


def test_no_random_pair_beats_the_bound(trained, digits):
    X, _ = digits
    rng = np.random.default_rng(0)  # pairs of different samples, and close pairs
    far = _ratios(trained, X, np.roll(X, 1, axis=0))
    near = _ratios(trained, X, X + 1e-3 * rng.standard_normal(X.shape))
    assert np.all(far <= trained.lipschitz_bound_)
    assert np.all(near <= trained.lipschitz_bound_)


def test_no_adversarial_pair_beats_the_bound(trained, digits):
    X, y = digits
    for X_adv in (fgsm(trained, X, y, 0.05), pgd(trained, X, y, 0.05, random_state=0)):
        moved = np.abs(X_adv - X).max(axis=1) > 0
        assert moved.mean() > 0.5
        ratios = _ratios(trained, X[moved], X_adv[moved])
        assert np.all(ratios <= trained.lipschitz_bound_)


def test_largest_input_jacobian_norm_stays_below_the_bound(trained, digits):
    # ‖J_f(x)‖₂ ≥ ‖∇ₓ f_c(x)‖ for every logit c, and the bound bounds every local norm.
    X, y = digits
    module = copy.deepcopy(trained.net_.module_).double().eval()
    points = torch.from_numpy(np.vstack([X[:40], fgsm(trained, X[:40], y[:40], 0.1)]))
    jacobians = torch.func.vmap(torch.func.jacrev(lambda x: module(x[None])[0]))(points)
    local_norms = torch.linalg.matrix_norm(jacobians, ord=2)
    gradient_norms = jacobians.norm(dim=2)
    assert local_norms.max() <= trained.lipschitz_bound_
    assert gradient_norms.max() <= local_norms.max() + 1e-9
    assert local_norms.max() > 0


def test_logged_bound_tracks_the_exact_bound_from_below(trained):
    history = trained.history_
    if "lipschitz_bound" not in history:  # MLPs log it with regularization='lba' only
        assert trained.regularization is None and isinstance(trained, MLPClassifier)
        return
    logged = history["lipschitz_bound"].to_numpy()
    assert np.all(logged > 0)
    assert logged[-1] <= trained.lipschitz_bound_ * (1 + 1e-4)
    assert logged[-1] >= 0.9 * trained.lipschitz_bound_


@pytest.mark.parametrize("Estimator", [MLPClassifier, LipschitzCNN])
def test_lba_training_shrinks_the_bound(Estimator, digits):
    params = dict(learning_rate_init=0.01, max_iter=10, random_state=0, device="cpu")
    if Estimator is LipschitzCNN:
        params.update(channels=4, batch_size=50)
    bounds = {
        regularization: Estimator(**params, regularization=regularization, lba_strength=0.1)
        .fit(*digits)
        .lipschitz_bound_
        for regularization in (None, "lba")
    }
    assert bounds["lba"] < 0.5 * bounds[None]


def test_lba_penalty_is_part_of_the_training_loss(digits):
    params = dict(hidden_layer_sizes=(32,), max_iter=1, random_state=0, device="cpu")
    plain = MLPClassifier(**params, regularization=None).fit(*digits)
    penalised = MLPClassifier(**params, regularization="lba", lba_strength=10.0).fit(*digits)
    assert penalised.loss_curve_[0] > plain.loss_curve_[0] + 1.0


def test_lba_options_reach_the_penalty():
    (penalty,), dropout = resolve_regularization(
        LipschitzCNN(
            lba_strength=0.3, lba_resample="epoch", lipschitz_norm="reshaped", lba_layers="body"
        ),
        random_state=7,
    )
    assert isinstance(penalty, LBAPenalty) and dropout == 0.0
    assert (penalty.strength, penalty.resample, penalty.method) == (0.3, "epoch", "reshaped")
    assert (penalty.random_state, penalty.layers) == (7, "body")
    (penalty,), _ = resolve_regularization(MLPRegressor(regularization="lba"))
    assert (penalty.strength, penalty.resample, penalty.method) == (0.005, "step", "operator")
    assert penalty.layers == "all"


@pytest.mark.parametrize(
    "estimator, pool",
    [
        (LipschitzCNN(channels=4, n_blocks=2, head_layer_sizes=(8,)), ["2.body.0", "3.body.0"]),
        (LipschitzCNN(channels=4, n_blocks=0, lba_layers="no_head"), ["1.0"]),
        (MLPClassifier(hidden_layer_sizes=(8, 8), regularization="lba"), ["2"]),
    ],
)
def test_lba_layers_sets_the_pool_drawn_from(estimator, pool, digits):
    params = {"lba_layers": "body"} if estimator.lba_layers == "all" else {}
    model = estimator.set_params(**params, max_iter=1, random_state=0, device="cpu").fit(*digits)
    assert [name for name, _, _ in model.net_.penalties[0].layers_] == pool


def test_auto_regularization_never_applies_lba():
    penalties, _ = resolve_regularization(MLPClassifier(regularization="auto", lba_strength=1.0))
    assert [type(penalty).__name__ for penalty in penalties] == ["L2Penalty"]
    penalties, _ = resolve_regularization(MLPClassifier(regularization="auto", alpha=0.0))
    assert penalties == []


@pytest.mark.parametrize("resample", ["step", "epoch"])
def test_resample_modes_draw_reproducibly(resample, digits, monkeypatch):
    draws = []
    original_add_gradient = LBAPenalty.add_gradient  # what the training loop calls

    def recording_add_gradient(penalty, module, sample_count=None):
        value = original_add_gradient(penalty, module, sample_count)
        draws.append(penalty.layer_index_)
        return value

    monkeypatch.setattr(LBAPenalty, "add_gradient", recording_add_gradient)
    params = dict(hidden_layer_sizes=(8, 8, 8), regularization="lba", lba_resample=resample,
                  batch_size=50, max_iter=4, random_state=0, device="cpu")  # fmt: skip
    model = MLPClassifier(**params).fit(*digits)
    again = MLPClassifier(**params).fit(*digits)
    first, second = np.array(draws).reshape(2, 4, 6)  # 2 fits, 4 epochs of 300 / 50 steps
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(model.predict_proba(digits[0]), again.predict_proba(digits[0]))
    assert set(np.unique(first)) <= {0, 1, 2, 3}
    if resample == "epoch":
        assert np.all(first == first[:, :1])  # one layer per epoch
    else:
        assert len(np.unique(first)) >= 3 and np.any(first != first[:, :1])


def test_mlp_logs_the_bound_with_lba_only(digits):
    params = dict(hidden_layer_sizes=(8,), max_iter=3, random_state=0, device="cpu")
    lba = MLPClassifier(**params, regularization="lba").fit(*digits)
    plain = MLPClassifier(**params).fit(*digits)
    assert lba.history_.columns[-1] == "lipschitz_bound"
    assert "lipschitz_bound" not in plain.history_
    assert plain.lipschitz_bound_ > 0


@pytest.mark.parametrize(
    "params, message",
    [
        ({"regularization": "lba", "lba_strength": 0.0}, "needs lba_strength > 0"),
        ({"lba_strength": -1.0}, "lba_strength"),
        ({"lba_resample": "batch"}, "'lba_resample' parameter .* Got 'batch'"),
        ({"lba_layers": "stem"}, "'lba_layers' parameter .* Got 'stem'"),
        (
            {"regularization": "lba", "lba_layers": "body", "hidden_layer_sizes": (8,)},
            "layers='body' .*lba_layers.* leaves no layer to draw from",
        ),
    ],
)
def test_bad_lba_parameters_are_value_errors(params, message, digits):
    with pytest.raises(ValueError, match=message):
        MLPClassifier(**params, max_iter=1).fit(*digits)

"""LipschitzCNN: image shapes, architecture, scikit-learn tooling, errors, GPU."""

import pickle

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from torch import nn

from sklnn.lipschitz import Residual
from sklnn.neural_network import LipschitzCNN

FAST = dict(channels=4, learning_rate_init=0.01, max_iter=3, random_state=0, device="cpu")


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return (X[:200] / 16).astype(np.float32), y[:200]


@pytest.fixture(scope="module")
def fitted(digits):
    return LipschitzCNN(**FAST).fit(*digits)


@pytest.mark.parametrize(
    "n_features, image_shape, expected",
    [
        (64, None, (1, 8, 8)),
        (10, None, (1, 1, 10)),  # not a square: one row
        (1, None, (1, 1, 1)),
        (64, (4, 16), (1, 4, 16)),
        (48, (3, 4, 4), (3, 4, 4)),
        (48, [3, 4, 4], (3, 4, 4)),
    ],
)
def test_image_shape_is_resolved(n_features, image_shape, expected):
    rng = np.random.default_rng(0)
    X, y = rng.random((12, n_features)), np.arange(12) % 2
    model = LipschitzCNN(**FAST, image_shape=image_shape).fit(X, y)
    assert model.image_shape_ == expected
    assert model.n_features_in_ == n_features
    assert model.net_.module_[0].unflattened_size == expected


def test_image_arrays_are_flattened_and_predict_alike(digits, fitted):
    X, y = digits
    images = X.reshape(-1, 8, 8)
    from_3d = LipschitzCNN(**FAST).fit(images, y)
    from_4d = LipschitzCNN(**FAST).fit(images[:, None], y)
    assert from_3d.image_shape_ == from_4d.image_shape_ == (1, 8, 8)
    assert from_3d.n_features_in_ == 64
    expected = fitted.predict_proba(X)
    for model in (fitted, from_3d, from_4d):
        for inputs in (X, images, images[:, None]):
            np.testing.assert_allclose(model.predict_proba(inputs), expected, rtol=1e-5)
    channels_first = np.random.default_rng(0).random((20, 3, 5, 4))
    model = LipschitzCNN(**FAST).fit(channels_first, np.arange(20) % 3)
    assert model.image_shape_ == (3, 5, 4) and model.n_features_in_ == 60


def test_architecture_follows_the_parameters(fitted):
    model = LipschitzCNN(
        **{**FAST, "channels": 6}, n_blocks=3, kernel_size=5, stem_stride=2, pooling="avg",
        pool_size=3, head_layer_sizes=(12, 7), batch_norm=True, regularization="dropout",
        dropout=0.3,
    ).fit(np.random.default_rng(0).random((30, 100)), np.arange(30) % 3)  # fmt: skip
    module = model.net_.module_
    convs = [layer for layer in module.modules() if isinstance(layer, nn.Conv2d)]
    assert [(conv.out_channels, conv.kernel_size, conv.stride) for conv in convs] == [
        (6, (5, 5), (2, 2))
    ] + [(6, (5, 5), (1, 1))] * 3
    assert sum(isinstance(layer, Residual) for layer in module) == 3
    assert sum(isinstance(layer, nn.BatchNorm2d) for layer in module.modules()) == 4
    assert isinstance(module[-3], nn.Flatten) and isinstance(module[-2], nn.Dropout)
    # 10×10 → stem stride 2 → 5×5 → 3×3 pooling with overhang → 2×2
    assert isinstance(module[-4], nn.AvgPool2d) and module[-1][0].in_features == 6 * 2 * 2
    assert [layer.out_features for layer in module[-1] if isinstance(layer, nn.Linear)] == [
        12, 7, 3
    ]  # fmt: skip
    assert not any(isinstance(layer, nn.Dropout) for layer in fitted.net_.module_.modules())


def test_history_logs_the_bound_every_epoch(fitted):
    history = fitted.history_
    assert history.columns.tolist() == ["epoch", "train_loss", "lr", "dur", "lipschitz_bound"]
    assert history["lipschitz_bound"].notna().all()
    assert fitted.lipschitz_bound_ >= history["lipschitz_bound"].iloc[-1] * (1 - 1e-4)


def test_pipeline_and_grid_search_over_regularization(digits):
    X, y = digits
    pipeline = make_pipeline(FunctionTransformer(np.sqrt), LipschitzCNN(**FAST)).fit(X, y)
    assert pipeline.score(X, y) > 0.5
    grid = {"regularization": ["lba", "l2", "l1", "dropout", None]}
    search = GridSearchCV(LipschitzCNN(**{**FAST, "max_iter": 1}), grid, cv=2).fit(X, y)
    assert search.cv_results_["params"] == [{"regularization": value} for value in grid[
        "regularization"]]  # fmt: skip
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    assert search.best_estimator_.n_iter_ == 1


def test_same_random_state_same_model_and_pickle_round_trip(digits, fitted):
    X, y = digits
    again = LipschitzCNN(**FAST).fit(X, y)
    np.testing.assert_array_equal(again.predict_proba(X), fitted.predict_proba(X))
    np.testing.assert_array_equal(again.history_["lipschitz_bound"],
                                  fitted.history_["lipschitz_bound"])  # fmt: skip
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict_proba(X), fitted.predict_proba(X))
    assert restored.lipschitz_bound_ == fitted.lipschitz_bound_


@pytest.mark.parametrize(
    "params, X_shape, message",
    [
        ({"image_shape": (5, 5)}, (10, 24), r"image_shape=\(5, 5\) holds 25 values.*"
                                            r"n_features=24 features"),
        ({"image_shape": (2, 3, 4)}, (10, 25), "holds 24 values per sample"),
        ({"image_shape": (1, 4, 6)}, (10, 1, 6, 4), r"does not match the images in X, of "
                                                    r"shape \(1, 6, 4\)"),
        ({"image_shape": (0, 5)}, (10, 25), "Invalid value for 'image_shape'"),
        ({"image_shape": 25}, (10, 25), "'image_shape' parameter .* array-like or None"),
        ({"image_shape": (1, 2, 3, 4)}, (10, 24), "Invalid value for 'image_shape'"),
        ({"kernel_size": 4}, (10, 25), "kernel_size must be odd"),
        ({"pooling": "lp"}, (10, 25), "'pooling' parameter .* Got 'lp'"),
        ({"lipschitz_norm": "frobenius"}, (10, 25), "'lipschitz_norm'"),
        ({"n_blocks": -1}, (10, 25), "n_blocks"),
        ({"head_layer_sizes": (8, 0)}, (10, 25), "head_layer_sizes"),
    ],
)
def test_bad_shapes_and_parameters_are_value_errors(params, X_shape, message):
    X = np.random.default_rng(0).random(X_shape)
    with pytest.raises(ValueError, match=message):
        LipschitzCNN(**FAST, **params).fit(X, np.arange(10) % 2)


def test_predict_checks_the_image_shape(digits, fitted):
    X, _ = digits
    with pytest.raises(ValueError, match=r"images of shape \(1, 4, 16\).*fitted on images of "
                                         r"shape \(1, 8, 8\)"):  # fmt: skip
        fitted.predict(X.reshape(-1, 4, 16))
    with pytest.raises(ValueError, match="X has 63 features"):
        fitted.predict(X[:, :63])


@pytest.mark.gpu  # skipped where torch sees no GPU (tests/conftest.py)
def test_fit_on_cuda_matches_the_cpu(digits, fitted):
    X, y = digits
    model = LipschitzCNN(**{**FAST, "device": "cuda"}, batch_norm=True).fit(X, y)
    assert next(model.net_.module_.parameters()).device.type == "cuda"
    assert model.history_["lipschitz_bound"].notna().all() and model.lipschitz_bound_ > 0
    assert model.predict_proba(X).shape == (200, 10)
    gpu = LipschitzCNN(**{**FAST, "device": "cuda"}).fit(X, y)
    np.testing.assert_allclose(gpu.predict_proba(X), fitted.predict_proba(X), atol=1e-3)
    restored = pickle.loads(pickle.dumps(gpu))
    np.testing.assert_allclose(restored.predict_proba(X), gpu.predict_proba(X), atol=1e-6)

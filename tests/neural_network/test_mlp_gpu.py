"""The MLPs on a CUDA GPU (skipped where torch sees none; run with ``pytest -m gpu``)."""

import os
import pickle
import subprocess
import sys
import textwrap

import joblib
import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits, make_blobs

from sklnn.neural_network import LipschitzCNN, MLPClassifier, MLPRegressor

pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device"),
]


@pytest.fixture(scope="module")
def blobs():
    X, y = make_blobs(n_samples=300, centers=3, n_features=6, random_state=0)
    return X.astype(np.float32), y


def _cuda_tensors(model):
    state = model.net_.module_.state_dict()
    return {tensor.device.type for tensor in state.values()}


@pytest.mark.parametrize("device", ["cuda", "cuda:0", "auto"])
def test_fit_on_the_gpu(blobs, device):
    X, y = blobs
    model = MLPClassifier(
        max_iter=20, learning_rate_init=0.01, batch_norm=True, early_stopping=True,
        random_state=0, device=device,
    ).fit(X, y)  # fmt: skip
    assert _cuda_tensors(model) == {"cuda"}
    assert torch.device(model.net_.device).type == "cuda"
    assert model.score(X, y) > 0.9
    proba = model.predict_proba(X)
    assert isinstance(proba, np.ndarray)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_gpu_and_cpu_fits_agree(blobs):
    X, y = blobs
    params = dict(max_iter=10, learning_rate_init=0.01, random_state=0)
    cpu = MLPClassifier(**params, device="cpu").fit(X, y).predict_proba(X)
    gpu = MLPClassifier(**params, device="cuda").fit(X, y).predict_proba(X)
    np.testing.assert_allclose(gpu, cpu, atol=1e-3)


def test_gpu_regressor(blobs):
    X, y = blobs
    model = MLPRegressor(max_iter=30, learning_rate_init=0.01, device="cuda").fit(X, X[:, :2])
    assert _cuda_tensors(model) == {"cuda"}
    assert model.predict(X).shape == (300, 2)


SERIALIZERS = {"pickle": pickle, "joblib": joblib}


def _trained_on_cuda(name, blobs):
    """A model fitted on the GPU, with LBA: its penalty and bound logger hold CUDA tensors."""
    if name == "MLPClassifier":
        X, y = blobs
        model = MLPClassifier(
            max_iter=10, early_stopping=True, batch_norm=True, regularization="lba",
            random_state=0, device="cuda",
        )  # fmt: skip
    else:
        X, y = load_digits(return_X_y=True)
        X, y = (X[:200] / 16).astype(np.float32), y[:200]
        model = LipschitzCNN(channels=4, max_iter=3, random_state=0, device="cuda")
    return model.fit(X, y), X


@pytest.mark.parametrize("serializer", SERIALIZERS)
@pytest.mark.parametrize("name", ["MLPClassifier", "LipschitzCNN"])
def test_model_saved_on_the_gpu_predicts_where_cuda_is_hidden(name, serializer, blobs, tmp_path):
    model, X = _trained_on_cuda(name, blobs)
    with open(tmp_path / "model", "wb") as file:
        SERIALIZERS[serializer].dump(model, file)
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "expected.npy", model.predict_proba(X))
    script = textwrap.dedent(
        """
        import sys, warnings
        import numpy as np, torch
        assert not torch.cuda.is_available()
        folder, serializer = sys.argv[1:]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # skorch: "Setting self.device = cpu"
            with open(folder + "/model", "rb") as file:
                model = __import__(serializer).load(file)
        proba = model.predict_proba(np.load(folder + "/X.npy"))
        np.testing.assert_allclose(proba, np.load(folder + "/expected.npy"), atol=1e-5)
        assert {t.device.type for t in model.net_.module_.state_dict().values()} == {"cpu"}
        print("loaded on", model.net_.device)
        """
    )
    environment = dict(os.environ, CUDA_VISIBLE_DEVICES="")
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), serializer],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "loaded on cpu" in result.stdout

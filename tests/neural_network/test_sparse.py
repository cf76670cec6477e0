"""Sparse input: the model of the dense matrix, the matrix densified one batch at a time."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import load_digits

from sklnn.neural_network import LipschitzCNN, MLPClassifier, MLPRegressor


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(n_class=4, return_X_y=True)
    return X[:120] / 16, y[:120]  # about half the pixels are 0


ESTIMATORS = [
    MLPClassifier(hidden_layer_sizes=(8,), solver="lbfgs", max_iter=20),
    MLPClassifier(hidden_layer_sizes=(8,), solver="lbfgs", max_iter=20, layer_norm=True),
    MLPClassifier(hidden_layer_sizes=(8,), solver="sgd", batch_size=32, max_iter=3,
                  early_stopping=True, validation_fraction=0.25),
    MLPRegressor(hidden_layer_sizes=(8,), batch_size=32, max_iter=3),
    LipschitzCNN(channels=3, n_blocks=1, batch_size=32, max_iter=2, batch_norm=True),
]  # fmt: skip


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("container", [sp.csr_matrix, sp.csr_array, sp.csc_array])
def test_sparse_and_dense_input_give_the_same_model(digits, estimator, container):
    X, y = digits
    target = y if hasattr(estimator, "predict_proba") else X[:, 20]
    params = dict(random_state=0, device="cpu")
    dense = estimator.set_params(**params).fit(X, target)
    sparse = type(estimator)(**estimator.get_params()).fit(container(X), target)
    np.testing.assert_allclose(sparse.loss_curve_, dense.loss_curve_, rtol=1e-10)
    method = "predict_proba" if hasattr(estimator, "predict_proba") else "predict"
    expected = getattr(dense, method)(X)
    np.testing.assert_allclose(getattr(sparse, method)(container(X)), expected, rtol=1e-10)
    np.testing.assert_allclose(getattr(sparse, method)(X), expected, rtol=1e-10)


def test_a_sparse_matrix_is_densified_one_batch_at_a_time(digits, monkeypatch):
    X, y = digits
    densified = []
    toarray = sp.csr_array.toarray

    def recording_toarray(matrix, *args, **kwargs):
        if matrix.shape[1] == X.shape[1]:  # rows of X (not the labels LabelBinarizer makes)
            densified.append(matrix.shape[0])
        return toarray(matrix, *args, **kwargs)

    monkeypatch.setattr(sp.csr_array, "toarray", recording_toarray)
    X_sparse = sp.csr_array(X)
    model = MLPClassifier(hidden_layer_sizes=(8,), batch_size=16, max_iter=2,
                          early_stopping=True, validation_fraction=0.25, random_state=0)
    model.fit(X_sparse, y)  # fmt: skip
    # batches of 16 of the 90 training rows (the last of 10), and the 30 validation rows
    assert sorted(set(densified)) == [10, 16, 30]
    assert densified.count(16) == 2 * 5 and densified.count(30) == 2
    densified.clear()
    model.predict(X_sparse)
    assert densified == [120]  # one inference batch (of up to 1024 rows)
    densified.clear()
    MLPClassifier(hidden_layer_sizes=(8,), solver="lbfgs", max_iter=2).fit(X_sparse, y)
    assert max(densified) == 120  # the full batch, evaluated in chunks of up to 4096 rows

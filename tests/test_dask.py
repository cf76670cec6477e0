"""Scale-out: sklnn searches run on a Dask cluster through joblib's Dask backend.

A ``distributed.LocalCluster`` with two worker processes stands in for a real cluster:
the estimators, the data and the fitted results travel between processes exactly as they
would between machines. Results must equal those of the default (in-process) backend.
"""

import logging

import joblib
import numpy as np
import pytest
from distributed import Client, LocalCluster, get_task_stream
from estimator_cases import (
    ALL_ESTIMATORS,
    estimator_id,
    output_score,
    small_data,
)
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklnn.linear_model import SoftmaxReg
from sklnn.neural_network import MLPClassifier

# The small fits stop at max_iter on purpose; that is not what these tests look at.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
        silence_logs=logging.ERROR,
    )  # fmt: skip
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def _run_on_dask(client, function):
    """Run ``function()`` with joblib's Dask backend; check that the cluster did work."""
    with get_task_stream(client) as tasks, joblib.parallel_config(backend="dask"):
        result = function()
    assert tasks.data, "no task ran on the Dask workers"
    return result


def _classical_search():
    return GridSearchCV(
        make_pipeline(StandardScaler(), SoftmaxReg()),
        {"softmaxreg__C": [0.01, 0.1, 1.0, 10.0]},
        cv=3,
    )


def _neural_search():
    return GridSearchCV(
        MLPClassifier(hidden_layer_sizes=(8,), max_iter=3, device="cpu", random_state=0),
        {"learning_rate_init": [0.001, 0.05], "alpha": [1e-4, 1e-2]},
        cv=3,
    )


@pytest.mark.parametrize("make_search", [_classical_search, _neural_search],
                         ids=["SoftmaxReg", "MLPClassifier"])
def test_grid_search_on_dask_matches_the_default_backend(client, make_search):
    X, y = load_iris(return_X_y=True)
    local = make_search().fit(X, y)
    distributed = _run_on_dask(client, lambda: make_search().fit(X, y))
    assert distributed.best_params_ == local.best_params_
    np.testing.assert_allclose(
        distributed.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )
    np.testing.assert_array_equal(distributed.predict(X), local.predict(X))


@pytest.mark.parametrize("estimator", ALL_ESTIMATORS, ids=estimator_id)
def test_every_estimator_cross_validates_on_dask(client, estimator):
    X, y = small_data(estimator)
    scoring = None if hasattr(estimator, "score") else output_score

    def cross_validation():
        return cross_validate(clone(estimator), X, y, cv=2, scoring=scoring)

    local = cross_validation()
    distributed = _run_on_dask(client, cross_validation)
    np.testing.assert_allclose(distributed["test_score"], local["test_score"], rtol=1e-6)


@pytest.mark.gpu
def test_grid_search_trains_on_cuda_workers(client):
    # The workers of the local cluster share the machine's GPU: each fit of the search
    # runs on a worker, on CUDA, and the refit best model too.
    X, y = load_iris(return_X_y=True)
    search = GridSearchCV(
        MLPClassifier(hidden_layer_sizes=(16,), max_iter=5, device="cuda", random_state=0),
        {"learning_rate_init": [0.001, 0.01]},
        cv=3,
    )
    _run_on_dask(client, lambda: search.fit(X.astype(np.float32), y))
    peak_cuda_bytes = client.run(lambda: __import__("torch").cuda.max_memory_allocated())
    assert any(peak > 0 for peak in peak_cuda_bytes.values())
    assert str(search.best_estimator_.net_.device).startswith("cuda")

"""Every estimator configuration of ``tests/test_common.py``, with small data to fit it.

Shared by the scale-out (Dask), persistence and property tests, which all run "every sklnn
estimator": there, the estimators are seeded (``random_state=0``) and the neural ones made
quick (2 epochs, on the CPU).
"""

import numpy as np
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.datasets import make_blobs
from test_common import CLASSICAL_ESTIMATORS, NEURAL_ESTIMATORS

OUTPUT_METHODS = ("predict", "predict_proba", "decision_function", "transform")


def seeded(estimator):
    """A clone of the estimator with ``random_state=0`` where it has one."""
    estimator = clone(estimator)
    if "random_state" in estimator.get_params():
        estimator.set_params(random_state=0)
    return estimator


def quick(estimator):
    """A seeded clone of a neural estimator that trains for 2 epochs on the CPU."""
    return seeded(estimator).set_params(max_iter=2, device="cpu")


ALL_ESTIMATORS = [seeded(estimator) for estimator in CLASSICAL_ESTIMATORS] + [
    quick(estimator) for estimator in NEURAL_ESTIMATORS
]


def estimator_id(estimator):
    """The estimator's repr on one line, as a test id."""
    return " ".join(str(estimator).split())


def small_data(estimator, n_samples=40, random_state=0):
    """Two blobs in 3-D, with the target ``estimator`` expects.

    A classifier gets string labels (``'no'``/``'yes'``), a regressor a continuous target
    and the others (clusterings, PCA) ``None``.
    """
    X, blob = make_blobs(n_samples, n_features=3, centers=2, random_state=random_state)
    if is_classifier(estimator):
        return X, np.array(["no", "yes"])[blob]
    if is_regressor(estimator):
        return X, X @ np.array([1.0, -2.0, 0.5]) + blob
    return X, None


def fitted_outputs(estimator, X):
    """What a fitted estimator gives for X: each of ``OUTPUT_METHODS`` it has, and
    ``labels_`` for a clustering."""
    outputs = {
        method: np.asarray(getattr(estimator, method)(X))
        for method in OUTPUT_METHODS
        if hasattr(estimator, method)
    }
    if hasattr(estimator, "labels_"):
        outputs["labels_"] = estimator.labels_
    return outputs


def output_score(estimator, X, y=None):
    """A scorer for estimators without ``score`` (PCA, DBSCAN): the mean absolute value
    of their output for X, its transform or the clusters that ``fit_predict`` finds."""
    if hasattr(estimator, "transform"):
        return float(np.mean(np.abs(estimator.transform(X))))
    return float(np.mean(np.abs(estimator.fit_predict(X))))

"""A fit that raises leaves the estimator as it was (``sklnn.utils.atomic_fit``).

The failure is injected wherever it can happen: the n-th call of an sklnn function during
the fit (counted by a trace function) raises, at several points from the data validation to
the last fitted attribute. After it, a first fit leaves the estimator unfitted
(``NotFittedError``, nothing but its hyperparameters) and a refit leaves the previous model:
the same fitted attributes, network weights, optimizer state and training history, the same
outputs.
"""

import copy
import sys
import warnings
from pathlib import Path

import joblib
import numpy as np
import pytest
import torch
from estimator_cases import ALL_ESTIMATORS, estimator_id, fitted_outputs, small_data
from sklearn.base import clone, is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted
from skorch import NeuralNet

import sklnn

SKLNN_DIR = str(Path(sklnn.__file__).parent)
# Fractions of the fit's calls of sklnn functions where the fault is injected.
FAULT_POINTS = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)


class InjectedFault(Exception):
    """The failure the tests inject into a fit."""


class _CallCounter:
    """A trace function counting the calls of sklnn's functions; makes call ``fail_at``
    (counted from 1) raise :class:`InjectedFault` when given, as the function would."""

    def __init__(self, fail_at=None):
        self.fail_at = fail_at
        self.count = 0

    def __call__(self, frame, event, arg):
        if event == "call" and frame.f_code.co_filename.startswith(SKLNN_DIR):
            self.count += 1
            if self.count == self.fail_at:
                raise InjectedFault(f"fault injected at sklnn call {self.count}")


def _traced(method, *args, counter, **kwargs):
    sys.settrace(counter)
    try:
        return method(*args, **kwargs)
    finally:
        sys.settrace(None)


def _fault_calls(method, *args, **kwargs):
    """The sklnn calls at which to inject a fault into ``method(*args, **kwargs)``, a
    method of a copy of the estimator that will be made to fail."""
    counter = _CallCounter()
    _traced(method, *args, counter=counter, **kwargs)
    return sorted({max(1, int(round(counter.count * point))) for point in FAULT_POINTS})


def _plain(value):
    """``value`` with tensors as NumPy arrays, in a form ``joblib.hash`` compares by value."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    if isinstance(value, np.ndarray):  # by value: a copy of a view has other flags
        content = value.tolist() if value.dtype == object else value.tobytes()
        return ("ndarray", value.dtype.str, value.shape, content)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def fitted_state(estimator):
    """Every attribute of the estimator, as a hash of its value; a skorch net as its
    weights, optimizer state and history."""
    state = {}
    for name, value in vars(estimator).items():
        if isinstance(value, NeuralNet):
            value = {
                "module": value.module_.state_dict(),
                "optimizer": value.optimizer_.state_dict(),
                "history": [
                    {key: item for key, item in row.items() if key != "dur"}
                    for row in value.history
                ],
            }
        state[name] = joblib.hash(_plain(value))
    return state


def _fail_at(call, method, *args, **kwargs):
    """Call ``method(*args, **kwargs)``, making sklnn's call number ``call`` raise."""
    counter = _CallCounter(fail_at=call)
    with pytest.raises(InjectedFault):  # no sklnn code swallows exceptions
        _traced(method, *args, counter=counter, **kwargs)


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.mark.parametrize("estimator", ALL_ESTIMATORS, ids=estimator_id)
def test_failed_first_fit_leaves_estimator_unfitted(estimator):
    X, y = small_data(estimator)
    for call in _fault_calls(clone(estimator).fit, X, y):
        model = clone(estimator)
        before = fitted_state(model)
        _fail_at(call, model.fit, X, y)
        assert fitted_state(model) == before, f"fault at call {call}"
        with pytest.raises(NotFittedError):
            check_is_fitted(model)


@pytest.mark.parametrize("estimator", ALL_ESTIMATORS, ids=estimator_id)
def test_failed_refit_leaves_previous_model(estimator):
    X, y = small_data(estimator)
    X_new, y_new = small_data(estimator, random_state=1)
    # Training goes on from the previous weights: the refit updates them in place.
    continues = {"warm_start": True} if "warm_start" in estimator.get_params() else {}
    fitted = clone(estimator).set_params(**continues).fit(X, y)
    before, outputs = fitted_state(fitted), fitted_outputs(fitted, X)
    for call in _fault_calls(copy.deepcopy(fitted).fit, X_new, y_new):
        model = copy.deepcopy(fitted)
        _fail_at(call, model.fit, X_new, y_new)
        assert fitted_state(model) == before, f"fault at call {call}"
        for method, output in fitted_outputs(model, X).items():
            np.testing.assert_array_equal(output, outputs[method], err_msg=method)


@pytest.mark.parametrize(
    "estimator",
    [e for e in ALL_ESTIMATORS if hasattr(e, "partial_fit")],
    ids=estimator_id,
)
def test_failed_partial_fit_leaves_previous_model(estimator):
    X, y = small_data(estimator)
    classes = {"classes": np.unique(y)} if is_classifier(estimator) else {}
    fitted = clone(estimator).partial_fit(X, y, **classes)
    before = fitted_state(fitted)
    for call in _fault_calls(copy.deepcopy(fitted).partial_fit, X, y):
        model = copy.deepcopy(fitted)
        _fail_at(call, model.partial_fit, X, y)
        assert fitted_state(model) == before, f"fault at call {call}"


def test_refit_with_a_bad_argument_keeps_the_previous_classes():
    """The issue's case: a refit on new labels fails on its sample weights, found after
    the labels were read; ``classes_`` and the network must still be the first fit's."""
    from sklnn.neural_network import MLPClassifier

    X, y = small_data(MLPClassifier())
    model = MLPClassifier(max_iter=5, random_state=0).fit(X, y)
    predictions = model.predict(X)
    with pytest.raises(ValueError, match="sample_weight"):
        model.fit(X, np.where(y == "yes", "cat", "dog"), sample_weight=np.ones(3))
    np.testing.assert_array_equal(model.classes_, ["no", "yes"])
    np.testing.assert_array_equal(model.predict(X), predictions)

"""Property test: any numeric hyperparameter value is refused by name, or fits finitely.

The values: NaN, ±inf, a huge number, a negative one, zero and the valid default. Every
value of every numeric hyperparameter (those with an ``Interval`` or ``random_state``
constraint) is tried alone on every configuration, and Hypothesis draws combinations: for
a configuration of every sklnn estimator (``tests/test_common.py``, neural ones for 2
epochs), up to three numeric hyperparameters with a value each. ``fit`` on small data then
either raises a ``ValueError``/``TypeError`` whose message names one of the parameters set,
or succeeds with every numeric fitted attribute finite. No other exception escapes.

Huge integers are not drawn for the parameters that set an amount of work or memory
(iterations, restarts, network widths and depths): an estimator honours them, as
scikit-learn's does, and a test cannot wait for it.
"""

import numbers
import warnings

import numpy as np
import pytest
from estimator_cases import ALL_ESTIMATORS, estimator_id, small_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.utils._param_validation import Interval

# Integer hyperparameters whose huge values mean huge work or memory, honoured as asked.
AMOUNT_OF_WORK = {
    "max_iter", "n_init", "max_fun", "iterated_power", "n_oversamples", "channels",
    "n_blocks", "hidden_layer_sizes", "head_layer_sizes", "lr_step_size",
}


def numeric_hyperparameters(estimator):
    """The hyperparameters whose constraints take numbers."""
    return sorted(
        name
        for name, constraints in estimator._parameter_constraints.items()
        if "random_state" in constraints
        or any(isinstance(constraint, Interval) for constraint in constraints)
    )


def _is_integer(estimator, name):
    constraints = estimator._parameter_constraints[name]
    return "random_state" in constraints or all(
        constraint.type is numbers.Integral
        for constraint in constraints
        if isinstance(constraint, Interval)
    )


def candidate_values(estimator, name):
    """NaN, ±inf, huge, negative, zero and the default value of hyperparameter ``name``."""
    values = [float("nan"), float("inf"), -float("inf"), -1, 0]
    if not _is_integer(estimator, name):
        values += [1e300, -1e300, -1.5]
    elif name not in AMOUNT_OF_WORK:
        values.append(2**40)
    return [*values, estimator.get_params()[name]]


def _refused_by_name_or_fitted_finitely(estimator, params):
    """Fit a clone of ``estimator`` with ``params`` on small data: a ValueError/TypeError
    must name one of the parameters, a fit must leave only finite numeric attributes."""
    model = clone(estimator).set_params(**params)
    X, y = small_data(estimator)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model.fit(X, y)
        except (ValueError, TypeError) as error:
            message = str(error)
            assert any(name in message for name in params), message
            return
    _finite_fitted_attributes_or_fail(model)


# The record of a training that diverged after early stopping kept the weights of its best
# epoch (the initial ones, best score -inf, when every epoch diverged): scikit-learn's MLPs
# keep such a model (its test_mlp_diverging_loss), and the record tells the truth about the
# epochs that diverged. The kept weights can be finite but so large that the product of the
# layers' norms overflows: lipschitz_bound_ = inf, still a true upper bound. Everything else
# must be finite.
_TRAINING_RECORDS = {
    "loss_", "loss_curve_", "best_loss_", "validation_scores_", "best_validation_score_",
    "history_", "lipschitz_bound_",
}


def _finite_fitted_attributes_or_fail(model):
    early_stopped = getattr(model, "early_stopping", False)
    getattr(model, "lipschitz_bound_", None)  # computed when first read, then in vars(model)
    for name, value in vars(model).items():
        if not name.endswith("_") or name.startswith("_") or value is None:
            continue
        if early_stopped and name in _TRAINING_RECORDS:
            continue
        try:
            numbers_ = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):  # not numeric: labels, modules, data frames
            continue
        assert np.all(np.isfinite(numbers_)), f"fitted attribute {name} = {value!r}"


@pytest.mark.parametrize("estimator", ALL_ESTIMATORS, ids=estimator_id)
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=st.data())
def test_numeric_hyperparameters_are_refused_by_name_or_fit_finitely(estimator, data):
    names = data.draw(
        st.lists(
            st.sampled_from(numeric_hyperparameters(estimator)),
            min_size=1, max_size=3, unique=True,
        ),
        label="parameters",
    )
    params = {
        name: data.draw(st.sampled_from(candidate_values(estimator, name)), label=name)
        for name in names
    }
    _refused_by_name_or_fitted_finitely(estimator, params)


@pytest.mark.parametrize(
    "estimator, name",
    [(e, name) for e in ALL_ESTIMATORS for name in numeric_hyperparameters(e)],
    ids=lambda value: value if isinstance(value, str) else estimator_id(value),
)
def test_every_value_of_every_numeric_hyperparameter(estimator, name):
    """The sweep the property test samples from, in full for one parameter at a time."""
    for value in candidate_values(estimator, name):
        _refused_by_name_or_fitted_finitely(estimator, {name: value})

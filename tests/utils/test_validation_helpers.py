import numbers

import numpy as np
import pytest

from sklnn.utils import check_number, check_option, check_seed, encode_labels


def test_check_option_returns_valid_value():
    assert check_option("gd", "solver", ("gd", "lbfgs")) == "gd"


@pytest.mark.parametrize("bad", ["newton", None, ["gd"]])
def test_check_option_names_parameter_value_and_choices(bad):
    with pytest.raises(ValueError, match=r"Invalid value for 'solver': .*'gd', 'lbfgs'"):
        check_option(bad, "solver", ("gd", "lbfgs"))


def test_check_number_bounds_and_types():
    assert check_number(3, "max_iter", kind=numbers.Integral, low=1) == 3
    with pytest.raises(ValueError, match="max_iter == 0, must be >= 1"):
        check_number(0, "max_iter", kind=numbers.Integral, low=1)
    with pytest.raises(TypeError, match="max_iter must be an instance of"):
        check_number(2.5, "max_iter", kind=numbers.Integral, low=1)
    with pytest.raises(TypeError, match="tol must be a number, not bool"):
        check_number(True, "tol")


def test_encode_labels_round_trips_string_labels():
    y = np.array(["b", "a", "c", "a"])
    classes, encoded = encode_labels(y, estimator_name="Est")
    assert classes.tolist() == ["a", "b", "c"]
    assert encoded.dtype == np.int64
    np.testing.assert_array_equal(classes[encoded], y)


def test_encode_labels_errors_name_the_problem():
    with pytest.raises(ValueError, match="Unknown label type: continuous"):
        encode_labels(np.array([0.5, 1.5, 2.25]), estimator_name="Est")
    with pytest.raises(ValueError, match="labels of one kind, all numbers or all strings"):
        encode_labels(np.array(["a", 1, None], dtype=object), estimator_name="Est")
    with pytest.raises(ValueError, match="at least 2 classes.*only one class"):
        encode_labels(np.array([1, 1, 1]), estimator_name="Est")
    with pytest.raises(ValueError, match="Est is a binary classifier but y has 3 classes"):
        encode_labels(np.array([0, 1, 2]), estimator_name="Est", binary_only=True)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), np.float32("nan")])
def test_check_number_refuses_nan_and_infinities(value):
    # check_scalar lets NaN through any bound (every comparison with NaN is false).
    with pytest.raises(ValueError, match="strength must be a finite number"):
        check_number(value, "strength", low=0)
    with pytest.raises(ValueError, match="strength must be a finite number"):
        check_number(value, "strength")


@pytest.mark.parametrize(
    "seed, error", [(-1, ValueError), (2**32, ValueError), (True, TypeError), ("0", TypeError)]
)
def test_check_seed_names_the_parameter(seed, error):
    # NumPy's own message ("Seed must be between 0 and 2**32 - 1") names no parameter.
    with pytest.raises(error, match="my_seed"):
        check_seed(seed, "my_seed")
    assert check_seed(2**32 - 1).randint(5) == np.random.RandomState(2**32 - 1).randint(5)


def test_check_option_names_the_parameter_for_an_array_value():
    # `array in options` compares elementwise, and the array has no single truth value.
    with pytest.raises(ValueError, match="Invalid value for 'random_start'"):
        check_option(np.array([0.1, 0.2]), "random_start", (True, False))

"""Hyperparameter validation shared by every sklnn estimator.

Estimators validate their hyperparameters in ``fit`` (never in ``__init__``), and a bad
value raises an error that names the parameter, the value and what is allowed.
"""

import math
import numbers

import numpy as np
from sklearn.utils import check_random_state, check_scalar

from ..exceptions import NotSupportedError


def check_option(value, name, options):
    """Check that ``value`` is one of ``options``.

    Parameters
    ----------
    value : object
        The hyperparameter value given by the user.
    name : str
        The hyperparameter's name, used in the error message.
    options : iterable
        The allowed values.

    Returns
    -------
    value : object
        ``value`` unchanged.

    Raises
    ------
    ValueError
        If ``value`` is not one of ``options``.

    Examples
    --------
    >>> from sklnn.utils import check_option
    >>> check_option("gd", "solver", ("gd", "lbfgs"))
    'gd'
    """
    options = tuple(options)
    try:
        allowed = bool(value in options)
    except (TypeError, ValueError):  # unhashable, incomparable, or an array (no truth value)
        allowed = False
    if not allowed:
        choices = ", ".join(repr(option) for option in options)
        raise ValueError(f"Invalid value for {name!r}: {value!r}. Allowed values are {choices}.")
    return value


def check_number(value, name, *, kind=numbers.Real, low=None, high=None, closed="both"):
    """Check that ``value`` is a finite number of type ``kind`` inside an interval.

    A thin wrapper over :func:`sklearn.utils.check_scalar` that also rejects booleans,
    which Python would otherwise accept as integers, and NaN and infinities, which
    ``check_scalar`` lets through (NaN compares false with every bound).

    Parameters
    ----------
    value : object
        The hyperparameter value given by the user.
    name : str
        The hyperparameter's name, used in the error message.
    kind : type or tuple of types, default=numbers.Real
        The accepted numeric type(s).
    low, high : float or None, default=None
        The interval's bounds; ``None`` leaves that side open.
    closed : {'both', 'left', 'right', 'neither'}, default='both'
        Which bounds belong to the interval.

    Returns
    -------
    value : number
        ``value`` unchanged.

    Raises
    ------
    TypeError
        If ``value`` is not of type ``kind``.
    ValueError
        If ``value`` is NaN or infinite, or lies outside the interval.

    Examples
    --------
    >>> from sklnn.utils import check_number
    >>> check_number(0.1, "learning_rate", low=0, closed="neither")
    0.1
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, not bool ({value!r}).")
    finite_kind = isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral)
    if finite_kind and not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}.")
    check_scalar(
        value, name, target_type=kind, min_val=low, max_val=high, include_boundaries=closed
    )
    return value


def refuse_unsupported(estimator, name, unsupported):
    """Raise if the estimator's parameter ``name`` holds a value sklnn does not implement.

    For values that scikit-learn's counterpart accepts (so the parameter constraints let
    them through) but sklnn cannot honour: refusing them is better than accepting them and
    doing something else.

    Parameters
    ----------
    estimator : BaseEstimator
        The estimator whose parameter is checked.
    name : str
        The parameter's name.
    unsupported : dict
        ``{value: reason}``: each value refused, with a short reason and what to use
        instead.

    Raises
    ------
    NotSupportedError
        If ``getattr(estimator, name)`` is a key of ``unsupported``.

    Examples
    --------
    >>> from sklnn.linear_model import LogRegression
    >>> from sklnn.utils import refuse_unsupported
    >>> refuse_unsupported(LogRegression(), "solver", {"liblinear": "use 'lbfgs'"})
    >>> refuse_unsupported(  # doctest: +ELLIPSIS
    ...     LogRegression(solver="liblinear"), "solver", {"liblinear": "use 'lbfgs'"}
    ... )
    Traceback (most recent call last):
    ...
    sklnn.exceptions.NotSupportedError: LogRegression does not implement solver='liblinear'...
    """
    value = getattr(estimator, name)
    try:
        reason = unsupported.get(value)
    except TypeError:  # an unhashable value: none of the refused ones
        return
    if reason is not None:
        raise NotSupportedError(
            f"{type(estimator).__name__} does not implement {name}={value!r}, which "
            f"scikit-learn accepts: {reason}. See the README, 'Coming from scikit-learn'."
        )


def check_seed(random_state, name="random_state"):
    """:func:`sklearn.utils.check_random_state`, with errors that name the parameter.

    Parameters
    ----------
    random_state : None, int or numpy.random.RandomState
        None (NumPy's global generator), a seed in ``[0, 2**32 - 1]`` or a generator.
    name : str, default="random_state"
        The parameter's name, used in the error message.

    Returns
    -------
    generator : numpy.random.RandomState

    Raises
    ------
    TypeError
        If ``random_state`` is none of these (a bool, a float, a string...).
    ValueError
        If the seed is outside ``[0, 2**32 - 1]``.

    Examples
    --------
    >>> from sklnn.utils import check_seed
    >>> check_seed(0).randint(10)
    5
    >>> check_seed(-1, "random_state")
    Traceback (most recent call last):
    ...
    ValueError: random_state must be a seed in [0, 2**32 - 1], got -1.
    """
    if random_state is None or isinstance(random_state, np.random.RandomState):
        return check_random_state(random_state)
    if isinstance(random_state, bool) or not isinstance(random_state, numbers.Integral):
        raise TypeError(
            f"{name} must be None, an int or a numpy.random.RandomState, got "
            f"{random_state!r} ({type(random_state).__name__})."
        )
    if not 0 <= random_state <= np.iinfo(np.uint32).max:
        raise ValueError(f"{name} must be a seed in [0, 2**32 - 1], got {random_state!r}.")
    return check_random_state(random_state)

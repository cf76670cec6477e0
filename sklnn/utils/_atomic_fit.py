"""Fits that commit their state only on success.

A ``fit`` (or ``partial_fit``, ``fit_transform``) sets fitted attributes as it goes:
``n_features_in_`` and ``classes_`` when the data is validated, a network's weights as it
trains. When it raises half-way (a bad parameter found late, data a solver cannot handle,
a device that is missing), those attributes must not describe a model that does not exist:
the estimator is put back as it was before the call.
"""

import copy
import functools

from sklearn.base import _fit_context


def atomic_fit(*, prefer_skip_nested_validation):
    """Decorate a fit method: validate the parameters, and undo the call if it raises.

    scikit-learn's ``_fit_context`` (hyperparameter validation against the estimator's
    ``_parameter_constraints``, the global configuration), and an estimator left exactly as
    it was before the call when the method raises (``KeyboardInterrupt`` too): every
    attribute that is not a hyperparameter is deep-copied before the call and put back.
    A first fit that raises thus leaves the estimator unfitted (``NotFittedError``), and a
    refit that raises leaves the previous fit in place, its network's weights, optimizer
    state and history included (``warm_start`` and ``partial_fit`` train them in place).

    Parameters
    ----------
    prefer_skip_nested_validation : bool
        As for ``_fit_context``: whether the estimators and functions the method calls skip
        their own parameter validation.

    Returns
    -------
    decorator : callable
        The decorator of the fit method.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.linear_model import LinearRegression
    >>> model = LinearRegression().fit([[0.0], [1.0]], [0.0, 1.0])
    >>> try:
    ...     model.fit([[0.0, 1.0], [1.0, 2.0]], [0.0])
    ... except ValueError:
    ...     pass
    >>> model.n_features_in_  # the first fit's model is still there
    1
    """

    def decorator(fit_method):
        validated_fit = _fit_context(
            prefer_skip_nested_validation=prefer_skip_nested_validation
        )(fit_method)

        @functools.wraps(fit_method)
        def wrapper(estimator, *args, **kwargs):
            saved = _saved_state(estimator)
            try:
                return validated_fit(estimator, *args, **kwargs)
            except BaseException:
                vars(estimator).clear()
                vars(estimator).update(saved)
                raise

        return wrapper

    return decorator


def _saved_state(estimator):
    """The estimator's attributes: hyperparameters as they are (a fit must not change
    them), everything else deep-copied (a fit may update it in place).

    What a fit sets is told apart by scikit-learn's naming convention, which its estimator
    checks enforce: fitted attributes end with ``_``, private ones begin with ``_``, and
    every other attribute is a hyperparameter set by ``__init__`` (asking ``get_params``
    reads ``__init__``'s signature, a tenth of a millisecond at every fit).
    """
    return {
        name: copy.deepcopy(value) if _set_by_fit(name) else value
        for name, value in vars(estimator).items()
    }


def _set_by_fit(name):
    return name.endswith("_") or name.startswith("_")

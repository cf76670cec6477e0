"""FGSM and PGD: gradient-sign attacks in the L∞ ball, clipped to the valid input range."""

import numbers
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.utils import check_array
from sklearn.utils.validation import check_is_fitted

from ..neural_network._base import BaseNeuralEstimator
from ..utils import check_number, check_option, check_seed


def fgsm(estimator, X, y, eps, *, clip=(0, 1)):
    """Fast gradient sign method: move each input by ``eps`` along the sign of its gradient.

    x′ = clip(x + ε · sign(∇ₓ L(f(x), y))), with L the loss the estimator trained on
    (cross-entropy of the logits for classifiers, squared error for regressors), which
    increases the loss as much as a first-order model allows within the L∞ ball of radius ε
    (Goodfellow, Shlens and Szegedy, "Explaining and harnessing adversarial examples",
    2014, cited in the talk ``seeds/000_5952624a66961393.txt``, "Imágenes adversarias").

    Parameters
    ----------
    estimator : fitted sklnn neural estimator
        :class:`~sklnn.neural_network.MLPClassifier`,
        :class:`~sklnn.neural_network.MLPRegressor` or
        :class:`~sklnn.neural_network.LipschitzCNN`.
    X : array-like of shape (n_samples, n_features), or images
        The inputs, as the estimator's ``predict`` takes them (4-D images for a
        ``LipschitzCNN`` too); they must lie in the ``clip`` range.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Their true labels (as in ``classes_``) or targets.
    eps : float
        Radius ε ≥ 0 of the perturbation, per feature (L∞ norm), in the units of ``X``.
    clip : (float, float) or None, default=(0, 1)
        The valid input range (pixels scaled to [0, 1]); perturbed values outside it are
        clipped to it, never rescaled. ``None`` leaves them unclipped.

    Returns
    -------
    X_adv : ndarray or DataFrame of the shape of X
        The perturbed inputs, float32 for float32 ``X``, float64 otherwise (a DataFrame
        with ``X``'s index and columns for a DataFrame); ``|X_adv − X| ≤ eps``.

    Raises
    ------
    TypeError
        If ``estimator`` is not an sklnn neural estimator.
    sklearn.exceptions.NotFittedError
        If it is not fitted.
    ValueError
        If ``eps`` is negative, NaN or infinite, ``clip`` is not an increasing pair, ``X``
        lies outside ``clip``, ``X`` or ``y`` holds NaN or infinity, ``X`` and ``y`` do not
        fit the estimator, or ``X ± eps`` overflows ``X``'s dtype or the network (no
        attack then returns infinite or NaN inputs).

    See Also
    --------
    pgd : Iterated, projected FGSM steps; a stronger attack.
    adversarial_accuracy : Accuracy on attacked inputs.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.neural_network import MLPClassifier
    >>> from sklnn.robustness import fgsm
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(size=(200, 4))
    >>> y = (X[:, 0] > X[:, 1]).astype(int)
    >>> model = MLPClassifier(hidden_layer_sizes=(16,), max_iter=30, learning_rate_init=0.01,
    ...                       random_state=0, device="cpu").fit(X, y)
    >>> X_adv = fgsm(model, X, y, eps=0.1)
    >>> bool(np.abs(X_adv - X).max() <= 0.1 + 1e-12), bool(X_adv.min() >= 0)
    (True, True)
    >>> bool(model.score(X_adv, y) < model.score(X, y))
    True
    """
    return sign_ascent("fgsm", estimator, X, y, _fgsm_params(eps, clip=clip))


def pgd(
    estimator,
    X,
    y,
    eps,
    *,
    step=None,
    n_iter=10,
    clip=(0, 1),
    random_start=True,
    random_state=None,
):
    """Projected gradient descent attack: iterated gradient-sign steps kept in the L∞ ball.

    From a random point of the ball (or from x), ``n_iter`` steps
    x ← Π(x + step · sign(∇ₓ L(f(x), y))), with Π the projection onto the intersection of
    the L∞ ball of radius ε around the original input and the valid range ``clip``
    (Madry et al., "Towards deep learning models resistant to adversarial attacks", 2018).
    FGSM is one such step of size ε from x; PGD usually finds worse points for the model.

    Parameters
    ----------
    estimator : fitted sklnn neural estimator
        :class:`~sklnn.neural_network.MLPClassifier`,
        :class:`~sklnn.neural_network.MLPRegressor` or
        :class:`~sklnn.neural_network.LipschitzCNN`.
    X : array-like of shape (n_samples, n_features), or images
        The inputs, as the estimator's ``predict`` takes them; they must lie in ``clip``.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Their true labels or targets.
    eps : float
        Radius ε ≥ 0 of the perturbation, per feature (L∞ norm).
    step : float or None, default=None
        Size of each step; ``None`` is ``2.5 · eps / n_iter`` (Madry et al.), enough to
        cross the ball and come back.
    n_iter : int, default=10
        Number of steps.
    clip : (float, float) or None, default=(0, 1)
        The valid input range; ``None`` for none.
    random_start : bool, default=True
        Start from a uniform random point of the ball rather than from ``X``.
    random_state : int, RandomState instance or None, default=None
        Draws the random start.

    Returns
    -------
    X_adv : ndarray or DataFrame of the shape of X
        The perturbed inputs, as :func:`fgsm` returns them; ``|X_adv − X| ≤ eps``.

    Raises
    ------
    TypeError
        If ``estimator`` is not an sklnn neural estimator.
    sklearn.exceptions.NotFittedError
        If it is not fitted.
    ValueError
        As :func:`fgsm`, and for a non-positive, NaN or infinite ``step`` or ``n_iter``.

    See Also
    --------
    fgsm : One gradient-sign step.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.neural_network import MLPClassifier
    >>> from sklnn.robustness import fgsm, pgd
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(size=(200, 4))
    >>> y = (X[:, 0] > X[:, 1]).astype(int)
    >>> model = MLPClassifier(hidden_layer_sizes=(16,), max_iter=30, learning_rate_init=0.01,
    ...                       random_state=0, device="cpu").fit(X, y)
    >>> X_adv = pgd(model, X, y, eps=0.1, random_state=0)
    >>> bool(np.abs(X_adv - X).max() <= 0.1 + 1e-12)
    True
    >>> bool(model.score(X_adv, y) <= model.score(fgsm(model, X, y, eps=0.1), y))
    True
    """
    params = _pgd_params(
        eps, step=step, n_iter=n_iter, clip=clip, random_start=random_start,
        random_state=random_state,
    )  # fmt: skip
    return sign_ascent("pgd", estimator, X, y, params)


class SignAscent(NamedTuple):
    """The checked parameters of a gradient-sign attack; ``clip`` is ``(low, high)`` or None."""

    eps: float
    step: float
    n_iter: int
    clip: tuple | None
    random_start: bool
    random_state: object


def _fgsm_params(eps, *, clip=(0, 1)):
    """The parameters of :func:`fgsm`, checked: one step of size ``eps`` from ``X``."""
    check_number(eps, "eps", low=0)
    return SignAscent(eps, eps, 1, _check_clip(clip), False, None)


def _pgd_params(eps, *, step=None, n_iter=10, clip=(0, 1), random_start=True,
                random_state=None):  # fmt: skip
    """The parameters of :func:`pgd`, checked; ``step=None`` is ``2.5 · eps / n_iter``."""
    check_number(eps, "eps", low=0)
    check_number(n_iter, "n_iter", kind=numbers.Integral, low=1)
    if step is None:
        step = 2.5 * eps / n_iter
    else:
        check_number(step, "step", low=0, closed="neither")
    check_option(random_start, "random_start", (True, False))
    return SignAscent(eps, step, n_iter, _check_clip(clip), random_start, random_state)


def check_neural_estimator(estimator, caller):
    """Raise unless ``estimator`` is a fitted sklnn neural estimator."""
    if not isinstance(estimator, BaseNeuralEstimator):
        raise TypeError(
            f"{caller} attacks sklnn's neural estimators (MLPClassifier, MLPRegressor, "
            f"LipschitzCNN), which expose the gradient of their loss; got "
            f"{type(estimator).__name__}."
        )
    check_is_fitted(estimator)


def sign_ascent(caller, estimator, X, y, params):
    """``params.n_iter`` gradient-sign steps of size ``params.step``, projected on the ball.

    The ball is the L∞ ball of radius ``params.eps`` around ``X``, intersected with
    ``params.clip``. The data are checked here, for every attack: ``X`` and ``y`` (finite,
    ``y`` given), the ball (representable in ``X``'s dtype) and each gradient (finite).
    """
    check_neural_estimator(estimator, caller)
    values = check_array(X, allow_nd=True, dtype=[np.float64, np.float32], input_name="X")
    _check_targets(y, caller)
    # Overflows to ±inf below are clipped back into the ball, whose bounds are finite.
    with np.errstate(over="ignore"):
        lower, upper = _ball(values, params.eps, params.clip)
        # A step beyond the largest float moves as far: ±inf · 0 would be NaN.
        step = min(params.step, float(np.finfo(values.dtype).max))
        X_adv = values
        if params.random_start:
            rng = check_seed(params.random_state)
            noise = params.eps * rng.uniform(-1, 1, size=values.shape)
            X_adv = np.clip(values + noise.astype(values.dtype), lower, upper)
        for _ in range(params.n_iter):
            gradient = estimator._loss_input_gradient(_like(X_adv, X), y)
            _check_gradient(gradient, estimator)
            direction = np.sign(gradient.reshape(values.shape), dtype=values.dtype)
            X_adv = np.clip(X_adv + step * direction, lower, upper)
    return _like(X_adv, X)


def _check_targets(y, caller):
    """Raise unless ``y`` holds one finite label or target per sample, none missing."""
    if y is None or np.ndim(y) == 0:
        raise ValueError(
            f"{caller} needs y, the true labels or targets of the samples of X, as an "
            f"array-like; got {y!r}."
        )
    targets = check_array(y, ensure_2d=False, dtype=None, input_name="y")
    if targets.dtype == object and pd.isna(targets).any():  # check_array names no y here
        raise ValueError("Input y contains NaN or None.")


def _check_clip(clip):
    """``clip`` as ``(low, high)`` floats with ``low < high``, or None."""
    if clip is None:
        return None
    try:
        low, high = (float(bound) for bound in clip)
    except (TypeError, ValueError):
        low = high = np.nan
    if not low < high:
        raise ValueError(
            f"clip must be None or a pair (low, high) with low < high, got {clip!r}."
        )
    return low, high


def _ball(values, eps, clip):
    """The bounds of the attack around ``values``: ``values ± eps``, within ``clip``."""
    lower, upper = values - eps, values + eps
    if clip is not None:
        low, high = clip
        if values.size and (values.min() < low or values.max() > high):
            raise ValueError(
                f"X holds values in [{values.min():.4g}, {values.max():.4g}], outside "
                f"clip=({low:g}, {high:g}), the valid input range of the attack. Scale X to "
                "it (e.g. pixels / 255) or pass clip=None."
            )
        lower, upper = np.maximum(lower, low), np.minimum(upper, high)
    if not np.isfinite(upper - lower).all():
        raise ValueError(
            f"eps={eps!r} is too large for X: X ± eps within clip={clip} overflows "
            f"{values.dtype}. Lower eps, scale X down or pass a finite clip range."
        )
    return lower, upper


def _check_gradient(gradient, estimator):
    if not np.isfinite(gradient).all():
        raise ValueError(
            f"The gradient of the {type(estimator).__name__}'s loss is not finite at the "
            "attacked inputs: X ± eps or y hold values too large for its network. Scale "
            "them down or lower eps."
        )


def _like(values, X):
    """``values`` as a DataFrame with the index and columns of ``X``, if ``X`` is one."""
    if isinstance(X, pd.DataFrame):
        return pd.DataFrame(values, index=X.index, columns=X.columns)
    return values

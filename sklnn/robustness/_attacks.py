"""FGSM and PGD: gradient-sign attacks in the L∞ ball, clipped to the valid input range."""

import numbers

import numpy as np
import pandas as pd
from sklearn.utils import check_array, check_random_state
from sklearn.utils.validation import check_is_fitted

from ..neural_network._base import BaseNeuralEstimator
from ..utils import check_number, check_option


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
        If ``eps`` is negative, ``clip`` is not an increasing pair, ``X`` lies outside
        ``clip``, or ``X`` and ``y`` do not fit the estimator.

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
    return _sign_ascent(
        "fgsm", estimator, X, y, eps, step=eps, n_iter=1, clip=clip, random_start=False,
        random_state=None,
    )  # fmt: skip


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
        As :func:`fgsm`, and for a non-positive ``step`` or ``n_iter``.

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
    check_number(n_iter, "n_iter", kind=numbers.Integral, low=1)
    if step is not None:
        check_number(step, "step", low=0, closed="neither")
    check_option(random_start, "random_start", (True, False))
    return _sign_ascent(
        "pgd", estimator, X, y, eps, step=step, n_iter=n_iter, clip=clip,
        random_start=random_start, random_state=random_state,
    )  # fmt: skip


def check_neural_estimator(estimator, caller):
    """Raise unless ``estimator`` is a fitted sklnn neural estimator."""
    if not isinstance(estimator, BaseNeuralEstimator):
        raise TypeError(
            f"{caller} attacks sklnn's neural estimators (MLPClassifier, MLPRegressor, "
            f"LipschitzCNN), which expose the gradient of their loss; got "
            f"{type(estimator).__name__}."
        )
    check_is_fitted(estimator)


def _sign_ascent(caller, estimator, X, y, eps, *, step, n_iter, clip, random_start,
                 random_state):  # fmt: skip
    """``n_iter`` gradient-sign steps of size ``step``, projected on the ball ∩ ``clip``.

    ``step=None`` is ``2.5 · eps / n_iter``.
    """
    check_neural_estimator(estimator, caller)
    check_number(eps, "eps", low=0)
    step = 2.5 * eps / n_iter if step is None else step
    values = check_array(X, allow_nd=True, dtype=[np.float64, np.float32])
    lower, upper = values - eps, values + eps
    if clip is not None:
        low, high = _check_clip(clip, values)
        lower, upper = np.maximum(lower, low), np.minimum(upper, high)
    X_adv = values
    if random_start:
        noise = check_random_state(random_state).uniform(-eps, eps, size=values.shape)
        X_adv = np.clip(values + noise.astype(values.dtype), lower, upper)
    for _ in range(n_iter):
        gradient = estimator._loss_input_gradient(_like(X_adv, X), y).reshape(values.shape)
        X_adv = np.clip(X_adv + step * np.sign(gradient, dtype=values.dtype), lower, upper)
    return _like(X_adv, X)


def _check_clip(clip, values):
    try:
        low, high = (float(bound) for bound in clip)
    except (TypeError, ValueError):
        low = high = np.nan
    if not low < high:
        raise ValueError(
            f"clip must be None or a pair (low, high) with low < high, got {clip!r}."
        )
    if values.size and (values.min() < low or values.max() > high):
        raise ValueError(
            f"X holds values in [{values.min():.4g}, {values.max():.4g}], outside "
            f"clip=({low:g}, {high:g}), the valid input range of the attack. Scale X to it "
            "(e.g. pixels / 255) or pass clip=None."
        )
    return low, high


def _like(values, X):
    """``values`` as a DataFrame with the index and columns of ``X``, if ``X`` is one."""
    if isinstance(X, pd.DataFrame):
        return pd.DataFrame(values, index=X.index, columns=X.columns)
    return values

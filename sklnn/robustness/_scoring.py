"""Accuracy, robustness curves and scorers on adversarially perturbed inputs."""

from inspect import signature

import numpy as np
import pandas as pd
from sklearn.base import is_classifier

from ..utils import check_option
from ._attacks import _fgsm_params, _pgd_params, check_neural_estimator, sign_ascent
from ._carlini_wagner import _cw_params, minimal_l2_attack, within_budget

# Each attack's parameter checker, ``(eps, **attack_params) -> params``.
_CHECK_PARAMS = {"fgsm": _fgsm_params, "pgd": _pgd_params, "cw": _cw_params}


def check_attack(attack, eps, attack_params):
    """The parameters of the attack named ``attack``, checked before it has data to attack.

    Parameters
    ----------
    attack : {'fgsm', 'pgd', 'cw'}
        The attack.
    eps : float
        Its radius (L∞ for FGSM and PGD, the L2 budget for C&W).
    attack_params : dict
        Its other (keyword) parameters.

    Returns
    -------
    params : SignAscent or CarliniWagner
    """
    check_option(attack, "attack", _CHECK_PARAMS)
    check_params = _CHECK_PARAMS[attack]
    accepted = [name for name in signature(check_params).parameters if name != "eps"]
    unknown = sorted(set(attack_params) - set(accepted))
    if unknown:
        raise TypeError(
            f"The {attack} attack has no parameter {unknown[0]!r}; its parameters besides eps "
            f"are {', '.join(accepted)}."
        )
    return check_params(eps, **attack_params)


def adversarial_accuracy(estimator, X, y, eps, attack="fgsm", **attack_params):
    """Accuracy of a classifier on inputs perturbed by an attack within ``eps``.

    Each sample is attacked with its true label (:func:`fgsm` or :func:`pgd` within the
    L∞ radius ``eps``; :func:`carlini_wagner_l2` with the L2 budget ``eps``, a sample then
    counting as robust if the attack fails or needs a perturbation of L2 norm above
    ``eps``), then the fraction still classified correctly is returned: the robustness
    measure the talk ``seeds/000_5952624a66961393.txt`` ("Defensa adversaria") reports
    against ε. With ``eps=0`` (and no random start) it is the plain accuracy. An attack
    only finds some of the adversarial inputs: the accuracy is an upper bound of the true
    robust accuracy.

    Parameters
    ----------
    estimator : fitted sklnn neural classifier
        :class:`~sklnn.neural_network.MLPClassifier` or
        :class:`~sklnn.neural_network.LipschitzCNN`.
    X : array-like of shape (n_samples, n_features), or images
        Inputs in the attack's ``clip`` range ([0, 1] by default).
    y : array-like of shape (n_samples,)
        True labels.
    eps : float
        Radius of the L∞ perturbation (FGSM, PGD), or L2 budget (C&W).
    attack : {'fgsm', 'pgd', 'cw'}, default='fgsm'
        The attack.
    **attack_params
        Passed to the attack (``clip``; for PGD ``step``, ``n_iter``, ``random_start``,
        ``random_state``; for C&W ``c``, ``kappa``, ``n_iter``, ``learning_rate``,
        ``binary_search_steps``).

    Returns
    -------
    accuracy : float
        The accuracy on the attacked inputs.

    Raises
    ------
    TypeError
        If ``estimator`` is not an sklnn neural classifier, or ``attack_params`` holds a
        parameter the attack does not take.
    ValueError
        If ``attack`` is unknown, or as the attack (:func:`fgsm`, :func:`pgd`,
        :func:`carlini_wagner_l2`) for bad parameters or data.

    See Also
    --------
    robustness_curve : The accuracy for several ``eps``, each attack run once per ε (C&W
        once in all).

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.neural_network import MLPClassifier
    >>> from sklnn.robustness import adversarial_accuracy
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(size=(200, 4))
    >>> y = (X[:, 0] > X[:, 1]).astype(int)
    >>> model = MLPClassifier(hidden_layer_sizes=(16,), max_iter=30, learning_rate_init=0.01,
    ...                       random_state=0, device="cpu").fit(X, y)
    >>> [round(adversarial_accuracy(model, X, y, eps), 2) == round(model.score(X, y), 2)
    ...  for eps in (0.0, 0.1)]
    [True, False]
    """
    _check_classifier(estimator, "adversarial_accuracy")
    return _attacked_score(estimator, X, y, eps, attack, attack_params)


def robustness_curve(estimator, X, y, eps, attack="fgsm", **attack_params):
    """Accuracy of a classifier against an attack, for each radius of ``eps``.

    :func:`adversarial_accuracy` at each ε, the talk's robustness measure against ε
    (``seeds/000_5952624a66961393.txt``, "Defensa adversaria"): FGSM and PGD run once per
    ε; the Carlini–Wagner attack, which looks for the smallest perturbation, runs once,
    and each ε counts the samples whose perturbation found has an L2 norm above ε (or
    that it failed to misclassify) as robust.

    Parameters
    ----------
    estimator : fitted sklnn neural classifier
        :class:`~sklnn.neural_network.MLPClassifier` or
        :class:`~sklnn.neural_network.LipschitzCNN`.
    X : array-like of shape (n_samples, n_features), or images
        Inputs in the attack's ``clip`` range ([0, 1] by default).
    y : array-like of shape (n_samples,)
        True labels.
    eps : array-like of float
        The radii, L∞ (FGSM, PGD) or L2 (C&W), each ≥ 0; at least one.
    attack : {'fgsm', 'pgd', 'cw'}, default='fgsm'
        The attack.
    **attack_params
        Passed to the attack, as in :func:`adversarial_accuracy`.

    Returns
    -------
    curve : pandas.DataFrame
        Columns ``eps`` and ``accuracy``, one row per radius, in the order given.

    Raises
    ------
    TypeError
        As :func:`adversarial_accuracy`.
    ValueError
        If ``eps`` is not a non-empty 1-D array-like of radii, or as
        :func:`adversarial_accuracy`; every radius is checked before any attack runs.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.neural_network import MLPClassifier
    >>> from sklnn.robustness import robustness_curve
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(size=(200, 4))
    >>> y = (X[:, 0] > X[:, 1]).astype(int)
    >>> model = MLPClassifier(hidden_layer_sizes=(16,), max_iter=30, learning_rate_init=0.01,
    ...                       random_state=0, device="cpu").fit(X, y)
    >>> curve = robustness_curve(model, X, y, [0.0, 0.1, 0.5], attack="cw", c=10.0)
    >>> curve.columns.tolist(), bool(curve.accuracy.is_monotonic_decreasing)
    (['eps', 'accuracy'], True)
    """
    _check_classifier(estimator, "robustness_curve")
    radii = _check_radii(eps)
    params = [check_attack(attack, radius, attack_params) for radius in radii]
    if attack == "cw":
        X_adv, distances = minimal_l2_attack("carlini_wagner_l2", estimator, X, y, params[0])
        accuracies = [
            estimator.score(within_budget(X, X_adv, distances, radius), y) for radius in radii
        ]
    else:
        accuracies = [
            _attacked_score(estimator, X, y, radius, attack, attack_params) for radius in radii
        ]
    return pd.DataFrame({"eps": radii, "accuracy": accuracies})


def _check_classifier(estimator, caller):
    check_neural_estimator(estimator, caller)
    if not is_classifier(estimator):
        raise TypeError(
            f"{caller} needs a classifier, got the regressor "
            f"{type(estimator).__name__}; score attacked inputs with "
            "make_adversarial_scorer (R² for regressors) instead."
        )


def _check_radii(eps):
    """``eps`` as a non-empty 1-D float array (each radius is checked by its attack)."""
    try:
        radii = np.asarray(eps, dtype=np.float64)
    except (TypeError, ValueError):
        radii = None
    if radii is None or radii.ndim != 1 or radii.size == 0:
        raise ValueError(
            f"eps must be a non-empty 1-D array-like of radii, got {eps!r}."
        )
    return radii


def _attacked_score(estimator, X, y, eps, attack, attack_params):
    params = check_attack(attack, eps, attack_params)
    if attack == "cw":
        X_adv, distances = minimal_l2_attack("carlini_wagner_l2", estimator, X, y, params)
        X_adv = within_budget(X, X_adv, distances, eps)
    else:
        X_adv = sign_ascent(attack, estimator, X, y, params)
    return estimator.score(X_adv, y)


class _AdversarialScorer:
    """``scorer(estimator, X, y)``: the estimator's ``score`` on attacked inputs."""

    def __init__(self, eps, attack, attack_params):
        self.eps = eps
        self.attack = attack
        self.attack_params = attack_params

    def __call__(self, estimator, X, y):
        return _attacked_score(estimator, X, y, self.eps, self.attack, self.attack_params)

    def __repr__(self):
        params = "".join(f", {key}={value!r}" for key, value in self.attack_params.items())
        return f"make_adversarial_scorer(eps={self.eps!r}, attack={self.attack!r}{params})"


def make_adversarial_scorer(eps, attack="fgsm", **attack_params):
    """Make a scorer of the score on adversarially attacked inputs, for ``scoring=``.

    The scorer ``scorer(estimator, X, y)`` attacks ``X`` with its labels (:func:`fgsm`,
    :func:`pgd` or :func:`carlini_wagner_l2` within ``eps``) and returns
    ``estimator.score`` on the result: the adversarial accuracy for classifiers
    (:func:`adversarial_accuracy`), R² for regressors.
    Pass it as ``scoring=`` to ``GridSearchCV``, ``cross_validate`` or
    ``cross_val_score``, alone or in a dict with other metrics, to tune or compare models
    for robustness. The estimator must be an sklnn neural
    estimator fed inputs in the attack's ``clip`` range (not a ``Pipeline``: the attack
    perturbs the estimator's own inputs).

    Parameters
    ----------
    eps : float
        Radius of the L∞ perturbation (FGSM, PGD), or L2 budget (C&W).
    attack : {'fgsm', 'pgd', 'cw'}, default='fgsm'
        The attack.
    **attack_params
        Passed to the attack (``clip``, and ``step``, ``n_iter``, ``random_start``,
        ``random_state`` for PGD; ``c``, ``kappa``, ``n_iter``, ``learning_rate``,
        ``binary_search_steps`` for C&W).

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y) -> float``, greater is better.

    Raises
    ------
    ValueError
        If ``eps`` or another parameter of the attack is invalid (NaN, infinite, out of
        range) or ``attack`` unknown: at creation, not when the scorer first runs.
    TypeError
        If ``attack_params`` holds a parameter the attack does not take, or one of the
        wrong type.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.model_selection import cross_validate
    >>> from sklnn.neural_network import MLPClassifier
    >>> from sklnn.robustness import make_adversarial_scorer
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(size=(200, 4))
    >>> y = (X[:, 0] > X[:, 1]).astype(int)
    >>> model = MLPClassifier(hidden_layer_sizes=(16,), max_iter=30, learning_rate_init=0.01,
    ...                       random_state=0, device="cpu")
    >>> scoring = {"accuracy": "accuracy", "fgsm": make_adversarial_scorer(eps=0.1)}
    >>> scores = cross_validate(model, X, y, cv=3, scoring=scoring)
    >>> bool(scores["test_fgsm"].mean() < scores["test_accuracy"].mean())
    True
    """
    check_attack(attack, eps, attack_params)
    return _AdversarialScorer(eps, attack, attack_params)

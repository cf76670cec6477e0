"""Accuracy and scorers on adversarially perturbed inputs."""

from sklearn.base import is_classifier

from ._attacks import check_attack, check_neural_estimator, sign_ascent


def adversarial_accuracy(estimator, X, y, eps, attack="fgsm", **attack_params):
    """Accuracy of a classifier on inputs perturbed by an attack within ``eps``.

    Each sample is attacked with its true label (:func:`fgsm` or :func:`pgd`), then the
    fraction still classified correctly is returned: the robustness measure the talk
    ``seeds/000_5952624a66961393.txt`` ("Defensa adversaria") reports against ε. With
    ``eps=0`` (and no random start) it is the plain accuracy.

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
        Radius of the L∞ perturbation.
    attack : {'fgsm', 'pgd'}, default='fgsm'
        The attack.
    **attack_params
        Passed to the attack (``clip``; for PGD ``step``, ``n_iter``, ``random_start``,
        ``random_state``).

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
        If ``attack`` is unknown, or as the attack (:func:`fgsm`, :func:`pgd`) for bad
        parameters or data.

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
    check_neural_estimator(estimator, "adversarial_accuracy")
    if not is_classifier(estimator):
        raise TypeError(
            f"adversarial_accuracy needs a classifier, got the regressor "
            f"{type(estimator).__name__}; score attacked inputs with "
            "make_adversarial_scorer (R² for regressors) instead."
        )
    return _attacked_score(estimator, X, y, eps, attack, attack_params)


def _attacked_score(estimator, X, y, eps, attack, attack_params):
    X_adv = sign_ascent(attack, estimator, X, y, check_attack(attack, eps, attack_params))
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

    The scorer ``scorer(estimator, X, y)`` attacks ``X`` with its labels (:func:`fgsm` or
    :func:`pgd` within ``eps``) and returns ``estimator.score`` on the result: the
    adversarial accuracy for classifiers (:func:`adversarial_accuracy`), R² for regressors.
    Pass it as ``scoring=`` to ``GridSearchCV``, ``cross_validate`` or
    ``cross_val_score``, alone or in a dict with other metrics, to tune or compare models
    for robustness. The estimator must be an sklnn neural
    estimator fed inputs in the attack's ``clip`` range (not a ``Pipeline``: the attack
    perturbs the estimator's own inputs).

    Parameters
    ----------
    eps : float
        Radius of the L∞ perturbation.
    attack : {'fgsm', 'pgd'}, default='fgsm'
        The attack.
    **attack_params
        Passed to the attack (``clip``, and ``step``, ``n_iter``, ``random_start``,
        ``random_state`` for PGD).

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

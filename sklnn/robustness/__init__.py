"""Adversarial robustness of sklnn's neural estimators.

Gradient-sign attacks in the L∞ ball, ``fgsm`` (one step) and ``pgd`` (projected iterations),
which perturb inputs within ``eps`` per feature and clip them to the valid input range (never
rescale them); the Carlini–Wagner L2 attack ``carlini_wagner_l2``, which looks for the
smallest L2 perturbation that changes the class; ``adversarial_accuracy``, a classifier's
accuracy on the attacked inputs, and ``robustness_curve``, that accuracy for several ε; and
``make_adversarial_scorer``, the same as a ``scoring=`` for ``GridSearchCV`` and
``cross_validate``. The talk ``seeds/000_5952624a66961393.txt`` ("Imágenes adversarias",
"Defensa adversaria") evaluates LBA regularization this way.
"""

from ._attacks import fgsm, pgd
from ._carlini_wagner import carlini_wagner_l2
from ._scoring import adversarial_accuracy, make_adversarial_scorer, robustness_curve

__all__ = [
    "adversarial_accuracy",
    "carlini_wagner_l2",
    "fgsm",
    "make_adversarial_scorer",
    "pgd",
    "robustness_curve",
]

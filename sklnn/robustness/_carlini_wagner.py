"""The Carlini–Wagner L2 attack: the smallest L2 perturbation that changes the prediction."""

import numbers
from typing import NamedTuple

import numpy as np
import torch
from sklearn.base import is_classifier
from sklearn.utils import check_array

from ..utils import check_number
from ._attacks import _ball, _check_clip, _check_targets, _like, check_neural_estimator

# tanh⁻¹ of the box's edges is infinite: the inputs are pulled this far inside it first.
_TANH_MARGIN = 1e-6


class CarliniWagner(NamedTuple):
    """The checked parameters of :func:`carlini_wagner_l2`; ``eps`` is an L2 budget."""

    eps: float
    c: float
    kappa: float
    n_iter: int
    learning_rate: float
    binary_search_steps: int
    clip: tuple | None


def carlini_wagner_l2(
    estimator,
    X,
    y,
    *,
    c=1.0,
    kappa=0.0,
    n_iter=100,
    learning_rate=0.1,
    binary_search_steps=1,
    clip=(0, 1),
):
    """Carlini–Wagner L2 attack: the smallest perturbation found that changes the class.

    For each input x of label y, minimises ``‖x′ − x‖²₂ + c · max(Z_y(x′) − max_{i≠y}
    Z_i(x′), −κ)`` over x′, with Z the network's logits (N. Carlini, D. Wagner, "Towards
    evaluating the robustness of neural networks", IEEE S&P 2017, §V: the L2 attack with
    the objective f₆ and the change of variables of §V.B). The box ``clip = (low, high)``
    holds by construction: x′ = low + (high − low) · (tanh(w) + 1) / 2, and ``n_iter``
    Adam steps of rate ``learning_rate`` minimise over w (with ``clip=None``, over x′
    itself). Among the iterates that the network misclassifies with a margin κ, the
    closest to x is kept. With ``binary_search_steps`` > 1 the attack restarts with, per
    sample, c halved towards the last success or multiplied by 10 after a failure (the
    paper's binary search over c); one step keeps c fixed. Unlike :func:`fgsm` and
    :func:`pgd`, no ε is given: the attack looks for the smallest perturbation, and
    :func:`adversarial_accuracy` with ``attack='cw'`` counts an input as robust when the
    perturbation found is larger than its L2 budget ``eps``.

    Parameters
    ----------
    estimator : fitted sklnn neural classifier
        :class:`~sklnn.neural_network.MLPClassifier` or
        :class:`~sklnn.neural_network.LipschitzCNN` (single-label: binary or multiclass).
    X : array-like of shape (n_samples, n_features), or images
        The inputs, as the estimator's ``predict`` takes them; they must lie in ``clip``.
    y : array-like of shape (n_samples,)
        Their true labels.
    c : float, default=1.0
        Weight c > 0 of the misclassification term against the squared distance (the
        first c of the binary search).
    kappa : float, default=0.0
        Confidence κ ≥ 0: the logit of the true class must fall κ below another's.
    n_iter : int, default=100
        Adam steps per value of c.
    learning_rate : float, default=0.1
        Adam's learning rate. The paper's 1e-2 goes with up to 10 000 steps: in 100 steps
        it cannot move the inputs that start on the box's edge (pixels at 0 or 1, deep in
        tanh's saturation, w ≈ ±7), which Adam moves by about ``learning_rate`` per step.
    binary_search_steps : int, default=1
        Values of c tried per sample (1: c fixed), each a new run of ``n_iter`` steps: a
        stronger attack, as many times slower. On 200 MNIST test images and the default
        LipschitzCNN trained 5 epochs on 2 000 images, c=1 alone failed on 55 images that
        4 steps of the search (from c=1) misclassified, all at L2 distances above 1.5
        (accuracy within L2 budgets 0.5, 1, 1.5, 2, 3: 0.775, 0.585, 0.43, 0.305, 0.275
        at c=1; 0.775, 0.585, 0.43, 0.23, 0.055 with the search).
    clip : (float, float) or None, default=(0, 1)
        The valid input range, kept by the tanh change of variables; ``None`` for none.

    Returns
    -------
    X_adv : ndarray or DataFrame of the shape of X
        The closest misclassified input found for each sample, or the sample itself
        where none was found (nor where the network misclassifies it already: there the
        attack keeps the closest point it visits, x moved by about 1e-6 of the clip range
        or less), in X's dtype (float32 for float32 X, float64 otherwise); within
        ``clip``.

    Raises
    ------
    TypeError
        If ``estimator`` is not an sklnn neural classifier.
    ValueError
        If a parameter is out of range (NaN, infinite, non-positive ``c``,
        ``learning_rate``, ``n_iter`` or ``binary_search_steps``, negative ``kappa``),
        ``clip`` is not an increasing pair, ``X`` lies outside it, ``X`` or ``y`` hold NaN
        or infinity or do not fit the estimator, or the estimator is multilabel.

    See Also
    --------
    adversarial_accuracy : Accuracy against the attack within an L2 budget.
    robustness_curve : Accuracy against an attack for each of several budgets.
    pgd : The L∞ gradient-sign attack.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.neural_network import MLPClassifier
    >>> from sklnn.robustness import carlini_wagner_l2
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(size=(200, 4))
    >>> y = (X[:, 0] > X[:, 1]).astype(int)
    >>> model = MLPClassifier(hidden_layer_sizes=(16,), max_iter=30, learning_rate_init=0.01,
    ...                       random_state=0, device="cpu").fit(X, y)
    >>> X_adv = carlini_wagner_l2(model, X, y, c=10.0)
    >>> bool(model.score(X_adv, y) < 0.2), bool(X_adv.min() >= 0 and X_adv.max() <= 1)
    (True, True)
    """
    params = _cw_params(
        0.0, c=c, kappa=kappa, n_iter=n_iter, learning_rate=learning_rate,
        binary_search_steps=binary_search_steps, clip=clip,
    )  # fmt: skip
    return minimal_l2_attack("carlini_wagner_l2", estimator, X, y, params)[0]


def _cw_params(
    eps, *, c=1.0, kappa=0.0, n_iter=100, learning_rate=0.1, binary_search_steps=1, clip=(0, 1)
):
    """The parameters of :func:`carlini_wagner_l2`, checked, with the L2 budget ``eps``."""
    check_number(eps, "eps", low=0)
    check_number(c, "c", low=0, closed="neither")
    check_number(kappa, "kappa", low=0)
    check_number(n_iter, "n_iter", kind=numbers.Integral, low=1)
    check_number(learning_rate, "learning_rate", low=0, closed="neither")
    check_number(binary_search_steps, "binary_search_steps", kind=numbers.Integral, low=1)
    return CarliniWagner(
        eps, c, kappa, n_iter, learning_rate, binary_search_steps, _check_clip(clip)
    )


def minimal_l2_attack(caller, estimator, X, y, params):
    """Run the C&W L2 attack; return ``X_adv`` (like X) and each sample's L2 distance.

    The distance is ``inf`` where the attack failed (``X_adv`` is then the sample itself).
    """
    check_neural_estimator(estimator, caller)
    values = check_array(X, allow_nd=True, dtype=[np.float64, np.float32], input_name="X")
    _check_targets(y, caller)
    _ball(values, 0.0, params.clip)  # X within clip
    classes = _true_classes(estimator, y, caller)
    inputs = estimator._validated_input(_like(values, X))
    module = estimator.net_.module_.eval()
    parameter = next(module.parameters())
    best = np.array(inputs, dtype=values.dtype)
    distances = np.full(len(inputs), np.inf)
    batch = estimator._inference_batch_size
    for start in range(0, len(inputs), batch):
        rows = slice(start, start + batch)
        x = torch.tensor(inputs[rows], dtype=parameter.dtype, device=parameter.device)
        found, found_distances = _attack_batch(module, x, classes[rows].to(x.device), params)
        best[rows] = found.cpu().numpy()
        distances[rows] = found_distances.cpu().numpy()
    return _like(best.reshape(values.shape), X), distances


def within_budget(X, X_adv, distances, eps):
    """``X_adv`` where the perturbation's L2 norm is at most ``eps``, else ``X``."""
    values = np.asarray(X)
    inside = (distances <= eps).reshape(-1, *[1] * (values.ndim - 1))
    return _like(np.where(inside, np.asarray(X_adv), values), X)


def _true_classes(estimator, y, caller):
    """The index of each sample's class among the logits (binary: 0 or 1 of [0, z])."""
    if not is_classifier(estimator):
        raise TypeError(
            f"{caller} attacks classifiers, got the regressor {type(estimator).__name__}."
        )
    if estimator._label_binarizer.y_type_.startswith("multilabel"):
        raise ValueError(
            f"{caller} attacks single-label classifiers; the {type(estimator).__name__} "
            "was fitted on multilabel y."
        )
    target = estimator._loss_target(y)
    return target.reshape(-1).long()


def _logits(module, x):
    """The logits of each class: the network's, or ``[0, z]`` for one logistic output z."""
    z = module(x)
    return torch.cat([torch.zeros_like(z), z], dim=1) if z.shape[1] == 1 else z


def _margins(logits, classes):
    """``Z_y − max_{i≠y} Z_i`` of each sample: negative when it is misclassified."""
    true = logits.gather(1, classes[:, None])[:, 0]
    others = logits.scatter(1, classes[:, None], -torch.inf)
    return true - others.max(dim=1).values


def _attack_batch(module, x, classes, params):
    """The C&W search on one batch: the closest successful ``x′`` and its distance."""
    to_box, w_start = _change_of_variables(x, params.clip)
    best, best_distances = x.clone(), torch.full_like(x[:, 0], torch.inf)
    c = torch.full_like(best_distances, params.c)
    lower = torch.zeros_like(c)
    upper = torch.full_like(c, torch.inf)
    for _ in range(params.binary_search_steps):
        succeeded = torch.zeros(len(x), dtype=torch.bool, device=x.device)
        w = w_start.clone().requires_grad_(True)
        optimizer = torch.optim.Adam([w], lr=params.learning_rate)
        for step in range(params.n_iter + 1):  # the last iterate is judged, not stepped from
            x_adv = to_box(w)
            squared = (x_adv - x).flatten(1).pow(2).sum(dim=1)
            margins = _margins(_logits(module, x_adv), classes)
            with torch.no_grad():
                success = margins < -params.kappa
                distances = squared.sqrt()
                closer = success & (distances < best_distances)
                best[closer] = x_adv[closer]
                best_distances[closer] = distances[closer]
                succeeded |= success
            if step == params.n_iter:
                break
            loss = (squared + c * torch.clamp(margins, min=-params.kappa)).sum()
            (w.grad,) = torch.autograd.grad(loss, [w])  # not into the network's weights
            optimizer.step()
        upper = torch.where(succeeded, torch.minimum(upper, c), upper)
        lower = torch.where(succeeded, lower, torch.maximum(lower, c))
        c = torch.where(torch.isinf(upper), c * 10, (lower + upper) / 2)
    return best.detach(), best_distances


def _change_of_variables(x, clip):
    """``(to_box, w₀)``: x′ = to_box(w) lies in ``clip`` for every w, and to_box(w₀) ≈ x."""
    if clip is None:
        return (lambda w: w), x.detach().clone()
    low, high = clip
    half = (high - low) / 2

    def to_box(w):
        return low + half * (torch.tanh(w) + 1)

    return to_box, torch.atanh(((x - low) / half - 1) * (1 - _TANH_MARGIN))

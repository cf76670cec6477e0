"""Chapter 3 of the course textbook replayed through sklnn's public API: the perceptron's
AND example step by step (§3.2.5), AND and OR learnable and XOR not, and SGD with momentum
(§3.9.2).

The textbook is ``shared/seeds/002_8afdf4385d37aa7d.txt`` (Spanish); "line" below is a
line of that file.
"""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.exceptions import ConvergenceWarning

from sklnn.linear_model import Perceptron
from sklnn.neural_network import MLPClassifier, MLPRegressor

# §3.2.5, lines 2251-2276: the inputs of the logic gates and their labels.
GATES = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
AND = np.array([0, 0, 0, 1])
OR = np.array([0, 1, 1, 1])
XOR = np.array([0, 1, 1, 0])


def and_neuron_after(steps):
    """The AND neuron of §3.2.5 after ``steps`` updates from Φ = [ϕ₀, ϕ₁, ϕ₂] = [0, 0, 0.2].

    The book's neuron with the BCE loss (Code 3.1, lines 2178-2225) is sklnn's
    ``Perceptron``, on the book's design matrix [1, x₁, x₂] (``fit_intercept=False``, so
    that Φ moves as the book's, not on centred features), α = 1 (line 2249), from the
    book's start (``coef_init``), a fixed number of steps (``tol=0``).
    """
    design = np.column_stack([np.ones(len(GATES)), GATES])
    model = Perceptron(fit_intercept=False, learning_rate=1.0, max_iter=steps, tol=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a fixed number of steps
        model.fit(design, AND, coef_init=[0.0, 0.0, 0.2])
    return model, design


def test_and_perceptron_first_step():
    # Lines 2253-2263: ŷ = [0.5, 0.549834, 0.5, 0.549834], inc = [0.274917, 0.0124585,
    # 0.024917], then Φ = [−0.274917, −0.0124585, 0.175083] and
    # ŷ = [0.43170038, 0.47506221, 0.42864651, 0.47195634]. (Line 2254 prints the
    # aggregation as "a = [0, 0.20, 0.2]": it is [0, 0.2, 0, 0.2], one value per input.)
    model, design = and_neuron_after(1)
    assert_allclose(model.coef_[0], [-0.274917, -0.0124585, 0.175083], atol=5e-7)
    assert_allclose(model.predict_proba(design)[:, 1],
                    [0.43170038, 0.47506221, 0.42864651, 0.47195634], atol=5e-9)


def test_and_perceptron_printed_after_20_steps_is_after_19_updates():
    # Lines 2266-2269, "(luego de 20 pasos)": Φ = [−1.91755057, 0.98649461, 1.05394902],
    # ŷ = [0.12813496, 0.29658743, 0.28271053, 0.53068466]. The book is off by one: these
    # are Φ after 19 updates and ŷ of that Φ; after 20 updates Φ = [−1.97708, 1.03315,
    # 1.09713].
    model, design = and_neuron_after(19)
    assert model.n_iter_ == 19
    assert_allclose(model.coef_[0], [-1.91755057, 0.98649461, 1.05394902], atol=5e-9)
    assert_allclose(model.predict_proba(design)[:, 1],
                    [0.12813496, 0.29658743, 0.28271053, 0.53068466], atol=5e-9)
    assert_allclose(and_neuron_after(20)[0].coef_[0], [-1.97708, 1.03315, 1.09713], atol=5e-6)


@pytest.mark.parametrize("gate", [AND, OR], ids=["AND", "OR"])
def test_perceptron_learns_and_and_or(gate):
    # §3.2.5, lines 2245-2247: AND and OR are linearly separable, and the perceptron with
    # α = 1 (line 2249) learns them. On separable classes the loss falls for ever as the
    # weights grow: tol=1e-2 stops it after about 200 steps, well after the labels are right.
    for seed in range(3):
        model = Perceptron(learning_rate=1.0, max_iter=1000, tol=1e-2, random_state=seed)
        assert_array_equal(model.fit(GATES, gate).predict(GATES), gate)


def test_perceptron_cannot_learn_xor_and_a_hidden_layer_can():
    # Lines 2274-2276 ask what happens with XOR: one neuron draws one line, and no line
    # puts (0, 1), (1, 0) on one side and (0, 0), (1, 1) on the other, so at most 3 of the
    # 4 are right. The multilayer perceptron of §3.3 (line 2278) learns it.
    for seed in range(3):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = Perceptron(learning_rate=1.0, max_iter=2000, random_state=seed)
            assert model.fit(GATES, XOR).score(GATES, XOR) <= 0.75
    mlp = MLPClassifier(hidden_layer_sizes=(4,), activation="tanh", solver="lbfgs",
                        random_state=0).fit(GATES, XOR)
    assert_array_equal(mlp.predict(GATES), XOR)


def test_momentum_of_section_3_9_2():
    # Eqs. 3.54-3.55 (lines 3434-3435): V_t = ρV_{t−1} + α∇L(Θ_{t−1}), Θ_t = Θ_{t−1} − V_t.
    # The book works no example; on L(θ) = θ²/2 (∇L = θ) with α = 0.1, ρ = 0.9 and θ₀ = 1:
    # V = 0.1, 0.18, 0.234, 0.2592 and θ = 0.9, 0.72, 0.486, 0.2268. sklnn's MLPs step by
    # torch's SGD, V_t = ρV_{t−1} + ∇L, Θ_t = Θ_{t−1} − αV_t: the same path for a constant
    # α. Replayed on a network with no hidden layer and a single input x = 0, whose output
    # is its bias b: the squared loss is ½(b − 0)², so θ = b, one sample per partial_fit is
    # one step, and partial_fit keeps the momentum from one call to the next. θ₀ is the
    # network's random initial bias, read off the first step's loss ½θ₀² (loss_curve_); θ
    # scales with it, as every step is linear in θ.
    model = MLPRegressor(hidden_layer_sizes=(), solver="sgd", learning_rate_init=0.1,
                         momentum=0.9, nesterovs_momentum=False, alpha=0.0, batch_size=1,
                         random_state=0)
    path = []
    for _ in range(4):
        model.partial_fit(np.zeros((1, 1)), [0.0])
        path.append(model.intercepts_[0][0])
    theta_0 = np.sign(path[0]) * np.sqrt(2 * model.loss_curve_[0])
    assert_allclose(np.array(path) / theta_0, [0.9, 0.72, 0.486, 0.2268], rtol=1e-5)

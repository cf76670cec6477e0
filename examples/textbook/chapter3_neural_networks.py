"""Chapter 3 of the course textbook with sklnn: the perceptron and SGD with momentum.

Replays the book's examples with sklnn's public estimators and prints their numbers:

- §3.2.5: the AND neuron step by step from Φ = [ϕ₀, ϕ₁, ϕ₂] = [0, 0, 0.2] with α = 1.
  The neuron with the BCE loss is logistic regression by gradient descent, so
  ``LogRegression(solver='gd')`` replays it on the design matrix [1, x₁, x₂], with the
  book's start as a warm start. The values the book prints "after 20 steps" are those
  after 19 updates;
- §3.2.5: the perceptron learns AND and OR but not XOR, which an MLP with one hidden layer
  (§3.3) learns; the figure draws their decision regions;
- §3.9.2, Eqs. 3.54-3.55: momentum on L(θ) = θ²/2 with α = 0.1 and ρ = 0.9 takes θ from
  1 to 0.9, 0.72, 0.486, ... Replayed by ``MLPRegressor(hidden_layer_sizes=())``, whose
  only parameter that moves is its bias, one ``partial_fit`` per step.

    python examples/textbook/chapter3_neural_networks.py               # 30 momentum steps
    python examples/textbook/chapter3_neural_networks.py --quick       # 10, for the tests
    python examples/textbook/chapter3_neural_networks.py --out figures # folder of the figure
"""

import argparse
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.exceptions import ConvergenceWarning

from sklnn.linear_model import LogRegression, Perceptron
from sklnn.neural_network import MLPClassifier, MLPRegressor
from sklnn.plotting import plot_decision_boundary, save_figure

SEED = 0
GATES = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
LABELS = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "XOR": [0, 1, 1, 0]}


def and_neuron_steps(steps):
    """The AND neuron of §3.2.5, Φ and ŷ after each of ``steps`` updates, α = 1.

    Each ``fit`` takes one gradient step (``max_iter=1``) from the previous fit's weights
    (``warm_start``); the first starts from the book's Φ = [0, 0, 0.2].
    """
    design = np.column_stack([np.ones(len(GATES)), GATES])
    model = LogRegression(solver="gd", C=np.inf, fit_intercept=False, learning_rate=1.0,
                          max_iter=1, tol=0, warm_start=True)
    model.coef_, model.intercept_ = np.array([[0.0, 0.0, 0.2]]), np.zeros(1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # one step is not convergence
        for _ in range(steps):
            model.fit(design, LABELS["AND"])
            yield model.coef_[0], model.predict_proba(design)[:, 1]


def momentum_path(steps):
    """θ_t / θ₀ for t = 1..steps under Eqs. 3.54-3.55, α = 0.1, ρ = 0.9, L = θ²/2."""
    model = MLPRegressor(hidden_layer_sizes=(), solver="sgd", learning_rate_init=0.1,
                         momentum=0.9, nesterovs_momentum=False, alpha=0.0, batch_size=1,
                         random_state=SEED)
    path = []
    for _ in range(steps):
        model.partial_fit(np.zeros((1, 1)), [0.0])  # output = bias: L = ½ bias²
        path.append(model.intercepts_[0][0])
    theta_0 = np.sign(path[0]) * np.sqrt(2 * model.loss_curve_[0])  # first loss, ½θ₀²
    return np.array(path) / theta_0


def draw_gates(out):
    """The decision regions of the perceptron on AND, OR, XOR and of an MLP on XOR."""
    fig, axes = plt.subplots(1, 4, figsize=(16, 4.2), layout="constrained")
    models = [(gate, Perceptron(learning_rate=1.0, max_iter=1000, tol=1e-2,
                                random_state=SEED)) for gate in LABELS]
    models.append(("XOR", MLPClassifier(hidden_layer_sizes=(4,), activation="tanh",
                                        solver="lbfgs", random_state=SEED)))
    print("§3.2.5, training accuracy on the four inputs")
    for ax, (gate, model) in zip(axes, models):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # XOR: no line separates it
            accuracy = model.fit(GATES, LABELS[gate]).score(GATES, LABELS[gate])
        name = type(model).__name__
        print(f"  {name:<13} {gate:<3} {accuracy:.2f}")
        plot_decision_boundary(model, GATES.astype(float), LABELS[gate], ax=ax)
        ax.set_title(f"{name} on {gate}: accuracy {accuracy:.2f}")
    save_figure(fig, out / "section_3_2_5_logic_gates.png")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 momentum steps")
    parser.add_argument("--out", type=Path, default=Path("examples_output/textbook/chapter3"),
                        help="folder of the PNG figures (created if needed)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    np.set_printoptions(precision=8, suppress=True)
    print("§3.2.5, the AND neuron from Φ = [0, 0, 0.2], α = 1")
    for step, (phi, y_hat) in enumerate(and_neuron_steps(20), start=1):
        if step in (1, 2, 19, 20):
            print(f"  after {step:>2} updates  Φ = {phi}  ŷ = {y_hat}")
    draw_gates(args.out)
    path = momentum_path(10 if args.quick else 30)
    print("§3.9.2, momentum α = 0.1, ρ = 0.9 on θ²/2 from θ₀ = 1")
    print(f"  θ = {np.round(path[:4], 6)} ...")
    fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
    ax.plot(np.arange(len(path) + 1), np.r_[1.0, path], marker="o")
    ax.axhline(0, color="gray", linewidth=0.8)
    ax.set(xlabel="step t", ylabel="θ_t", title="SGD with momentum (Eqs. 3.54-3.55)")
    save_figure(fig, args.out / "section_3_9_2_momentum.png")
    print(f"figures in {args.out}")


if __name__ == "__main__":
    main()

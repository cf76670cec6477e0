"""The fixed cost of a fit: sklnn's MLPClassifier over scikit-learn's on one epoch.

With one epoch of a small network, a fit is mostly what surrounds the training: the
validation of the data and the hyperparameters, the label encoding, building the network
and its optimizer, seeding, the fitted attributes. Both estimators fit the same network
((100,), Adam, learning rate 1e-3, batch 64, no L2 penalty, no early stopping) on iris
(150×4, standardised) and digits (1 797×64, pixels in [0, 1]), in float64, on one
thread. Reported: the median fit time of interleaved runs (each contender warmed up
first) and its ratio sklnn / scikit-learn; below 1 sklnn is faster. ``--epochs 30`` gives
issue 16's protocol for these two problems (``bench_mlp_vs_sklearn.py`` has the others).

    python benchmarks/bench_fit_overhead.py              # 1 epoch, 41 runs each
    python benchmarks/bench_fit_overhead.py --epochs 30  # 15 runs each
    python benchmarks/bench_fit_overhead.py --quick      # 5 runs, checks the script runs
"""

import argparse
import sys
from functools import partial
from pathlib import Path

import torch
from sklearn.datasets import load_digits, load_iris
from sklearn.neural_network import MLPClassifier as SklearnMLPClassifier
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _mlp_work import fit_mlp  # noqa: E402
from _timing import median_times  # noqa: E402

from sklnn.neural_network import MLPClassifier  # noqa: E402


def problems():
    """{name: (X, y)}, X in float64."""
    X_iris, y_iris = load_iris(return_X_y=True)
    X_digits, y_digits = load_digits(return_X_y=True)
    return {
        "iris 150x4": (StandardScaler().fit_transform(X_iris), y_iris),
        "digits 1797x64": (X_digits / 16, y_digits),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1, help="epochs of each fit (1)")
    parser.add_argument("--quick", action="store_true", help="5 runs")
    args = parser.parse_args(argv)
    repeats = 5 if args.quick else (41 if args.epochs == 1 else 15)
    torch.set_num_threads(1)
    print(
        f"Fit milliseconds, {args.epochs} epoch(s), median of {repeats} interleaved runs, "
        "one thread"
    )
    print(f"{'problem':<16} {'sklnn':>8} {'sklearn':>8} {'sklnn/sklearn':>14}")
    work = {"hidden": (100,), "batch_size": 64, "epochs": args.epochs}
    with threadpool_limits(limits=1):
        for name, (X, y) in problems().items():
            candidates = {
                "sklnn": partial(fit_mlp, MLPClassifier, X, y, **work),
                "sklearn": partial(fit_mlp, SklearnMLPClassifier, X, y, **work),
            }
            for function in candidates.values():  # warm up
                function()
            medians = median_times(candidates, repeats)
            ratio = medians["sklnn"] / medians["sklearn"]
            sklnn_ms, sklearn_ms = 1e3 * medians["sklnn"], 1e3 * medians["sklearn"]
            print(f"{name:<16} {sklnn_ms:8.2f} {sklearn_ms:8.2f} {ratio:14.2f}")


if __name__ == "__main__":
    main()

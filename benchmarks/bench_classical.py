"""Fit-time of each classical sklnn estimator against its scikit-learn counterpart.

Both run in this process, on the same data, interleaved; the table shows the median of
``--repeats`` runs and the ratio sklnn / scikit-learn (below 1 means sklnn is faster).

    python benchmarks/bench_classical.py            # the workloads of issue 2
    python benchmarks/bench_classical.py --quick    # tiny sizes, checks the script runs
"""

import argparse
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn import cluster as sk_cluster
from sklearn import decomposition as sk_decomposition
from sklearn import linear_model as sk_linear_model
from sklearn.datasets import make_blobs, make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_times  # noqa: E402

from sklnn.cluster import DBSCAN, KMeans  # noqa: E402
from sklnn.datasets import load_dataset  # noqa: E402
from sklnn.decomposition import PCA  # noqa: E402
from sklnn.linear_model import LinearRegression, LogRegression, SoftmaxReg  # noqa: E402


@dataclass
class Workload:
    name: str
    target: float
    make_data: object
    sklnn_estimator: object
    sklearn_estimator: object


def _regression(n_samples, n_features):
    return make_regression(n_samples, n_features, noise=1.0, random_state=0)


def _classification(n_samples, n_features):
    X, y = make_classification(n_samples, n_features, n_informative=10, random_state=0)
    return StandardScaler().fit_transform(X), y


def _mnist_sample(n_samples):
    return load_dataset("mnist-sample", return_X_y=True, n_samples=n_samples)


def _blobs(n_samples, n_features, centers):
    X, y = make_blobs(n_samples, n_features, centers=centers, random_state=0)
    return StandardScaler().fit_transform(X), y


def _low_rank(n_samples, n_features):
    rng = np.random.default_rng(0)
    latent = rng.standard_normal((n_samples, 60))
    mixing = rng.standard_normal((60, n_features))
    return latent @ mixing + 0.1 * rng.standard_normal((n_samples, n_features)), None


def workloads(quick):
    scale = 20 if quick else 1
    return [
        Workload(
            f"LinearRegression {200_000 // scale}x100", 0.5,
            lambda: _regression(200_000 // scale, 100),
            LinearRegression(), sk_linear_model.LinearRegression(),
        ),
        Workload(
            f"LogRegression lbfgs {50_000 // scale}x50", 1.5,
            lambda: _classification(50_000 // scale, 50),
            LogRegression(solver="lbfgs"), sk_linear_model.LogisticRegression(),
        ),
        Workload(
            f"SoftmaxReg lbfgs MNIST {5_000 // scale}x784", 1.5,
            lambda: _mnist_sample(5_000 // scale),
            SoftmaxReg(solver="lbfgs"), sk_linear_model.LogisticRegression(),
        ),
        Workload(
            f"KMeans {100_000 // scale}x20 k=10", 2.0,
            lambda: _blobs(100_000 // scale, 20, 10),
            KMeans(n_clusters=10, n_init=1, random_state=0),
            sk_cluster.KMeans(n_clusters=10, n_init=1, random_state=0),
        ),
        Workload(
            f"DBSCAN {20_000 // scale}x2 blobs", 1.0,
            lambda: _blobs(20_000 // scale, 2, 5),
            DBSCAN(eps=0.1, min_samples=10), sk_cluster.DBSCAN(eps=0.1, min_samples=10),
        ),
        Workload(
            f"PCA {20_000 // scale}x500 -> 50", 1.2,
            lambda: _low_rank(20_000 // scale, 500),
            PCA(n_components=50), sk_decomposition.PCA(n_components=50),
        ),
    ]


def run(quick, repeats):
    print(f"{'workload':36s} {'sklnn s':>9s} {'sklearn s':>10s} {'ratio':>7s} {'target':>7s}")
    for workload in workloads(quick):
        X, y = workload.make_data()
        medians = median_times(
            {
                "sklnn": lambda w=workload, X=X, y=y: w.sklnn_estimator.fit(X, y),
                "sklearn": lambda w=workload, X=X, y=y: w.sklearn_estimator.fit(X, y),
            },
            repeats,
        )
        ratio = medians["sklnn"] / medians["sklearn"]
        print(
            f"{workload.name:36s} {medians['sklnn']:9.4f} {medians['sklearn']:10.4f} "
            f"{ratio:7.2f} {'<=' + str(workload.target):>7s}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    # Both libraries stop at the same max_iter on the MNIST workload; that is the comparison.
    warnings.simplefilter("ignore", ConvergenceWarning)
    run(args.quick, 1 if args.quick else args.repeats)


if __name__ == "__main__":
    main()

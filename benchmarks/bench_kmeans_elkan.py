"""Elkan's k-means against Lloyd's: distances computed and fit time, sklnn and scikit-learn.

Both algorithms give the same clustering (C. Elkan, "Using the triangle inequality to
accelerate k-means", ICML 2003). For each data set the table shows the iterations, the
sample-to-centre distances sklnn computed (``n_distance_computations_``: Lloyd's is
n_samples × n_clusters per assignment), their share of Lloyd's, and the median fit time of
sklnn and of scikit-learn with the same algorithm (ratio below 1: sklnn is faster).

    python benchmarks/bench_kmeans_elkan.py            # 100 000×20 blobs, scaled digits
    python benchmarks/bench_kmeans_elkan.py --quick    # tiny sizes, checks the script runs
"""

import argparse
import sys
from pathlib import Path

from sklearn import cluster as sk_cluster
from sklearn.datasets import load_digits, make_blobs
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_times  # noqa: E402

from sklnn.cluster import KMeans  # noqa: E402


def data_sets(quick):
    n_samples = 5_000 if quick else 100_000
    blobs, _ = make_blobs(n_samples, 20, centers=10, random_state=0)
    return {
        f"blobs {n_samples}x20 k=10": (StandardScaler().fit_transform(blobs), 10),
        "digits 1797x64 k=10": (StandardScaler().fit_transform(load_digits().data), 10),
    }


def run(quick, repeats):
    print(f"{'data':24s} {'algorithm':9s} {'iter':>5s} {'distances':>11s} {'of Lloyd':>8s} "
          f"{'sklnn s':>8s} {'sklearn s':>9s} {'ratio':>6s}")
    for name, (X, n_clusters) in data_sets(quick).items():
        params = dict(n_clusters=n_clusters, init="random", n_init=1, random_state=0)
        lloyd_distances = None
        for algorithm in ("lloyd", "elkan"):
            ours = KMeans(**params, algorithm=algorithm)
            theirs = sk_cluster.KMeans(**params, algorithm=algorithm)
            medians = median_times(
                {"sklnn": lambda ours=ours, X=X: ours.fit(X),
                 "sklearn": lambda theirs=theirs, X=X: theirs.fit(X)},
                repeats,
            )
            distances = ours.n_distance_computations_
            lloyd_distances = lloyd_distances or distances
            print(
                f"{name:24s} {algorithm:9s} {ours.n_iter_:5d} {distances:11d} "
                f"{distances / lloyd_distances:8.2f} {medians['sklnn']:8.4f} "
                f"{medians['sklearn']:9.4f} {medians['sklnn'] / medians['sklearn']:6.2f}"
            )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    run(args.quick, 1 if args.quick else args.repeats)


if __name__ == "__main__":
    main()

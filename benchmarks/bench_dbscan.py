"""Fit time of sklnn's DBSCAN against scikit-learn's on the benchmark data sets.

The data sets are those of ``bench_classical.py`` (20 000×2 standardized blobs) and of
``bench_memory.py`` (200 000×2 blobs), with their parameters (``eps=0.1``,
``min_samples=10``). Both estimators run in this process, on one thread, interleaved; the
table shows the median of ``--repeats`` fits, the ratio sklnn / scikit-learn (below 1
means sklnn is faster) and whether the two found the same clusters (labels, numbering
included, and core samples).

    python benchmarks/bench_dbscan.py              # both data sets
    python benchmarks/bench_dbscan.py --quick      # tiny sizes, one repeat
"""

import argparse
import sys
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_classical  # noqa: E402
import bench_memory  # noqa: E402
from _timing import median_times  # noqa: E402


def workloads(quick):
    """{name: (make_data, sklnn estimator, scikit-learn estimator)}."""
    classical = next(workload for workload in bench_classical.workloads(quick)
                     if workload.name.startswith("DBSCAN"))
    cases = {
        classical.name: (lambda: classical.make_data()[0], classical.sklnn_estimator,
                         classical.sklearn_estimator),
    }
    for name, workload in bench_memory.workloads(quick).items():
        if name.startswith("DBSCAN"):
            cases[name.replace("DBSCAN fit ", "DBSCAN ")] = (
                workload.make_data, workload.make_estimator("sklnn"),
                workload.make_estimator("sklearn"),
            )
    return cases


def run(quick, repeats):
    print(f"{'workload':28s} {'sklnn s':>9s} {'sklearn s':>10s} {'ratio':>7s} {'same':>5s}")
    for name, (make_data, ours, theirs) in workloads(quick).items():
        X = make_data()
        medians = median_times(
            {"sklnn": lambda ours=ours, X=X: ours.fit(X),
             "sklearn": lambda theirs=theirs, X=X: theirs.fit(X)},
            repeats,
        )
        same = (np.array_equal(ours.labels_, theirs.labels_)
                and np.array_equal(ours.core_sample_indices_, theirs.core_sample_indices_))
        print(f"{name:28s} {medians['sklnn']:9.4f} {medians['sklearn']:10.4f} "
              f"{medians['sklnn'] / medians['sklearn']:7.2f} {str(same):>5s}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat")
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args(argv)
    print("python benchmarks/bench_dbscan.py" + (" --quick" if args.quick else "")
          + ("" if args.repeats == 9 else f" --repeats {args.repeats}"))
    with threadpool_limits(limits=1):
        run(args.quick, 1 if args.quick else args.repeats)


if __name__ == "__main__":
    main()

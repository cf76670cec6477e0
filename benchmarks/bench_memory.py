"""Peak memory of sklnn's KMeans, PCA and DBSCAN against scikit-learn's.

Each measurement runs in a fresh Python process, so that one cannot inherit another's
memory: the process makes the data, warms the estimator up on a slice of it (imports,
BLAS buffers), fits it first when the operation is ``predict`` or ``transform``, then
resets the kernel's peak-RSS counter (``/proc/self/clear_refs``, Linux) and runs the
operation on the whole data. The figure is the peak resident memory during the operation
above the resident memory just before it (``VmHWM`` after minus ``VmRSS`` before, from
``/proc/self/status``), in MiB; the ratio is sklnn / scikit-learn (below 1 means sklnn
needs less).

    python benchmarks/bench_memory.py            # 1 000 000×20 KMeans and PCA, 200 000×2 DBSCAN
    python benchmarks/bench_memory.py --quick    # tiny sizes, checks the script runs
"""

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
WARM_UP_ROWS = 2_000


@dataclass
class Workload:
    make_data: object
    make_estimator: object
    operation: str


def _blobs(n_samples, n_features, centers):
    from sklearn.datasets import make_blobs

    return make_blobs(n_samples, n_features, centers=centers, random_state=0)[0]


def _correlated(n_samples, n_features):
    """Gaussian data with a decreasing spectrum, made without large temporaries."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n_samples, n_features))
    X *= np.linspace(3.0, 0.1, n_features)
    return X


def _kmeans(library):
    from sklearn import cluster

    from sklnn.cluster import KMeans

    estimator = KMeans if library == "sklnn" else cluster.KMeans
    return estimator(n_clusters=8, n_init=1, random_state=0)


def _pca(library):
    from sklearn import decomposition

    from sklnn.decomposition import PCA

    estimator = PCA if library == "sklnn" else decomposition.PCA
    return estimator(n_components=5)


def _dbscan(library):
    from sklearn import cluster

    from sklnn.cluster import DBSCAN

    estimator = DBSCAN if library == "sklnn" else cluster.DBSCAN
    # On 200 000 points in 10 blobs of std 1: about 55 neighbours per point within eps.
    return estimator(eps=0.1, min_samples=10)


def workloads(quick):
    large, small = (20_000, 4_000) if quick else (1_000_000, 200_000)
    return {
        f"KMeans fit {large}x20 k=8": Workload(lambda: _blobs(large, 20, 8), _kmeans, "fit"),
        f"KMeans predict {large}x20": Workload(
            lambda: _blobs(large, 20, 8), _kmeans, "predict"
        ),
        f"PCA fit {large}x20 -> 5": Workload(lambda: _correlated(large, 20), _pca, "fit"),
        f"PCA transform {large}x20 -> 5": Workload(
            lambda: _correlated(large, 20), _pca, "transform"
        ),
        f"DBSCAN fit {small}x2 blobs": Workload(lambda: _blobs(small, 2, 10), _dbscan, "fit"),
    }


def _memory_kib(field):
    """A ``Vm*`` field of ``/proc/self/status``, in KiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not found in /proc/self/status")


def _reset_peak():
    """Make the kernel's peak RSS (VmHWM) restart from the current RSS (Linux >= 4.0)."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def measure(workload, library):
    """Peak MiB of ``workload``'s operation by ``library``'s estimator, in this process."""
    X = workload.make_data()
    estimator = workload.make_estimator(library)
    estimator.fit(X[:WARM_UP_ROWS])
    if workload.operation == "fit":
        operation = estimator.fit
    else:
        estimator.fit(X)
        getattr(estimator, workload.operation)(X[:WARM_UP_ROWS])
        operation = getattr(estimator, workload.operation)
    _reset_peak()
    before = _memory_kib("VmRSS")
    operation(X)
    return (_memory_kib("VmHWM") - before) / 1024


def _measure_in_fresh_process(library, names, quick):
    """Peak MiB of the named workloads, measured one after the other in a new process."""
    command = [sys.executable, __file__, "--quick" if quick else "--full", "--measure",
               library, *names]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        # A fixed mmap threshold (glibc): every block above 64 KiB is mapped on its own and
        # unmapped when freed, so the RSS follows the live arrays instead of keeping freed
        # heap pages that a later allocation would reuse unseen.
        "MALLOC_MMAP_THRESHOLD_": "65536",
    }
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def run(quick):
    names = list(workloads(quick))
    # A fresh process per measurement; in the quick mode, one per library for speed.
    batches = [names] if quick else [[name] for name in names]
    peaks = {
        library: [peak for batch in batches
                  for peak in _measure_in_fresh_process(library, batch, quick)]
        for library in ("sklnn", "sklearn")
    }  # fmt: skip
    print(f"{'workload':32s} {'sklnn MiB':>10s} {'sklearn MiB':>12s} {'ratio':>7s}")
    for name, ours, theirs in zip(names, peaks["sklnn"], peaks["sklearn"]):
        # Below 1 MiB the figures are page-level noise: no ratio.
        ratio = f"{ours / theirs:.2f}" if theirs >= 1 else "-"
        print(f"{name:32s} {ours:10.1f} {theirs:12.1f} {ratio:>7s}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes")
    parser.add_argument("--full", dest="quick", action="store_false", help="full sizes")
    parser.add_argument(
        "--measure", nargs="+", metavar="LIBRARY WORKLOAD",
        help="measure workloads in this process and print their peak MiB (internal use)",
    )
    args = parser.parse_args(argv)
    if args.measure:
        library, *names = args.measure
        cases = workloads(args.quick)
        print(json.dumps([measure(cases[name], library) for name in names]))
    else:
        run(args.quick)


if __name__ == "__main__":
    main()

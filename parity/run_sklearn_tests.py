"""Run the installed scikit-learn's own unit tests against sklnn and print the table.

Each suite is one of scikit-learn's test files, run by pytest with the names of its
counterpart rebound to sklnn's (``sklnn_parity_plugin``), not one assertion changed:
``from sklearn.cluster import KMeans`` in the test module gives ``sklnn.cluster.KMeans``.
``LogisticRegression`` has two stand-ins, so its file runs twice, with ``LogRegression``
(binary) and with ``SoftmaxReg`` (multinomial); a test passes if it passes with either, and
a run where LogRegression refused multiclass data does not count.

For every test that exercises sklnn (builds one of the rebound estimators, calls one of the
rebound functions, or is parametrized with one), the table counts

- passed;
- missing: it stopped on something sklnn lacks or does differently: a parameter, value,
  attribute or input type, an error or warning scikit-learn raises and sklnn does not (or
  words differently), an error sklnn raises that scikit-learn does not;
- refused: it stopped on a value scikit-learn accepts and sklnn refuses by design, with
  ``sklnn.exceptions.NotSupportedError`` (the README's "Coming from scikit-learn" lists them);
- wrong: an assertion on a result failed (a value, shape or dtype differs).

The last column is the share passed among the tests not refused.

Tests that touch no rebound name (they test scikit-learn internals or other estimators),
and tests that scikit-learn itself skips or expects to fail, are not counted.

    python parity/run_sklearn_tests.py                  # every suite, 2 pytest workers
    python parity/run_sklearn_tests.py --suites KMeans PCA --list wrong missing
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import sklearn

PLUGIN_DIR = Path(__file__).resolve().parent
ROOT = PLUGIN_DIR.parent
SKLEARN_DIR = Path(sklearn.__file__).resolve().parent

_METRICS = {
    f"sklearn.metrics.{name}": f"sklnn.metrics.{name}"
    for name in (
        "accuracy_score",
        "confusion_matrix",
        "log_loss",
        "r2_score",
        "mean_squared_error",
        "mean_absolute_error",
        "rand_score",
        "adjusted_rand_score",
    )
}
_CLUSTER_METRICS = {
    f"sklearn.metrics.cluster.{name}": f"sklnn.metrics.{name}"
    for name in ("rand_score", "adjusted_rand_score")
}

# (row of the table, scikit-learn test file, one binding per run of the file)
SUITES = [
    ("KMeans", "cluster/tests/test_k_means.py",
     [{"sklearn.cluster.KMeans": "sklnn.cluster.KMeans"}]),
    ("DBSCAN", "cluster/tests/test_dbscan.py",
     [{"sklearn.cluster.DBSCAN": "sklnn.cluster.DBSCAN"}]),
    ("PCA", "decomposition/tests/test_pca.py",
     [{"sklearn.decomposition.PCA": "sklnn.decomposition.PCA"}]),
    ("LinearRegression", "linear_model/tests/test_base.py",
     [{"sklearn.linear_model.LinearRegression": "sklnn.linear_model.LinearRegression"}]),
    ("LogisticRegression", "linear_model/tests/test_logistic.py",
     [{"sklearn.linear_model.LogisticRegression": "sklnn.linear_model.LogRegression"},
      {"sklearn.linear_model.LogisticRegression": "sklnn.linear_model.SoftmaxReg"}]),
    ("MLPClassifier, MLPRegressor", "neural_network/tests/test_mlp.py",
     [{"sklearn.neural_network.MLPClassifier": "sklnn.neural_network.MLPClassifier",
       "sklearn.neural_network.MLPRegressor": "sklnn.neural_network.MLPRegressor"}]),
    ("metrics", "metrics/tests/test_classification.py", [_METRICS]),
    ("metrics", "metrics/tests/test_regression.py", [_METRICS]),
    ("metrics", "metrics/cluster/tests/test_supervised.py", [{**_METRICS, **_CLUSTER_METRICS}]),
]
CATEGORIES = ("passed", "refused", "missing", "wrong")


def _pytest_command(test_path, rootdir, extra_args):
    return [
        sys.executable, "-m", "pytest", str(test_path),
        "-p", "no:cacheprovider", "--rootdir", str(rootdir),
        "--confcutdir", str(rootdir), "-c", os.devnull,
        "-q", "--no-header", "-o", "addopts=", "-W", "ignore", *extra_args,
    ]


def collected_tests(test_path, rootdir):
    """The ids of the tests of ``test_path`` as collected with scikit-learn's own names."""
    listing = subprocess.run(
        _pytest_command(test_path, rootdir, ["--collect-only"]), capture_output=True,
        text=True, cwd=tempfile.gettempdir(),
    ).stdout
    return [line for line in listing.splitlines() if "::" in line]


def run_file(
    test_path, bindings, n_workers=1, pytest_args=(), echo=False, rootdir=SKLEARN_DIR.parent
):
    """Run one test file with ``bindings``; return ``{test id: result}``.

    ``rootdir`` must contain the file's conftest files (scikit-learn's fixtures). If the
    file cannot even be imported with sklnn's names (a parameter sklnn lacks used at
    import time, say), every test collected from it with scikit-learn's names counts as
    missing.
    """
    with tempfile.TemporaryDirectory() as scratch:
        results_path = Path(scratch) / "results.json"
        env = {
            **os.environ,
            "SKLNN_PARITY_BINDINGS": json.dumps(bindings),
            "SKLNN_PARITY_RESULTS": str(results_path),
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(PLUGIN_DIR), str(ROOT), os.environ.get("PYTHONPATH")])
            ),
            "OMP_NUM_THREADS": "1",
            "MPLBACKEND": "Agg",
            "SCIPY_ARRAY_API": "1",  # as the project's conftest: array-API tests run
        }
        workers = ["-n", str(n_workers)] if n_workers > 1 else []
        command = _pytest_command(
            test_path, rootdir, ["-p", "sklnn_parity_plugin", *workers, *pytest_args]
        )
        run = subprocess.run(command, cwd=scratch, env=env, capture_output=True, text=True)
        if echo:
            print(run.stdout[-20000:], run.stderr[-5000:], sep="\n")
        results = json.loads(results_path.read_text()) if results_path.exists() else {}
    if not results and "ERROR collecting" in run.stdout:
        error = [line for line in run.stdout.splitlines() if line.startswith("E   ")][-1:]
        print(f"{test_path} does not import with sklnn's names: {' '.join(error)}")
        missing = {"outcome": "failed", "exercised": True, "failure": "missing"}
        results = {test_id: missing for test_id in collected_tests(test_path, rootdir)}
    return results


def category(runs):
    """The table's category of one test from its results under each binding, or None."""
    exercised = [
        run for run in runs
        if run["exercised"] and run["outcome"] != "skipped" and run.get("failure") != "stand-in"
    ]
    if not exercised:
        return None
    if any(run["outcome"] == "passed" for run in exercised):
        return "passed"
    failures = {run.get("failure") for run in exercised}
    for kind in ("wrong", "missing"):
        if kind in failures:
            return kind
    return "refused"


def evaluate(suites, n_workers, pytest_args=(), echo=False):
    """Return ``{row: {category: [test ids]}}``."""
    table = {}
    for row, test_file, bindings in suites:
        runs_by_test = {}
        for binding in bindings:
            results = run_file(SKLEARN_DIR / test_file, binding, n_workers, pytest_args, echo)
            for test_id, result in results.items():
                runs_by_test.setdefault(test_id, []).append(result)
        row_tests = table.setdefault(row, {name: [] for name in CATEGORIES})
        for test_id, runs in runs_by_test.items():
            kind = category(runs)
            if kind is not None:
                row_tests[kind].append(test_id)
    return table


def _percent(part, whole):
    return f"{100 * part / whole:.1f}" if whole else "-"


def format_table(table):
    lines = [
        "| counterpart | tests | passed | refused | missing | wrong | passed % | "
        "passed % of not refused |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    totals = dict.fromkeys(CATEGORIES, 0)
    for row, tests in [*table.items(), ("all", None)]:
        counts = totals if tests is None else {name: len(tests[name]) for name in CATEGORIES}
        if tests is not None:
            for name in CATEGORIES:
                totals[name] += counts[name]
        n_tests = sum(counts.values())
        n_not_refused = n_tests - counts["refused"]
        label = "**all**" if tests is None else row
        lines.append(
            f"| {label} | {n_tests} | "
            + " | ".join(str(counts[name]) for name in CATEGORIES)
            + f" | {_percent(counts['passed'], n_tests)} | "
            f"{_percent(counts['passed'], n_not_refused)} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    rows = sorted({row for row, _, _ in SUITES})
    parser.add_argument("--suites", nargs="+", choices=rows, help="rows to run (default all)")
    parser.add_argument("--workers", type=int, default=2, help="pytest-xdist workers")
    parser.add_argument(
        "--list", nargs="+", choices=CATEGORIES, default=(),
        help="also list the tests of these categories",
    )
    parser.add_argument("--json", type=Path, help="write the test ids of each category here")
    parser.add_argument(
        "--echo", action="store_true", help="print pytest's output (to see the failures)"
    )
    parser.add_argument(
        "--pytest-args", nargs=argparse.REMAINDER, default=[],
        help="passed on to pytest, e.g. -k partial_fit -x (must come last)",
    )
    args = parser.parse_args(argv)
    suites = [suite for suite in SUITES if args.suites is None or suite[0] in args.suites]
    table = evaluate(suites, args.workers, args.pytest_args, args.echo)
    print(f"scikit-learn {sklearn.__version__}, tests in {SKLEARN_DIR}")
    print(format_table(table))
    for name in args.list:
        for row, tests in table.items():
            for test_id in tests[name]:
                print(f"{name:8} {row:28} {test_id}")
    if args.json:
        args.json.write_text(json.dumps(table, indent=1))


if __name__ == "__main__":
    main()

"""Every script in examples/ runs in its fast mode; a few of their results are checked.

Each ``examples/**/*.py`` (found by glob, so a new example is tested without editing
this file; ``examples/textbook/`` holds one per chapter of the course textbook) runs as a
student would run it, ``python examples/X.py --quick``, on one thread and the Agg backend.
An example that takes ``--out DIR`` writes its PNG figures there, and each must be a real
picture. A few examples are also imported and their ``main`` called, to check the numbers
they print.
"""

import importlib.util

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread
from script_runs import ROOT, run_python

matplotlib.use("Agg")

EXAMPLES = sorted((ROOT / "examples").rglob("*.py"))


def takes_out_option(script):
    """Whether the example declares ``--out DIR``, the folder of its figures."""
    return '"--out"' in script.read_text("utf-8")


def load_example(name):
    """Import ``examples/<name>.py`` as a module (examples/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_examples_are_found():
    assert len(EXAMPLES) >= 6
    assert "kmeans_vs_dbscan.py" in [script.name for script in EXAMPLES]


@pytest.mark.parametrize(
    "script", EXAMPLES, ids=[path.relative_to(ROOT / "examples").as_posix() for path in EXAMPLES]
)
def test_example_runs_quick(script, tmp_path):
    out = tmp_path / "figures"
    arguments = [script, "--quick"]
    if takes_out_option(script):
        arguments += ["--out", out]
    # run from tmp_path, so that nothing lands in the checkout
    result = run_python(arguments, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip(), "the example printed nothing"
    assert "Traceback" not in result.stderr
    if not takes_out_option(script):
        return
    pngs = sorted(out.glob("*.png"))
    assert pngs, f"{script.name} wrote no figure in --out"
    for png in pngs:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", png.name
        image = imread(png)
        assert image.shape[0] > 100 and image.shape[1] > 100, png.name
        assert np.ptp(image[..., :3]) > 0, f"{png.name} is a single colour"


def test_pca_reconstruction_error_is_the_discarded_variance(tmp_path):
    table = load_example("pca_eigendigits").main(["--quick", "--out", str(tmp_path)])
    np.testing.assert_allclose(
        table["reconstruction error"], table["sum of discarded eigenvalues"], rtol=1e-8
    )
    assert table["k"].is_monotonic_increasing
    assert table["variance kept"].is_monotonic_increasing
    assert table["reconstruction error"].is_monotonic_decreasing


def test_dbscan_beats_kmeans_on_moons_and_both_find_the_blobs(tmp_path):
    table = load_example("kmeans_vs_dbscan").main(["--quick", "--out", str(tmp_path)])
    ari = table.set_index(["data set", "model"])["adjusted Rand index"]
    assert ari["moons", "DBSCAN"] > 0.9
    assert ari["moons", "KMeans"] < 0.6  # two convex halves, each mixing both moons
    assert ari["blobs", "KMeans"] > 0.9
    assert ari["blobs", "DBSCAN"] > 0.9
    assert (table["Rand index"] >= table["adjusted Rand index"]).all()
    assert table["Rand index"].between(0, 1).all()


def test_softmax_regression_matches_scikit_learn_on_digits(tmp_path):
    table = load_example("classical_vs_neural_digits").main(["--quick", "--out", str(tmp_path)])
    accuracy = table.set_index("model")["mean"]
    assert len(accuracy) == 4
    assert accuracy["sklnn SoftmaxReg"] > 0.85
    assert accuracy["sklnn SoftmaxReg"] == pytest.approx(
        accuracy["sklearn LogisticRegression"], abs=0.02
    )
    assert table["fit s"].gt(0).all()


def test_lba_experiment_reports_paired_tests_learning_and_robustness_curves(tmp_path):
    table, tests = load_example("lipschitz_regularization").main(
        ["--quick", "--out", str(tmp_path)]
    )
    assert list(table["setting"]) == ["lba", "none"]
    assert list(tests["LBA vs"]) == ["none"]
    assert {"p gap", "p test acc", "p PGD 0.05"} <= set(tests.columns)
    runs = pd.read_csv(tmp_path / "results.csv")
    np.testing.assert_allclose(runs["gap"], runs["train acc"] - runs["test acc"])
    # C&W runs once and is thresholded by each L2 radius: accuracy cannot rise with ε
    cw = runs[["CW 0", "CW 0.5", "CW 1", "CW 1.5", "CW 2"]].to_numpy()
    assert (np.diff(cw, axis=1) <= 0).all()
    histories = pd.read_csv(tmp_path / "histories.csv")
    curves = {"train_acc", "valid_acc", "train_data_loss", "valid_loss", "lipschitz_bound"}
    assert curves <= set(histories.columns)
    assert histories.groupby(["setting", "seed"]).size().eq(2).all()  # 2 epochs each

"""The ``sklnn compare`` command: its table, report and figures per task, and bad input."""

import contextlib
import io
import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread
from script_runs import ROOT, run_python

import sklnn
from sklnn.compare import main
from sklnn.datasets import load_dataset

SCORE = re.compile(r"(-?\d+\.\d+) ± (\d+\.\d+)")

# (name, arguments, expected models, figures besides scores.png, lowest main score or None)
CASES = {
    "classification": (
        ["--dataset", "iris", "--cv", "2", "--quick"],
        [
            "SoftmaxReg (sklnn)", "LogisticRegression (sklearn)",
            "MLPClassifier (sklnn)", "MLPClassifier (sklearn)",
        ],
        [
            "confusion_softmax.png", "confusion_sk-logistic.png", "confusion_mlp.png",
            "confusion_sk-mlp.png", "learning_curves_mlp.png", "learning_curves_sk-mlp.png",
        ],
        0,
    ),
    "binary": (
        ["--dataset", "breast_cancer", "--cv", "2", "--quick", "--models",
         "logreg,perceptron,sk-perceptron"],
        ["LogRegression (sklnn)", "Perceptron (sklnn, sigmoid neuron)",
         "Perceptron (sklearn, perceptron rule)"],
        ["confusion_logreg.png", "confusion_perceptron.png", "confusion_sk-perceptron.png"],
        0,
    ),
    "images": (
        ["--dataset", "digits", "--cv", "2", "--quick", "--models", "cnn"],
        ["LipschitzCNN (sklnn)"],
        ["confusion_cnn.png", "learning_curves_cnn.png"],
        0,
    ),
    "regression": (
        ["--dataset", "diabetes", "--cv", "2", "--quick"],
        [
            "LinearRegression (sklnn)", "LinearRegression (sklearn)",
            "MLPRegressor (sklnn)", "MLPRegressor (sklearn)",
        ],
        [
            "learning_curves_mlp-reg.png", "learning_curves_sk-mlp-reg.png",
            "predicted_vs_true.png", "residuals.png",
        ],
        None,
    ),
    "clustering": (
        ["--dataset", "blobs", "--task", "clustering", "--cv", "2", "--quick"],
        ["KMeans (sklnn)", "KMeans (sklearn)", "DBSCAN (sklnn)", "DBSCAN (sklearn)"],
        [
            "clusters_truth.png", "clusters_kmeans.png", "clusters_sk-kmeans.png",
            "clusters_dbscan.png", "clusters_sk-dbscan.png",
        ],
        -0.5,
    ),
    "decomposition": (
        ["--dataset", "digits", "--task", "decomposition", "--cv", "2", "--quick"],
        ["PCA (sklnn)", "PCA (sklearn)"],
        [
            f"{picture}_{key}.png"
            for picture in ("explained_variance", "reconstruction", "components")
            for key in ("pca", "sk-pca")
        ],
        0,
    ),
}


def run_main(args):
    """Run ``sklnn`` in this process; return (exit status, stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            status = main(args)
        except SystemExit as exit_:
            status = exit_.code
    return status, stdout.getvalue(), stderr.getvalue()


def run_bad_input(args, tmp_path, monkeypatch, *options):
    """``sklnn compare *options *args`` run in ``tmp_path``, ``args`` resolved first when
    a callable of the folder (a CSV it writes), the output folder inside ``tmp_path``
    unless ``--out`` is given; asserts the one-line error contract (exit status 2, one
    line on stderr, nothing on stdout) and returns stderr."""
    monkeypatch.chdir(tmp_path)
    if callable(args):
        args = args(tmp_path)
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "out")]
    status, stdout, stderr = run_main(["compare", *options, *args])
    assert status == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("sklnn compare: error: "), stderr
    assert stdout == ""
    return stderr


def model_lines(stdout, models):
    """The table line of each expected model."""
    lines = stdout.splitlines()
    return {model: next(line for line in lines if line.startswith(model)) for model in models}


def check_table(stdout, models, lowest):
    """Every model has a line with its score mean ± std, two non-negative timings and its
    share of the time; the shares add up to 100 % (each is rounded), and the total time
    is printed.

    The mean is at most 1 and, unless ``lowest`` is None, at least ``lowest`` (-0.5 for the
    adjusted Rand index, its bound: a chance clustering scores about 0, either side).
    """
    assert "fit time (s)" in stdout and "predict time (s)" in stdout
    assert "share of time" in stdout
    shares = []
    for line in model_lines(stdout, models).values():
        mean, std = map(float, SCORE.search(line).groups())
        assert mean <= 1 and std >= 0
        if lowest is not None:
            assert mean >= lowest
        *timings, share = line.split()[-3:]
        assert all(float(number) >= 0 for number in timings)
        shares.append(int(share.rstrip("%")))
    assert abs(sum(shares) - 100) <= len(shares) / 2
    assert re.search(r"Total time \d+\.\d s: cross-validation \d+\.\d s", stdout)


def check_figures(out, figures):
    """Exactly the expected PNGs, each larger than 100x100 and not of a single colour."""
    assert sorted(path.name for path in out.glob("*.png")) == sorted(figures)
    for name in figures:
        image = imread(out / name)
        assert image.shape[0] > 100 and image.shape[1] > 100, name
        assert np.ptp(image[..., :3]) > 0, f"{name} is a single colour"


def check_reports(out, models, figures):
    """report.html and report.md show every model and reference every figure."""
    html = (out / "report.html").read_text("utf-8")
    markdown = (out / "report.md").read_text("utf-8")
    assert sorted(re.findall(r'data-file="([^"]+\.png)"', html)) == sorted(figures)
    assert sorted(re.findall(r"\]\(([^)]+\.png)\)", markdown)) == sorted(figures)
    for model in models:
        assert f"<td>{model}</td>" in html
        assert f"| {model} |" in markdown


def check_scores_csv(out, models):
    scores = pd.read_csv(out / "scores.csv")
    for column in ["model", "key", "library", "family", "metric", "mean", "std",
                   "fit_time", "predict_time", "time_share", "n_folds"]:
        assert column in scores.columns
    assert scores["model"].tolist() == models
    assert (scores["n_folds"] == 2).all()


@pytest.mark.parametrize("case", list(CASES))
def test_compare_writes_table_report_and_figures(case, tmp_path):
    args, models, figures, lowest = CASES[case]
    figures = ["scores.png", *figures]
    status, stdout, stderr = run_main(["compare", *args, "--out", str(tmp_path)])
    assert status == 0, stderr
    assert "Traceback" not in stderr
    check_table(stdout, models, lowest)
    check_figures(tmp_path, figures)
    check_reports(tmp_path, models, figures)
    check_scores_csv(tmp_path, models)


def test_clustering_and_decomposition_report_their_second_metric(tmp_path):
    status, stdout, _ = run_main(
        ["compare", "--dataset", "iris", "--task", "clustering", "--models", "kmeans",
         "--cv", "2", "--out", str(tmp_path)]
    )
    assert status == 0
    scores = pd.read_csv(tmp_path / "scores.csv")
    assert scores["metric"].tolist() == ["adjusted Rand index"]
    assert 0 < scores["rand_mean"].iloc[0] <= 1
    assert "Rand index" in stdout.splitlines()[0]


def test_csv_data_set_with_string_labels(tmp_path):
    frame = load_dataset("iris", as_frame=True).frame
    frame["target"] = np.array(["setosa", "versicolor", "virginica"])[frame["target"]]
    path = tmp_path / "flowers.csv"
    frame.to_csv(path, index=False)
    status, stdout, stderr = run_main(
        ["compare", "--dataset", str(path), "--target", "target", "--models",
         "softmax,sk-logistic", "--cv", "2", "--out", str(tmp_path / "report")]
    )
    assert status == 0, stderr
    assert "SoftmaxReg (sklnn)" in stdout
    assert "flowers.csv" in (tmp_path / "report" / "report.md").read_text("utf-8")


def test_python_dash_m_sklnn_compare_help():
    result = run_python(["-m", "sklnn", "compare", "--help"], cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    for option in ["--dataset", "--task", "--models", "--cv", "--device", "--out", "--quick",
                   "--seed", "--target"]:
        assert option in result.stdout
    for key in ["softmax", "sk-logistic", "mlp", "cnn", "kmeans", "dbscan", "pca"]:
        assert f"    {key} " in result.stdout


def _csv_without_target(tmp_path):
    path = tmp_path / "table.csv"
    pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}).to_csv(path, index=False)
    return ["--dataset", str(path), "--target", "label"]


def _file_as_folder(tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file")
    return ["--dataset", "iris", "--out", str(blocker / "report")]


BAD_INPUT = {
    "unknown data set": (["--dataset", "nope"], "unknown data set 'nope'; choose from iris"),
    "unknown model": (["--dataset", "iris", "--models", "softmax,nope"],
                      "unknown model 'nope'; choose from softmax, sk-logistic, mlp, sk-mlp"),
    "unknown task": (["--task", "nope"], "invalid choice: 'nope' (choose from "),
    "model of another task": (["--dataset", "iris", "--models", "kmeans"],
                              "model 'kmeans' is for clustering, not classification; choose"),
    "binary model on three classes": (["--dataset", "iris", "--models", "logreg"],
                                      "model 'logreg' needs two classes; 'iris' has 3"),
    "image model on tables": (["--dataset", "wine", "--models", "cnn"],
                              "model 'cnn' needs image data"),
    "task the data cannot serve": (["--dataset", "diabetes", "--task", "clustering"],
                                   "task 'clustering' does not fit data set 'diabetes'"),
    "missing CSV file": (["--dataset", "missing.csv", "--target", "y"],
                         "CSV file 'missing.csv' does not exist"),
    "CSV without the target column": (_csv_without_target,
                                      "Target column 'label' not found"),
    "unwritable output folder": (_file_as_folder, "cannot write to output folder"),
    "one fold": (["--cv", "1"], "invalid number of folds 1;"),
    "more folds than class members": (["--dataset", "iris", "--cv", "51"],
                                      "class 0 of target column 'target' has 50 members"),
    "unknown device": (["--device", "gpu"], "invalid device 'gpu'; choose from auto, cpu"),
    "negative seed": (["--seed", "-3"], "invalid seed -3;"),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_one_line_and_exit_status_2(case, tmp_path, monkeypatch):
    args, message = BAD_INPUT[case]
    assert message in run_bad_input(args, tmp_path, monkeypatch)


def test_no_command_prints_the_help():
    status, stdout, stderr = run_main([])
    assert status == 0 and stderr == ""
    assert stdout.startswith("usage: sklnn ") and "compare" in stdout and "--version" in stdout


def test_version():
    status, stdout, _ = run_main(["--version"])
    assert status == 0
    assert stdout == f"sklnn {sklnn.__version__}\n"


def test_unknown_command_is_one_line_and_exit_status_2():
    status, _, stderr = run_main(["comapre"])
    assert status == 2
    assert stderr.count("\n") == 1 and "invalid choice: 'comapre'" in stderr

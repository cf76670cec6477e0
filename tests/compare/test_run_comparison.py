"""sklnn.compare from Python: the model registry, the default choices and run_comparison."""

import subprocess
import sys

import numpy as np
import pytest
from sklearn.base import clone

from sklnn.compare import MODELS, UsageError, run_comparison
from sklnn.compare._data import load_comparison_data
from sklnn.compare._models import make_settings, select_models
from sklnn.compare._table import format_table


@pytest.mark.parametrize(
    "dataset, task, keys",
    [
        ("digits", None, ["softmax", "sk-logistic", "mlp", "sk-mlp", "cnn"]),
        ("iris", None, ["softmax", "sk-logistic", "mlp", "sk-mlp"]),
        (
            "breast_cancer", None,
            ["softmax", "sk-logistic", "logreg", "perceptron", "sk-perceptron", "mlp", "sk-mlp"],
        ),
        ("diabetes", None, ["linear", "sk-linear", "mlp-reg", "sk-mlp-reg"]),
        ("moons", "clustering", ["kmeans", "sk-kmeans", "dbscan", "sk-dbscan"]),
        ("diabetes", "decomposition", ["pca", "sk-pca"]),
    ],
)
def test_default_models_fit_the_task_and_data(dataset, task, keys):
    data = load_comparison_data(dataset, task=task, quick=True)
    assert [spec.key for spec in select_models(None, data)] == keys


def test_every_registered_model_builds_a_clonable_estimator():
    images = load_comparison_data("digits", quick=True)
    settings = make_settings(images, seed=3, quick=True)
    for spec in MODELS.values():
        estimator = spec.build(settings)
        assert clone(estimator).get_params().keys() == estimator.get_params().keys()
        seeds = {v for k, v in estimator.get_params().items() if k.endswith("random_state")}
        assert seeds <= {3}, spec.key


def test_run_comparison_returns_the_results_table():
    results = run_comparison(
        "wine", models=["softmax", "sk-logistic"], cv=3, seed=1, progress=False
    )
    assert results["model"].tolist() == ["SoftmaxReg (sklnn)", "LogisticRegression (sklearn)"]
    assert results["library"].tolist() == ["sklnn", "sklearn"]
    assert (results["metric"] == "accuracy").all()
    assert np.all((results["mean"] > 0.9) & (results["mean"] <= 1))
    assert (results[["std", "fit_time", "predict_time"]] >= 0).all().all()
    seconds = (results["fit_time"] + results["predict_time"]) * results["n_folds"]
    np.testing.assert_allclose(results["time_share"], seconds / seconds.sum())
    text = format_table(results)
    assert text.splitlines()[0].split()[:2] == ["model", "family"]
    assert "best accuracy" in text.lower()


def test_run_comparison_is_reproducible_with_a_seed():
    first, second = (
        run_comparison("moons", task="clustering", models="kmeans", cv=2, seed=4, progress=False)
        for _ in range(2)
    )
    assert first["mean"].tolist() == second["mean"].tolist()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"dataset": "nope"}, "unknown data set 'nope'"),
        ({"dataset": "iris", "models": ""}, "no model given; choose from softmax"),
        ({"dataset": "iris", "task": "nope"}, "unknown task 'nope'; choose from classification"),
        ({"dataset": "iris", "cv": 1}, "--cv needs an integer of at least 2"),
        ({"dataset": "iris", "target": "species"}, "--target applies to a CSV file only"),
        ({"dataset": "table.csv"}, "CSV file 'table.csv' does not exist"),
        ({"dataset": "iris", "seed": 2**32}, r"--seed needs an integer between 0 and 2\*\*32"),
        ({"dataset": "iris", "out": ""}, "--out needs a folder name"),
    ],
)
def test_run_comparison_rejects_bad_requests(kwargs, message):
    with pytest.raises(UsageError, match=message):
        run_comparison(progress=False, **kwargs)


def test_usage_error_is_a_value_error():
    assert issubclass(UsageError, ValueError)


def test_task_asked_for_settles_the_kind_of_a_csv_target(tmp_path):
    path = tmp_path / "ratings.csv"
    rows = [f"{x},{x % 5 + 1}" for x in range(30)]  # 1 to 5 stars: read as classes by default
    path.write_text("x,rating\n" + "\n".join(rows) + "\n", encoding="utf-8")
    data = load_comparison_data(str(path), target="rating", task="regression")
    assert (data.task, data.target_kind, data.class_names) == ("regression", "regression", None)


def test_quick_decomposition_takes_a_class_of_one_member(tmp_path):
    path = tmp_path / "table.csv"
    rows = [f"{x},{x % 7},{x % 3 if x else 9}" for x in range(400)]  # class 9: one member
    path.write_text("a,b,y\n" + "\n".join(rows) + "\n", encoding="utf-8")
    for seed in range(10):  # a quarter of the seeds leave class 9 out
        data = load_comparison_data(
            str(path), target="y", task="decomposition", quick=True, seed=seed
        )
        assert data.X.shape == (300, 2)
        assert data.class_names == [str(label) for label in np.unique(data.y)]


def test_quick_subsample_keeps_a_member_of_every_class_for_each_fold():
    data = load_comparison_data("digits", quick=True, n_folds=50)  # 10 x 50 > 300
    assert np.unique(data.y, return_counts=True)[1].tolist() == [50] * 10
    data = load_comparison_data("digits", quick=True, n_folds=5)
    assert data.X.shape[0] == 300 and np.unique(data.y, return_counts=True)[1].min() >= 29


def test_clustering_runs_on_fewer_samples_than_dbscan_min_samples(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("a,b,y\n1,2,0\n2,3,1\n3,1,0\n4,4,1\n", encoding="utf-8")
    results = run_comparison(
        str(path), target="y", task="clustering", models="dbscan", cv=2, progress=False
    )
    assert results["model"].tolist() == ["DBSCAN (sklnn)"]


def test_torch_starts_up_before_the_folds_are_timed():
    """The first optimizer of a process imports torch's compiler, seconds that the first
    fold of the first network would otherwise be charged; the runner pays them first."""
    code = (
        "import sys\n"
        "from sklnn.compare._runner import _timing_conditions\n"
        "assert 'torch._dynamo' not in sys.modules\n"
        "with _timing_conditions(uses_torch=True):\n"
        "    assert 'torch._dynamo' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

"""The report's figures: which are drawn for which task and data set, and what they show."""

import functools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import sklnn.plotting  # noqa: E402
from sklnn.compare import run_comparison  # noqa: E402
from sklnn.compare._data import load_comparison_data  # noqa: E402
from sklnn.compare._figures import QUICK_MARK, draw_figures  # noqa: E402
from sklnn.compare._models import make_settings, select_models  # noqa: E402
from sklnn.compare._runner import cross_validate_models, results_frame  # noqa: E402
from sklnn.compare._scoring import task_metrics, task_splits  # noqa: E402
from sklnn.plotting._style import TALK_FONT_SIZES  # noqa: E402

# one quick run of each task, with a classical and a neural model where the task has both
RUNS = {
    "classification": ("moons", ("softmax", "mlp")),
    "regression": ("diabetes", ("linear", "mlp-reg")),
    "clustering": ("blobs", ("kmeans", "dbscan")),
    "decomposition": ("digits", ("pca",)),
}


@functools.cache
def cross_validate(dataset, models, *, task=None, n_folds=2):
    """A quick run's data, results table and model runs, as run_comparison makes them."""
    data = load_comparison_data(dataset, task=task, n_folds=n_folds, quick=True)
    specs = select_models(list(models), data)
    settings = make_settings(data, quick=True)
    metrics = task_metrics(data.task)
    splits = task_splits(data.task, n_folds, 0, data.y)
    runs = cross_validate_models(data, specs, settings, splits, metrics, progress=False)
    return data, results_frame(runs, metrics), runs


@pytest.fixture
def drawn(monkeypatch):
    """Record every figure draw_figures saves, by file name, before it is closed."""
    figures = {}
    save_figure = sklnn.plotting.save_figure

    def record(figure, path, **kwargs):
        figure = getattr(figure, "figure", figure)
        figures[path.name] = figure
        return save_figure(figure, path, close=False)

    monkeypatch.setattr(sklnn.plotting, "save_figure", record)
    yield figures
    plt.close("all")


def test_decision_boundaries_one_panel_per_model_on_2d_data(tmp_path, drawn):
    data, results, runs = cross_validate("moons", ("softmax", "mlp", "sk-mlp"))
    sections = dict(draw_figures(tmp_path, data, results, runs))
    (figure,) = sections["Decision boundaries"]
    assert (tmp_path / figure.filename).is_file() and "last fold" in figure.caption
    panels = [ax for ax in drawn[figure.filename].axes if ax.axison]
    assert [ax.get_title() for ax in panels] == [run.spec.display_name for run in runs]
    assert len({ax.get_xlim() for ax in panels}) == 1
    assert len({ax.get_ylim() for ax in panels}) == 1
    assert [ax.get_legend() is not None for ax in panels] == [True, False, False]
    assert panels[0].get_legend().get_title().get_text() == "class"


def test_no_decision_boundaries_beyond_2_features(tmp_path, drawn):
    data, results, runs = cross_validate("iris", ("softmax",))
    assert "Decision boundaries" not in dict(draw_figures(tmp_path, data, results, runs))
    assert not any(name.startswith("decision") for name in drawn)


def draw_task(task, tmp_path, quick=False):
    """draw_figures on the task's quick run of :data:`RUNS`; return the sections as a dict."""
    dataset, models = RUNS[task]
    data, results, runs = cross_validate(dataset, models, task=task)
    return dict(draw_figures(tmp_path, data, results, runs, quick=quick))


@pytest.mark.parametrize("task", RUNS)
def test_every_text_is_at_least_as_large_as_talk_ticks(task, tmp_path, drawn):
    sections = draw_task(task, tmp_path)
    saved = [figure.filename for figures in sections.values() for figure in figures]
    assert sorted(saved) == sorted(drawn) and all((tmp_path / name).is_file() for name in saved)
    smallest = TALK_FONT_SIZES["xtick.labelsize"]
    for name, figure in drawn.items():
        assert QUICK_MARK not in figure.get_suptitle()
        for text in figure.findobj(Text):
            if text.get_visible() and text.get_text().strip():
                assert text.get_fontsize() >= smallest, (name, text.get_text())


@pytest.mark.parametrize(
    "task, key, loss",
    [
        ("classification", "mlp", "log-loss"),
        ("regression", "mlp-reg", "½ squared error (standardized y)"),
    ],
)
def test_learning_curves_name_the_loss_drawn(task, key, loss, tmp_path, drawn):
    # The classical model of each run has no history: the network's figure is the only one.
    # The comparison protocol holds out no validation split: the training loss alone.
    (figure,) = draw_task(task, tmp_path)["Learning curves"]
    assert figure.filename == f"learning_curves_{key}.png"
    (loss_axes,) = drawn[figure.filename].axes
    assert (loss_axes.get_xlabel(), loss_axes.get_ylabel()) == ("epoch", loss)
    (legend,) = drawn[figure.filename].legends  # under the panel, off the line
    assert [text.get_text() for text in legend.get_texts()] == ["train loss"]
    assert "validation" not in figure.caption


def test_regression_predicted_vs_true_and_residuals_one_panel_per_model(tmp_path, drawn):
    sections = draw_task("regression", tmp_path)
    names = [figure.filename for figure in sections["Predictions"]]
    assert names == ["predicted_vs_true.png", "residuals.png"]
    predicted_vs_true, residuals = ([ax for ax in drawn[name].axes if ax.axison] for name in names)
    assert [ax.get_title() for ax in residuals] == [
        "LinearRegression (sklnn)",
        "MLPRegressor (sklnn)",
    ]
    assert {(ax.get_xlabel(), ax.get_ylabel()) for ax in predicted_vs_true} == {
        ("predicted", "true")
    }
    assert {ax.get_ylabel() for ax in residuals} == {"residual (true − predicted)"}
    for panels in (predicted_vs_true, residuals):
        assert len({(ax.get_xlim(), ax.get_ylim()) for ax in panels}) == 1
    assert predicted_vs_true[0].get_xlim() == predicted_vs_true[0].get_ylim()


def test_clusters_take_the_colour_of_their_class_on_named_axes(tmp_path, drawn):
    sections = draw_task("clustering", tmp_path)
    assert [figure.filename for figure in sections["Clusters"]] == [
        "clusters_truth.png",
        "clusters_kmeans.png",
        "clusters_dbscan.png",
    ]
    (truth,) = drawn["clusters_truth.png"].axes
    assert all(text.get_text().startswith("class ") for text in truth.get_legend().get_texts())
    data, _, runs = cross_validate(*RUNS["clustering"], task="clustering")
    kmeans = runs[0]
    subset = kmeans.last_split[0]
    (clusters,) = drawn["clusters_kmeans.png"].axes
    # each class's points in the truth panel and its cluster's points share one colour
    truth_colours = {tuple(c.get_facecolor()[0]): c.get_offsets() for c in truth.collections}
    for cluster in clusters.collections[:3]:
        colour = tuple(cluster.get_facecolor()[0])
        shared = {tuple(p) for p in cluster.get_offsets()} & {
            tuple(p) for p in truth_colours[colour]
        }
        assert len(shared) > 0.5 * len(cluster.get_offsets())
    assert len(subset) == sum(len(c.get_offsets()) for c in clusters.collections[:3])


def test_projected_points_are_named_pc1_and_pc2(tmp_path, drawn):
    data, results, runs = cross_validate("iris", ("kmeans",), task="clustering")
    draw_figures(tmp_path, data, results, runs)
    assert sorted(drawn) == ["clusters_kmeans.png", "clusters_truth.png", "scores.png"]
    for figure in (drawn["clusters_kmeans.png"], drawn["clusters_truth.png"]):
        assert (figure.axes[0].get_xlabel(), figure.axes[0].get_ylabel()) == ("PC1", "PC2")


@pytest.mark.parametrize("task", RUNS)
def test_every_figure_of_a_quick_run_says_so_in_its_title(task, tmp_path, drawn):
    draw_task(task, tmp_path, quick=True)
    assert drawn
    for name, figure in drawn.items():
        assert figure.get_suptitle().endswith(QUICK_MARK), name


def test_a_quick_comparison_marks_its_figures(tmp_path, drawn):
    """run_comparison(quick=True) passes the mode on to the figures."""
    run_comparison(
        "iris", models="softmax,sk-logistic", cv=2, quick=True, out=tmp_path / "out",
        progress=False,
    )
    assert drawn
    for name, figure in drawn.items():
        assert figure.get_suptitle().endswith(QUICK_MARK), name

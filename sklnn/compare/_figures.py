"""The report's PNG figures, drawn with :mod:`sklnn.plotting` from the cross-validated runs."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.ticker import AutoLocator, ScalarFormatter
from sklearn.preprocessing import StandardScaler

from ._models import final_estimator

QUICK_MARK = "quick run: a smoke test, not a result"
"""What the title of every figure of a quick run says."""


@dataclass(frozen=True)
class Figure:
    """A saved figure: its file name in the output folder and its caption."""

    filename: str
    caption: str


def draw_figures(folder, data, results, runs, *, quick=False):
    """Draw and save every figure of the report.

    Parameters
    ----------
    folder : pathlib.Path
        The output folder.
    data : ComparisonData
        The comparison's samples.
    results : pandas.DataFrame
        The results table.
    runs : list of ModelRun
        The cross-validated models.
    quick : bool, default=False
        Whether the run was a ``--quick`` one: then every figure's title says
        :data:`QUICK_MARK`.

    Returns
    -------
    sections : list of (str, list of Figure)
        Each report section's title and figures, empty sections left out.

    Notes
    -----
    The figures are drawn with the font sizes of seaborn's ``talk`` context, to be read
    when projected in a classroom (see :func:`sklnn.plotting._style.talk_style`).
    """
    from sklnn.plotting._style import talk_style

    save = _Saver(folder, quick)
    with talk_style():
        sections = [
            ("Scores", [_score_chart(save, data, results)]),
            *_task_sections(save, data, runs),
        ]
    return [(title, figures) for title, figures in sections if figures]


def _task_sections(save, data, runs):
    """The sections of the task's own figures, as (title, figures) pairs."""
    if data.task == "classification":
        yield "Learning curves", _learning_curves(save, data, runs)
        yield "Confusion matrices", _confusion_matrices(save, data, runs)
        if data.X.shape[1] == 2:
            yield "Decision boundaries", [_decision_boundaries(save, data, runs)]
    elif data.task == "regression":
        yield "Predictions", _regression_plots(save, data, runs)
        yield "Learning curves", _learning_curves(save, data, runs)
    elif data.task == "clustering":
        yield "Clusters", _cluster_plots(save, data, runs)
    else:
        yield "Principal components", _pca_pictures(save, data, runs)


@dataclass(frozen=True)
class _Saver:
    """Saves figures into the output folder, the title of a quick run's marked as such."""

    folder: Path
    quick: bool

    def __call__(self, axes_or_figure, filename, caption):
        from sklnn.plotting import save_figure

        if self.quick:
            figure = getattr(axes_or_figure, "figure", axes_or_figure)
            title = figure.get_suptitle()
            figure.suptitle(f"{title}\n{QUICK_MARK}" if title else QUICK_MARK, color="tab:red")
        save_figure(axes_or_figure, self.folder / filename)
        return Figure(filename, caption)


def _score_chart(save, data, results):
    from sklnn.plotting import plot_scores

    metric = results["metric"].iloc[0]
    title = f"{data.name}: {metric}, mean ± std over {results['n_folds'].iloc[0]} folds"
    ax = plot_scores(results, xlabel=metric, title=title)
    return save(ax, "scores.png", f"{metric} of each model (error bars: ± std)")


def _training_history(model):
    """The per-epoch history of a neural model: sklnn's ``history_``, scikit-learn's
    training loss (``loss_curve_``); other models have none. The comparison protocol holds
    out no validation split, so there is no validation curve to draw."""
    if hasattr(model, "history_"):
        return model.history_
    if hasattr(model, "loss_curve_"):
        return pd.DataFrame({"train_loss": model.loss_curve_})
    return None


# What the neural models' loss is, per sample: log-loss for the classifiers, half the
# squared error of the standardized target (both libraries halve it) for the regressors.
_LOSS_NAMES = {"classification": "log-loss", "regression": "½ squared error (standardized y)"}


def _learning_curves(save, data, runs):
    from sklnn.plotting import plot_learning_curves
    from sklnn.plotting._style import panel_grid

    figures = []
    for run in runs:
        if run.spec.family != "neural":  # (sklnn's gradient-descent models record a
            continue  # loss_curve_ too; the section follows the networks' training)
        history = _training_history(final_estimator(run.last_estimator))
        if history is None:
            continue
        fig, axes = panel_grid(1, panel_size=(6.5, 4.5))
        plot_learning_curves(history, ax=axes[0], metric="loss")
        axes[0].set_ylabel(_LOSS_NAMES[data.task])
        _one_legend_below(fig, axes)
        name = run.spec.display_name
        fig.suptitle(f"{name}: learning curves, fitted on the last fold")
        caption = (
            f"{name}: {_LOSS_NAMES[data.task]} per epoch, fitted on the last fold; the train "
            "loss adds the L2 penalty the model minimises"
        )
        figures.append(save(fig, f"learning_curves_{run.spec.key}.png", caption))
    return figures


def _one_legend_below(fig, axes):
    """Replace the legends of ``axes`` by one legend under the figure."""
    handles = [line for ax in axes for line in ax.get_legend_handles_labels()[0]]
    for ax in axes:
        ax.get_legend().remove()
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))


def _named_labels(data, labels):
    """Class labels replaced by the data set's class names, when it has them."""
    classes = np.unique(data.y)
    if data.class_names is None or len(data.class_names) != len(classes):
        return labels, classes
    names = np.asarray(data.class_names)
    return names[np.searchsorted(classes, labels)], names


def _confusion_matrices(save, data, runs):
    from sklnn.plotting import plot_confusion_matrix_from_predictions

    y_true, names = _named_labels(data, data.y)
    figures = []
    for run in runs:
        y_pred, _ = _named_labels(data, run.predictions)
        ax = plot_confusion_matrix_from_predictions(y_true, y_pred, labels=names)
        ax.set_title(run.spec.display_name)
        caption = f"{run.spec.display_name}: out-of-fold predictions of every sample"
        figures.append(save(ax, f"confusion_{run.spec.key}.png", caption))
    return figures


def _decision_boundaries(save, data, runs):
    """One panel per model, on the same axes: each model's decision regions in the plane."""
    from sklnn.plotting import plot_decision_boundary
    from sklnn.plotting._style import panel_grid

    fig, axes = panel_grid(len(runs))  # every panel covers the same grid: the same axes
    for ax, run in zip(axes, runs):
        plot_decision_boundary(run.last_estimator, data.X, data.y, ax=ax)
        ax.set_title(run.spec.display_name)
        legend = ax.get_legend()
        if legend is None:
            continue
        if ax is axes[0]:
            legend.set_title("class")  # it names the classes for all the panels
        else:
            legend.remove()
    fig.suptitle(f"{data.name}: decision regions of the models fitted on the last fold")
    caption = (
        "each model's predicted class over the plane, the model fitted on the training "
        "samples of the last fold; the points are every sample, coloured by its true class"
    )
    return save(fig, "decision_boundaries.png", caption)


def _plane(data):
    """The samples in two dimensions, and whether they are their first two principal components."""
    if data.X.shape[1] == 2:
        return data.X, False
    from sklnn.decomposition import PCA

    return PCA(2).fit_transform(StandardScaler().fit_transform(data.X)), True


def _cluster_plots(save, data, runs):
    from sklnn.plotting import plot_clusters_2d
    from sklnn.plotting._clusters import match_clusters

    points, projected = _plane(data)
    suffix = " (first two principal components)" if projected else ""
    truth = np.unique(data.y, return_inverse=True)[1]
    ax = plot_clusters_2d(points, truth, title=f"{data.name}: true classes{suffix}", kind="class")
    figures = [save(_name_plane(ax, projected), "clusters_truth.png", "the true classes")]
    for run in runs:
        subset = run.last_split[0]
        model = final_estimator(run.last_estimator)
        labels = match_clusters(model.labels_, truth[subset])
        centers = getattr(model, "cluster_centers_", None)
        if centers is not None and not projected:
            centers = run.last_estimator[:-1].inverse_transform(centers)
        else:
            centers = None
        title = f"{run.spec.display_name}{suffix}"
        ax = plot_clusters_2d(points[subset], labels, centers=centers, title=title)
        caption = (
            f"{run.spec.display_name}: clusters of the last resample, each in the colour of "
            "the class it overlaps most (Hungarian matching)"
        )
        figures.append(save(_name_plane(ax, projected), f"clusters_{run.spec.key}.png", caption))
    return figures


def _name_plane(ax, projected):
    """Name the axes PC1 and PC2 when the points are principal components; return ``ax``."""
    if projected:
        ax.set(xlabel="PC1", ylabel="PC2")
    return ax


def _regression_plots(save, data, runs):
    """Predicted against true values, and residuals, of the last fold's held-out samples."""
    from sklearn.metrics import PredictionErrorDisplay

    from sklnn.plotting._style import panel_grid

    figures = []
    for kind, filename, ylabel, what in _REGRESSION_PLOTS:
        fig, axes = panel_grid(len(runs))
        for ax, run in zip(axes, runs):
            held_out = run.last_split[1]
            predicted = run.last_estimator.predict(data.X[held_out])
            PredictionErrorDisplay.from_predictions(data.y[held_out], predicted, kind=kind, ax=ax)
            ax.set(title=run.spec.display_name, xlabel="predicted", ylabel=ylabel)
        _same_limits(axes, square=kind == "actual_vs_predicted")
        fig.suptitle(f"{data.name}: {what}, held-out samples of the last fold")
        caption = f"{what} of each model on the held-out samples of the last fold"
        figures.append(save(fig, filename, caption))
    return figures


def _same_limits(axes, *, square):
    """Give every panel the limits that cover them all (the same on x and y if ``square``)."""
    xlims, ylims = zip(*[(ax.get_xlim(), ax.get_ylim()) for ax in axes])
    xlim = min(low for low, _ in xlims), max(high for _, high in xlims)
    ylim = min(low for low, _ in ylims), max(high for _, high in ylims)
    if square:
        xlim = ylim = min(xlim[0], ylim[0]), max(xlim[1], ylim[1])
    for ax in axes:
        if square:
            ax.set_aspect("equal", adjustable="box")  # the limits set the scale, not the data
        for axis in (ax.xaxis, ax.yaxis):  # round ticks, not PredictionErrorDisplay's five
            axis.set_major_locator(AutoLocator())
            axis.set_major_formatter(ScalarFormatter())
        ax.set(xlim=xlim, ylim=ylim)


# The regression figures: PredictionErrorDisplay's kind, file name, y label, description.
_REGRESSION_PLOTS = (
    ("actual_vs_predicted", "predicted_vs_true.png", "true", "true against predicted values"),
    (
        "residual_vs_predicted",
        "residuals.png",
        "residual (true − predicted)",
        "residuals against predicted values",
    ),
)


def _pca_pictures(save, data, runs):
    from sklnn.plotting import plot_components, plot_explained_variance, plot_reconstruction

    figures = []
    for run in runs:
        name, key = run.spec.display_name, run.spec.key
        pca = final_estimator(run.last_estimator)
        ax = plot_explained_variance(pca)
        ax.set_title(f"{name}: explained variance ratio")
        caption = f"{name}: variance explained by each kept component, and the running total"
        figures.append(save(ax, f"explained_variance_{key}.png", caption))
        if data.image_shape is None:
            continue
        held_out = data.X[run.last_split[1]]
        fig = plot_reconstruction(pca, held_out, data.image_shape)
        caption = f"{name}: held-out images (top) and their reconstructions (bottom)"
        figures.append(save(fig, f"reconstruction_{key}.png", caption))
        fig = plot_components(pca, data.image_shape)
        fig.suptitle(f"{name}: principal components")
        caption = f"{name}: the principal components as images"
        figures.append(save(fig, f"components_{key}.png", caption))
    return figures

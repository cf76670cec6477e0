"""Learning curves of the neural estimators, drawn from their per-epoch ``history_``."""

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator
from sklearn.utils.validation import check_is_fitted

from ._style import get_axes

LOSS_COLUMNS = ("train_loss", "train_data_loss", "valid_loss")
SCORE_COLUMNS = ("train_acc", "valid_acc", "train_r2", "valid_r2")
COLUMN_LABELS = {
    "train_loss": "train loss",
    "train_data_loss": "train loss (end of epoch)",
    "valid_loss": "validation loss",
    "train_acc": "train accuracy",
    "valid_acc": "validation accuracy",
    "train_r2": "train R²",
    "valid_r2": "validation R²",
    "lr": "learning rate",
    "dur": "epoch duration (s)",
    "lipschitz_bound": "Lipschitz bound",
}
LINE_STYLES = {
    "train_data_loss": "-.", "valid_loss": "--", "train_acc": "-.", "valid_acc": ":",
    "train_r2": "-.", "valid_r2": ":",
}  # fmt: skip
COLUMN_COLORS = {
    "train_loss": "C0", "train_data_loss": "C0", "train_acc": "C0", "train_r2": "C0",
    "valid_loss": "C1", "valid_acc": "C1", "valid_r2": "C1",
}  # fmt: skip
"""Colours of a single model's curves: training in blue, validation in orange."""


def _as_history(estimator_or_history):
    if isinstance(estimator_or_history, pd.DataFrame):
        history = estimator_or_history
    elif hasattr(estimator_or_history, "get_params"):
        check_is_fitted(estimator_or_history, "history_")
        history = estimator_or_history.history_
    else:
        raise TypeError(
            "plot_learning_curves expects a fitted neural estimator (with history_) or its "
            f"history DataFrame, got {type(estimator_or_history).__name__}."
        )
    if history.empty:
        raise ValueError("The history is empty: the estimator has not trained any epoch.")
    return history


def _metric_columns(history, metric):
    """The history columns that ``metric`` ('loss', 'score' or a column name) draws."""
    if metric == "loss":
        columns = [column for column in LOSS_COLUMNS if column in history]
    elif metric == "score":
        columns = [column for column in SCORE_COLUMNS if column in history]
    else:
        columns = [metric] if metric in history else []
    if not columns:
        raise ValueError(
            f"The history has no column for metric={metric!r}. Use 'loss', 'score', 'both' "
            f"or one of its columns: {', '.join(map(str, history.columns))}."
        )
    return columns


def _plot_columns(ax, epochs, history, columns, *, label, color=None):
    """Draw ``columns`` against ``epochs``, each in its own line style.

    Unlabelled, training and validation curves take the colours of :data:`COLUMN_COLORS`;
    labelled (one model among several), they all take the model's colour.
    """
    epochs = np.asarray(epochs)
    lines = []
    for column in columns:
        name = COLUMN_LABELS.get(column, column)
        (line,) = ax.plot(
            epochs,
            history[column].to_numpy(),
            linestyle=LINE_STYLES.get(column, "-"),
            color=COLUMN_COLORS.get(column, color) if label is None else color,
            label=name if label is None else f"{label}: {name}",
        )
        color = line.get_color()
        lines.append(line)
    return lines


def _axis_label(columns):
    if columns[0] in LOSS_COLUMNS:
        return "loss"
    if len(columns) > 1:  # train and validation score
        return {"acc": "accuracy", "r2": "R²"}[columns[0].split("_")[-1]]
    return COLUMN_LABELS.get(columns[0], columns[0])


def plot_learning_curves(estimator_or_history, ax=None, metric="loss", *, label=None):
    """Plot a neural estimator's training curves, one point per epoch.

    Train and validation loss diverging — the train loss still falling while the
    validation loss rises — is the picture of overfitting; early stopping keeps the epoch
    of lowest validation loss.

    Parameters
    ----------
    estimator_or_history : fitted estimator or DataFrame
        A fitted sklnn neural estimator (``MLPClassifier``, ``MLPRegressor``,
        ``LipschitzCNN``), whose ``history_`` is used, or such a history itself: one row
        per epoch, columns ``epoch``, ``train_loss`` and optionally ``train_data_loss``,
        ``valid_loss``, ``train_acc`` / ``train_r2``, ``valid_acc`` / ``valid_r2`` (the
        columns of ``monitor_validation`` and early stopping), ``lr``, ``dur``,
        ``lipschitz_bound``.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure when None.
    metric : str, default='loss'
        ``'loss'``: train loss (solid, blue; the training set's loss at the end of each
        epoch dash-dotted) and validation loss (dashed, orange), those the history has;
        ``'score'``: the train (blue, dash-dotted) and validation (orange, dotted)
        accuracy or R²;
        ``'both'``: the losses on ``ax`` and the score, when the history has one, on a
        twin y-axis at the right; any other history column, e.g. ``'lipschitz_bound'`` or
        ``'lr'``, draws that column.
    label : str, default=None
        Prefix of the legend entries (e.g. the model's name), to draw several models on the
        same Axes: each call draws its lines in the next colour.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on (the loss axis for ``metric='both'``), with integer epoch ticks
        and the legend right of it (inside, for ``metric='both'``, whose score axis is
        on the right).

    Raises
    ------
    ValueError
        If the history is empty or has no column for ``metric``.
    TypeError
        If given neither an estimator nor a DataFrame.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from sklnn.plotting import plot_learning_curves
    >>> history = pd.DataFrame({"epoch": [1, 2, 3], "train_loss": [0.9, 0.5, 0.3],
    ...                         "valid_loss": [1.0, 0.7, 0.8], "valid_acc": [0.6, 0.8, 0.7]})
    >>> ax = plot_learning_curves(history, metric="both")
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['train loss', 'validation loss', 'validation accuracy']
    """
    history = _as_history(estimator_or_history)
    loss_metric = "loss" if metric == "both" else metric
    columns = _metric_columns(history, loss_metric)
    epochs = history["epoch"] if "epoch" in history else np.arange(1, len(history) + 1)
    ax = get_axes(ax, figsize=(6, 4))
    lines = _plot_columns(ax, epochs, history, columns, label=label)
    ax.set(xlabel="epoch", ylabel=_axis_label(columns))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    score_columns = [column for column in SCORE_COLUMNS if column in history]
    if metric == "both" and score_columns:
        twin = ax.twinx()
        lines += _plot_columns(
            twin, epochs, history, score_columns, label=label, color=lines[0].get_color()
        )
        twin.set_ylabel(_axis_label(score_columns))
        # draw ax, with the legend, above the twin: its lines would cross the legend
        ax.set_zorder(twin.get_zorder() + 1)
        ax.patch.set_visible(False)
        ax.legend(handles=lines)
    else:  # right of the Axes, off the lines
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0)
    return ax

"""Chart of cross-validated scores, one point per model, with error bars."""

import numpy as np
import pandas as pd

from ._style import color, get_axes

REQUIRED_COLUMNS = ("model", "mean", "std")


def _check_scores(scores):
    scores = pd.DataFrame(scores)
    missing = [column for column in REQUIRED_COLUMNS if column not in scores]
    if missing:
        raise ValueError(
            f"scores needs the columns {', '.join(REQUIRED_COLUMNS)}; missing: "
            f"{', '.join(missing)}."
        )
    if scores.empty:
        raise ValueError("scores is empty: there is no model to plot.")
    return scores.reset_index(drop=True)


def plot_scores(scores, ax=None, *, xlabel="score", title=None):
    """Plot each model's mean score as a point, its standard deviation as an error bar.

    The score axis is zoomed to the error bars, so that close scores can be told apart: a
    point, unlike a bar, does not need the axis to start at zero. Each point is labelled
    with ``mean ± std``; models are drawn top to bottom in the order of ``scores``.

    Parameters
    ----------
    scores : DataFrame
        One row per model, with columns ``model`` (name), ``mean`` and ``std`` (of the
        cross-validation scores), and optionally ``family`` (e.g. ``'classical'`` or
        ``'neural'``), which colours the points and adds a legend right of the Axes.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure when None.
    xlabel : str, default='score'
        Label of the score axis, e.g. ``'accuracy'``.
    title : str, default=None
        Title, above the Axes at the left.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on.

    Raises
    ------
    ValueError
        If a required column is missing or ``scores`` is empty.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from sklnn.plotting import plot_scores
    >>> scores = pd.DataFrame({"model": ["SoftmaxReg", "MLPClassifier"], "mean": [0.95, 0.97],
    ...                        "std": [0.01, 0.02], "family": ["classical", "neural"]})
    >>> ax = plot_scores(scores, xlabel="accuracy")
    >>> len(ax.containers), [text.get_text() for text in ax.get_legend().get_texts()]
    (2, ['classical', 'neural'])
    """
    scores = _check_scores(scores)
    n_models = len(scores)
    ax = get_axes(ax, figsize=(12, 1.5 + 0.6 * n_models))
    families = scores["family"].astype(str) if "family" in scores else pd.Series([""] * n_models)
    positions = np.arange(n_models)
    means, stds = scores["mean"].to_numpy(float), scores["std"].to_numpy(float)
    for index, family in enumerate(sorted(families.unique())):
        rows = (families == family).to_numpy()
        ax.errorbar(
            means[rows], positions[rows], xerr=stds[rows], fmt="o", color=color(index),
            capsize=5, label=family or None,
        )
    labels = [
        ax.text(x, position, f"  {mean:.3f} ± {std:.3f}", va="center")
        for position, x, mean, std in zip(positions, means + stds, means, stds)
    ]
    ax.set_yticks(positions, labels=scores["model"].astype(str))
    ax.set_ylim(n_models - 0.5, -0.5)  # the first model on top
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", alpha=0.3)
    if title is not None:
        ax.set_title(title, loc="left")
    if "family" in scores:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    _zoom_to(ax, means - stds, means + stds)
    _extend_right_to_fit(ax, labels)
    return ax


def _zoom_to(ax, low, high):
    """Set the x-axis to the span of the error bars, with a margin of 5 % on each side."""
    low, high = low.min(), high.max()
    span = high - low if high > low else max(abs(high), 1.0) * 0.01
    ax.set_xlim(low - 0.05 * span, high + 0.05 * span)


def _extend_right_to_fit(ax, labels):
    """Widen the x-axis so that each label, written rightwards from its x, ends in the Axes.

    A label's width in pixels does not depend on the limits: one that starts at ``x`` ends
    inside, short of a small gap, when ``(x - left) / (right - left) ≤ 1 - gap - width /
    axes_width``.
    """
    gap = 0.02  # of the Axes' width, between the longest label and the right edge
    ax.figure.draw_without_rendering()  # lays the figure out: the Axes' and labels' sizes
    left, right = ax.get_xlim()
    axes_width = ax.get_window_extent().width
    for label in labels:
        # a label wider than half the Axes cannot sit beside its bar anyway
        room = max(1 - gap - label.get_window_extent().width / axes_width, 0.5)
        right = max(right, left + (label.get_position()[0] - left) / room)
    ax.set_xlim(left, right)

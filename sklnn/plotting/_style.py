"""Helpers shared by the sklnn.plotting functions: figures, colours, input checks, saving."""

import math
import numbers
from pathlib import Path

import numpy as np
from sklearn.utils.validation import check_array

from ..utils import check_number

try:
    import matplotlib.pyplot as plt
except ImportError as exc:  # matplotlib is the optional 'plot' extra
    raise ImportError(
        "sklnn.plotting needs matplotlib: pip install 'sklnn[plot]' (or matplotlib)."
    ) from exc

NOISE_COLOR = "0.65"
"""Grey used for DBSCAN noise points (label -1)."""

TALK_FONT_SIZES = {
    "font.size": 18,
    "axes.titlesize": 18,
    "axes.labelsize": 18,
    "figure.titlesize": 18,
    "legend.title_fontsize": 18,
    "xtick.labelsize": 16.5,
    "ytick.labelsize": 16.5,
    "legend.fontsize": 16.5,
}
"""Font sizes in points of seaborn's ``talk`` context (1.5 times its ``notebook`` sizes)."""

TALK_LINE_WIDTHS = {
    "axes.linewidth": 1.875,
    "grid.linewidth": 1.5,
    "lines.linewidth": 2.25,
    "lines.markersize": 9,
    "patch.linewidth": 1.5,
    "xtick.major.width": 1.875,
    "ytick.major.width": 1.875,
    "xtick.major.size": 9,
    "ytick.major.size": 9,
}
"""Line widths and tick sizes of seaborn's ``talk`` context, which go with its fonts."""

MAX_LEGEND_ENTRIES = 10
"""Legends with more entries than this are left out: they would hide the plot."""


def talk_style():
    """A context in which new figures read from the back of a classroom.

    Within it, figures take the font sizes and line widths of seaborn's ``talk``
    context (without needing seaborn); text drawn by the sklnn.plotting functions
    follows these sizes, none of it smaller than the tick labels.

    Returns
    -------
    context : context manager
        :func:`matplotlib.pyplot.rc_context` with :data:`TALK_FONT_SIZES` and
        :data:`TALK_LINE_WIDTHS`; save the figures inside it.
    """
    return plt.rc_context({**TALK_FONT_SIZES, **TALK_LINE_WIDTHS})


def get_axes(ax, figsize):
    """Return ``ax``, or the Axes of a new figure of size ``figsize`` when ``ax`` is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def get_figure(fig, figsize):
    """Return ``fig``, or a new figure of size ``figsize`` when ``fig`` is None."""
    if fig is None:
        fig = plt.figure(figsize=figsize, layout="constrained")
    return fig


def panel_grid(n_panels, *, n_columns=3, panel_size=(5, 4.5), **subplot_kwargs):
    """A new figure of ``n_panels`` Axes in rows of ``n_columns``; return it and the Axes.

    The cells past the last panel are hidden. ``subplot_kwargs`` go to
    :meth:`matplotlib.figure.Figure.subplots`, e.g. ``sharex=True, sharey=True``.
    """
    n_columns = min(n_columns, n_panels)
    n_rows = math.ceil(n_panels / n_columns)
    figsize = (panel_size[0] * n_columns, panel_size[1] * n_rows)
    fig = plt.figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(n_rows, n_columns, squeeze=False, **subplot_kwargs).ravel()
    for ax in axes[n_panels:]:
        ax.set_axis_off()
    return fig, list(axes[:n_panels])


def color(index):
    """The ``index``-th colour of matplotlib's default cycle (``'C0'`` .. ``'C9'``)."""
    return f"C{index % 10}"


def legend_if_readable(ax, n_entries, **kwargs):
    """Draw the legend unless it would have more than :data:`MAX_LEGEND_ENTRIES` entries."""
    if n_entries <= MAX_LEGEND_ENTRIES:
        ax.legend(**kwargs)


def check_points_2d(X, name="X"):
    """Validate 2-D points (two features) for a scatter plot; return them as an array."""
    points = check_array(X, dtype="numeric", input_name=name)
    if points.shape[1] != 2:
        raise ValueError(
            f"{name} must have exactly 2 features to be drawn in the plane, got "
            f"{points.shape[1]}; project it first, e.g. with PCA(n_components=2)."
        )
    return points


def label_feature_axes(ax, X):
    """Name the axes after the columns of a DataFrame ``X``, else ``x0`` and ``x1``."""
    names = getattr(X, "columns", ["x0", "x1"])
    ax.set(xlabel=str(names[0]), ylabel=str(names[1]))


def first_rows(X, n_rows):
    """The first ``n_rows`` rows of an array or a DataFrame, keeping its type."""
    return X.iloc[:n_rows] if hasattr(X, "iloc") else np.asarray(X)[:n_rows]


def check_image_shape(image_shape, n_features):
    """Check that images of ``image_shape`` have ``n_features`` pixels; return a tuple."""
    image_shape = tuple(int(side) for side in image_shape)
    if math.prod(image_shape) != n_features:
        raise ValueError(
            f"image_shape {image_shape} has {math.prod(image_shape)} pixels, but the data "
            f"has {n_features} features."
        )
    return image_shape


def check_count(value, name):
    """Check a positive integer argument such as ``n_images``."""
    return check_number(value, name, kind=numbers.Integral, low=1)


def image_grid(fig, images, image_shape, *, n_columns, titles=None, **imshow_kwargs):
    """Draw flat ``images`` as a grid of ``n_columns`` columns; return the Axes array.

    Cells past the last image are hidden; ticks are removed but axis labels stay, so
    rows can be named with ``set_ylabel``.
    """
    n_rows = math.ceil(len(images) / n_columns)
    axes = fig.subplots(n_rows, n_columns, squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.set(xticks=[], yticks=[])
        if index >= len(images):
            ax.set_axis_off()
            continue
        ax.imshow(np.reshape(images[index], image_shape), **imshow_kwargs)
        if titles is not None:
            ax.set_title(titles[index])
    return axes


def save_figure(figure, path, *, dpi=100, close=True):
    """Save a figure (or the figure of an Axes), cropped to what it draws, then close it.

    Closing releases the figure from pyplot, so that scripts drawing many figures (like
    ``sklnn compare``) do not accumulate them in memory.

    Parameters
    ----------
    figure : matplotlib Figure or Axes
        What to save; an Axes stands for its whole figure.
    path : str or path-like
        The file to write; its suffix (``.png``, ``.svg``, ``.pdf``) picks the format.
    dpi : int, default=100
        Resolution of raster formats, in dots per inch.
    close : bool, default=True
        Close the figure after saving.

    Returns
    -------
    path : pathlib.Path
        The written file.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import os, tempfile
    >>> import matplotlib.pyplot as plt
    >>> from sklnn.plotting import save_figure
    >>> fig, ax = plt.subplots()
    >>> lines = ax.plot([0, 1], [1, 0])
    >>> save_figure(ax, os.path.join(tempfile.mkdtemp(), "line.png")).name
    'line.png'
    """
    figure = getattr(figure, "figure", figure)
    path = Path(path)
    figure.savefig(path, dpi=dpi, bbox_inches="tight")
    if close:
        plt.close(figure)
    return path

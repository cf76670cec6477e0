"""Decision regions of a fitted classifier on 2-D data."""

import numbers

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import check_consistent_length, check_is_fitted, column_or_1d

from ..utils import check_number
from ._style import check_points_2d, color, get_axes, label_feature_axes, legend_if_readable

MARGIN = 0.1
"""Fraction of the data's range added around it on each side."""


def _grid(points, resolution):
    """A ``resolution`` x ``resolution`` grid covering the points with a margin."""
    low, high = points.min(axis=0), points.max(axis=0)
    pad = MARGIN * np.where(high > low, high - low, 1.0)
    axes = [np.linspace(low[i] - pad[i], high[i] + pad[i], resolution) for i in range(2)]
    return np.meshgrid(*axes)


def plot_decision_boundary(estimator, X, y, ax=None, resolution=200):
    """Colour the plane by a fitted classifier's prediction and scatter the labelled points.

    The frontier between coloured regions is the decision boundary: a straight line for
    the linear models (logistic and softmax regression, the perceptron), curved for an MLP
    (course textbook, §3.2.1, the perceptron's geometric interpretation).

    Parameters
    ----------
    estimator : fitted classifier
        Anything with ``predict``, fitted on 2 features.
    X : array-like of shape (n_samples, 2)
        The points to draw; the grid covers their range. If ``X`` is a DataFrame, the grid
        is given to ``predict`` with the same column names.
    y : array-like of shape (n_samples,)
        The points' true labels, which colour them.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure when None.
    resolution : int, default=200
        Number of grid points along each axis (``resolution ** 2`` predictions).

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on; the legend names the classes (left out beyond 10 classes).

    Raises
    ------
    ValueError
        If ``X`` does not have 2 features or ``y`` has another length.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import make_moons
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklnn.plotting import plot_decision_boundary
    >>> X, y = make_moons(n_samples=100, noise=0.2, random_state=0)
    >>> classifier = LogisticRegression().fit(X, y)
    >>> ax = plot_decision_boundary(classifier, X, y, resolution=50)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['0', '1']
    """
    check_is_fitted(estimator)
    check_number(resolution, "resolution", kind=numbers.Integral, low=2)
    points = check_points_2d(X)
    y = column_or_1d(y)
    check_consistent_length(points, y)
    grid_x, grid_y = _grid(points, resolution)
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()]).astype(points.dtype)
    if hasattr(X, "columns"):
        grid = pd.DataFrame(grid, columns=X.columns)
    predicted = np.asarray(estimator.predict(grid))
    classes = unique_labels(y, predicted)
    colors = [color(index) for index in range(len(classes))]
    ax = get_axes(ax, figsize=(6, 5))
    ax.contourf(
        grid_x,
        grid_y,
        np.searchsorted(classes, predicted).reshape(grid_x.shape),
        levels=np.arange(len(classes) + 1) - 0.5,
        cmap=ListedColormap(colors),
        alpha=0.3,
    )
    for index, label in enumerate(classes):
        members = points[y == label]
        ax.scatter(
            members[:, 0], members[:, 1], s=18, color=colors[index], edgecolors="black",
            linewidths=0.4, label=str(label),
        )
    label_feature_axes(ax, X)
    legend_if_readable(ax, len(classes))
    return ax

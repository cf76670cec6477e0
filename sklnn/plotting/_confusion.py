"""Annotated confusion matrices, from a fitted classifier or from predictions."""

import numpy as np
from sklearn.metrics import confusion_matrix
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import check_is_fitted

from ..utils import check_option
from ._style import get_axes

NORMALIZE_OPTIONS = (None, "true", "pred", "all")


def _annotate_cells(ax, matrix, number_format):
    """Write each cell's value in it, white on dark cells and black on light ones."""
    threshold = (matrix.max() + matrix.min()) / 2
    for (row, column), value in np.ndenumerate(matrix):
        ax.text(
            column,
            row,
            format(value, number_format),
            ha="center",
            va="center",
            color="white" if value > threshold else "black",
        )


def plot_confusion_matrix_from_predictions(
    y_true, y_pred, *, normalize=None, labels=None, ax=None, cmap="Blues"
):
    """Plot the confusion matrix of predicted against true labels, each cell annotated.

    Row i, column j counts the samples of class i predicted as class j, so the diagonal
    holds the correct predictions (course textbook, §2.4.1, Code 2.6: the confusion matrix
    of the softmax regression on iris).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    normalize : {'true', 'pred', 'all'} or None, default=None
        Show counts (None), or fractions of each true class (rows sum to 1), of each
        predicted class (columns sum to 1) or of all samples.
    labels : array-like of shape (n_classes,), default=None
        The classes, in the order of the rows and columns; by default the sorted labels
        present in ``y_true`` or ``y_pred``.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure when None.
    cmap : str or matplotlib Colormap, default='Blues'
        Colour map of the cells.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on; its colour bar is a separate Axes of the same figure.

    See Also
    --------
    plot_confusion_matrix : The same, from a fitted classifier and data.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklnn.plotting import plot_confusion_matrix_from_predictions
    >>> ax = plot_confusion_matrix_from_predictions(["cat", "dog", "dog"], ["cat", "cat", "dog"])
    >>> [text.get_text() for text in ax.texts]
    ['1', '0', '1', '1']
    """
    check_option(normalize, "normalize", NORMALIZE_OPTIONS)
    labels = unique_labels(y_true, y_pred) if labels is None else np.asarray(labels)
    matrix = confusion_matrix(y_true, y_pred, labels=labels, normalize=normalize)
    n_classes = len(labels)
    side = max(4.0, 0.5 * n_classes + 2)
    ax = get_axes(ax, figsize=(side + 1, side))
    image = ax.imshow(matrix, cmap=cmap, vmin=0)
    ax.figure.colorbar(image, ax=ax)
    _annotate_cells(ax, matrix, "d" if normalize is None else ".2f")
    ticks = np.arange(n_classes)
    ax.set_xticks(ticks, labels=[str(label) for label in labels])
    ax.set_yticks(ticks, labels=[str(label) for label in labels])
    ax.set(xlabel="predicted label", ylabel="true label")
    return ax


def plot_confusion_matrix(estimator, X, y, *, normalize=None, labels=None, ax=None, cmap="Blues"):
    """Plot the confusion matrix of a fitted classifier's predictions on ``X``.

    Parameters
    ----------
    estimator : fitted classifier
        Anything with ``predict``; its ``classes_``, when present, order the rows and
        columns.
    X : array-like of shape (n_samples, n_features)
        Input samples.
    y : array-like of shape (n_samples,)
        True labels.
    normalize : {'true', 'pred', 'all'} or None, default=None
        See :func:`plot_confusion_matrix_from_predictions`.
    labels : array-like of shape (n_classes,), default=None
        The classes, in order; by default ``estimator.classes_``.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure when None.
    cmap : str or matplotlib Colormap, default='Blues'
        Colour map of the cells.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklnn.plotting import plot_confusion_matrix
    >>> X, y = load_iris(return_X_y=True)
    >>> classifier = LogisticRegression(max_iter=1000).fit(X, y)
    >>> ax = plot_confusion_matrix(classifier, X, y, normalize="true")
    >>> len(ax.texts), ax.get_xlabel()
    (9, 'predicted label')
    """
    check_is_fitted(estimator)
    if labels is None:
        labels = getattr(estimator, "classes_", None)
    return plot_confusion_matrix_from_predictions(
        y, estimator.predict(X), normalize=normalize, labels=labels, ax=ax, cmap=cmap
    )

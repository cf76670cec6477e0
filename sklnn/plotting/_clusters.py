"""Scatter plot of a 2-D clustering, noise in grey."""

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics.cluster import contingency_matrix
from sklearn.utils.validation import check_consistent_length, column_or_1d

from ._style import (
    NOISE_COLOR,
    check_points_2d,
    color,
    get_axes,
    label_feature_axes,
    legend_if_readable,
)

NOISE_LABEL = -1


def match_clusters(labels, reference):
    """Renumber clusters after the reference classes they overlap most (Hungarian matching).

    The clusters and classes are paired one to one so that the number of points a cluster
    shares with its class, summed over the pairs, is largest
    (:func:`scipy.optimize.linear_sum_assignment`). Each paired cluster takes its class's
    index in ``np.unique(reference)``; clusters left over (more clusters than classes) take
    the next indices, noise (-1) stays -1. Drawn with :func:`plot_clusters_2d`, a cluster
    then has the colour of its class drawn from ``np.unique(reference, return_inverse=True)``.

    Parameters
    ----------
    labels : array-like of shape (n_samples,)
        Cluster of each point, -1 for noise.
    reference : array-like of shape (n_samples,)
        True class of each point.

    Returns
    -------
    matched : ndarray of shape (n_samples,)
        The renumbered clusters, integers.

    Examples
    --------
    >>> from sklnn.plotting._clusters import match_clusters
    >>> match_clusters([1, 1, 0, 0, -1], ["a", "a", "b", "b", "b"]).tolist()
    [0, 0, 1, 1, -1]
    """
    labels, reference = column_or_1d(labels), column_or_1d(reference)
    check_consistent_length(labels, reference)
    clustered = labels != NOISE_LABEL
    clusters = np.unique(labels[clustered])
    matched = np.full(len(labels), NOISE_LABEL)
    if not len(clusters):
        return matched
    overlap = contingency_matrix(labels[clustered], reference[clustered])
    rows, columns = linear_sum_assignment(overlap, maximize=True)
    new_index = dict(zip(rows, columns))
    n_classes = len(np.unique(reference))
    left_over = [row for row in range(len(clusters)) if row not in new_index]
    new_index.update(zip(left_over, range(n_classes, n_classes + len(left_over))))
    rows = np.searchsorted(clusters, labels[clustered])
    matched[clustered] = [new_index[row] for row in rows]
    return matched


def plot_clusters_2d(X, labels, *, centers=None, ax=None, title=None, kind="cluster"):
    """Scatter 2-D points coloured by cluster, DBSCAN's noise points (label -1) in grey.

    DBSCAN labels the points that are neither core nor border points as noise, -1
    (course textbook, §4.4.2); k-Means' centroids can be drawn on top.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
        The points; a DataFrame's column names label the axes.
    labels : array-like of shape (n_samples,)
        Cluster index of each point, -1 for noise (e.g. ``labels_`` or ``fit_predict``).
        Integer labels pick their colour (label ``k`` is drawn in ``'Ck'``), so that
        clusters renumbered by :func:`match_clusters` take their class's colour.
    centers : array-like of shape (n_clusters, 2), default=None
        Cluster centres to mark with black crosses (e.g. KMeans' ``cluster_centers_``).
    ax : matplotlib Axes, default=None
        Where to draw; a new figure when None.
    title : str, default=None
        Title of the Axes.
    kind : str, default='cluster'
        What a label is, the legend's word: ``'class'`` for the true classes.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on; the legend names each cluster (left out beyond 10 entries).

    Raises
    ------
    ValueError
        If ``X`` does not have 2 features or ``labels`` has another length.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.cluster import KMeans
    >>> from sklearn.datasets import make_blobs
    >>> from sklnn.plotting import plot_clusters_2d
    >>> X, _ = make_blobs(n_samples=60, centers=2, random_state=0)
    >>> kmeans = KMeans(n_clusters=2, n_init=1, random_state=0).fit(X)
    >>> ax = plot_clusters_2d(X, kmeans.labels_, centers=kmeans.cluster_centers_)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['cluster 0', 'cluster 1', 'centers']
    """
    points = check_points_2d(X)
    labels = column_or_1d(labels)
    check_consistent_length(points, labels)
    ax = get_axes(ax, figsize=(6, 5))
    clusters = np.unique(labels[labels != NOISE_LABEL])
    integers = np.issubdtype(clusters.dtype, np.integer)
    for index, cluster in enumerate(clusters):
        members = points[labels == cluster]
        label = f"{kind} {cluster}"
        cluster_color = color(cluster if integers else index)
        ax.scatter(members[:, 0], members[:, 1], s=18, color=cluster_color, label=label)
    noise = points[labels == NOISE_LABEL]
    if len(noise):
        ax.scatter(noise[:, 0], noise[:, 1], s=14, color=NOISE_COLOR, marker="x", label="noise")
    n_entries = len(clusters) + bool(len(noise))
    if centers is not None:
        centers = check_points_2d(centers, name="centers")
        ax.scatter(
            centers[:, 0], centers[:, 1], s=160, c="black", marker="X", edgecolors="white",
            label="centers",
        )
        n_entries += 1
    label_feature_axes(ax, X)
    if title is not None:
        ax.set_title(title)
    legend_if_readable(ax, n_entries)
    return ax

"""PCA pictures: explained variance, reconstructed images and the components as images."""

import math

import numpy as np
from matplotlib.ticker import MaxNLocator
from sklearn.utils.validation import check_is_fitted

from ._style import check_count, check_image_shape, first_rows, get_axes, get_figure, image_grid

IMAGE_COLUMNS = 8
"""Images per row in the component grid."""


def plot_explained_variance(pca, ax=None):
    """Plot each principal component's explained variance ratio and their running total.

    Component i explains the fraction λi / Σλ of the variance, λi the i-th eigenvalue of
    the covariance matrix (course textbook, §5.1.3); the cumulative curve shows how many
    components keep, say, 95% of it.

    Parameters
    ----------
    pca : fitted PCA
        Anything with ``explained_variance_ratio_`` (sklnn's or scikit-learn's PCA).
    ax : matplotlib Axes, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on: one bar per component and the cumulative line.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.decomposition import PCA
    >>> from sklnn.plotting import plot_explained_variance
    >>> pca = PCA().fit(load_iris().data)
    >>> ax = plot_explained_variance(pca)
    >>> len(ax.patches), round(float(ax.lines[0].get_ydata()[-1]), 6)
    (4, 1.0)
    """
    check_is_fitted(pca, "explained_variance_ratio_")
    ratios = np.asarray(pca.explained_variance_ratio_)
    components = np.arange(1, len(ratios) + 1)
    ax = get_axes(ax, figsize=(6, 4))
    ax.bar(components, ratios, color="C0", label="per component")
    ax.plot(components, np.cumsum(ratios), "o-", color="C1", markersize=3, label="cumulative")
    ax.set(xlabel="principal component", ylabel="explained variance ratio", ylim=(0, 1.05))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="center right")
    return ax


def plot_reconstruction(pca, X, image_shape, n_images=8, fig=None):
    """Show images above their PCA reconstructions from the kept components.

    A sample is projected on the k components, y = x W, and rebuilt from them,
    x̂ = Σ yi Wi (course textbook, §5.1.2, Eq. 5.8): ``pca.inverse_transform(
    pca.transform(X))``. The fewer components, the blurrier the reconstruction.

    Parameters
    ----------
    pca : fitted PCA
        Anything with ``transform`` and ``inverse_transform`` fitted on image pixels.
    X : array-like of shape (n_samples, n_pixels)
        Flat images; the first ``n_images`` are drawn.
    image_shape : tuple of int
        Shape of one image, e.g. ``(8, 8)`` or ``(28, 28)``.
    n_images : int, default=8
        Number of images (columns).
    fig : matplotlib Figure, default=None
        The (empty) figure to draw in; a new one when None.

    Returns
    -------
    fig : matplotlib Figure
        Originals in the first row, reconstructions in the second, both on the grey scale
        of the originals.

    Raises
    ------
    ValueError
        If ``image_shape`` does not match the number of features.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.decomposition import PCA
    >>> from sklnn.plotting import plot_reconstruction
    >>> X = load_digits().data
    >>> fig = plot_reconstruction(PCA(n_components=10).fit(X), X, (8, 8), n_images=5)
    >>> len(fig.axes), fig.axes[5].get_ylabel()
    (10, 'reconstructed')
    """
    check_is_fitted(pca, "components_")
    check_count(n_images, "n_images")
    images = first_rows(X, n_images)
    originals = np.asarray(images, dtype=float)
    image_shape = check_image_shape(image_shape, originals.shape[1])
    reconstructed = np.asarray(pca.inverse_transform(pca.transform(images)), dtype=float)
    fig = get_figure(fig, figsize=(1.3 * len(originals), 3))
    axes = image_grid(
        fig,
        np.concatenate([originals, reconstructed]),
        image_shape,
        n_columns=len(originals),
        cmap="gray_r",
        vmin=originals.min(),
        vmax=originals.max(),
    )
    for ax, name in zip(axes[:, 0], ["original", "reconstructed"]):
        # horizontal, left of the row: vertical, it would outgrow a row of small images
        ax.set_ylabel(name, rotation=0, horizontalalignment="right", verticalalignment="center")
    fig.suptitle(f"PCA reconstruction from {len(pca.components_)} components")
    return fig


def plot_components(pca, image_shape, n_components=8, fig=None):
    """Show the principal components as images (the 'eigen-digits' of digit data).

    Each component is an eigenvector of the pixels' covariance matrix (course textbook,
    §5.1.1); red pixels weigh positively, blue negatively, on a scale shared by all.

    Parameters
    ----------
    pca : fitted PCA
        Anything with ``components_`` fitted on image pixels; ``explained_variance_ratio_``,
        when present, is shown in the titles.
    image_shape : tuple of int
        Shape of one image, e.g. ``(8, 8)`` or ``(28, 28)``.
    n_components : int, default=8
        Number of components to draw, at most the number fitted.
    fig : matplotlib Figure, default=None
        The (empty) figure to draw in; a new one when None.

    Returns
    -------
    fig : matplotlib Figure
        One image per component, 8 per row.

    Raises
    ------
    ValueError
        If ``image_shape`` does not match the number of features.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.decomposition import PCA
    >>> from sklnn.plotting import plot_components
    >>> pca = PCA(n_components=4).fit(load_digits().data)
    >>> fig = plot_components(pca, (8, 8))
    >>> [ax.get_title().split()[0] for ax in fig.axes]
    ['PC1', 'PC2', 'PC3', 'PC4']
    """
    check_is_fitted(pca, "components_")
    check_count(n_components, "n_components")
    components = np.asarray(pca.components_)[:n_components]
    image_shape = check_image_shape(image_shape, components.shape[1])
    titles = [f"PC{index}" for index in range(1, len(components) + 1)]
    if hasattr(pca, "explained_variance_ratio_"):
        ratios = pca.explained_variance_ratio_
        titles = [f"{title} ({ratio:.1%})" for title, ratio in zip(titles, ratios)]
    n_columns = min(len(components), IMAGE_COLUMNS)
    n_rows = math.ceil(len(components) / n_columns)
    fig = get_figure(fig, figsize=(1.5 * n_columns, 1.7 * n_rows))
    limit = np.abs(components).max()
    image_grid(
        fig,
        components,
        image_shape,
        n_columns=n_columns,
        titles=titles,
        cmap="RdBu_r",
        vmin=-limit,
        vmax=limit,
    )
    return fig

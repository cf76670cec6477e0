"""Figures for comparing and explaining models, drawn with matplotlib.

Learning curves of the neural estimators, confusion matrices, score charts with error bars,
2-D cluster scatters and decision regions, and PCA's explained variance, reconstructions and
components. Every function draws on a given ``ax`` (or ``fig``) or on a new figure, returns
it and never calls ``plt.show()``; :func:`save_figure` writes and closes a figure. Needs
matplotlib (``pip install 'sklnn[plot]'``), which ``import sklnn`` alone does not load.
"""

from ._clusters import plot_clusters_2d
from ._confusion import plot_confusion_matrix, plot_confusion_matrix_from_predictions
from ._decision_boundary import plot_decision_boundary
from ._decomposition import plot_components, plot_explained_variance, plot_reconstruction
from ._learning_curves import plot_learning_curves
from ._scores import plot_scores
from ._style import save_figure

__all__ = [
    "plot_clusters_2d",
    "plot_components",
    "plot_confusion_matrix",
    "plot_confusion_matrix_from_predictions",
    "plot_decision_boundary",
    "plot_explained_variance",
    "plot_learning_curves",
    "plot_reconstruction",
    "plot_scores",
    "save_figure",
]

"""Dimensionality reduction.

:class:`PCA` projects data onto the directions of largest variance, the eigenvectors of
its covariance matrix (course textbook, §5.1), with exact (covariance eigendecomposition,
SVD) and randomized solvers; its output supports ``set_output(transform='pandas')``.
"""

from ._pca import PCA

__all__ = ["PCA"]

"""Dimensionality reduction.

:class:`PCA` projects data onto the directions of largest variance, the eigenvectors of
its covariance matrix (course textbook, §5.1), with scikit-learn's solvers: the covariance
eigendecomposition, full, ARPACK and randomized SVDs; sparse input for the covariance and
ARPACK solvers; Minka's choice of dimension; the probabilistic PCA likelihood
(``score``); and ``set_output(transform='pandas')``.
"""

from ._pca import PCA

__all__ = ["PCA"]

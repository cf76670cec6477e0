"""Chapter 5 of the course textbook replayed through sklnn's public API: PCA's
reconstruction error (§5.1.2-5.1.3, Eq. 5.11) on Iris, the data of Figure 5.2.

The textbook is ``shared/seeds/002_8afdf4385d37aa7d.txt`` (Spanish); "line" below is a
line of that file.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import load_iris

from sklnn.decomposition import PCA


@pytest.fixture(scope="module")
def iris():
    return load_iris().data


def test_reconstruction_error_is_the_sum_of_the_discarded_eigenvalues(iris):
    # Eq. 5.11 (line 4371): δ = E[||x − x̂||²] = Σ_{i>k} λ_i, x̂ by Eq. 5.10 (line 4328).
    # The book leaves E[·] and cov(X) unnormalized. sklnn's eigenvalues λ_i
    # (explained_variance_) are those of the unbiased covariance, Σ/(n − 1), so the sum of
    # the squared errors divided by n − 1 is Σ λ_i exactly, and their mean over the n
    # samples is (n − 1)/n of it.
    n_samples = iris.shape[0]
    eigenvalues = PCA().fit(iris).explained_variance_
    discarded = eigenvalues[2:].sum()
    pca = PCA(n_components=2).fit(iris)
    squared_errors = ((iris - pca.inverse_transform(pca.transform(iris))) ** 2).sum(axis=1)
    assert squared_errors.sum() / (n_samples - 1) == pytest.approx(discarded, rel=1e-10)
    assert squared_errors.mean() == pytest.approx(
        (n_samples - 1) / n_samples * discarded, rel=1e-10
    )
    assert discarded == pytest.approx(0.10204, abs=5e-6)  # λ = 4.228, 0.243, 0.0782, 0.0238


def test_keeping_every_component_reconstructs_exactly(iris):
    # Eq. 5.8 (line 4310): with all d components, x = Σ y_i W_i.
    pca = PCA().fit(iris)
    assert_allclose(pca.inverse_transform(pca.transform(iris)), iris, atol=1e-12)


def test_the_error_falls_by_each_eigenvalue_kept(iris):
    # §5.1.3 (lines 4312-4316): keep the k eigenvectors of largest eigenvalue; each one kept
    # removes its λ_k from the error.
    eigenvalues = PCA().fit(iris).explained_variance_
    errors = []
    for k in range(1, 5):
        pca = PCA(n_components=k).fit(iris)
        residual = iris - pca.inverse_transform(pca.transform(iris))
        errors.append((residual**2).sum() / (iris.shape[0] - 1))
    assert_allclose(-np.diff(errors), eigenvalues[1:], rtol=1e-8)
    assert np.all(np.diff(eigenvalues) <= 0)

"""Minka's automatic choice of dimensionality for PCA (``n_components='mle'``).

T. P. Minka (2000), "Automatic choice of dimensionality for PCA", NIPS 13, 598-604: the
data are modelled as a rank-``k`` signal in isotropic Gaussian noise (probabilistic PCA);
the Laplace approximation of the evidence ``p(D | k)`` (Minka's Eq. 30) is computed from
the eigenvalues of the sample covariance alone, and the rank that maximizes it is kept.
"""

from math import lgamma, log, pi

import numpy as np

# Eigenvalues below this are rounding noise: a rank that would keep one is not considered.
_TINY_EIGENVALUE = 1e-15


def _assess_dimension(spectrum, rank, n_samples):
    """Log-evidence of a rank-``rank`` probabilistic PCA model (Minka 2000, Eq. 30).

    Parameters
    ----------
    spectrum : ndarray of shape (n_features,)
        Eigenvalues of the sample covariance, largest first.
    rank : int
        The rank assessed, in ``[1, n_features - 1]`` (with ``rank = n_features`` no
        variance is left to the noise and the evidence is undefined).
    n_samples : int
        Number of samples the covariance was estimated from.

    Returns
    -------
    log_evidence : float
        ``log p(D | rank)`` up to a constant; ``-inf`` if the rank keeps a zero eigenvalue.
    """
    n_features = spectrum.shape[0]
    if not 1 <= rank < n_features:
        raise ValueError("the tested rank should be in [1, n_features - 1]")
    if spectrum[rank - 1] < _TINY_EIGENVALUE:
        return -np.inf
    kept, discarded = spectrum[:rank], spectrum[rank:]

    # log p(U): the uniform prior over the rank-dimensional subspaces (Stiefel manifold).
    halves = (n_features - np.arange(1, rank + 1) + 1) / 2.0
    log_prior_u = -rank * log(2.0) + sum(lgamma(h) - h * log(pi) for h in halves)
    # The likelihood at the maximum: the kept eigenvalues and the noise variance v.
    noise_variance = max(_TINY_EIGENVALUE, discarded.sum() / (n_features - rank))
    log_likelihood = -n_samples / 2.0 * (
        np.log(kept).sum() + (n_features - rank) * log(noise_variance)
    )
    # The Laplace approximation: the volume term of the m + rank free parameters ...
    n_parameters = n_features * rank - rank * (rank + 1) / 2.0
    log_volume = (n_parameters + rank) / 2.0 * log(2.0 * pi)
    # ... and the determinant of the Hessian, |A_Z| (Minka's Eq. 31), in which the
    # discarded eigenvalues are replaced by the noise variance.
    fitted = np.concatenate([kept, np.full(n_features - rank, noise_variance)])
    rows, columns = np.triu_indices(n_features, k=1)
    in_signal = rows < rank
    rows, columns = rows[in_signal], columns[in_signal]
    log_det_hessian = np.sum(
        np.log((spectrum[rows] - spectrum[columns]) * (1 / fitted[columns] - 1 / fitted[rows]))
        + log(n_samples)
    )
    return float(
        log_prior_u + log_likelihood + log_volume - log_det_hessian / 2.0
        - rank * log(n_samples) / 2.0
    )


def _infer_dimension(spectrum, n_samples):
    """The rank in ``[1, n_features - 1]`` of largest evidence (Minka 2000).

    Parameters
    ----------
    spectrum : ndarray of shape (n_features,)
        Eigenvalues of the sample covariance, largest first.
    n_samples : int
        Number of samples the covariance was estimated from.

    Returns
    -------
    rank : int
        The most probable number of principal components.
    """
    evidence = [-np.inf] + [
        _assess_dimension(spectrum, rank, n_samples) for rank in range(1, spectrum.shape[0])
    ]
    return int(np.argmax(evidence))

"""Elkan's assignment step for k-means: Lloyd's result with fewer distance computations.

C. Elkan, "Using the triangle inequality to accelerate k-means", ICML 2003. Each sample
keeps an upper bound on the distance to its centre and a lower bound on the distance to
every centre. The triangle inequality proves most samples stay where they are, or rules
most centres out, without computing their distances; the bounds follow the centres as
they move (Lemmas 1 and 2 of the paper).
"""

import numpy as np

from ._distances import squared_euclidean_distances


class ElkanAssignment:
    """The assignment step (textbook Eq. 4.15) by Elkan's algorithm, whole-array.

    Elkan's steps 1-3 on all the samples at once: instead of visiting the centres of a
    sample one after the other, every centre the bounds cannot rule out is a candidate,
    and the candidates' distances are computed together, centre by centre. The labels are
    exactly those of Lloyd's assignment (the closest centre); only the number of distances
    computed differs.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    x_squared_norms : ndarray of shape (n_samples,)

    Attributes
    ----------
    n_distances : int
        Sample-to-centre distances computed so far (Lloyd's assignment computes
        ``n_samples * n_clusters`` each time).
    """

    def __init__(self, X, x_squared_norms):
        self.X = X
        self.x_squared_norms = x_squared_norms
        self.n_distances = 0
        self._labels = None

    def labels(self, centers):
        """The index of each sample's closest centre.

        Parameters
        ----------
        centers : ndarray of shape (n_clusters, n_features)
            The current centres; :meth:`centers_moved` must have been told how far each
            has moved since the previous call.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        center_squared_norms = np.einsum("ij,ij->i", centers, centers)
        if self._labels is None:
            self._init_bounds(centers, center_squared_norms)
            return self._labels.copy()
        # Half the distances between centres: d(x, c') >= 2 * half[c, c'] - d(x, c).
        half = 0.5 * np.sqrt(squared_euclidean_distances(
            centers, centers, center_squared_norms, center_squared_norms))
        np.fill_diagonal(half, np.inf)
        nearest_other = half.min(axis=1)
        np.fill_diagonal(half, 0)
        # Step 2: a sample closer to its centre than half the distance to any other
        # centre stays.
        samples = np.flatnonzero(self._upper > nearest_other[self._labels])
        candidates = self._candidates(samples, self._upper[samples], half)
        # Step 3a: make the upper bound of the samples with candidates tight.
        samples = samples[candidates.any(axis=1)]
        candidates = candidates[candidates.any(axis=1)]
        own = self._labels[samples]
        upper = self._distances(samples, own, centers, center_squared_norms)
        self._lower[samples, own] = upper
        # Step 3b: the candidates the tight bound does not rule out.
        candidates &= self._candidates(samples, upper, half)
        rows, clusters = np.nonzero(candidates)
        distances = np.full(candidates.shape, np.inf, dtype=upper.dtype)
        distances[np.arange(samples.size), own] = upper
        distances[rows, clusters] = self._distances(
            samples[rows], clusters, centers, center_squared_norms)
        self._lower[samples[rows], clusters] = distances[rows, clusters]
        closest = np.argmin(distances, axis=1)
        self._labels[samples] = closest
        self._upper[samples] = distances[np.arange(samples.size), closest]
        return self._labels.copy()

    def centers_moved(self, shifts):
        """Loosen the bounds by how far each centre moved (Elkan's steps 5 and 6).

        Parameters
        ----------
        shifts : ndarray of shape (n_clusters,)
            The distance from each centre's previous position to its new one.
        """
        self._upper += shifts[self._labels]
        self._lower -= shifts
        np.maximum(self._lower, 0, out=self._lower)

    def _init_bounds(self, centers, center_squared_norms):
        """Every distance, once: exact bounds and labels."""
        self._lower = np.sqrt(squared_euclidean_distances(
            self.X, centers, self.x_squared_norms, center_squared_norms))
        self.n_distances += self._lower.size
        self._labels = np.argmin(self._lower, axis=1)
        self._upper = self._lower[np.arange(self._labels.size), self._labels]

    def _candidates(self, samples, upper, half):
        """Centres other than its own that may be closer to each sample than ``upper``:
        those with ``upper > lower bound`` and ``upper > half the distance between the
        centres`` (shape (n_given_samples, n_clusters))."""
        own = self._labels[samples]
        candidates = upper[:, np.newaxis] > self._lower[samples]
        candidates &= upper[:, np.newaxis] > half[own]
        candidates[np.arange(samples.size), own] = False
        return candidates

    def _distances(self, samples, clusters, centers, center_squared_norms):
        """``||x_samples[i] - μ_clusters[i]||`` for each pair, computed centre by centre."""
        self.n_distances += samples.size
        squared = np.empty(samples.size, dtype=centers.dtype)
        by_cluster = np.argsort(clusters, kind="stable")
        bounds = np.searchsorted(clusters[by_cluster], np.arange(centers.shape[0] + 1))
        for cluster, (start, stop) in enumerate(zip(bounds[:-1], bounds[1:])):
            pairs = by_cluster[start:stop]
            if pairs.size == 0:
                continue
            sample_rows = samples[pairs]
            dots = self.X[sample_rows] @ centers[cluster]
            squared[pairs] = (self.x_squared_norms[sample_rows] - 2 * dots
                              + center_squared_norms[cluster])
        return np.sqrt(np.maximum(squared, 0, out=squared), out=squared)

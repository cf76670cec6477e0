"""k-Means clustering by Lloyd's assignment/re-estimation iterations (textbook §4.4.1)."""

import math
import numbers
import os
import warnings
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy as np
import scipy.sparse as sp
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    ClusterMixin,
    TransformerMixin,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_array, check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data
from threadpoolctl import threadpool_limits

from ..utils import check_number, check_option
from ._distances import chunk_rows, row_chunks, squared_euclidean_distances

INIT_METHODS = ("k-means++", "random")


class KMeans(ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin, BaseEstimator):
    """k-Means clustering: k centres that minimize the within-cluster squared distances.

    Implements the course textbook, §4.4.1 (Algorithm 3): starting from ``n_clusters``
    initial centres μ_j, Lloyd's algorithm alternates

    1. assignment, ``center(x) = argmin_j ||x - μ_j||²`` (Eq. 4.15), and
    2. re-estimation, ``μ_j = mean of the points assigned to j`` (Eq. 4.16),

    which never increases the objective (the *inertia*)
    ``J = Σ_i ||x_i - μ_center(x_i)||²`` (Eq. 4.17). As the textbook recommends, the
    algorithm is run ``n_init`` times from different initial centres and the run with the
    lowest J is kept.

    Both steps work on whole arrays: the squared distances come from one matrix product per
    chunk of rows (``||x||² - 2 x·μ + ||μ||²``), so memory stays bounded on large data, and
    the new centres from one sparse "membership" matrix product. A cluster left without
    samples is moved to the sample farthest from its centre. float32 data is kept in
    float32.

    Parameters
    ----------
    n_clusters : int, default=8
        The number of clusters k (centres) to form.
    init : {'k-means++', 'random'} or array-like of shape (n_clusters, n_features), \
default='k-means++'
        How the initial centres are chosen:

        - ``'k-means++'``: the greedy k-means++ seeding (Arthur & Vassilvitskii, 2007):
          each new centre is the best, by inertia, of ``2 + log(k)`` samples drawn with
          probability proportional to their squared distance to the closest centre so far;
        - ``'random'``: ``n_clusters`` distinct samples drawn at random (the textbook's
          random initialization);
        - an array: the initial centres themselves (then a single run is made).
    n_init : 'auto' or int, default='auto'
        Number of runs from different initial centres; the one with the lowest inertia is
        kept. ``'auto'`` (as in scikit-learn) means 1 run for ``init='k-means++'`` or an
        array, and 10 runs for ``init='random'``.
    max_iter : int, default=300
        Maximum number of assignment/re-estimation iterations of one run.
    tol : float, default=1e-4
        Tolerance relative to the data: a run stops when the squared shift of the centres
        between two iterations, summed over the centres, is at most ``tol`` times the mean
        variance of the features. A run also stops as soon as the assignment no longer
        changes.
    random_state : int, RandomState instance or None, default=None
        Seeds the initialization. Pass an int for reproducible results.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        The centres μ_j of the best run.
    labels_ : ndarray of shape (n_samples,)
        The cluster of each training sample.
    inertia_ : float
        The objective J (Eq. 4.17) of the best run: the sum of squared distances of the
        training samples to their centre.
    n_iter_ : int
        Number of iterations of the best run.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when X has string feature names.

    See Also
    --------
    DBSCAN : density-based clustering that finds clusters of any shape.

    Examples
    --------
    >>> import numpy as np
    >>> from sklnn.cluster import KMeans
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> kmeans = KMeans(n_clusters=2, random_state=0).fit(X)
    >>> kmeans.labels_.tolist()
    [1, 1, 1, 0, 0, 0]
    >>> kmeans.cluster_centers_.tolist()
    [[10.0, 2.0], [1.0, 2.0]]
    >>> float(kmeans.inertia_)
    16.0
    >>> kmeans.predict([[0, 0], [12, 3]]).tolist()
    [1, 0]
    >>> kmeans.transform([[1, 2]]).round(2).tolist()
    [[9.0, 0.0]]
    """

    def __init__(
        self, n_clusters=8, *, init="k-means++", n_init="auto", max_iter=300, tol=1e-4,
        random_state=None,
    ):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit(self, X, y=None):
        """Compute the k-means clustering of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training samples.
        y : None
            Ignored; present for API consistency.

        Returns
        -------
        self : KMeans
            The fitted estimator.
        """
        X = validate_data(self, X, dtype=[np.float64, np.float32], order="C")
        init_centers, n_init = self._check_params(X)
        random_state = check_random_state(self.random_state)

        # Work on centred data (a copy: the caller's X is never modified): the distance
        # expansion ||x||² - 2 x·μ + ||μ||² then loses less precision.
        X_mean = X.mean(axis=0)
        X_centered = X - X_mean
        x_squared_norms = np.einsum("ij,ij->i", X_centered, X_centered)
        # The mean variance of the features is the mean squared norm of a centred sample
        # divided by the number of features.
        tol = self.tol * x_squared_norms.mean() / X.shape[1]

        best_run = None
        n_chunks = math.ceil(X.shape[0] / chunk_rows(self.n_clusters * X.itemsize))
        with _parallel_map(n_chunks) as map_chunks:
            for _ in range(n_init):
                if init_centers is not None:
                    centers = init_centers - X_mean
                else:
                    centers = self._draw_centers(X_centered, x_squared_norms, random_state)
                run = _lloyd(X_centered, centers, self.max_iter, tol, map_chunks)
                if best_run is None or run.inertia < best_run.inertia:
                    best_run = run

        n_distinct = np.count_nonzero(np.bincount(best_run.labels, minlength=self.n_clusters))
        if n_distinct < self.n_clusters:
            warnings.warn(
                f"Number of distinct clusters ({n_distinct}) found smaller than "
                f"n_clusters ({self.n_clusters}). Possibly due to duplicate points in X.",
                ConvergenceWarning,
                stacklevel=2,
            )
        self.cluster_centers_ = best_run.centers + X_mean
        self.labels_ = best_run.labels
        self.inertia_ = float(best_run.inertia)
        self.n_iter_ = best_run.n_iter
        return self

    def _check_params(self, X):
        """Validate the hyperparameters against X; return (initial centres or None, n_init)."""
        n_samples, n_features = X.shape
        check_number(self.n_clusters, "n_clusters", kind=numbers.Integral, low=1)
        check_number(self.max_iter, "max_iter", kind=numbers.Integral, low=1)
        check_number(self.tol, "tol", low=0)
        if isinstance(self.n_init, str) and self.n_init != "auto":
            raise ValueError(
                f"Invalid value for 'n_init': {self.n_init!r}. Allowed values are 'auto' "
                "or an int >= 1."
            )
        if self.n_init != "auto":
            check_number(self.n_init, "n_init", kind=numbers.Integral, low=1)
        if n_samples < self.n_clusters:
            raise ValueError(
                f"n_samples={n_samples} should be >= n_clusters={self.n_clusters}: "
                "k-means needs at least one sample per cluster."
            )
        if isinstance(self.init, str) or self.init is None:
            check_option(self.init, "init", INIT_METHODS)
            n_init = self.n_init
            if n_init == "auto":
                n_init = 10 if self.init == "random" else 1
            return None, n_init

        init_centers = check_array(self.init, dtype=X.dtype, copy=True)
        if init_centers.shape != (self.n_clusters, n_features):
            raise ValueError(
                f"The initial centers given as init have shape {init_centers.shape}, but "
                f"should have shape (n_clusters, n_features) = ({self.n_clusters}, "
                f"{n_features})."
            )
        if self.n_init not in ("auto", 1):
            warnings.warn(
                f"Explicit initial centers were given as init, so a single run is made "
                f"instead of n_init={self.n_init}.",
                RuntimeWarning,
                stacklevel=3,
            )
        return init_centers, 1

    def _draw_centers(self, X, x_squared_norms, random_state):
        """Initial centres by the method ``init`` names."""
        if self.init == "k-means++":
            return _kmeans_plusplus(X, self.n_clusters, x_squared_norms, random_state)
        return X[random_state.permutation(X.shape[0])[: self.n_clusters]]

    def predict(self, X):
        """Assign each sample of X to its closest centre (Eq. 4.15).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            New samples.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Index of the cluster each sample belongs to.
        """
        X, centers = self._validate_new_data(X)
        return _assign_labels(X, centers)

    def transform(self, X):
        """Euclidean distance (Eq. 4.3) of each sample of X to each centre.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            New samples.

        Returns
        -------
        distances : ndarray of shape (n_samples, n_clusters)
            ``distances[i, j]`` is the distance of sample i to ``cluster_centers_[j]``.
        """
        X, centers = self._validate_new_data(X)
        distances = np.empty((X.shape[0], centers.shape[0]), dtype=X.dtype)
        center_squared_norms = np.einsum("ij,ij->i", centers, centers)
        for rows in row_chunks(X.shape[0], centers.shape[0] * X.itemsize):
            chunk = X[rows]
            distances[rows] = squared_euclidean_distances(
                chunk, centers, np.einsum("ij,ij->i", chunk, chunk), center_squared_norms
            )
        return np.sqrt(distances, out=distances)

    def score(self, X, y=None):
        """Opposite of the inertia J (Eq. 4.17) of X with respect to the fitted centres.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            New samples.
        y : None
            Ignored; present for API consistency.

        Returns
        -------
        score : float
            ``-J``: larger is better, as scikit-learn's scoring convention wants.
        """
        X, centers = self._validate_new_data(X)
        labels = _assign_labels(X, centers)
        return -float(_squared_distances_to_centers(X, centers, labels).sum())

    def _validate_new_data(self, X):
        """Validate X after fit; return it with the centres in X's dtype."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], order="C", reset=False)
        return X, self.cluster_centers_.astype(X.dtype, copy=False)

    @property
    def _n_features_out(self):
        return self.cluster_centers_.shape[0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


_LloydRun = namedtuple("_LloydRun", ["centers", "labels", "inertia", "n_iter"])
"""The outcome of one run of Lloyd's algorithm."""


def _lloyd(X, centers, max_iter, tol, map_chunks=map):
    """Run Lloyd's assignment/re-estimation iterations (Algorithm 3) from ``centers``.

    Stops when the assignment no longer changes, when the centres' total squared shift is
    at most ``tol``, or after ``max_iter`` iterations. ``map_chunks`` maps the assignment
    over the chunks of rows (see :func:`_parallel_map`).
    """
    labels_old = None
    for n_iter in range(1, max_iter + 1):
        labels = _assign_labels(X, centers, map_chunks)
        new_centers = _update_centers(X, labels, centers)
        center_shift = np.sum((new_centers - centers) ** 2)
        centers = new_centers
        if labels_old is not None and np.array_equal(labels, labels_old):
            # The partition is stable, so the centres are its means: converged.
            return _finished_run(X, centers, labels, n_iter)
        if center_shift <= tol:
            break
        labels_old = labels
    # Make the labels match the last centres.
    return _finished_run(X, centers, _assign_labels(X, centers, map_chunks), n_iter)


def _finished_run(X, centers, labels, n_iter):
    inertia = _squared_distances_to_centers(X, centers, labels).sum()
    return _LloydRun(centers, labels, inertia, n_iter)


@contextmanager
def _parallel_map(n_chunks):
    """A ``map`` that spreads chunks of rows over threads, one per available core.

    NumPy releases the GIL in the matrix product and reductions of a chunk, so threads
    run them in parallel, each with a single-threaded BLAS so that they do not compete
    (scikit-learn's Cython k-means does the same with OpenMP). With one chunk or one core
    this is the built-in ``map``.
    """
    n_threads = min(n_chunks, _available_cores())
    if n_threads <= 1:
        yield map
        return
    with ThreadPoolExecutor(n_threads) as pool, threadpool_limits(1, user_api="blas"):
        yield pool.map


def _available_cores():
    """Number of CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _assign_labels(X, centers, map_chunks=map):
    """Assignment step (Eq. 4.15): the index of each sample's closest centre.

    ``argmin_j ||x - μ_j||² = argmin_j (½||μ_j||² - x·μ_j)``, computed by chunks of rows
    written straight into the result.
    """
    half_squared_norms = 0.5 * np.einsum("ij,ij->i", centers, centers)
    labels = np.empty(X.shape[0], dtype=np.intp)

    def assign_closest_centers(rows):
        scores = X[rows] @ centers.T
        np.subtract(half_squared_norms, scores, out=scores)
        np.argmin(scores, axis=1, out=labels[rows])

    chunks = row_chunks(X.shape[0], centers.shape[0] * X.itemsize)
    for _ in map_chunks(assign_closest_centers, chunks):
        pass
    return labels


def _update_centers(X, labels, old_centers):
    """Re-estimation step (Eq. 4.16): each centre becomes the mean of its samples.

    The sums of the samples of each cluster are one product with the sparse
    ``n_clusters × n_samples`` membership matrix. A cluster left empty is moved to the
    sample farthest from its centre, so that every cluster keeps at least one sample.
    """
    n_samples = X.shape[0]
    n_clusters = old_centers.shape[0]
    counts = np.bincount(labels, minlength=n_clusters)
    membership = sp.csc_matrix(
        (np.ones(n_samples, dtype=X.dtype), labels, np.arange(n_samples + 1)),
        shape=(n_clusters, n_samples),
    )
    sums = np.asarray(membership @ X)
    empty = np.flatnonzero(counts == 0)
    if empty.size:
        _relocate_empty_clusters(X, labels, old_centers, sums, counts, empty)
    centers = old_centers.copy()
    filled = counts > 0
    centers[filled] = sums[filled] / counts[filled, np.newaxis]
    return centers


def _relocate_empty_clusters(X, labels, old_centers, sums, counts, empty):
    """Give each empty cluster one of the samples farthest from their centres (in place)."""
    distances = _squared_distances_to_centers(X, old_centers, labels)
    if distances.max() == 0:
        return  # fewer distinct samples than clusters: nothing to move
    farthest = np.argpartition(distances, -empty.size)[-empty.size :]
    np.subtract.at(sums, labels[farthest], X[farthest])
    np.subtract.at(counts, labels[farthest], 1)
    sums[empty] = X[farthest]
    counts[empty] = 1


def _squared_distances_to_centers(X, centers, labels):
    """``||x_i - μ_labels[i]||²`` for every sample, computed directly by chunks of rows."""
    distances = np.empty(X.shape[0], dtype=X.dtype)
    for rows in row_chunks(X.shape[0], X.shape[1] * X.itemsize):
        differences = X[rows] - centers[labels[rows]]
        distances[rows] = np.einsum("ij,ij->i", differences, differences)
    return distances


def _kmeans_plusplus(X, n_clusters, x_squared_norms, random_state):
    """Greedy k-means++ seeding: initial centres spread out over the data.

    The first centre is a random sample. Each next one is the best, by the resulting
    potential ``Σ_i min_j ||x_i - μ_j||²``, of ``2 + log(k)`` samples drawn with
    probability proportional to their squared distance to the closest centre so far.
    """
    n_samples = X.shape[0]
    n_local_trials = 2 + int(np.log(n_clusters))
    indices = np.empty(n_clusters, dtype=np.intp)
    indices[0] = random_state.randint(n_samples)
    first = indices[:1]
    closest = squared_euclidean_distances(
        X[first], X, x_squared_norms[first], x_squared_norms
    )[0]
    potential = closest.sum(dtype=np.float64)
    for c in range(1, n_clusters):
        targets = random_state.uniform(size=n_local_trials) * potential
        candidates = np.searchsorted(np.cumsum(closest, dtype=np.float64), targets)
        np.minimum(candidates, n_samples - 1, out=candidates)  # guard round-off at the top
        candidate_closest = squared_euclidean_distances(
            X[candidates], X, x_squared_norms[candidates], x_squared_norms
        )
        np.minimum(candidate_closest, closest, out=candidate_closest)
        potentials = candidate_closest.sum(axis=1, dtype=np.float64)
        best = np.argmin(potentials)
        indices[c] = candidates[best]
        closest = candidate_closest[best]
        potential = potentials[best]
    return X[indices]

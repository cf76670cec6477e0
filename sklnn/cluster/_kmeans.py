"""k-Means clustering by Lloyd's assignment/re-estimation iterations (textbook §4.4.1),
or with Elkan's accelerated assignment; weighted samples, dense or sparse data."""

import math
import os
import warnings
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from numbers import Integral, Real

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
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.extmath import row_norms
from sklearn.utils.validation import (
    _check_sample_weight,
    _is_arraylike_not_scalar,
    check_is_fitted,
    validate_data,
)
from threadpoolctl import threadpool_limits

from ..utils import atomic_fit, check_magnitude
from ._canonical_rows import CanonicalRows
from ._distances import chunk_rows, row_chunks, squared_euclidean_distances
from ._elkan import ElkanAssignment
from ._kmeans_init import dense_rows, kmeans_plusplus, random_points


class KMeans(ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin, BaseEstimator):
    """k-Means clustering: k centres that minimize the within-cluster squared distances.

    Implements the course textbook, §4.4.1 (Algorithm 3): starting from ``n_clusters``
    initial centres μ_j, Lloyd's algorithm alternates

    1. assignment, ``center(x) = argmin_j ||x - μ_j||²`` (Eq. 4.15), and
    2. re-estimation, ``μ_j = mean of the points assigned to j`` (Eq. 4.16), weighted
       by ``sample_weight`` when given,

    which never increases the objective (the *inertia*)
    ``J = Σ_i w_i ||x_i - μ_center(x_i)||²`` (Eq. 4.17, with weights w_i = 1 by default).
    As the textbook recommends, the algorithm is run ``n_init`` times from different
    initial centres and the run with the lowest J is kept.

    Both steps work on whole arrays: the squared distances come from one matrix product
    per chunk of rows (``||x||² - 2 x·μ + ||μ||²``, on data centred first), and the new
    centres from one product with a sparse "membership" matrix. ``algorithm='elkan'``
    gives the same clustering with fewer distance computations (C. Elkan, "Using the
    triangle inequality to accelerate k-means", ICML 2003). A cluster left without weight
    takes the point farthest from its centre. Sparse (CSR) data is never densified;
    float32 data stays float32.

    The initial centres are drawn along an order of the rows that depends only on their
    values, so a sample of integer weight w gives the model of w copies of it, whatever
    the order of the rows.

    Parameters
    ----------
    n_clusters : int, default=8
        The number of clusters k (centres) to form.
    init : {'k-means++', 'random'}, callable or array-like of shape \
(n_clusters, n_features), default='k-means++'
        How the initial centres are chosen:

        - ``'k-means++'``: the greedy k-means++ seeding (Arthur & Vassilvitskii, 2007):
          each new centre is the best, by inertia, of ``2 + log(k)`` samples drawn with
          probability proportional to their weight times their squared distance to the
          closest centre so far;
        - ``'random'``: ``n_clusters`` distinct points drawn at random, with probability
          proportional to their weight (the textbook's random initialization);
        - a callable ``init(X, n_clusters, random_state)`` returning the centres; it
          receives X as given to ``fit`` (validated, not centred);
        - an array: the initial centres themselves (then a single run is made).
    n_init : 'auto' or int, default='auto'
        Number of runs from different initial centres; the one with the lowest inertia is
        kept. ``'auto'``: 1 run for ``init='k-means++'`` or an array, 10 runs for
        ``init='random'`` or a callable.
    max_iter : int, default=300
        Maximum number of assignment/re-estimation iterations of one run.
    tol : float, default=1e-4
        Tolerance relative to the data: a run stops when the squared shift of the centres
        between two iterations, summed over the centres, is at most ``tol`` times the mean
        (weighted) variance of the features. A run also stops as soon as the assignment no
        longer changes.
    verbose : int, default=0
        Print the inertia at each iteration, and why a run stopped.
    random_state : int, RandomState instance or None, default=None
        Seeds the initialization. Pass an int for reproducible results.
    copy_x : bool, default=True
        Whether to centre a copy of dense data on its mean before computing distances (more
        accurate). With ``copy_x=False`` no copy is made and the distances are computed on
        the data as given; sklnn never writes to the caller's array (scikit-learn centres
        it in place and restores it). Sparse data is never centred.
    algorithm : {'lloyd', 'elkan'}, default='lloyd'
        ``'lloyd'``: the textbook's iterations, every sample against every centre.
        ``'elkan'``: the same iterations with Elkan's assignment step, which keeps bounds
        on the distances (an extra ``n_samples × n_clusters`` array) and uses the triangle
        inequality to skip most distance computations.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        The centres μ_j of the best run.
    labels_ : ndarray of shape (n_samples,)
        The cluster of each training sample.
    inertia_ : float
        The objective J (Eq. 4.17) of the best run: the sum of the squared distances of
        the training samples to their centre, weighted by ``sample_weight``.
    n_iter_ : int
        Number of iterations of the best run.
    n_distance_computations_ : int
        Number of sample-to-centre distances the assignment steps of the best run
        computed: ``n_samples * n_clusters`` per assignment for Lloyd's algorithm, fewer
        for Elkan's.
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

    Elkan's algorithm finds the same clusters with fewer distance computations:

    >>> from sklearn.datasets import make_blobs
    >>> X, _ = make_blobs(n_samples=1000, centers=5, random_state=0)
    >>> lloyd = KMeans(n_clusters=5, random_state=0).fit(X)
    >>> elkan = KMeans(n_clusters=5, random_state=0, algorithm="elkan").fit(X)
    >>> bool((lloyd.labels_ == elkan.labels_).all())
    True
    >>> elkan.n_distance_computations_ < lloyd.n_distance_computations_
    True
    """

    _parameter_constraints: dict = {
        "n_clusters": [Interval(Integral, 1, None, closed="left")],
        "init": [StrOptions({"k-means++", "random"}), callable, "array-like"],
        "n_init": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
        "copy_x": ["boolean"],
        "algorithm": [StrOptions({"lloyd", "elkan"})],
    }

    def __init__(
        self, n_clusters=8, *, init="k-means++", n_init="auto", max_iter=300, tol=1e-4,
        verbose=0, random_state=None, copy_x=True, algorithm="lloyd",
    ):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.verbose = verbose
        self.random_state = random_state
        self.copy_x = copy_x
        self.algorithm = algorithm

    @atomic_fit(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Compute the k-means clustering of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training samples; a sparse matrix is converted to CSR.
        y : None
            Ignored; present for API consistency.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each sample (1 when None): it counts in the means, the
            inertia and the draws of the initial centres as that many copies of the
            sample would. A callable or array ``init`` does not see the weights.

        Returns
        -------
        self : KMeans
            The fitted estimator.
        """
        X = validate_data(
            self, X, accept_sparse="csr", dtype=[np.float64, np.float32], order="C",
            accept_large_sparse=False,
        )
        check_magnitude(X)
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=X.dtype, ensure_non_negative=True
        )
        self._check_params_vs_input(X)
        random_state = check_random_state(self.random_state)
        # The canonical order of X as given: centred values depend on the mean.
        rows = CanonicalRows(X)
        data = _fit_data(X, sample_weight, center=self.copy_x and not sp.issparse(X))
        tol = _tolerance(data, self.tol)

        best = None
        n_chunks = math.ceil(X.shape[0] / chunk_rows(self.n_clusters * X.dtype.itemsize))
        with _parallel_map(n_chunks) as map_chunks:
            for _ in range(self._n_init):
                centers = self._initial_centers(X, data, random_state, rows)
                if self.verbose:
                    print("Initialization complete")
                if self._algorithm == "elkan":
                    assignment = ElkanAssignment(data.X, data.x_squared_norms)
                else:
                    assignment = LloydAssignment(data.X, map_chunks)
                run = _kmeans_single(
                    data, centers, assignment, rows, self.max_iter, tol, self.verbose
                )
                # A lower inertia from the same partition is only round-off.
                if best is None or (
                    run.inertia < best.inertia
                    and not _is_same_clustering(run.labels, best.labels, self.n_clusters)
                ):
                    best = run

        n_distinct = np.unique(best.labels).size
        if n_distinct < self.n_clusters:
            warnings.warn(
                f"Number of distinct clusters ({n_distinct}) found smaller than "
                f"n_clusters ({self.n_clusters}). Possibly due to duplicate points in X.",
                ConvergenceWarning,
                stacklevel=2,
            )
        self.cluster_centers_ = best.centers + data.mean
        self.labels_ = best.labels.astype(np.int32)
        self.inertia_ = best.inertia
        self.n_iter_ = best.n_iter
        self.n_distance_computations_ = best.n_distances
        return self

    def _initial_centers(self, X, data, random_state, rows):
        """The initial centres of one run, in the coordinates of ``data.X``."""
        if isinstance(self.init, str):
            return self._init_centroids(
                data.X, data.x_squared_norms, self.init, random_state, data.sample_weight,
                rows=rows,
            )
        if callable(self.init):
            centers = self.init(X, self.n_clusters, random_state=random_state)
            if sp.issparse(centers):
                centers = centers.toarray()
        else:
            centers = self.init
        centers = check_array(centers, dtype=X.dtype, order="C", copy=True)
        self._validate_center_shape(X, centers)
        centers -= data.mean
        return centers

    def _check_params_vs_input(self, X):
        """Check the hyperparameters against X; resolve ``_n_init`` and ``_algorithm``."""
        if X.shape[0] < self.n_clusters:
            raise ValueError(
                f"n_samples={X.shape[0]} should be >= n_clusters={self.n_clusters}."
            )
        init_is_array = _is_arraylike_not_scalar(self.init)
        if self.n_init != "auto":
            self._n_init = self.n_init
        elif init_is_array or (isinstance(self.init, str) and self.init == "k-means++"):
            self._n_init = 1
        else:
            self._n_init = 10
        if init_is_array and self._n_init != 1:
            warnings.warn(
                "Explicit initial center position passed: performing only one init in "
                f"KMeans instead of n_init={self._n_init}.",
                RuntimeWarning,
                stacklevel=3,
            )
            self._n_init = 1
        self._algorithm = self.algorithm
        if self.algorithm == "elkan" and self.n_clusters == 1:
            warnings.warn(
                "algorithm='elkan' doesn't make sense for a single cluster. Using 'lloyd' "
                "instead.",
                RuntimeWarning,
                stacklevel=3,
            )
            self._algorithm = "lloyd"

    def _validate_center_shape(self, X, centers, n_centroids=None):
        """Check that the initial centres have shape (n_centroids, n_features)."""
        n_centroids = self.n_clusters if n_centroids is None else n_centroids
        if centers.shape[0] != n_centroids:
            raise ValueError(
                f"The shape of the initial centers {centers.shape} does not match the "
                f"number of clusters {n_centroids}."
            )
        if centers.shape[1] != X.shape[1]:
            raise ValueError(
                f"The shape of the initial centers {centers.shape} does not match the "
                f"number of features of the data {X.shape[1]}."
            )

    def _init_centroids(self, X, x_squared_norms, init, random_state, sample_weight,
                        n_centroids=None, rows=None):
        """The initial centres drawn from X by the method ``init`` names.

        Parameters
        ----------
        X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        x_squared_norms : ndarray of shape (n_samples,)
        init : {'k-means++', 'random'}
        random_state : RandomState
        sample_weight : ndarray of shape (n_samples,)
        n_centroids : int, default=None
            Number of centres; ``n_clusters`` if None.
        rows : CanonicalRows, default=None
            The canonical order of the rows of X (of the data as given, before centring);
            computed from X if None.

        Returns
        -------
        centers : ndarray of shape (n_centroids, n_features)
        """
        n_centroids = self.n_clusters if n_centroids is None else n_centroids
        if rows is None:
            rows = CanonicalRows(X)
        if init == "k-means++":
            return kmeans_plusplus(
                X, n_centroids, x_squared_norms, sample_weight, random_state, rows
            )
        return random_points(X, n_centroids, sample_weight, random_state, rows)

    def fit_predict(self, X, y=None, sample_weight=None):
        """Compute the clustering and return the cluster of each sample (``labels_``).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training samples.
        y : None
            Ignored; present for API consistency.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample, as in :meth:`fit`.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Index of the cluster each sample belongs to.
        """
        return self.fit(X, sample_weight=sample_weight).labels_

    def fit_transform(self, X, y=None, sample_weight=None):
        """Compute the clustering and return the distances of X to the centres.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training samples.
        y : None
            Ignored; present for API consistency.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample, as in :meth:`fit`.

        Returns
        -------
        distances : ndarray of shape (n_samples, n_clusters)
            As :meth:`transform` gives them.
        """
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def predict(self, X):
        """Assign each sample of X to its closest centre (Eq. 4.15).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            New samples.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Index of the cluster each sample belongs to.
        """
        X, centers = self._validate_new_data(X)
        return _assign_labels(X, centers).astype(np.int32)

    def transform(self, X):
        """Euclidean distance (Eq. 4.3) of each sample of X to each centre.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            New samples.

        Returns
        -------
        distances : ndarray of shape (n_samples, n_clusters)
            ``distances[i, j]`` is the distance of sample i to ``cluster_centers_[j]``.
        """
        X, centers = self._validate_new_data(X)
        return _euclidean_distances(X, centers)

    def score(self, X, y=None, sample_weight=None):
        """Opposite of the inertia J (Eq. 4.17) of X with respect to the fitted centres.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            New samples.
        y : None
            Ignored; present for API consistency.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample in J (1 when None).

        Returns
        -------
        score : float
            ``-J``: larger is better, as scikit-learn's scoring convention wants.
        """
        X, centers = self._validate_new_data(X)
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        return -_inertia(X, sample_weight, centers, _assign_labels(X, centers))

    def _validate_new_data(self, X):
        """Validate X after fit; return it with the centres in X's dtype."""
        check_is_fitted(self)
        X = validate_data(
            self, X, accept_sparse="csr", dtype=[np.float64, np.float32], order="C",
            accept_large_sparse=False, reset=False,
        )
        return X, self.cluster_centers_.astype(X.dtype, copy=False)

    @property
    def _n_features_out(self):
        return self.cluster_centers_.shape[0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


_FitData = namedtuple("_FitData", ["X", "mean", "x_squared_norms", "sample_weight"])
"""The data k-means runs on: X, centred on ``mean`` (0 when not centred)."""

_KMeansRun = namedtuple("_KMeansRun", ["centers", "labels", "inertia", "n_iter", "n_distances"])
"""The outcome of one run of k-means."""


def _fit_data(X, sample_weight, center):
    """X, or a centred copy of it (the caller's X is never modified): the distance
    expansion ``||x||² - 2 x·μ + ||μ||²`` then loses less precision."""
    mean = X.mean(axis=0) if center else np.zeros(X.shape[1], dtype=X.dtype)
    if center:
        X = X - mean
    return _FitData(X, mean, row_norms(X, squared=True), sample_weight)


def _kmeans_single(data, centers, assignment, rows, max_iter, tol, verbose):
    """One run of k-means from ``centers``: the textbook's Algorithm 3.

    Alternates the assignment step (Eq. 4.15, by ``assignment``: Lloyd's or Elkan's,
    which give the same labels) and the re-estimation step (Eq. 4.16). Stops when the
    assignment no longer changes ("strict convergence"), when the centres' total squared
    shift is at most ``tol``, or after ``max_iter`` iterations; in the last two cases the
    samples are assigned once more, so that the labels match the final centres.
    """
    X, sample_weight = data.X, data.sample_weight
    labels_old = None
    strict_convergence = False
    for iteration in range(max_iter):
        labels = assignment.labels(centers)
        new_centers = _update_centers(X, sample_weight, labels, centers, rows)
        shifts = np.sqrt(np.einsum("ij,ij->i", new_centers - centers, new_centers - centers))
        if verbose:
            inertia = _inertia(X, sample_weight, centers, labels)
            print(f"Iteration {iteration}, inertia {inertia}.")
        assignment.centers_moved(shifts)
        centers = new_centers
        if labels_old is not None and np.array_equal(labels, labels_old):
            strict_convergence = True
            if verbose:
                print(f"Converged at iteration {iteration}: strict convergence.")
            break
        total_shift = np.sum(shifts**2)
        if total_shift <= tol:
            if verbose:
                print(f"Converged at iteration {iteration}: center shift {total_shift} "
                      f"within tolerance {tol}.")
            break
        labels_old = labels
    if not strict_convergence:
        labels = assignment.labels(centers)
    return _KMeansRun(centers, labels, _inertia(X, sample_weight, centers, labels),
                      iteration + 1, assignment.n_distances)


class LloydAssignment:
    """Lloyd's assignment step (Eq. 4.15): every sample against every centre.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    map_chunks : callable
        A ``map`` over the chunks of rows (see :func:`_parallel_map`).

    Attributes
    ----------
    n_distances : int
        Sample-to-centre distances computed so far.
    """

    def __init__(self, X, map_chunks=map):
        self.X = X
        self.map_chunks = map_chunks
        self.n_distances = 0

    def labels(self, centers):
        """The index of each sample's closest centre."""
        self.n_distances += self.X.shape[0] * centers.shape[0]
        return _assign_labels(self.X, centers, self.map_chunks)

    def centers_moved(self, shifts):
        """Nothing to do: Lloyd's algorithm keeps no bounds on the distances."""


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

    chunks = row_chunks(X.shape[0], centers.shape[0] * X.dtype.itemsize)
    for _ in map_chunks(assign_closest_centers, chunks):
        pass
    return labels


def _update_centers(X, sample_weight, labels, old_centers, rows):
    """Re-estimation step (Eq. 4.16): each centre becomes the weighted mean of its samples.

    A cluster left without weight takes one of the points farthest from their centres
    (see :func:`_relocated_labels`); if there is none, it keeps its centre.
    """
    n_clusters = old_centers.shape[0]
    weights = np.bincount(labels, weights=sample_weight, minlength=n_clusters)
    empty = np.flatnonzero(weights == 0)
    if empty.size:
        labels = _relocated_labels(X, sample_weight, labels, old_centers, empty, rows)
        weights = np.bincount(labels, weights=sample_weight, minlength=n_clusters)
    sums = _cluster_sums(X, labels, sample_weight, n_clusters)
    centers = old_centers.copy()
    filled = weights > 0
    centers[filled] = sums[filled] / weights[filled, np.newaxis]
    return centers


def _cluster_sums(X, labels, sample_weight, n_clusters):
    """``Σ_{i: labels_i = j} w_i x_i`` for each cluster j, as one product with the sparse
    ``n_clusters × n_samples`` membership matrix."""
    n_samples = labels.shape[0]
    membership = sp.csc_matrix(
        (sample_weight, labels, np.arange(n_samples + 1)), shape=(n_clusters, n_samples)
    )
    sums = membership @ X
    return sums.toarray() if sp.issparse(sums) else sums


def _relocated_labels(X, sample_weight, labels, old_centers, empty, rows):
    """The labels with the points farthest from their centres moved to the empty clusters.

    As scikit-learn does, the farthest samples go first; here a point counts once, all its
    copies moving together, samples of zero weight stay, and ties of distance go by the
    canonical order of the rows: weights and repeated samples give the same result.
    """
    distances = _squared_distances_to_centers(X, old_centers, labels)
    candidates = np.flatnonzero((distances > 0) & (sample_weight > 0))
    by_distance = candidates[np.lexsort((rows.point_ids[candidates], -distances[candidates]))]
    points, first = np.unique(rows.point_ids[by_distance], return_index=True)
    farthest = points[np.argsort(first)][: empty.size]
    moved = np.flatnonzero(np.isin(rows.point_ids, farthest))
    by_point = np.argsort(farthest)
    targets = by_point[np.searchsorted(farthest, rows.point_ids[moved], sorter=by_point)]
    labels = labels.copy()
    labels[moved] = empty[targets]
    return labels


def _squared_distances_to_centers(X, centers, labels):
    """``||x_i - μ_labels[i]||²`` for every sample.

    Computed directly by chunks of rows for dense data, and by the expansion
    ``||x||² - 2 x·μ + ||μ||²`` over the stored entries of sparse data.
    """
    if sp.issparse(X):
        row_of_entry = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
        entry_centers = labels[row_of_entry]
        dots = np.bincount(row_of_entry, weights=X.data * centers[entry_centers, X.indices],
                           minlength=X.shape[0])
        center_squared_norms = np.einsum("ij,ij->i", centers, centers)
        distances = row_norms(X, squared=True) - 2 * dots + center_squared_norms[labels]
        return np.maximum(distances, 0, out=distances)
    distances = np.empty(X.shape[0], dtype=X.dtype)
    for rows in row_chunks(X.shape[0], X.shape[1] * X.dtype.itemsize):
        differences = X[rows] - centers[labels[rows]]
        distances[rows] = np.einsum("ij,ij->i", differences, differences)
    return distances


def _inertia(X, sample_weight, centers, labels):
    """The objective J (Eq. 4.17), weighted: ``Σ_i w_i ||x_i - μ_labels[i]||²``."""
    distances = _squared_distances_to_centers(X, centers, labels)
    return float(np.dot(distances, sample_weight.astype(distances.dtype, copy=False)))


def _tolerance(data, tol):
    """``tol`` times the mean over the features of their variance, weighted.

    ``Σ_j Var_w(x_j) = Σ_i w_i ||x_i||² / W - ||Σ_i w_i x_i / W||²`` with ``W = Σ_i w_i``:
    a weighted sample counts as its copies would.
    """
    if tol == 0:
        return 0
    sample_weight = data.sample_weight
    total_weight = sample_weight.sum(dtype=np.float64)
    mean = np.asarray(sample_weight @ data.X, dtype=np.float64) / total_weight
    variance = np.dot(sample_weight, data.x_squared_norms) / total_weight - mean @ mean
    return tol * max(float(variance), 0.0) / data.X.shape[1]


def _is_same_clustering(labels, other_labels, n_clusters):
    """Whether two labellings make the same partition (up to the clusters' numbers)."""
    mapping = np.full(n_clusters, -1, dtype=np.intp)
    mapping[labels] = other_labels
    return np.array_equal(mapping[labels], other_labels)


def _euclidean_distances(X, centers):
    """``||x_i - μ_j||`` for every sample and centre.

    By the expansion ``||x||² - 2 x·μ + ||μ||²`` (one matrix product per chunk of rows),
    whose round-off is about ``ε (||x||² + ||μ||²)``: where that is not small against the
    result (a sample close to a centre, both far from the origin), the squared distance is
    computed again as ``||x - μ||²``, so that a centre is at distance exactly 0 from
    itself.
    """
    center_squared_norms = np.einsum("ij,ij->i", centers, centers)
    cancellation = np.sqrt(np.finfo(X.dtype).eps)
    distances = np.empty((X.shape[0], centers.shape[0]), dtype=X.dtype)
    for rows in row_chunks(X.shape[0], centers.shape[0] * X.dtype.itemsize):
        chunk = X[rows]
        chunk_squared_norms = row_norms(chunk, squared=True)
        squared = squared_euclidean_distances(
            chunk, centers, chunk_squared_norms, center_squared_norms
        )
        inaccurate = squared <= cancellation * (
            chunk_squared_norms[:, np.newaxis] + center_squared_norms
        )
        samples, clusters = np.nonzero(inaccurate)
        differences = dense_rows(chunk, samples) - centers[clusters]
        squared[samples, clusters] = np.einsum("ij,ij->i", differences, differences)
        distances[rows] = squared
    return np.sqrt(distances, out=distances)

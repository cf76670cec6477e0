"""Initial centres of k-means drawn from the data: k-means++ and random points.

Both draw samples with probability proportional to a mass (``sample_weight``, times the
squared distance to the closest centre for k-means++) by inverse CDF along the canonical
order of the rows (:class:`~sklnn.cluster._canonical_rows.CanonicalRows`): the centres
drawn from one random state depend only on the weighted set of points, not on the order
of the rows nor on whether a point is repeated or weighted.
"""

import numpy as np
import scipy.sparse as sp

from ._distances import row_chunks


def dense_rows(X, indices):
    """Rows of X (dense or sparse) as a dense array."""
    rows = X[indices]
    return rows.toarray() if sp.issparse(rows) else rows


def kmeans_plusplus(X, n_clusters, x_squared_norms, sample_weight, random_state, rows,
                    n_local_trials=None):
    """Greedy k-means++ seeding (Arthur & Vassilvitskii, SODA 2007): centres spread out.

    The first centre is a sample drawn with probability proportional to its weight. Each
    next one is the best, by the resulting potential ``Σ_i w_i min_j ||x_i - μ_j||²``, of
    ``n_local_trials`` samples drawn with probability proportional to their weight times
    their squared distance to the closest centre so far (scikit-learn's greedy variant).

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    n_clusters : int
    x_squared_norms : ndarray of shape (n_samples,)
    sample_weight : ndarray of shape (n_samples,)
    random_state : RandomState
    rows : CanonicalRows
        The canonical order of the rows of X.
    n_local_trials : int, default=None
        Samples tried for each centre after the first; ``2 + log(n_clusters)`` if None.

    Returns
    -------
    centers : ndarray of shape (n_clusters, n_features)
    """
    if n_local_trials is None:
        n_local_trials = 2 + int(np.log(n_clusters))
    centers = np.empty((n_clusters, X.shape[1]), dtype=X.dtype)
    first = rows.draw(sample_weight, random_state.uniform(size=1))
    centers[:1] = dense_rows(X, first)
    closest = _squared_distances(X, x_squared_norms, centers[:1])[0]
    for c in range(1, n_clusters):
        masses = sample_weight * closest
        if not masses.any():  # every point of positive weight is a centre already
            masses = sample_weight
        candidates = dense_rows(X, rows.draw(masses, random_state.uniform(size=n_local_trials)))
        candidate_closest = _squared_distances(X, x_squared_norms, candidates, closest)
        best = np.argmin(candidate_closest @ sample_weight)
        centers[c] = candidates[best]
        closest = candidate_closest[best]
    return centers


def random_points(X, n_clusters, sample_weight, random_state, rows):
    """``n_clusters`` distinct points drawn without replacement, each with probability
    proportional to its weight.

    A point repeated in X counts once, with the total weight of its copies. If X has fewer
    distinct points of positive weight than ``n_clusters``, the remaining centres are
    drawn again among them, with replacement.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    n_clusters : int
    sample_weight : ndarray of shape (n_samples,)
    random_state : RandomState
    rows : CanonicalRows
        The canonical order of the rows of X.

    Returns
    -------
    centers : ndarray of shape (n_clusters, n_features)
    """
    masses = sample_weight.astype(np.float64)
    chosen = np.empty(0, dtype=np.intp)
    while chosen.size < n_clusters and masses.any():
        drawn = rows.draw(masses, random_state.uniform(size=n_clusters - chosen.size))
        # Keep the first draw of each point, in the order drawn.
        _, first = np.unique(rows.point_ids[drawn], return_index=True)
        drawn = drawn[np.sort(first)]
        chosen = np.concatenate([chosen, drawn])
        masses[np.isin(rows.point_ids, rows.point_ids[drawn])] = 0
    if chosen.size < n_clusters:
        extra = rows.draw(sample_weight, random_state.uniform(size=n_clusters - chosen.size))
        chosen = np.concatenate([chosen, extra])
    return dense_rows(X, chosen)


def _squared_distances(X, x_squared_norms, centers, upper=None):
    """``min(||x_i - μ_j||², upper_i)`` for every centre and sample, shape
    (n_centers, n_samples), by the expansion ``||x||² - 2 x·μ + ||μ||²`` (negative
    round-off clipped to 0)."""
    # X @ μᵀ, by chunks of rows, is the faster product; stored transposed, it makes the
    # rest of the work contiguous.
    scaled_centers = -2 * centers
    distances = np.empty((centers.shape[0], X.shape[0]), dtype=X.dtype)
    for rows in row_chunks(X.shape[0], centers.shape[0] * X.dtype.itemsize):
        distances[:, rows] = (X[rows] @ scaled_centers.T).T
    distances += x_squared_norms
    distances += np.einsum("ij,ij->i", centers, centers)[:, np.newaxis]
    np.maximum(distances, 0, out=distances)
    if upper is not None:
        np.minimum(distances, upper, out=distances)
    return distances

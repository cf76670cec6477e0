"""Clustering: k-Means and DBSCAN (course textbook, §4.4).

``KMeans`` groups the samples around k centres by Lloyd's assignment/re-estimation
iterations, minimizing the inertia J (§4.4.1); ``DBSCAN`` finds dense regions of any shape
and marks the samples in sparse regions as noise (§4.4.2), with the distances of §4.2
(euclidean, manhattan, chebyshev, minkowski, cosine). Both follow scikit-learn's API.
"""

from ._dbscan import DBSCAN
from ._kmeans import KMeans

__all__ = ["DBSCAN", "KMeans"]

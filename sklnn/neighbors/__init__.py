"""k nearest neighbours: classification and regression (course textbook, §4.3).

``KNeighborsClassifier`` classifies a sample by the vote of its k nearest training
samples, hard (one vote each) or soft (votes weighted by the inverse distance);
``KNeighborsRegressor`` averages their targets. The distances are the textbook's (§4.2,
:mod:`sklnn.metrics.pairwise`), and the neighbours come from the search DBSCAN uses (a
KD-tree, a ball tree or brute force). Both follow scikit-learn's API.
"""

from ._classification import KNeighborsClassifier
from ._regression import KNeighborsRegressor

__all__ = ["KNeighborsClassifier", "KNeighborsRegressor"]

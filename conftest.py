"""Settings for every test and doctest, set before any test module imports SciPy or pyplot.

- Figures are drawn off-screen.
- ``SCIPY_ARRAY_API=1`` lets scikit-learn run its ``check_array_api_input`` estimator check
  (which it skips without it), so the common checks run in full.
"""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("SCIPY_ARRAY_API", "1")

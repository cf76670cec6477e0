"""Settings for every test and doctest, set before any test module imports NumPy, SciPy,
torch or pyplot.

- One thread per process for BLAS and torch: CI machines have 2 cores and run 2 pytest-xdist
  workers; more threads than cores make small networks train many times slower.
- Figures are drawn off-screen.
- ``SCIPY_ARRAY_API=1`` lets scikit-learn run its ``check_array_api_input`` estimator check
  (which it skips without it), so the common checks run in full.
"""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("SCIPY_ARRAY_API", "1")

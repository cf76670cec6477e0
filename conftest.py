"""Settings for every test and doctest: draw figures off-screen."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

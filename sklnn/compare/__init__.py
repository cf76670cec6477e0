"""The classroom comparison behind the ``sklnn compare`` command.

:func:`run_comparison` cross-validates sklnn's classical and neural models beside their
scikit-learn counterparts on one data set and returns the scores and timings as a
DataFrame; given an output folder it also writes a Markdown and an HTML report with PNG
figures. :func:`main` is the command line (``sklnn compare``, ``python -m sklnn compare``).
"""

from ._cli import main
from ._compare import run_comparison
from ._errors import UsageError
from ._models import MODELS

__all__ = ["MODELS", "UsageError", "main", "run_comparison"]

"""Run a Python script in a fresh process, as a user would, on this checkout's sklnn."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(arguments, cwd, timeout=None):
    """Run ``python *arguments`` in ``cwd`` on one thread and the Agg backend.

    The source tree's sklnn is imported, whether or not the package is installed.

    Returns
    -------
    result : subprocess.CompletedProcess
        With the ``stdout`` and ``stderr`` text.
    """
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    command = [sys.executable, *map(str, arguments)]
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )

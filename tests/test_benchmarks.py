"""The benchmark scripts still run (in their quick mode); their timings are not asserted."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = sorted((ROOT / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("script", BENCHMARKS, ids=lambda path: path.name)
def test_benchmark_runs_in_quick_mode(script):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, str(script), "--quick"], capture_output=True, text=True, env=env,
        cwd=ROOT, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    measured_rows = [line for line in result.stdout.splitlines() if re.search(r"\d\.\d", line)]
    assert len(measured_rows) >= 2, result.stdout

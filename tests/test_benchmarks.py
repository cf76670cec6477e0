"""The benchmark scripts still run (in their quick mode); their timings are not asserted."""

import re

import pytest
from script_runs import ROOT, run_python

BENCHMARKS = sorted((ROOT / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("script", BENCHMARKS, ids=lambda path: path.name)
def test_benchmark_runs_in_quick_mode(script):
    result = run_python([script, "--quick"], cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    measured_rows = [line for line in result.stdout.splitlines() if re.search(r"\d\.\d", line)]
    assert len(measured_rows) >= 2, result.stdout

"""The README's self-contained Python examples run as written, each as a script of its own.

Left out: the examples that continue another (they use names defined in it) to reach a remote
Dask scheduler or CUDA workers, which the README shows but a test machine does not have.
"""

import re

import pytest
from script_runs import ROOT, run_python

NEEDS_ELSEWHERE = ("tcp://", 'device="cuda"')


def python_examples():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", readme, re.S)


SELF_CONTAINED = [
    code for code in python_examples() if not any(need in code for need in NEEDS_ELSEWHERE)
]


def test_readme_has_self_contained_examples():
    assert len(SELF_CONTAINED) >= 3, "the README's Usage, LBA and Dask examples were not found"


@pytest.mark.slow
@pytest.mark.parametrize(
    "code", SELF_CONTAINED, ids=[code.splitlines()[0] for code in SELF_CONTAINED]
)
def test_readme_example_runs(code, tmp_path):
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    result = run_python([script], cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip(), "every example prints its result"

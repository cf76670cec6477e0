"""``sklnn compare`` as a careless user runs it: each data or option problem is one line
on stderr naming the file, column or option, and exit status 2."""

import pytest
from test_cli import run_main

# case: (arguments, or a function of tmp_path returning them; the phrases the line names)
CASES = {
    "seed beyond NumPy's range": (["--seed", "4294967296"], ["--seed", "2**32 - 1"]),
    "more folds than class members": (
        ["--dataset", "iris", "--cv", "51"], ["--cv 51", "give --cv 50 or less"]
    ),
    "empty output folder name": (["--dataset", "iris", "--out", ""], ["--out", "''"]),
    "blank output folder name": (["--dataset", "iris", "--out", " "], ["--out", "' '"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_user_mistake_is_one_line_naming_it_and_exit_status_2(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args, phrases = CASES[case]
    if callable(args):
        args = args(tmp_path)
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "out")]
    status, stdout, stderr = run_main(["compare", "--cv", "2", "--quick", *args])
    assert status == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("sklnn compare: error: "), stderr
    for phrase in phrases:
        assert phrase in stderr
    assert "lower --cv" not in stderr
    assert stdout == ""
    assert not (tmp_path / "report.html").exists()


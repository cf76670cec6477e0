"""``sklnn compare`` as a careless user runs it: each data or option problem is one line
on stderr naming the file, column or option, and exit status 2."""

import pytest
from test_cli import run_bad_input, run_main

N_ROWS = 12


def _write_csv(path, cells=None, *, target_kind="class", separator=","):
    """A small CSV file (features a, b and target y), with ``cells`` {(row, column): text}."""
    cells = cells or {}
    lines = [separator.join(["a", "b", "y"])]
    for row in range(1, N_ROWS + 1):
        values = {"a": str(row), "b": str(row % 5), "y": str(row % 2)}
        if target_kind == "value":
            values["y"] = str(row * 0.37)
        values.update({column: text for (at, column), text in cells.items() if at == row})
        lines.append(separator.join(values.values()))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _csv(cells=None, *, models="softmax", more=(), **options):
    """Arguments of a run on a CSV file written with :func:`_write_csv`, then ``more``."""

    def arguments(tmp_path):
        path = tmp_path / "table.csv"
        _write_csv(path, cells, **options)
        return ["--dataset", str(path), "--target", "y", "--models", models, *more]

    return arguments


def _file(text):
    """Arguments of a run on a CSV file holding ``text``."""

    def arguments(tmp_path):
        path = tmp_path / "table.csv"
        path.write_text(text, encoding="utf-8")
        return ["--dataset", str(path), "--target", "y"]

    return arguments


def _folder(tmp_path):
    (tmp_path / "table.csv").mkdir()
    return ["--dataset", str(tmp_path / "table.csv"), "--target", "y"]


# case: (arguments, or a function of tmp_path returning them; the phrases the line names)
CASES = {
    "column of missing values": (
        _csv({(row, "a"): "" for row in range(1, N_ROWS + 1)}),
        ["'a'", "table.csv", "every value is missing", "--drop a"],
    ),
    "infinite feature": (
        _csv({(3, "a"): "inf"}), ["'a'", "table.csv", "infinite value", "data row 3"]
    ),
    "huge feature": (
        _csv({(5, "b"): "-1e308"}), ["'b'", "table.csv", "too large", "scale", "data row 5"]
    ),
    "infinite regression target": (
        _csv({(2, "y"): "inf"}, target_kind="value", models="linear"),
        ["'y'", "table.csv", "infinite value", "data row 2"],
    ),
    "huge regression target": (
        _csv({(6, "y"): "1e308"}, target_kind="value", models="linear"),
        ["'y'", "table.csv", "too large", "data row 6"],
    ),
    "missing class label": (
        _csv({(4, "y"): ""}), ["'y'", "table.csv", "missing value", "data row 4"]
    ),
    "missing regression target": (
        _csv({(7, "y"): ""}, target_kind="value", models="linear"),
        ["'y'", "table.csv", "missing value", "data row 7"],
    ),
    "text among the numbers of a feature": (
        _csv({(9, "a"): "oops"}),
        ["'a'", "table.csv", "mixes numbers and text", "'oops' in data row 9"],
    ),
    "identifier column": (
        _csv({(row, "b"): f"pupil {row}" for row in range(1, N_ROWS + 1)}),
        ["'b'", "table.csv", "identifier", "12 distinct text values in 12 rows"],
    ),
    "unknown column to drop": (
        _csv(more=["--drop", "b", "id"]), ["'id'", "table.csv", "Available columns: a, b, y"]
    ),
    "target dropped": (_csv(more=["--drop", "y"]), ["'y'", "table.csv", "target column"]),
    "column dropped from a named data set": (
        ["--dataset", "iris", "--drop", "petal width (cm)"], ["--drop", "CSV file only", "'iris'"]
    ),
    "text among the numbers of a regression target": (
        _csv(
            {(5, "y"): "n/a?"}, target_kind="value", models="linear",
            more=["--task", "regression"],
        ),
        ["'y'", "table.csv", "not numeric", "'n/a?' in data row 5"],
    ),
    "ragged row": (
        _file("a,b,y\n1,2,0\n2,3,1,5\n3,4,0\n4,5,1\n"),
        ["table.csv", "Expected 3 fields in line 3, saw 4"],
    ),
    "regression of too few rows for R²": (
        _file("a,b,y\n1,2,0.5\n2,3,1.7\n3,1,2.2\n"), ["table.csv", "3 data rows", "4 rows or more"]
    ),
    "regression folds too small for R²": (
        _csv(target_kind="value", models="linear", more=["--cv", "7"]),
        ["--cv 7", "table.csv", "R²", "give --cv 6 or less"],
    ),
    "constant features to decompose": (
        _csv({(row, column): "3" for row in range(1, N_ROWS + 1) for column in "ab"},
             models="pca", more=["--task", "decomposition"]),
        ["table.csv", "every feature column", "constant"],
    ),
    "constant features to cluster": (
        _csv({(row, column): "3" for row in range(1, N_ROWS + 1) for column in "ab"},
             models="dbscan", more=["--task", "clustering"]),
        ["table.csv", "every feature column", "constant"],
    ),
    "one class": (
        _csv({(row, "y"): "1" for row in range(1, N_ROWS + 1)}),
        ["target column 'y'", "table.csv", "single class"],
    ),
    "class of one member": (
        _csv({(1, "y"): "7"}), ["class 7", "target column 'y'", "table.csv", "only 1 member"]
    ),
    "one data row": (_file("a,b,y\n1,2,0\n"), ["table.csv", "1 data row"]),
    "header only": (_file("a,b,y\n"), ["table.csv", "no data rows"]),
    "repeated column name": (_file("a,a,y\n1,2,0\n3,4,1\n"), ["table.csv", "'a'", "repeats"]),
    "tab separated": (_csv(separator="\t"), ["table.csv", r"'a\tb\ty'", "commas"]),
    "semicolon separated": (_csv(separator=";"), ["table.csv", "'a;b;y'", "commas"]),
    "folder instead of a file": (_folder, ["table.csv", "is a folder"]),
    "seed beyond NumPy's range": (["--seed", "4294967296"], ["--seed", "2**32 - 1"]),
    "more folds than class members": (
        ["--dataset", "iris", "--cv", "51"], ["--cv 51", "give --cv 50 or less"]
    ),
    "empty output folder name": (["--dataset", "iris", "--out", ""], ["--out", "''"]),
    "blank output folder name": (["--dataset", "iris", "--out", " "], ["--out", "' '"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_user_mistake_is_one_line_naming_it_and_exit_status_2(case, tmp_path, monkeypatch):
    args, phrases = CASES[case]
    stderr = run_bad_input(args, tmp_path, monkeypatch, "--cv", "2", "--quick")
    for phrase in phrases:
        assert phrase in stderr
    assert stderr.count("table.csv") <= 1  # the file named once, not in a quoted message too
    assert "lower --cv" not in stderr and "--cv 1 " not in stderr
    assert "as_frame" not in stderr  # a library argument means nothing on the command line
    assert not (tmp_path / "report.html").exists()


def test_model_refusing_a_fold_is_one_line_naming_it(tmp_path):
    args = _file("a,b,y\n1,2,0.5\n2,3,1.7\n")(tmp_path)  # folds of one sample
    status, stdout, stderr = run_main(
        ["compare", *args, "--task", "decomposition", "--models", "pca", "--cv", "2",
         "--out", str(tmp_path / "out")]
    )
    assert status == 2, stderr
    assert stderr.count("\n") == 1
    line = stderr.split("\r")[-1]  # the progress bar clears itself with carriage returns
    assert line.startswith("sklnn compare: error: model 'pca' cannot fit a fold of 'table.csv'")
    assert stdout == ""


def test_quick_subsample_keeps_the_members_of_every_class_the_folds_need(tmp_path):
    path = tmp_path / "table.csv"
    rows = [f"{x},{x % 7},{x % 2 if x > 2 else 'rare'}" for x in range(1000)]  # 3 'rare'
    path.write_text("a,b,y\n" + "\n".join(rows) + "\n", encoding="utf-8")
    status, stdout, stderr = run_main(
        ["compare", "--dataset", str(path), "--target", "y", "--models", "softmax", "--cv", "3",
         "--quick", "--out", str(tmp_path / "out")]
    )
    assert status == 0, stderr
    assert "300 samples, 2 features, 3 classes" in (tmp_path / "out" / "report.md").read_text()

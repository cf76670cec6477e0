"""``sklnn compare`` on a CSV file as found in class: an identifier column to drop, text and
categorical columns to one-hot encode, missing values to impute, and a report that says so."""

import numpy as np
import pytest
from test_cli import run_main

from sklnn.compare import run_comparison
from sklnn.compare._data import load_comparison_data
from sklnn.compare._errors import UsageError

# 12 pupils: an id, a text column, a categorical one, two number columns, missing values.
CLASS_CSV = """\
pupil,height,colour,size,weight,species
p01,1.2,red,S,3.1,a
p02,1.5,blue,M,,b
p03,,red,L,2.9,a
p04,1.9,green,,4.2,b
p05,1.1,red,S,3.0,a
p06,1.7,blue,M,4.1,b
p07,1.3,,S,3.3,a
p08,1.8,green,L,4.5,b
p09,1.2,red,S,,a
p10,1.6,blue,M,4.0,b
p11,1.25,red,S,3.2,a
p12,1.75,green,L,4.4,b
"""


@pytest.fixture
def class_csv(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text(CLASS_CSV, encoding="utf-8")
    return path


def test_class_csv_runs_end_to_end_and_the_report_says_what_was_done(class_csv, tmp_path):
    out = tmp_path / "out"
    status, stdout, stderr = run_main(
        ["compare", "--dataset", str(class_csv), "--target", "species", "--drop", "pupil",
         "--models", "softmax,sk-logistic", "--cv", "2", "--quick", "--out", str(out)]
    )
    assert status == 0, stderr
    assert "SoftmaxReg (sklnn)" in stdout and "LogisticRegression (sklearn)" in stdout
    report = (out / "report.md").read_text("utf-8")
    assert "(dropped: 'pupil')" in report
    assert (
        "Missing values imputed from the whole file's features (no target values): "
        "1 in 'height' (median 1.5); 1 in 'colour' (most frequent 'red'); "
        "1 in 'size' (most frequent 'S'); 2 in 'weight' (median 3.65)."
    ) in report
    assert (
        "One-hot encoded with the categories of the whole file: 'colour' (3 columns), "
        "'size' (3 columns)."
    ) in report
    assert "12 samples, 8 features, 2 classes" in report  # height, weight, 3 + 3 indicators


def test_missing_values_take_the_median_or_the_most_frequent_category(class_csv):
    data = load_comparison_data(str(class_csv), target="species", drop=["pupil"])
    assert not np.isnan(data.X).any()
    names = [
        "height", "colour=blue", "colour=green", "colour=red",
        "size=L", "size=M", "size=S", "weight",
    ]
    column = dict(zip(names, data.X.T))
    assert list(column) == names
    assert column["height"][2] == 1.5
    np.testing.assert_allclose(column["weight"][[1, 8]], [3.65, 3.65])
    row_7 = [column[name][6] for name in names[1:7]]
    assert row_7 == [0, 0, 1, 0, 0, 1]  # colour imputed 'red', size given 'S'
    row_4 = [column[name][3] for name in names[1:7]]
    assert row_4 == [0, 1, 0, 0, 0, 1]  # size imputed 'S', the most frequent
    # Every indicator row of a category column holds exactly one 1.
    for prefix in ("colour=", "size="):
        block = np.column_stack([column[name] for name in names if name.startswith(prefix)])
        assert (block.sum(axis=1) == 1).all()


def test_drop_accepts_several_columns_and_repeats(class_csv, tmp_path):
    status, _, stderr = run_main(
        ["compare", "--dataset", str(class_csv), "--target", "species", "--drop", "pupil",
         "colour", "--drop", "size", "--models", "softmax", "--cv", "2", "--quick",
         "--out", str(tmp_path / "out")]
    )
    assert status == 0, stderr
    report = (tmp_path / "out" / "report.md").read_text("utf-8")
    assert "(dropped: 'pupil', 'colour', 'size')" in report
    assert "12 samples, 2 features, 2 classes" in report
    assert "One-hot" not in report


def test_identifier_column_is_refused_until_dropped(class_csv):
    with pytest.raises(UsageError, match="'pupil' .* identifier .* 12 distinct text values"):
        run_comparison(str(class_csv), target="species", models="softmax", cv=2)
    results = run_comparison(
        str(class_csv), target="species", drop=["pupil"], models="softmax", cv=2,
        progress=False,
    )
    assert results["model"].tolist() == ["SoftmaxReg (sklnn)"]


def test_complete_numeric_file_gets_no_preparation_note(tmp_path):
    path = tmp_path / "plain.csv"
    rows = [f"{row},{row % 3},{row % 2}" for row in range(12)]
    path.write_text("a,b,y\n" + "\n".join(rows) + "\n", encoding="utf-8")
    data = load_comparison_data(str(path), target="y")
    assert data.description.endswith("12 samples, 2 features, 2 classes.")

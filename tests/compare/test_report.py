"""The output folder of ``sklnn compare``: a self-contained report.html."""

import base64
import re
import shutil

import pytest
from test_cli import run_bad_input

from sklnn.compare import run_comparison
from sklnn.neural_network._base import resolve_device

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DATA_URI = re.compile(r'<img src="data:image/png;base64,([^"]+)"[^>]* data-file="([^"]+)"')


def compare_iris(out):
    """A small comparison on iris, its report written to ``out``."""
    return run_comparison(
        "iris", models="softmax,sk-logistic", cv=2, quick=True, out=out, progress=False
    )


@pytest.fixture(scope="module")
def report_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    compare_iris(folder)
    return folder


def test_report_html_embeds_every_figure(report_folder, tmp_path):
    shutil.copy(report_folder / "report.html", tmp_path)
    html = (tmp_path / "report.html").read_text("utf-8")
    images = DATA_URI.findall(html)
    assert len(images) == html.count("<img ") == len(list(report_folder.glob("*.png"))) > 0
    for encoded, filename in images:
        png = base64.b64decode(encoded, validate=True)
        assert png.startswith(PNG_SIGNATURE)
        assert png == (report_folder / filename).read_bytes()


def compare_diabetes(out):
    """A small regression comparison, its figures named unlike iris's."""
    return run_comparison("diabetes", models="linear", cv=2, quick=True, out=out, progress=False)


def folder_files(folder):
    return sorted(path.name for path in folder.iterdir())


def test_second_run_leaves_only_its_own_files(tmp_path):
    compare_diabetes(tmp_path)
    only_second = folder_files(tmp_path)
    compare_iris(tmp_path)
    first = folder_files(tmp_path)
    assert any(name.startswith("confusion_") for name in first)
    compare_diabetes(tmp_path)
    assert folder_files(tmp_path) == only_second
    assert "confusion" not in (tmp_path / "report.md").read_text("utf-8")


def test_run_lists_what_it_wrote_in_its_manifest(report_folder):
    listed = (report_folder / ".sklnn_compare_files").read_text("utf-8").split()
    assert sorted(listed) == [name for name in folder_files(report_folder)
                              if name != ".sklnn_compare_files"]


@pytest.mark.parametrize("previous_run", [False, True])
def test_folder_with_a_users_file_is_refused_and_left_alone(
    previous_run, tmp_path, monkeypatch
):
    out = tmp_path / "out"
    if previous_run:
        compare_diabetes(out)
    else:
        out.mkdir()
    (out / "notes.txt").write_text("mine")
    before = folder_files(out)
    stderr = run_bad_input(["--dataset", "iris", "--out", str(out)], tmp_path, monkeypatch)
    assert "holds 1 file(s) that sklnn compare did not write (notes.txt)" in stderr
    assert folder_files(out) == before
    assert (out / "notes.txt").read_text() == "mine"


def device_line(folder):
    report = (folder / "report.md").read_text("utf-8")
    return next(line for line in report.splitlines() if line.startswith("- **Device:**"))


def test_report_names_the_device_the_neural_models_used(tmp_path):
    run_comparison("iris", models="mlp,softmax", cv=2, quick=True, out=tmp_path, progress=False)
    used = resolve_device("auto")
    assert device_line(tmp_path).startswith(
        f"- **Device:** {used} for sklnn's neural models (--device auto); the others on the CPU"
    )


def test_report_without_neural_models_says_so(report_folder):
    assert "CPU (no sklnn neural model in this run)" in device_line(report_folder)

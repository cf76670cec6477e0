"""The output folder of ``sklnn compare``: a self-contained report.html."""

import base64
import re
import shutil

import pytest

from sklnn.compare import run_comparison

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

"""The output folder of ``sklnn compare``: a self-contained report.html that renders in
headless Chromium, a folder owned by the run, and the device line."""

import base64
import json
import os
import re
import shutil
import subprocess
from html import unescape

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


# Appended to a copy of the report: after the page has loaded, it writes into the DOM
# which images failed to load, which laid-out boxes overlap and how far the page
# overflows the window sideways.
LAYOUT_CHECK = """<script>
window.addEventListener("load", () => {
  const boxes = [...document.querySelectorAll("h1, h2, ul, p, table, img, figcaption")];
  const rect = (element) => element.getBoundingClientRect();
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
    && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (!a.contains(b) && !b.contains(a) && overlap(rect(a), rect(b))) {
      overlaps.push([a.outerHTML.slice(0, 60), b.outerHTML.slice(0, 60)]);
    }
  }));
  const check = document.createElement("pre");
  check.id = "layout-check";
  check.textContent = JSON.stringify({
    images: document.images.length,
    broken: [...document.images].filter((image) => !(image.complete && image.naturalWidth > 0))
      .map((image) => image.alt),
    overlaps: overlaps,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  });
  document.body.append(check);
});
</script>"""
WINDOW_WIDTH = 1024  # a classroom projector's


# Chromium is a system package: the README's test command runs on a machine without it (the
# rendering test is then skipped, as the GPU tests are without a GPU); .ci/run installs it
# and sets SKLNN_REQUIRE_CHROMIUM, so that in CI its absence fails.
needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None and not os.environ.get("SKLNN_REQUIRE_CHROMIUM"),
    reason="needs Debian's chromium package (apt-get install chromium), as .ci/run installs",
)


def chromium_layout(html_path, profile):
    """Load ``html_path`` in headless Chromium and return LAYOUT_CHECK's findings."""
    if shutil.which("chromium") is None:
        pytest.fail("SKLNN_REQUIRE_CHROMIUM is set but the chromium command is missing")
    command = [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
        f"--window-size={WINDOW_WIDTH},800", "--dump-dom", html_path.as_uri(),
    ]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout
    found = re.search(r'<pre id="layout-check">(.*?)</pre>', dom, re.DOTALL)
    assert found, f"Chromium's DOM has no layout check:\n{dom[:500]}"
    return json.loads(unescape(found.group(1)))


@needs_chromium
@pytest.mark.parametrize(
    "dataset, task, models",
    [("iris", None, "softmax,mlp"), ("blobs", "clustering", "kmeans,sk-dbscan")],
)
def test_report_html_alone_renders_in_chromium(dataset, task, models, tmp_path):
    run_comparison(
        dataset, task=task, models=models, cv=2, quick=True, out=tmp_path / "out",
        progress=False,
    )
    alone = tmp_path / "alone"
    alone.mkdir()
    report = (tmp_path / "out" / "report.html").read_text("utf-8")
    (alone / "report.html").write_text(report.replace("</body>", LAYOUT_CHECK + "</body>"))
    layout = chromium_layout(alone / "report.html", tmp_path / "profile")
    assert layout["images"] == len(list((tmp_path / "out").glob("*.png"))) > 1
    assert layout["broken"] == []
    assert layout["overlaps"] == []
    assert layout["overflow"] <= 0

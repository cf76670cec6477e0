"""Write the comparison's output folder: scores.csv, the figures, report.md and report.html."""

import base64
import html
import os
import tempfile
from datetime import datetime
from pathlib import Path

import sklearn

import sklnn

from ._errors import UsageError
from ._figures import draw_figures
from ._models import final_estimator
from ._table import best_model_line, table_cells

_CSS = """
body { font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; }
td:nth-child(n+3) { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f0f0f0; }
figure { display: block; margin: 1em 0; }
figure img { display: block; max-width: 100%; height: auto; }
figcaption { font-size: small; color: #444; }
"""

# The list of the files a run wrote, one name a line: the next run into the folder removes
# exactly these, and only a folder holding nothing else is taken.
MANIFEST = ".sklnn_compare_files"


def prepare_output_folder(out):
    """Create the output folder if needed and check that the run may write in it.

    A run owns its folder: it takes an empty folder, or one that holds only the files a
    previous run listed in its manifest (the run removes them before writing its own). A
    folder holding anything else is refused rather than mixed or cleaned, so that no file of
    the user's is overwritten or removed.

    Parameters
    ----------
    out : str or path-like
        The folder.

    Returns
    -------
    folder : pathlib.Path

    Raises
    ------
    UsageError
        If the name is blank (``Path('')`` would be the current folder), the folder cannot
        be created or written to, or it holds files that no previous run wrote.
    """
    if not os.fspath(out).strip():
        raise UsageError(f"invalid output folder {os.fspath(out)!r}; --out needs a folder name")
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"cannot write to output folder {str(folder)!r}: {reason}") from error
    _check_owned(folder)
    return folder


def _previous_run_files(folder):
    """The names a previous run listed in the folder's manifest (none without one)."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return set()
    names = manifest.read_text("utf-8").splitlines()
    return {name for name in names if name and Path(name).name == name}


def _check_owned(folder):
    """Refuse a folder that holds entries other than a previous run's files."""
    owned = _previous_run_files(folder) | {MANIFEST}
    foreign = sorted(entry.name for entry in folder.iterdir() if entry.name not in owned)
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise UsageError(
            f"output folder {str(folder)!r} holds {len(foreign)} file(s) that sklnn compare "
            f"did not write ({shown}); choose a new or empty folder"
        )


def _remove_previous_run(folder):
    """Remove the files the folder's manifest lists, then the manifest."""
    for name in _previous_run_files(folder):
        path = folder / name
        if path.is_file() or path.is_symlink():
            path.unlink()
    (folder / MANIFEST).unlink(missing_ok=True)


def describe_device(device, runs):
    """The report's device line: where sklnn's neural models trained, read from their nets.

    Parameters
    ----------
    device : str
        The requested device ('auto', 'cpu', 'cuda' or 'cuda:N').
    runs : list of ModelRun
        The cross-validated models.

    Returns
    -------
    line : str
        E.g. ``'cuda:0 for sklnn's neural models (--device auto); the others on the CPU'``.
    """
    nets = [final_estimator(run.last_estimator) for run in runs]
    used = sorted(
        {str(next(net.net_.module_.parameters()).device) for net in nets if hasattr(net, "net_")}
    )
    if not used:
        return "CPU (no sklnn neural model in this run)"
    models = f"for sklnn's neural models (--device {device}); the others on the CPU"
    return f"{', '.join(used)} {models}"


def write_report(folder, data, results, runs, *, facts):
    """Write scores.csv, the PNG figures, report.md and report.html into ``folder``.

    The files of the previous run into ``folder`` are removed first, and the new ones are
    listed in its manifest.

    Parameters
    ----------
    folder : pathlib.Path
        A folder :func:`prepare_output_folder` accepted.
    data : ComparisonData
        The comparison's samples.
    results : pandas.DataFrame
        The results table.
    runs : list of ModelRun
        The cross-validated models.
    facts : list of (str, str)
        Labelled lines describing the run (data, task, scheme, device...).

    Returns
    -------
    report : pathlib.Path
        The HTML report.
    """
    _remove_previous_run(folder)
    results.to_csv(folder / "scores.csv", index=False)
    quick = bool((results["mode"] == "quick").any())  # the run's mode, in every row
    sections = draw_figures(folder, data, results, runs, quick=quick)
    facts = [
        *facts,
        ("Versions", f"sklnn {sklnn.__version__}, scikit-learn {sklearn.__version__}"),
        ("Date", datetime.now().strftime("%Y-%m-%d %H:%M")),
        ("Files", "scores.csv (the table) and the figures below as PNG files beside this report"),
    ]
    title = f"sklnn compare: {data.name} ({data.task})"
    (folder / "report.md").write_text(_markdown(title, facts, results, sections), "utf-8")
    (folder / "report.html").write_text(_html(folder, title, facts, results, sections), "utf-8")
    written = ["scores.csv", *(figure.filename for _, figures in sections for figure in figures)]
    (folder / MANIFEST).write_text("\n".join([*written, "report.md", "report.html", ""]), "utf-8")
    return folder / "report.html"


def _markdown(title, facts, results, sections):
    header, rows = table_cells(results)
    lines = [f"# {title}", ""]
    lines += [f"- **{label}:** {value}" for label, value in facts]
    lines += ["", "## Results", ""]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines += ["", best_model_line(results), ""]
    for section, figures in sections:
        lines += [f"## {section}", ""]
        for figure in figures:
            lines += [f"![{figure.caption}]({figure.filename})", "", f"*{figure.caption}*", ""]
    return "\n".join(lines)


def _data_uri(path):
    """The PNG file ``path`` as a ``data:`` URI, so that the HTML report holds its images."""
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _html(folder, title, facts, results, sections):
    """The HTML report, every figure of ``folder`` embedded: the file alone shows them all."""
    escape = html.escape
    header, rows = table_cells(results)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        "<ul>",
        *(f"<li><b>{escape(label)}:</b> {escape(value)}</li>" for label, value in facts),
        "</ul>",
        "<h2>Results</h2>",
        "<table>",
        "<tr>" + "".join(f"<th>{escape(cell)}</th>" for cell in header) + "</tr>",
        *("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows),
        "</table>",
        f"<p>{escape(best_model_line(results))}</p>",
    ]
    for section, figures in sections:
        parts.append(f"<h2>{escape(section)}</h2>")
        parts += [
            f'<figure><img src="{_data_uri(folder / figure.filename)}" '
            f'alt="{escape(figure.caption)}" data-file="{escape(figure.filename)}">'
            f"<figcaption>{escape(figure.caption)}</figcaption></figure>"
            for figure in figures
        ]
    parts.append("</body></html>")
    return "\n".join(parts)

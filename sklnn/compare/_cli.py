"""The ``sklnn`` command line: ``sklnn compare [options]``."""

import argparse
import sys
import time
from pathlib import Path

import sklnn

from ._compare import check_device, check_folds, check_seed, run_comparison
from ._data import QUICK_MAX_SAMPLES, TASKS
from ._errors import UsageError
from ._models import MODELS
from ._table import cross_validation_seconds, format_table

DEFAULT_OUT = "sklnn_report"

_DESCRIPTION = """\
Cross-validate sklnn's classical and neural models beside their scikit-learn counterparts
on one data set. Prints a table (score mean ± std over the folds, fit and predict time) and
writes report.md, report.html, scores.csv and PNG figures (score chart, learning curves,
confusion matrices, cluster plots, PCA pictures) into the output folder."""

_TASKS_HELP = """\
tasks:
  classification  accuracy, stratified k-fold cross-validation
  regression      R², k-fold cross-validation
  clustering      adjusted Rand index and Rand index against the true classes, each
                  model clustering the training part of each of k stratified folds
  decomposition   explained variance ratio of the kept components, and the
                  reconstruction error of the held-out fold
  Without --task a data set runs its own task (classification or regression);
  clustering and decomposition run only when asked for."""


class _OneLineErrorParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def _integer(text):
    """``text`` as an int, or unchanged when it is not one (its check then refuses it)."""
    try:
        return int(text)
    except ValueError:
        return text


def _argument_type(check, parse=str):
    """An argparse type: ``check(parse(text))``, its UsageError becoming argparse's error."""

    def convert(text):
        try:
            return check(parse(text))
        except UsageError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return convert


def _models_help():
    """The epilog's list of model keys, grouped by task."""
    lines = ["models (--models KEY,KEY,...; default: every model that fits the task):"]
    for task in TASKS:
        entries = [spec for spec in MODELS.values() if spec.task == task]
        lines.append(f"  {task}:")
        for spec in entries:
            needs = {"binary": ", two classes only", "images": ", image data only"}
            note = needs.get(spec.needs, "")
            lines.append(f"    {spec.key:<13} {spec.name} ({spec.library}, {spec.family}{note})")
    return "\n".join(lines)


def build_parser():
    """The ``sklnn`` argument parser, with its ``compare`` subcommand.

    Returns
    -------
    parser : argparse.ArgumentParser
    """
    from sklnn.datasets import DATASETS

    parser = _OneLineErrorParser(
        prog="sklnn",
        description="sklnn command line.",
        epilog="Run 'sklnn compare --help' for the comparison's options.",
    )
    parser.add_argument("--version", action="version", version=f"sklnn {sklnn.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="command")
    compare = commands.add_parser(
        "compare",
        help="compare models on a data set",
        description=_DESCRIPTION,
        epilog=f"{_TASKS_HELP}\n\n{_models_help()}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    compare.add_argument(
        "--dataset", default="digits", metavar="NAME",
        help=f"{', '.join(DATASETS)}, or a CSV file path with --target (default: digits)",
    )
    compare.add_argument("--target", metavar="COLUMN", help="the target column of a CSV file")
    compare.add_argument(
        "--drop", nargs="+", action="extend", metavar="COLUMN",
        help="columns of a CSV file to leave out, an identifier say (text columns are one-hot "
        "encoded, missing values imputed)",
    )
    compare.add_argument(
        "--task", choices=TASKS, help="what to compare on (default: the data set's own task)"
    )
    compare.add_argument(
        "--models", metavar="KEYS", help="comma-separated model keys (listed below)"
    )
    compare.add_argument(
        "--cv", type=_argument_type(check_folds, _integer), default=5, metavar="K",
        help="number of folds (default: 5)",
    )
    compare.add_argument(
        "--device", type=_argument_type(check_device), default="auto",
        help="torch device of the neural models: auto, cpu, cuda, cuda:N (default: auto)",
    )
    compare.add_argument(
        "--out", default=DEFAULT_OUT, metavar="DIR",
        help=f"output folder of the report and figures (default: {DEFAULT_OUT})",
    )
    compare.add_argument(
        "--quick", action="store_true",
        help=(
            f"a fast look: at most {QUICK_MAX_SAMPLES} samples unless the folds need more, and "
            "a few training epochs"
        ),
    )
    compare.add_argument(
        "--seed", type=_argument_type(check_seed, _integer), default=0,
        help="seed of the folds, models and data, 0 to 2**32 - 1 (default: 0)",
    )
    return parser


def main(argv=None):
    """Run the ``sklnn`` command line.

    A mistake in the request (unknown data set, model or task, a bad option value, a
    missing or unreadable CSV file or column, a missing target, infinite or too large values, too
    few samples or classes, a blank or unwritable output folder, a model that does not fit
    the task) ends with a one-line message on stderr and exit status 2.

    Parameters
    ----------
    argv : list of str, default=None
        The arguments after the program name; None reads ``sys.argv``.

    Returns
    -------
    status : int
        0 on success, and after printing the help when no command is given.

    Raises
    ------
    SystemExit
        With status 2 on a mistake in the request, 0 after ``--help`` or ``--version``.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    error_prefix = f"{parser.prog} {args.command}: error:"
    try:
        import matplotlib
    except ImportError:
        parser.exit(2, f"{error_prefix} the report's figures need matplotlib; install it\n")
    matplotlib.use("Agg")
    start = time.perf_counter()
    try:
        results = run_comparison(
            args.dataset,
            task=args.task,
            models=args.models,
            cv=args.cv,
            device=args.device,
            out=args.out,
            quick=args.quick,
            seed=args.seed,
            target=args.target,
            drop=args.drop,
        )
    except UsageError as error:
        parser.exit(2, f"{error_prefix} {error}\n")
    total = time.perf_counter() - start
    print(format_table(results))
    print(
        f"\nTotal time {total:.1f} s: cross-validation {cross_validation_seconds(results):.1f} s "
        "(each model's share in the table), the rest data, figures and report."
    )
    print(f"Report: {Path(args.out) / 'report.html'}")
    sys.stdout.flush()
    return 0

"""Fit time of each sklnn model over its scikit-learn counterpart, under `sklnn compare`'s
protocol.

The models, options, preprocessing, folds and thread limits are the comparison's own
(``sklnn.compare``); each fold's fit of the sklnn model and of its counterpart runs back to
back, the order alternating from fold to fold, ``--repeats`` times over all folds. The
ratio sklnn / scikit-learn is taken fold by fold, and the table gives its median and
quartiles over those pairs (below 1 means sklnn is faster): a single `sklnn compare` run
times each fold once, in a fixed order, and on a busy 2-core machine two runs' ratios can
differ by 10 %.

    python benchmarks/bench_compare_pairs.py                    # digits, the default run
    python benchmarks/bench_compare_pairs.py --dataset iris
    python benchmarks/bench_compare_pairs.py --quick            # quick settings, checks the script
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import time_call  # noqa: E402

from sklnn.compare._data import load_comparison_data  # noqa: E402
from sklnn.compare._models import COUNTERPARTS, MODELS, make_settings, select_models  # noqa: E402
from sklnn.compare._runner import _timing_conditions  # noqa: E402
from sklnn.compare._scoring import task_splits  # noqa: E402


def paired_ratios(pair, data, settings, splits, repeats):
    """The fit seconds of both models of ``pair`` on every fold, ``repeats`` times."""
    seconds = {key: [] for key in pair}
    for repeat in range(repeats):
        for index, (fit_indices, _) in enumerate(splits):
            X, y = data.X[fit_indices], data.y[fit_indices]
            order = pair if (repeat + index) % 2 == 0 else pair[::-1]
            for key in order:
                estimator = MODELS[key].build(settings)
                seconds[key].append(time_call(estimator.fit, X, y))
    return {key: np.array(times) for key, times in seconds.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="digits")
    parser.add_argument("--task", default=None)
    parser.add_argument("--cv", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=None, help="default 5, quick 1")
    parser.add_argument("--quick", action="store_true", help="compare's quick settings")
    args = parser.parse_args(argv)
    repeats = args.repeats or (1 if args.quick else 5)
    data = load_comparison_data(
        args.dataset, task=args.task, n_folds=args.cv, quick=args.quick
    )
    settings = make_settings(data, quick=args.quick)
    splits = task_splits(data.task, args.cv, 0, data.y)
    keys = {spec.key for spec in select_models(None, data)}
    pairs = [pair for pair in COUNTERPARTS if set(pair) <= keys]
    uses_torch = any(MODELS[key].family == "neural" for pair in pairs for key in pair)
    print(
        f"{data.name}, {args.cv} folds x {repeats} repeats, fit seconds per fold "
        "(medians) and sklnn / scikit-learn per fold (median [quartiles])"
    )
    print(f"{'model':<22} {'sklnn':>8} {'sklearn':>8} {'ratio':>6} {'quartiles':>13}")
    with _timing_conditions(uses_torch), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for pair in pairs:
            seconds = paired_ratios(pair, data, settings, splits, repeats)
            ratios = seconds[pair[0]] / seconds[pair[1]]
            low, median, high = np.quantile(ratios, [0.25, 0.5, 0.75])
            print(
                f"{MODELS[pair[0]].name:<22} {np.median(seconds[pair[0]]):8.4f} "
                f"{np.median(seconds[pair[1]]):8.4f} {median:6.2f} {low:6.2f}-{high:.2f}"
            )


if __name__ == "__main__":
    main()

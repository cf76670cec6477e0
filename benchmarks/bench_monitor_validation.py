"""What ``monitor_validation`` costs: the evaluation of the training set after each epoch.

``MLPClassifier(monitor_validation=True)`` and ``MLPClassifier(early_stopping=True)`` hold out
the same validation set (same ``random_state``) and train the same weights when nothing stops
them (``n_iter_no_change=np.inf``); monitoring also scores the training set after each epoch,
one more forward pass over it. Reported: median fit times of interleaved runs on digits
(hidden layer of 100 units, Adam, batch 64, one torch thread) and their ratios, against early
stopping (the extra pass) and against a fit that holds nothing out.

    python benchmarks/bench_monitor_validation.py          # 30 epochs, 7 runs each
    python benchmarks/bench_monitor_validation.py --quick  # 3 epochs, 2 runs
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_times  # noqa: E402

from sklnn.neural_network import MLPClassifier  # noqa: E402

SETTINGS = {
    "monitor_validation": {"monitor_validation": True},
    "early_stopping": {"early_stopping": True},
    "nothing held out": {},
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few epochs and runs")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    warnings.simplefilter("ignore", ConvergenceWarning)
    X, y = load_digits(return_X_y=True)
    X = X / 16
    epochs, repeats = (3, 2) if args.quick else (30, 7)
    common = dict(max_iter=epochs, batch_size=64, n_iter_no_change=np.inf, random_state=0)
    candidates = {
        name: lambda extra=extra: MLPClassifier(**common, **extra).fit(X, y)
        for name, extra in SETTINGS.items()
    }
    for fit in candidates.values():  # warm up: torch's first calls are slow
        fit()
    medians = median_times(candidates, repeats)
    print(f"digits {X.shape}, MLPClassifier((100,)), {epochs} epochs, median of {repeats}")
    for name, seconds in medians.items():
        print(f"{name:>20}: {seconds:.3f} s")
    monitored = medians["monitor_validation"]
    print(f"monitor_validation / early_stopping:   {monitored / medians['early_stopping']:.2f}")
    print(f"monitor_validation / nothing held out: {monitored / medians['nothing held out']:.2f}")


if __name__ == "__main__":
    main()

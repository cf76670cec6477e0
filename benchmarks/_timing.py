"""Side-by-side timing shared by the benchmark scripts."""

import time

import numpy as np


def time_call(function, *args, **kwargs):
    """Return the wall-clock seconds of one ``function(*args, **kwargs)`` call."""
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def median_times(candidates, repeats):
    """Time each candidate ``repeats`` times, interleaved, and return their median seconds.

    Interleaving (a, b, a, b, ...) rather than running all of ``a`` then all of ``b`` makes
    the comparison fair to machine noise that drifts over time.

    Parameters
    ----------
    candidates : dict of str to callable
        Zero-argument callables to time.
    repeats : int
        How many times each candidate runs.

    Returns
    -------
    medians : dict of str to float
    """
    samples = {name: [] for name in candidates}
    for _ in range(repeats):
        for name, function in candidates.items():
            samples[name].append(time_call(function))
    return {name: float(np.median(times)) for name, times in samples.items()}

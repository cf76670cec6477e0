"""Persistence: fitted estimators saved with pickle or joblib give the same outputs when
loaded in a fresh Python process.

Every estimator configuration is fitted here and saved both ways; one new interpreter loads
all the files (before it imports anything of sklnn itself) and writes what each loaded
estimator outputs; the outputs must be identical to those of the estimator before saving.
(Loading on a CPU a neural estimator trained on a GPU is tested in
``tests/neural_network/test_mlp_gpu.py``.)
"""

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import joblib
import numpy as np
import pytest
from estimator_cases import ALL_ESTIMATORS, estimator_id, fitted_outputs, small_data
from sklearn.base import clone

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("pickle", "joblib")

LOAD_AND_OUTPUT = textwrap.dedent(
    """
    import pickle
    import sys
    from pathlib import Path

    import joblib
    import numpy as np

    folder = Path(sys.argv[1])
    loaded = {}
    for model_file in sorted(folder.glob("*.model")):
        if model_file.stem.endswith("-pickle"):
            with open(model_file, "rb") as file:
                loaded[model_file.stem] = pickle.load(file)
        else:
            loaded[model_file.stem] = joblib.load(model_file)

    # Only now import the tests' helpers (and through them sklnn): the files above
    # loaded by themselves.
    from estimator_cases import fitted_outputs

    for stem, estimator in loaded.items():
        X = np.load(folder / f"{stem.rsplit('-', 1)[0]}-X.npy")
        np.savez(folder / f"{stem}-outputs.npz", **fitted_outputs(estimator, X))
    """
)

# The small fits stop at max_iter on purpose; that is not what these tests look at.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def round_trips(tmp_path_factory):
    """Fit and save every estimator, load them all in one fresh process.

    Returns, per estimator index, the outputs before saving and, per format, after
    loading.
    """
    folder = tmp_path_factory.mktemp("persistence")
    expected = []
    for index, estimator in enumerate(ALL_ESTIMATORS):
        X, y = small_data(estimator)
        fitted = clone(estimator).fit(X, y)
        expected.append(fitted_outputs(fitted, X))
        np.save(folder / f"{index}-X.npy", X)
        with open(folder / f"{index}-pickle.model", "wb") as file:
            pickle.dump(fitted, file)
        joblib.dump(fitted, folder / f"{index}-joblib.model")

    tests_folder = str(Path(__file__).resolve().parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), tests_folder])}
    loading = subprocess.run(
        [sys.executable, "-c", LOAD_AND_OUTPUT, str(folder)], env=env, cwd=folder,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert loading.returncode == 0, loading.stderr
    loaded = [
        {fmt: dict(np.load(folder / f"{index}-{fmt}-outputs.npz")) for fmt in FORMATS}
        for index in range(len(ALL_ESTIMATORS))
    ]
    return expected, loaded


@pytest.mark.parametrize(
    "index", range(len(ALL_ESTIMATORS)), ids=[estimator_id(e) for e in ALL_ESTIMATORS]
)
@pytest.mark.parametrize("file_format", FORMATS)
def test_round_trip_in_a_fresh_process(round_trips, index, file_format):
    expected, loaded = round_trips
    outputs = loaded[index][file_format]
    assert outputs.keys() == expected[index].keys()
    assert outputs, "the estimator has no output to compare"
    for name, values in expected[index].items():
        np.testing.assert_array_equal(outputs[name], values, err_msg=name)

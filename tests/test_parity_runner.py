"""The scikit-learn parity runner (``parity/run_sklearn_tests.py``) on a test file of our own.

The runner itself runs scikit-learn's test files, too slow for this suite; here a small file
written like one of them checks that the names are rebound and that each outcome lands in
the right column.
"""

import importlib.util
import textwrap

from script_runs import ROOT

_spec = importlib.util.spec_from_file_location(
    "run_sklearn_tests", ROOT / "parity" / "run_sklearn_tests.py"
)
run_sklearn_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_sklearn_tests)

SCIKIT_LEARN_STYLE_TESTS = '''
import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import accuracy_score

from sklnn.exceptions import NotSupportedError

X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]])


def test_rebound():
    assert type(KMeans()).__module__.startswith("sklnn.")


def test_passes():
    assert KMeans(n_clusters=2, random_state=0).fit(X).inertia_ > 0


def test_unknown_parameter():
    KMeans(no_such_parameter=1)


def test_wrong_result():
    assert accuracy_score([0, 1], [0, 1]) == 0.5


def test_error_worded_differently():
    with pytest.raises(ValueError, match="words scikit-learn uses"):
        KMeans(n_clusters=0).fit(X)


def test_refused():
    KMeans()
    raise NotSupportedError("a value sklnn refuses by design")


def test_refusal_caught_by_the_test():
    try:
        KMeans()
        raise NotSupportedError("a refusal that a search records as a failed fit")
    except ValueError:
        pass
    assert False, "the search found no valid fit"


def test_touches_no_sklnn_name():
    assert np.ones(1).sum() == 1


@pytest.mark.parametrize("estimator", [KMeans(n_clusters=2)])
def test_sklnn_instance_as_parameter(estimator):
    assert estimator.n_clusters == 2
'''


def test_runner_rebinds_names_and_sorts_outcomes(tmp_path):
    test_file = tmp_path / "test_like_sklearn.py"
    test_file.write_text(textwrap.dedent(SCIKIT_LEARN_STYLE_TESTS))
    bindings = {
        "sklearn.cluster.KMeans": "sklnn.cluster.KMeans",
        "sklearn.metrics.accuracy_score": "sklnn.metrics.accuracy_score",
    }

    results = run_sklearn_tests.run_file(test_file, bindings, rootdir=tmp_path)
    categories = {
        test_id.split("::")[-1]: run_sklearn_tests.category([result])
        for test_id, result in results.items()
    }

    assert categories == {
        "test_rebound": "passed",
        "test_passes": "passed",
        "test_unknown_parameter": "missing",
        "test_wrong_result": "wrong",
        "test_error_worded_differently": "missing",
        "test_refused": "refused",
        "test_refusal_caught_by_the_test": "refused",
        "test_touches_no_sklnn_name": None,
        "test_sklnn_instance_as_parameter[estimator0]": "passed",
    }


def test_a_test_passes_if_it_passes_with_either_stand_in():
    passed = {"outcome": "passed", "exercised": True}
    wrong = {"outcome": "failed", "exercised": True, "failure": "wrong"}
    binary_only = {"outcome": "failed", "exercised": True, "failure": "stand-in"}
    category = run_sklearn_tests.category
    assert category([wrong, passed]) == "passed"
    assert category([binary_only, wrong]) == "wrong"
    assert category([binary_only]) is None


def test_table_counts_each_category_and_the_share_of_tests_not_refused():
    table = {"KMeans": {"passed": ["a", "b", "c"], "refused": ["d"], "missing": [], "wrong": []}}
    rows = run_sklearn_tests.format_table(table).splitlines()
    assert rows[2] == "| KMeans | 4 | 3 | 1 | 0 | 0 | 75.0 | 100.0 |"
    assert rows[3] == "| **all** | 4 | 3 | 1 | 0 | 0 | 75.0 | 100.0 |"

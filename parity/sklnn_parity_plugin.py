"""pytest plugin: run scikit-learn's own tests with its names rebound to sklnn's.

Loaded by ``parity/run_sklearn_tests.py`` (``-p sklnn_parity_plugin``) into a pytest run over
test files of the installed scikit-learn. Before any test module is imported it replaces the
public names of ``SKLNN_PARITY_BINDINGS`` (a JSON object ``{"sklearn.cluster.KMeans":
"sklnn.cluster.KMeans", ...}``) on scikit-learn's packages, so ``from sklearn.cluster import
KMeans`` in a test module gives sklnn's class; no assertion of the tests is changed.

Each test's report then carries two user properties:

- ``exercised``: whether the test touched a rebound sklnn name (built an instance of a
  rebound class, called a rebound function, or received one as a parameter). Tests that do
  not are about something sklnn has no counterpart of and are left out of the count;
- ``failure``: for a failed test, ``'refused'`` when sklnn refused, with
  :class:`sklnn.exceptions.NotSupportedError`, a value scikit-learn accepts (the README lists
  each), anywhere in the test (also inside ``pytest.raises``, ``pytest.warns`` or a
  ``GridSearchCV`` that records the error); else ``'wrong'`` when an assertion on a result
  failed; and ``'missing'`` when the test stopped on
  anything else sklnn lacks or does differently (an unknown parameter or attribute, an input
  type refused, an error raised that the test does not expect, an expected error or warning
  not raised or worded differently); ``'stand-in'`` when a binary-only stand-in
  (LogRegression for LogisticRegression) refused multiclass data: the run with the other
  stand-in (SoftmaxReg) decides.
"""

import functools
import importlib
import json
import os

import pytest

_state = {"exercised": False, "refused": False}
_SKLNN_MODULE_PREFIX = "sklnn."


def _load(dotted):
    module, _, name = dotted.rpartition(".")
    return importlib.import_module(module), name


def _tracked_function(function):
    @functools.wraps(function)
    def tracked(*args, **kwargs):
        _state["exercised"] = True
        return function(*args, **kwargs)

    return tracked


def _track_class(cls):
    """Record every instance of ``cls`` made (directly, by clone, or by unpickling)."""
    original_new = cls.__dict__.get("__new__")

    def tracked_new(klass, *args, **kwargs):
        _state["exercised"] = True
        if original_new is not None:
            return original_new(klass, *args, **kwargs)
        return object.__new__(klass)

    cls.__new__ = tracked_new


def _rebind(bindings):
    for sklearn_name, sklnn_name in bindings.items():
        sklnn_module, sklnn_attribute = _load(sklnn_name)
        replacement = getattr(sklnn_module, sklnn_attribute)
        if isinstance(replacement, type):
            _track_class(replacement)
        else:
            replacement = _tracked_function(replacement)
        sklearn_module, sklearn_attribute = _load(sklearn_name)
        setattr(sklearn_module, sklearn_attribute, replacement)


def _track_refusals():
    """Record every NotSupportedError raised, even one a test or a search catches."""
    from sklnn.exceptions import NotSupportedError

    original_init = NotSupportedError.__init__

    def tracked_init(self, *args, **kwargs):
        _state["refused"] = True
        original_init(self, *args, **kwargs)

    NotSupportedError.__init__ = tracked_init


def pytest_configure(config):
    _rebind(json.loads(os.environ["SKLNN_PARITY_BINDINGS"]))
    _track_refusals()


def _holds_sklnn_object(value):
    if isinstance(value, (list, tuple)):
        return any(_holds_sklnn_object(item) for item in value)
    if isinstance(value, functools.partial):
        return _holds_sklnn_object(value.func)
    module = getattr(value, "__module__", None) or getattr(type(value), "__module__", "")
    return module.startswith(_SKLNN_MODULE_PREFIX)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    callspec = getattr(item, "callspec", None)
    params = callspec.params.values() if callspec is not None else ()
    _state["exercised"] = any(_holds_sklnn_object(value) for value in params)
    _state["refused"] = False
    return (yield)


def _failure_kind(excinfo):
    """'refused' if sklnn refused a value by design during the test, 'wrong' for a failed
    assertion on a result, 'missing' for anything else."""
    if _state["refused"]:
        return "refused"
    if excinfo.errisinstance(ValueError) and str(excinfo.value).startswith(
        "Only binary classification is supported"
    ):
        return "stand-in"
    if not excinfo.errisinstance(AssertionError):
        return "missing"
    message = str(excinfo.value)
    if message.startswith(("Regex pattern did not match", "DID NOT")):
        return "missing"  # an error or a warning worded differently, or not raised
    return "wrong"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.when == "setup":
        report.user_properties.append(("exercised", _state["exercised"]))
    elif call.when == "call":
        report.user_properties.append(("exercised", _state["exercised"]))
        if report.failed and call.excinfo is not None:
            report.user_properties.append(("failure", _failure_kind(call.excinfo)))
    return report


_results = {}


def pytest_runtest_logreport(report):
    """Gather, per test, its outcome, whether it touched sklnn and how it failed."""
    properties = dict(report.user_properties)
    result = _results.setdefault(report.nodeid, {"outcome": "passed", "exercised": False})
    result["exercised"] |= bool(properties.get("exercised"))
    if hasattr(report, "wasxfail") or report.skipped:
        result["outcome"] = "skipped"
    elif report.failed:
        result["outcome"] = "failed"
        result["failure"] = properties.get("failure", "missing")


def pytest_sessionfinish(session):
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller writes
        return
    with open(os.environ["SKLNN_PARITY_RESULTS"], "w") as file:
        json.dump(_results, file, indent=0)

"""LogRegression and SoftmaxReg as scikit-learn's LogisticRegression: its parameters, with
their meaning, on both stand-ins: solvers, penalties, weights, warm start, input types."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from scipy.linalg import LinAlgWarning
from sklearn import config_context
from sklearn.datasets import load_breast_cancer, load_iris, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight

from sklnn.exceptions import NotSupportedError
from sklnn.linear_model import LogRegression, SoftmaxReg

SOLVERS = ["lbfgs", "newton-cg", "newton-cholesky", "gd", "fista"]
TIGHT = {"tol": 1e-9, "max_iter": 5000}
# Two fits whose objectives are the same function take the same iterates: they need not
# converge to agree.
SAME_ITERATES = {"max_iter": 100}


@pytest.fixture(scope="module")
def breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def _problem(request, binary):
    X, y = request.getfixturevalue("breast_cancer" if binary else "iris")
    return (LogRegression if binary else SoftmaxReg), X, y


@pytest.mark.parametrize("binary", [True, False], ids=["LogRegression", "SoftmaxReg"])
@pytest.mark.parametrize("solver", SOLVERS)
def test_every_solver_finds_sklearn_coefficients(request, binary, solver):
    Estimator, X, y = _problem(request, binary)
    reference = LogisticRegression(C=0.05, **TIGHT).fit(X, y)
    model = Estimator(C=0.05, solver=solver, tol=1e-7, max_iter=5000).fit(X, y)
    assert model.coef_.shape == reference.coef_.shape
    assert_allclose(model.coef_, reference.coef_, atol=2e-5)
    assert_allclose(model.intercept_, reference.intercept_, atol=2e-5)
    assert model.n_iter_.shape == (1,) and model.n_iter_.dtype == np.int32


@pytest.mark.parametrize("binary", [True, False], ids=["LogRegression", "SoftmaxReg"])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_fista_finds_sagas_l1_and_elastic_net_solution(request, binary, l1_ratio):
    Estimator, X, y = _problem(request, binary)
    params = {"C": 0.05 if binary else 0.5, "l1_ratio": l1_ratio, "max_iter": 10_000}
    reference = LogisticRegression(solver="saga", tol=1e-8, random_state=0, **params)
    model = Estimator(solver="fista", tol=1e-9, **params).fit(X, y)
    reference.fit(X, y)
    assert_allclose(model.coef_, reference.coef_, atol=1e-5)
    assert_allclose(model.intercept_, reference.intercept_, atol=1e-5)
    assert_array_equal(model.coef_ == 0, np.abs(reference.coef_) < 1e-8)  # the same zeros
    assert 0 < np.sum(model.coef_ == 0) < model.coef_.size


def test_l1_penalty_zeroes_more_weights_as_C_shrinks(breast_cancer):
    X, y = breast_cancer
    lasso = LogRegression(solver="fista", l1_ratio=1.0, max_iter=2000)
    zeros = [np.sum(lasso.set_params(C=C).fit(X, y).coef_ == 0) for C in (1.0, 0.1, 0.01)]
    assert zeros[0] < zeros[1] < zeros[2] <= 30


@pytest.mark.parametrize(
    ("penalty", "equivalent"),
    [("l2", {}), ("l1", {"l1_ratio": 1.0}), ("elasticnet", {"l1_ratio": 0.3}),
     (None, {"C": np.inf})],
)
def test_deprecated_penalty_warns_and_means_what_it_meant(breast_cancer, penalty, equivalent):
    X, y = breast_cancer
    l1_ratio = 0.3 if penalty == "elasticnet" else {"l1": 1.0}.get(penalty, 0.0)
    params = {"solver": "fista", "C": 0.1, "max_iter": 50}
    with warnings.catch_warnings():  # the same iterates: they need not converge
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", "Setting penalty=None will ignore the C")
        with pytest.warns(FutureWarning, match="'penalty' was deprecated in version 1.8"):
            old = LogRegression(penalty, l1_ratio=l1_ratio, **params).fit(X, y)
        new = LogRegression(**{**params, **equivalent}).fit(X, y)
    assert_allclose(old.coef_, new.coef_, rtol=1e-12)


def test_penalty_l1_ratio_warnings_and_errors(breast_cancer):
    X, y = breast_cancer
    deprecated = pytest.warns(FutureWarning, match="'penalty' was deprecated")
    inconsistent = pytest.warns(UserWarning, match="Inconsistent values: penalty=l1 with l1_")
    with inconsistent, deprecated:
        LogRegression(penalty="l1", solver="fista", max_iter=1000).fit(X, y)
    unused = pytest.warns(UserWarning, match="l1_ratio parameter is only used when penalty")
    with unused, pytest.warns(UserWarning, match="Inconsistent values"), deprecated:
        LogRegression(penalty="l2", l1_ratio=0.5).fit(X, y)
    with pytest.raises(ValueError, match="l1_ratio must be specified"), deprecated:
        LogRegression(penalty="elasticnet", solver="fista", l1_ratio=None).fit(X, y)
    with pytest.raises(ValueError, match="Only 'saga' solver supports elasticnet.*'fista'"):
        LogRegression(solver="liblinear", l1_ratio=0.5).fit(X, y)
    with pytest.warns(FutureWarning, match="'n_jobs' has no effect"):
        LogRegression(n_jobs=2).fit(X, y)


@pytest.mark.parametrize("solver", ["liblinear", "sag", "saga"])
def test_scikit_learns_per_sample_solvers_are_refused(breast_cancer, solver):
    X, y = breast_cancer
    with pytest.raises(NotSupportedError, match=f"solver='{solver}'.*use '"):
        LogRegression(solver=solver).fit(X, y)


def test_liblinear_errors_come_first_as_in_sklearn(iris):
    X, y = iris
    with pytest.raises(ValueError, match="'liblinear' solver does not support multiclass"):
        SoftmaxReg(solver="liblinear").fit(X, y)
    with pytest.raises(ValueError, match="penalty=None is not supported for the liblinear"):
        SoftmaxReg(solver="liblinear", C=np.inf).fit(X, y)
    with pytest.raises(ValueError, match="supports only dual=False"):
        SoftmaxReg(dual=True).fit(X, y)


@pytest.mark.parametrize("binary", [True, False], ids=["LogRegression", "SoftmaxReg"])
@pytest.mark.parametrize("solver", SOLVERS)
def test_integer_sample_weight_is_the_duplicated_rows(request, binary, solver):
    Estimator, X, y = _problem(request, binary)
    X, y = X[::4], y[::4]
    weights = np.random.default_rng(0).integers(0, 4, size=len(y))
    params = {"solver": solver, "l1_ratio": 0.5 if solver == "fista" else 0.0, **SAME_ITERATES}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = Estimator(**params).fit(X, y, sample_weight=weights)
        duplicated = Estimator(**params).fit(X.repeat(weights, axis=0), y.repeat(weights))
    assert_allclose(weighted.coef_, duplicated.coef_, rtol=1e-6, atol=1e-8)
    assert_allclose(weighted.intercept_, duplicated.intercept_, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("binary", [True, False], ids=["LogRegression", "SoftmaxReg"])
def test_class_weight_multiplies_sample_weight(request, binary):
    Estimator, X, y = _problem(request, binary)
    classes = np.unique(y)
    class_weight = dict(zip(classes, [3.0, 0.5, 2.0][: len(classes)]))
    sample_weight = np.random.default_rng(0).uniform(0.5, 2.0, size=len(y))
    by_class = Estimator(class_weight=class_weight, **TIGHT).fit(X, y, sample_weight)
    combined = sample_weight * np.array([class_weight[label] for label in y])
    by_sample = Estimator(**TIGHT).fit(X, y, sample_weight=combined)
    assert_allclose(by_class.coef_, by_sample.coef_, rtol=1e-7)
    balanced = Estimator(class_weight="balanced", **TIGHT).fit(X, y)
    weights = compute_class_weight("balanced", classes=classes, y=y)
    explicit = Estimator(class_weight=dict(zip(classes, weights)), **TIGHT).fit(X, y)
    assert_allclose(balanced.coef_, explicit.coef_, rtol=1e-10)
    reference = LogisticRegression(class_weight="balanced", **TIGHT).fit(X, y)
    assert_allclose(balanced.coef_, reference.coef_, atol=1e-5)


def test_balanced_class_weight_needs_weight_in_every_class(breast_cancer):
    X, y = breast_cancer
    with pytest.raises(ValueError, match="class_weight='balanced' needs a positive total"):
        LogRegression(class_weight="balanced").fit(X, y, sample_weight=y.astype(float))


@pytest.mark.parametrize("solver", SOLVERS)
def test_warm_start_continues_from_the_previous_fit(iris, solver):
    X, y = iris
    model = SoftmaxReg(solver=solver, warm_start=True, **TIGHT).fit(X, y)
    first = model.coef_.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.set_params(max_iter=1).fit(X, y)
        cold = SoftmaxReg(solver=solver, max_iter=1).fit(X, y)
    assert_allclose(model.coef_, first, atol=1e-6)
    assert np.abs(cold.coef_ - first).max() > 0.1


@pytest.mark.parametrize("solver", ["newton-cg", "newton-cholesky"])
def test_two_newton_steps_are_one_plus_one_warm_started(iris, solver):
    X, y = iris
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        two = SoftmaxReg(solver=solver, max_iter=2).fit(X, y)
        stepwise = SoftmaxReg(solver=solver, max_iter=1, warm_start=True).fit(X, y).fit(X, y)
    assert_allclose(stepwise.coef_, two.coef_, rtol=1e-10)


def test_newton_cholesky_falls_back_to_lbfgs_on_a_singular_hessian():
    X, y = make_classification(n_samples=10, n_features=20, random_state=42)
    lbfgs = LogRegression(C=1e30).fit(X, y)
    with pytest.warns(LinAlgWarning, match="resorts to lbfgs"):
        newton = LogRegression(solver="newton-cholesky", C=1e30).fit(X, y)
    assert_array_equal(newton.n_iter_, lbfgs.n_iter_)
    assert_allclose(newton.coef_, lbfgs.coef_)


@pytest.mark.parametrize("binary", [True, False], ids=["LogRegression", "SoftmaxReg"])
@pytest.mark.parametrize("solver", SOLVERS)
def test_sparse_and_dense_input_give_the_same_model(request, binary, solver):
    Estimator, X, y = _problem(request, binary)
    X = np.where(np.abs(X) > 0.8, X, 0.0)
    params = {"solver": solver, "l1_ratio": 1.0 if solver == "fista" else 0.0, **SAME_ITERATES}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        dense = Estimator(**params).fit(X, y)
        sparse = Estimator(**params).fit(sp.csr_array(X), y)
    assert_allclose(sparse.coef_, dense.coef_, rtol=1e-8, atol=1e-10)
    assert_allclose(sparse.predict_proba(sp.csr_matrix(X)), dense.predict_proba(X), rtol=1e-8)


@pytest.mark.parametrize("binary", [True, False], ids=["LogRegression", "SoftmaxReg"])
@pytest.mark.parametrize("solver", SOLVERS)
def test_float32_in_float32_coef_out(request, binary, solver):
    Estimator, X, y = _problem(request, binary)
    X32 = X.astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = Estimator(solver=solver, max_iter=200).fit(X32, y)
        reference = Estimator(solver=solver, max_iter=200).fit(X32.astype(np.float64), y)
    assert model.coef_.dtype == model.intercept_.dtype == np.float32
    assert model.predict_proba(X32).dtype == np.float32
    assert_allclose(model.coef_, reference.coef_, rtol=1e-3, atol=1e-3)


@pytest.mark.parametrize("binary", [True, False], ids=["LogRegression", "SoftmaxReg"])
def test_multinomial_parameters_are_centered_like_sklearns(request, binary):
    Estimator, X, y = _problem(request, binary)
    model = Estimator(C=np.inf, solver="newton-cholesky", max_iter=100).fit(X[:, :2], y)
    if not binary:
        assert_allclose(model.coef_.sum(axis=0), 0, atol=1e-10)
        assert_allclose(model.intercept_.sum(), 0, atol=1e-10)


def test_sparsify_and_densify(breast_cancer):
    X, y = breast_cancer
    model = LogRegression(solver="fista", l1_ratio=1.0, C=0.05, max_iter=1000).fit(X, y)
    expected = model.decision_function(X)
    model.sparsify()
    assert sp.issparse(model.coef_)
    assert_allclose(model.decision_function(sp.csr_array(X)), expected)
    assert_allclose(model.densify().decision_function(X), expected)


def test_verbose_prints_the_progress(breast_cancer, capsys):
    X, y = breast_cancer
    LogRegression(solver="newton-cg", verbose=1).fit(X, y)
    assert "Newton-CG iteration 1: objective" in capsys.readouterr().out


@pytest.mark.parametrize("binary", [True, False], ids=["LogRegression", "SoftmaxReg"])
def test_array_api_inputs_give_the_numpy_model_in_their_namespace(request, binary):
    torch = pytest.importorskip("torch")
    Estimator, X, y = _problem(request, binary)
    reference = Estimator(solver="newton-cholesky").fit(X, y)
    with config_context(array_api_dispatch=True):
        model = Estimator(solver="newton-cholesky").fit(torch.asarray(X), torch.asarray(y))
        proba = model.predict_proba(torch.asarray(X))
        labels = model.predict(torch.asarray(X))
    assert isinstance(model.coef_, torch.Tensor) and isinstance(proba, torch.Tensor)
    assert_allclose(model.coef_.numpy(), reference.coef_, rtol=1e-10)
    assert_allclose(proba.numpy(), reference.predict_proba(X), rtol=1e-10)
    assert_array_equal(labels.numpy(), reference.predict(X))


@pytest.mark.parametrize("solver", SOLVERS)
def test_callbacks_see_every_iteration_of_every_solver(iris, solver):
    from sklearn.callback.tests._utils import RecordingCallback

    X, y = iris
    callback = RecordingCallback()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = SoftmaxReg(solver=solver, max_iter=3).set_callbacks(callback).fit(X, y)
        after_two = SoftmaxReg(solver=solver, max_iter=2).fit(X, y)
    ends = [
        record for record in callback.record
        if record["name"] == "on_fit_task_end" and "iter" in record["context"].task_name
    ]
    assert len(ends) == model.n_iter_[0] + 1  # the last one is empty
    second = ends[1]["kwargs"]["fitted_estimator"]
    assert_allclose(second.predict_proba(X), after_two.predict_proba(X), rtol=1e-6)

"""Classification metrics: equal to sklearn.metrics on random labels of every type, errors."""

import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn.metrics

from sklnn.metrics import accuracy_score, confusion_matrix, log_loss

LABEL_SETS = {
    "int": np.array([0, 1, 2, 3]),
    "shifted-int": np.array([-3, 5, 40]),
    "str": np.array(["ant", "bird", "cat", "dog", "eel"]),
    "bool": np.array([False, True]),
}
ABSENT_LABEL = {"int": 7, "shifted-int": 0, "str": "fox"}  # never drawn


def random_labels(seed, labels):
    rng = np.random.default_rng(seed)
    n_samples = int(rng.integers(5, 80))
    y_true = rng.choice(labels, n_samples)
    # Predictions right about half the time, so every cell of the matrix gets used.
    y_pred = np.where(rng.random(n_samples) < 0.5, y_true, rng.choice(labels, n_samples))
    weights = {
        "unweighted": None,
        "float": rng.uniform(0, 2, n_samples),
        "int": rng.integers(0, 4, n_samples),
    }
    return rng, y_true, y_pred, weights


def sklearn_quiet(function, *args, **kwargs):
    """Call a sklearn.metrics function with its warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


@pytest.mark.parametrize("label_set", LABEL_SETS)
@pytest.mark.parametrize("seed", range(3))
def test_accuracy_equal_to_sklearn(label_set, seed):
    _, y_true, y_pred, weights = random_labels(seed, LABEL_SETS[label_set])
    for sample_weight in weights.values():
        for normalize in (True, False):
            ours = accuracy_score(y_true, y_pred, normalize=normalize, sample_weight=sample_weight)
            theirs = sklearn.metrics.accuracy_score(
                y_true, y_pred, normalize=normalize, sample_weight=sample_weight
            )
            assert isinstance(ours, float)
            assert ours == pytest.approx(theirs, rel=1e-12, abs=0)


def test_accuracy_multilabel_is_subset_accuracy():
    y_true = np.array([[0, 1, 1], [1, 0, 0], [1, 1, 0], [0, 0, 1]])
    y_pred = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0], [0, 1, 1]])
    assert accuracy_score(y_true, y_pred) == 0.5
    assert accuracy_score(y_true, y_pred, sample_weight=[1, 1, 2, 0]) == 0.75
    assert accuracy_score(y_true, y_pred) == sklearn.metrics.accuracy_score(y_true, y_pred)


@pytest.mark.parametrize("label_set", LABEL_SETS)
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("normalize", [None, "true", "pred", "all"])
def test_confusion_matrix_equal_to_sklearn(label_set, seed, normalize):
    rng, y_true, y_pred, weights = random_labels(seed, LABEL_SETS[label_set])
    labels = LABEL_SETS[label_set]
    label_choices = {
        "default": None,
        "all, reversed": labels[::-1],
        "subset": rng.permutation(labels)[:2],
    }
    if label_set in ABSENT_LABEL:
        label_choices["with an absent label"] = np.append(labels[:2], ABSENT_LABEL[label_set])
    for sample_weight in weights.values():
        for chosen in label_choices.values():
            ours = confusion_matrix(
                y_true, y_pred, labels=chosen, sample_weight=sample_weight, normalize=normalize
            )
            theirs = sklearn_quiet(
                sklearn.metrics.confusion_matrix,
                y_true,
                y_pred,
                labels=chosen,
                sample_weight=sample_weight,
                normalize=normalize,
            )
            assert ours.dtype == theirs.dtype
            np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)


def test_confusion_matrix_sums_integer_weights_exactly_in_int64():
    # Beyond 2**53 a float64 sum loses units; int64 keeps them, as scikit-learn's does.
    weights = np.array([2**62, 2**62 - 1, 1, 3], dtype=np.int64)
    counts = confusion_matrix([0, 0, 1, 1], [0, 0, 1, 1], sample_weight=weights)
    assert counts.dtype == np.int64
    assert counts.tolist() == [[2**63 - 1, 0], [0, 4]]


def test_confusion_matrix_returns_the_inputs_namespace_under_array_api_dispatch():
    torch = pytest.importorskip("torch")
    y_true, y_pred = torch.tensor([1, 2, 3, 1]), torch.tensor([1, 5, 3, 2])
    with sklearn.config_context(array_api_dispatch=True):
        counts = confusion_matrix(y_true, y_pred, labels=torch.tensor([1, 2, 3]))
    assert isinstance(counts, torch.Tensor)
    assert counts.tolist() == [[1, 1, 0], [0, 0, 0], [0, 0, 1]]


def test_confusion_matrix_rows_are_true_classes():
    y_true = ["cat", "ant", "cat", "cat", "ant", "bird"]
    y_pred = ["ant", "ant", "cat", "cat", "ant", "cat"]
    expected = [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred), expected)
    reordered = confusion_matrix(y_true, y_pred, labels=["cat", "bird", "ant"])
    np.testing.assert_array_equal(reordered, [[2, 0, 1], [1, 0, 0], [0, 0, 2]])


def test_confusion_matrix_empty_rows_normalize_to_zero():
    matrix = confusion_matrix([0, 0, 1], [0, 2, 1], normalize="true")
    np.testing.assert_allclose(matrix, [[0.5, 0, 0.5], [0, 1, 0], [0, 0, 0]])


def test_confusion_matrix_single_label_warns_like_sklearn():
    with pytest.warns(UserWarning, match="A single label was found"):
        np.testing.assert_array_equal(confusion_matrix([1, 1], [1, 1]), [[2]])


def test_confusion_matrix_empty_input_with_labels():
    np.testing.assert_array_equal(confusion_matrix([], [], labels=[0, 1]), np.zeros((2, 2)))


def random_probabilities(rng, n_samples, n_classes):
    return rng.dirichlet(np.ones(n_classes), size=n_samples)


@pytest.mark.parametrize("label_set", LABEL_SETS)
@pytest.mark.parametrize("seed", range(3))
def test_log_loss_equal_to_sklearn(label_set, seed):
    labels = LABEL_SETS[label_set]
    rng, y_true, _, weights = random_labels(seed, labels)
    y_true[: len(labels)] = labels  # every class present
    proba = random_probabilities(rng, len(y_true), len(labels))
    for sample_weight in weights.values():
        for normalize in (True, False):
            for given_labels in (None, labels):
                kwargs = {
                    "normalize": normalize,
                    "sample_weight": sample_weight,
                    "labels": given_labels,
                }
                ours = log_loss(y_true, proba, **kwargs)
                theirs = sklearn.metrics.log_loss(y_true, proba, **kwargs)
                assert ours == pytest.approx(theirs, rel=1e-12, abs=0)


def test_log_loss_classes_missing_from_y_true_through_labels():
    rng = np.random.default_rng(0)
    y_true = rng.choice(["a", "c"], 30)
    proba = random_probabilities(rng, 30, 3)
    ours = log_loss(y_true, proba, labels=["a", "b", "c"])
    assert ours == pytest.approx(
        sklearn.metrics.log_loss(y_true, proba, labels=["a", "b", "c"]), rel=1e-12
    )


@pytest.mark.parametrize("seed", range(3))
def test_log_loss_binary_probability_shapes(seed):
    rng = np.random.default_rng(seed)
    y_true = rng.choice(["no", "yes"], 40)
    positive = rng.uniform(0, 1, 40)
    expected = sklearn.metrics.log_loss(y_true, positive)
    for proba in (positive, positive[:, np.newaxis], np.c_[1 - positive, positive]):
        assert log_loss(y_true, proba) == pytest.approx(expected, rel=1e-12)


def test_log_loss_is_the_textbook_cross_entropy():
    """Course textbook, §3.3.1, Eq. 3.27: CE(y, ŷ) = Σₖ yₖ log(1/ŷₖ) = −log ŷ of the true class."""
    proba = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]])
    y_true = [0, 2, 1]
    one_hot = np.eye(3)[y_true]
    expected = np.mean(np.sum(one_hot * np.log(1 / proba), axis=1))
    assert log_loss(y_true, proba) == pytest.approx(expected, rel=1e-15)
    assert log_loss(y_true, proba, normalize=False) == pytest.approx(3 * expected, rel=1e-15)


def test_log_loss_clips_certain_mistakes():
    loss = log_loss([0, 1], [[1.0, 0.0], [1.0, 0.0]])
    assert np.isfinite(loss)
    assert loss == pytest.approx(sklearn.metrics.log_loss([0, 1], [[1.0, 0.0], [1.0, 0.0]]))


def test_log_loss_deprecated_y_pred_keyword():
    with pytest.warns(FutureWarning, match="renamed to `y_proba`"):
        loss = log_loss([0, 1], y_pred=[0.2, 0.9])
    assert loss == pytest.approx(log_loss([0, 1], [0.2, 0.9]))
    with pytest.raises(ValueError, match="Cannot use both `y_pred` and `y_proba`"):
        log_loss([0, 1], [0.2, 0.9], y_pred=[0.2, 0.9])


def test_log_loss_warnings():
    with pytest.warns(UserWarning, match="do not sum to one"):
        log_loss([0, 1], [[0.5, 0.6], [0.1, 0.9]])
    with pytest.warns(UserWarning, match="ordered lexicographically"):
        log_loss([0, 1], [[0.4, 0.6], [0.1, 0.9]], labels=[1, 0])


def test_pandas_and_categorical_labels():
    y_true = pd.Series(["b", "a", "b", "c"], dtype="category")
    y_pred = pd.Series(["b", "a", "a", "c"], dtype="category")
    assert accuracy_score(y_true, y_pred) == 0.75
    np.testing.assert_array_equal(
        confusion_matrix(y_true, y_pred), sklearn.metrics.confusion_matrix(y_true, y_pred)
    )


@pytest.mark.parametrize("metric", [accuracy_score, confusion_matrix])
@pytest.mark.parametrize(
    ("y_true", "y_pred", "message"),
    [
        ([0, 1, 1], [0, 1], "y_true has 3, y_pred has 2"),
        ([], [], "y_true is empty"),
        ([0.0, np.nan], [0, 1], "y_true contains NaN or infinity"),
        ([0, 1], [0.0, np.inf], "y_pred contains NaN or infinity"),
        ([0, 1, 1], [0.2, 0.7, 0.9], "y_pred contains continuous values"),
        ([0.5, 1.5], [0, 1], "y_true contains continuous values"),
        (["a", "b"], [0, 1], r"Mix of label input types \(string and number\)"),
        ([[0, 1], [1, 2]], [[0, 1], [1, 2]], "'multiclass-multioutput'"),
    ],
)
def test_classification_input_errors(metric, y_true, y_pred, message):
    with pytest.raises(ValueError, match=message):
        metric(y_true, y_pred)


def test_sample_weight_errors():
    with pytest.raises(ValueError, match="sample_weight has 3"):
        accuracy_score([0, 1], [0, 1], sample_weight=[1, 2, 3])
    with pytest.raises(ValueError, match="Input sample_weight contains NaN"):
        confusion_matrix([0, 1], [0, 1], sample_weight=[1, np.nan])


def test_confusion_matrix_errors():
    with pytest.raises(ValueError, match="mix of multilabel-indicator"):
        accuracy_score([[0, 1], [1, 1]], [0, 1])
    with pytest.raises(ValueError, match="'multilabel-indicator', which this metric does not"):
        confusion_matrix([[0, 1], [1, 1]], [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="The 'normalize' parameter of .* Got 'rows' instead"):
        confusion_matrix([0, 1], [0, 1], normalize="rows")
    with pytest.raises(ValueError, match="'labels' should contain at least one label"):
        confusion_matrix([0, 1], [0, 1], labels=[])
    with pytest.raises(ValueError, match="At least one label specified must be in y_true"):
        confusion_matrix([0, 1], [0, 1], labels=[5, 6])
    with pytest.raises(ValueError, match=r"Mix of label input types"):
        confusion_matrix([0, 1], [0, 1], labels=["a", "b"])


@pytest.mark.parametrize(
    ("y_true", "y_proba", "kwargs", "message"),
    [
        ([0, 1], [0.2, 1.5], {}, "y_proba contains values greater than 1"),
        ([0, 1], [-0.2, 0.5], {}, "y_proba contains values lower than 0"),
        ([0, 1], [0.2, np.nan], {}, "Input y_proba contains NaN"),
        ([0, 1, 1], [0.2, 0.3], {}, r"\[2, 3\] \(y_proba has 2, y_true has 3\)"),
        ([], [], {}, "0 sample"),
        ([1, 1], [0.2, 0.3], {}, r"y_true contains only one label \(1\)"),
        ([1, 1], [0.2, 0.3], {"labels": [1]}, "needs to contain at least two labels"),
        ([0, 1, 2], [[0.5, 0.5]] * 3, {}, "y_proba has 2 columns but there are 3 classes"),
        ([0, 1, 2], [[0.5, 0.5]] * 3, {"labels": [0, 1]}, r"y_true contains values \{2\}"),
        ([0.1, 0.5], [0.2, 0.3], {}, "y_true must hold class labels.*'continuous'"),
        ([0, 1], [0.2, 0.3], {"sample_weight": [1, 2, 3]}, "sample_weight has 3"),
    ],
)
def test_log_loss_errors(y_true, y_proba, kwargs, message):
    with pytest.raises(ValueError, match=message):
        log_loss(y_true, y_proba, **kwargs)

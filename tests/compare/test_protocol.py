"""The comparison protocol: each sklnn model and its counterpart get the same options."""

import pytest

from sklnn.compare._data import load_comparison_data
from sklnn.compare._models import (
    COUNTERPARTS,
    MODELS,
    PROTOCOL,
    describe_settings,
    final_estimator,
    make_settings,
    training_protocol,
)

# Parameters of the same name but another meaning: sklnn's perceptron stops when its gradient
# is below tol, scikit-learn's when its loss improves by less than tol (each keeps its default).
_OTHER_MEANING = {("perceptron", "sk-perceptron"): {"tol"}}


@pytest.fixture(scope="module")
def settings():
    return make_settings(load_comparison_data("iris", quick=True), seed=2, quick=False)


def test_every_sklnn_model_but_the_cnn_has_a_scikit_learn_counterpart():
    paired = {key for pair in COUNTERPARTS for key in pair}
    unpaired = {key for key in MODELS if key not in paired}
    assert unpaired == {"cnn"}
    assert all(
        (MODELS[a].library, MODELS[b].library) == ("sklnn", "sklearn") for a, b in COUNTERPARTS
    )


@pytest.mark.parametrize("pair", COUNTERPARTS, ids="/".join)
def test_both_members_of_a_pair_are_built_with_the_same_options(pair, settings):
    ours, theirs = training_protocol(settings)[pair]
    assert ours == theirs
    params = [final_estimator(MODELS[key].build(settings)).get_params() for key in pair]
    for name, value in ours.items():
        assert params[0][name] == params[1][name] == value, (pair, name)
    # Nor does any other parameter the two share differ (validation_fraction, say).
    shared = params[0].keys() & params[1].keys() - _OTHER_MEANING.get(pair, set())
    assert {name for name in shared if params[0][name] != params[1][name]} == set()


@pytest.mark.parametrize("pair", [("mlp", "sk-mlp"), ("mlp-reg", "sk-mlp-reg")], ids="/".join)
def test_the_mlps_stop_on_the_training_loss_within_the_budget(pair, settings):
    options, _ = training_protocol(settings)[pair]
    assert options["early_stopping"] is False
    assert options["max_iter"] == 100
    assert options["n_iter_no_change"] == 10


def test_the_report_states_the_protocol_and_tells_the_perceptrons_apart(settings):
    binary = make_settings(load_comparison_data("moons", quick=True), quick=True)
    sentence = describe_settings(binary, "classification")
    assert sentence.startswith(PROTOCOL)
    assert "no early stopping" in sentence
    assert "sigmoid neuron" in sentence and "perceptron rule" in sentence
    assert "same stopping rule" in PROTOCOL
    names = {MODELS[key].display_name for key in ("perceptron", "sk-perceptron")}
    assert names == {"Perceptron (sklnn, sigmoid neuron)", "Perceptron (sklearn, perceptron rule)"}

"""The corrected resampled t-test, and the "best" or "tied" summary it decides."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sklnn.compare import run_comparison
from sklnn.compare._significance import compare_to_top, corrected_resampled_ttest
from sklnn.compare._table import best_model_line, format_table

# Per-fold differences 0.02, 0.04, 0.01, 0.03, 0.05: mean 0.03, sample variance 2.5e-4.
BETTER = [0.92, 0.94, 0.91, 0.93, 0.95]
BASELINE = [0.90] * 5


def test_ttest_matches_a_hand_computed_example():
    # 5 folds, n_test/n_train = 1/4: corrected variance (1/5 + 1/4) * 2.5e-4 = 1.125e-4,
    # t = 0.03 / sqrt(1.125e-4) = 2 sqrt(2). Student's t with 4 degrees of freedom has the
    # closed-form two-sided tail 1 - (3/2) x (1 - t^2 / (12 (1 + t^2/4))), x = t/2/sqrt(1 + t^2/4),
    # here 1 - (7/6) sqrt(2/3).
    difference, t, p_value = corrected_resampled_ttest(BETTER, BASELINE, test_train_ratio=1 / 4)
    assert difference == pytest.approx(0.03)
    assert t == pytest.approx(2 * np.sqrt(2))
    assert p_value == pytest.approx(1 - 7 / 6 * np.sqrt(2 / 3))
    assert p_value == pytest.approx(0.047421, abs=1e-6)
    assert p_value == pytest.approx(2 * stats.t.sf(2 * np.sqrt(2), df=4))


def test_ttest_is_more_cautious_than_the_plain_paired_ttest():
    # without the correction (ratio 0) it is scipy's paired t-test, p about 0.013
    plain = stats.ttest_rel(BETTER, BASELINE)
    _, t, p_value = corrected_resampled_ttest(BETTER, BASELINE, test_train_ratio=0)
    assert (t, p_value) == pytest.approx((plain.statistic, plain.pvalue))
    _, corrected_t, corrected_p = corrected_resampled_ttest(
        BETTER, BASELINE, test_train_ratio=1 / 4
    )
    assert corrected_t < t and corrected_p > 0.04 > p_value


def test_ttest_is_two_sided_and_antisymmetric():
    forward = corrected_resampled_ttest(BETTER, BASELINE, test_train_ratio=1 / 4)
    backward = corrected_resampled_ttest(BASELINE, BETTER, test_train_ratio=1 / 4)
    assert backward == pytest.approx((-forward[0], -forward[1], forward[2]))


def test_ttest_of_identical_scores_finds_no_difference():
    assert corrected_resampled_ttest(BETTER, BETTER, test_train_ratio=1 / 4) == (0, 0, 1)


def test_ttest_takes_rounding_differences_for_equal_scores():
    # two implementations of one linear regression: R² equal to about 1e-16
    scores = np.array([0.43, 0.52, 0.38, 0.61, 0.50])
    rounded = scores + np.array([1, -2, 0, 1, -1]) * np.finfo(float).eps
    assert corrected_resampled_ttest(rounded, scores, test_train_ratio=1 / 4) == (0, 0, 1)


@pytest.mark.parametrize("shift, expected_t", [(0.01, np.inf), (-0.01, -np.inf)])
def test_ttest_of_a_constant_nonzero_difference_is_significant(shift, expected_t):
    scores = np.array([0.5, 0.75, 1.0])
    difference, t, p_value = corrected_resampled_ttest(
        scores + shift, scores, test_train_ratio=1 / 2
    )
    assert difference == pytest.approx(shift)
    assert (t, p_value) == (expected_t, 0)


@pytest.mark.parametrize(
    "scores_a, scores_b",
    [([0.9], [0.8]), ([0.8, 0.9], [0.9, 0.9, 0.9]), ([[0.8, 0.9]], [[0.9, 0.9]])],
)
def test_ttest_refuses_unpaired_or_single_folds(scores_a, scores_b):
    with pytest.raises(ValueError, match="same folds, at least 2 folds"):
        corrected_resampled_ttest(scores_a, scores_b, test_train_ratio=1 / 4)


def test_compare_to_top_tests_the_highest_mean_against_each_model():
    top, p_values = compare_to_top([BASELINE, BETTER, BETTER], test_train_ratio=1 / 4)
    assert top == 1
    assert np.isnan(p_values[1])
    assert p_values[0] == pytest.approx(0.047421, abs=1e-6)
    assert p_values[2] == 1


def _results(fold_scores, mode="full", metric="accuracy"):
    """A results table like run_comparison's, from each model's fold scores."""
    rows = []
    for model, scores in fold_scores.items():
        row = {"model": model, "family": "classical", "metric": metric,
               "mean": np.mean(scores), "std": np.std(scores), "fit_time": 0.1,
               "predict_time": 0.01, "time_share": 1 / len(fold_scores),
               "n_folds": len(scores)}
        row.update({f"fold_{fold}": score for fold, score in enumerate(scores, start=1)})
        row.update(n_train=120, n_test=30, mode=mode)
        rows.append(row)
    return pd.DataFrame(rows)


def test_summary_names_a_clearly_better_model_best_with_its_p_value():
    results = _results({
        "Weak": [0.70, 0.72, 0.69, 0.71, 0.73],
        "Strong": [0.95, 0.96, 0.94, 0.97, 0.95],
        "Middle": [0.80, 0.82, 0.79, 0.81, 0.80],
    })
    line = best_model_line(results)
    assert line.startswith("Best accuracy: Strong, 0.954 ± 0.010, significantly higher")
    assert "(p < 0.05; largest p < 0.001, against " in line
    assert "Nadeau–Bengio" in line and "Tied" not in line


def test_summary_calls_noise_level_differences_tied():
    # MLPRegressor 0.489 against LinearRegression 0.48915: a difference far below the
    # spread over the folds must not make a "best"
    results = _results({
        "LinearRegression": [0.43, 0.52, 0.38, 0.61, 0.50],
        "MLPRegressor": [0.45, 0.49, 0.41, 0.60, 0.50],
        "Dummy": [-0.02, -0.01, -0.03, -0.00, -0.01],
    }, metric="R²")
    line = best_model_line(results)
    assert line.startswith("Tied for best R² (no difference from the top model significant")
    assert "MLPRegressor, 0.490 ± 0.064; LinearRegression, 0.488 ± 0.079, p = 0.907." in line
    assert "p = 0.907. Every other model scores significantly lower." in line
    assert "Dummy" not in line and "Best" not in line


def test_summary_calls_identical_scores_tied_with_p_1():
    scores = [0.9, 0.8, 1.0]
    line = best_model_line(_results({"A": scores, "B": scores}))
    assert line.startswith("Tied for best accuracy")
    assert "A, 0.900 ± 0.082; B, 0.900 ± 0.082, p = 1. Two-sided" in line


def test_summary_of_a_single_model_claims_no_best():
    line = best_model_line(_results({"A": [0.9, 0.8, 1.0]}))
    assert line == "Only model: A, 0.900 ± 0.082 accuracy over 3 folds."


def test_quick_results_are_marked_as_a_smoke_test():
    results = _results({"A": BETTER, "B": BASELINE}, mode="quick")
    text = format_table(results)
    assert "accuracy (mean ± std), smoke test" in text.splitlines()[0]
    assert text.splitlines()[-1].startswith("Smoke test (--quick), not a result")
    full = format_table(_results({"A": BETTER, "B": BASELINE}))
    assert "smoke test" not in full.lower()


def test_results_carry_the_fold_scores_and_sizes_the_test_needs():
    results = run_comparison("iris", models="softmax,sk-logistic", cv=3, progress=False)
    folds = results[["fold_1", "fold_2", "fold_3"]].to_numpy()
    assert np.allclose(folds.mean(axis=1), results["mean"])
    assert (results["n_train"] == 100).all() and (results["n_test"] == 50).all()
    assert (results["mode"] == "full").all()


def test_quick_clustering_results_say_so_and_score_the_fitted_samples():
    results = run_comparison(
        "blobs", task="clustering", models="kmeans", cv=2, quick=True, progress=False
    )
    assert results["mode"].tolist() == ["quick"]
    assert results["n_train"].iloc[0] == results["n_test"].iloc[0]

"""The results table as text: for the terminal, and the cells of the report's tables."""

import numpy as np

from ._scoring import METRIC_LABELS
from ._significance import ALPHA, compare_to_top

# What marks the table and the summary of a ``--quick`` run.
_SMOKE_TEST = "Smoke test (--quick), not a result: rerun without --quick to compare the models."


def _number(value):
    """Three decimals for small numbers, one for large ones."""
    return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"


def _mean_std(mean, std):
    return f"{_number(mean)} ± {_number(std)}"


def _p_value(p_value):
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3g}"


def _is_quick(results):
    """Whether ``results`` come from a ``--quick`` smoke test."""
    return bool((results["mode"] == "quick").any())


def _further_metrics(results):
    """The (column prefix, label) of each metric besides the main one."""
    return [
        (key, label) for key, label in METRIC_LABELS.items() if f"{key}_mean" in results.columns
    ]


def table_cells(results):
    """The header and the rows of the results table, as strings.

    Parameters
    ----------
    results : pandas.DataFrame
        The table :func:`~sklnn.compare.run_comparison` returns.

    Returns
    -------
    header : list of str
    rows : list of list of str
    """
    further = _further_metrics(results)
    score = f"{results['metric'].iloc[0]} (mean ± std)"
    if _is_quick(results):
        score += ", smoke test"
    header = ["model", "family", score]
    header += [label for _, label in further]
    header += ["fit time (s)", "predict time (s)", "share of time"]
    rows = []
    for _, result in results.iterrows():
        row = [result["model"], result["family"], _mean_std(result["mean"], result["std"])]
        row += [_mean_std(result[f"{key}_mean"], result[f"{key}_std"]) for key, _ in further]
        row += [_number(result["fit_time"]), _number(result["predict_time"])]
        row += [f"{result['time_share']:.0%}"]
        rows.append(row)
    return header, rows


def model_seconds(results):
    """The seconds each model spent fitting and predicting, over all its folds."""
    return (results["fit_time"] + results["predict_time"]) * results["n_folds"]


def cross_validation_seconds(results):
    """The seconds every model spent fitting and predicting, over all folds."""
    return float(model_seconds(results).sum())


def _model_score(result):
    return f"{result['model']}, {_mean_std(result['mean'], result['std'])}"


def _verdict(results):
    """Name the best model, or the models statistically tied with the top one."""
    metric = results["metric"].iloc[0]
    n_folds = results["n_folds"].iloc[0]
    if len(results) == 1:
        return f"Only model: {_model_score(results.iloc[0])} {metric} over {n_folds} folds."
    fold_scores = results[[f"fold_{fold}" for fold in range(1, n_folds + 1)]].to_numpy()
    ratio = results["n_test"].iloc[0] / results["n_train"].iloc[0]
    top, p_values = compare_to_top(fold_scores, test_train_ratio=ratio)
    test = (
        f"Two-sided Nadeau–Bengio corrected resampled t-test of the top model against each "
        f"other on the {n_folds} paired folds."
    )
    # by decreasing mean; a NaN p-value (a NaN score) is no evidence of a difference
    tied = [row for row in np.argsort(-results["mean"].to_numpy(), kind="stable")
            if row != top and not p_values[row] < ALPHA]
    if not tied:
        weakest = int(np.nanargmax(p_values))
        return (
            f"Best {metric}: {_model_score(results.iloc[top])}, significantly higher than "
            f"every other model (p < {ALPHA}; largest {_p_value(p_values[weakest])}, against "
            f"{results['model'].iloc[weakest]}). {test}"
        )
    others = "; ".join(
        f"{_model_score(results.iloc[row])}, {_p_value(p_values[row])}" for row in tied
    )
    lower = ""
    if len(tied) < len(results) - 1:
        lower = " Every other model scores significantly lower."
    return (
        f"Tied for best {metric} (no difference from the top model significant at "
        f"p < {ALPHA}): {_model_score(results.iloc[top])}; {others}.{lower} {test}"
    )


def best_model_line(results):
    """The summary under the table: the best model, or the models tied for best.

    "Best" means that the model with the highest mean score is significantly better than
    every other model (p < 0.05 in :func:`~sklnn.compare._significance.
    corrected_resampled_ttest` on the paired fold scores); otherwise the models whose
    difference from it is not significant are named, each with its p-value. A ``--quick``
    run's summary starts by saying it is a smoke test.

    Parameters
    ----------
    results : pandas.DataFrame
        The table :func:`~sklnn.compare.run_comparison` returns.

    Returns
    -------
    line : str
    """
    verdict = _verdict(results)
    return f"{_SMOKE_TEST} {verdict}" if _is_quick(results) else verdict


def format_table(results):
    """The results table as aligned plain text, with the best model below it.

    Parameters
    ----------
    results : pandas.DataFrame
        The table :func:`~sklnn.compare.run_comparison` returns.

    Returns
    -------
    text : str
    """
    header, rows = table_cells(results)
    widths = [max(len(line[column]) for line in [header, *rows]) for column in range(len(header))]

    def line(cells):
        # text columns (model, family) to the left, numbers to the right
        padded = [
            cell.ljust(width) if column < 2 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(cells, widths))
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *map(line, rows), "", best_model_line(results)])

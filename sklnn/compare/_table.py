"""The results table as text: for the terminal, and the cells of the report's tables."""

from ._scoring import METRIC_LABELS


def _number(value):
    """Three decimals for small numbers, one for large ones."""
    return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"


def _mean_std(mean, std):
    return f"{_number(mean)} ± {_number(std)}"


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
    header = ["model", "family", f"{results['metric'].iloc[0]} (mean ± std)"]
    header += [label for _, label in further]
    header += ["fit time (s)", "predict time (s)"]
    rows = []
    for _, result in results.iterrows():
        row = [result["model"], result["family"], _mean_std(result["mean"], result["std"])]
        row += [_mean_std(result[f"{key}_mean"], result[f"{key}_std"]) for key, _ in further]
        row += [_number(result["fit_time"]), _number(result["predict_time"])]
        rows.append(row)
    return header, rows


def best_model_line(results):
    """One sentence naming the model with the highest main score."""
    best = results.loc[results["mean"].idxmax()]
    return (
        f"Best {best['metric']}: {best['model']}, {_mean_std(best['mean'], best['std'])} "
        f"over {best['n_folds']} folds."
    )


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

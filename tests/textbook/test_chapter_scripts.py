"""The chapter scripts of ``examples/textbook/`` print the book's numbers.

``tests/examples`` runs every example in its fast mode and checks its figures; here each
chapter's ``main`` is called in this process, in the same mode, and its printout is read
for the numbers that ``tests/textbook/test_ch*.py`` check through the estimators.
"""

import importlib.util

import pytest
from script_runs import ROOT

BOOK_NUMBERS = {
    "chapter2_linear_models": [
        "Φ = [150.4649, 912.0296]", "R² (test 20%) = 0.3826",
    ],
    "chapter3_neural_networks": [
        "after 19 updates  Φ = [-1.91755057  0.98649461  1.05394902]",
        "ŷ = [0.12813496 0.29658743 0.28271053 0.53068466]",
        "Perceptron    XOR 0.50", "MLPClassifier XOR 1.00",
        "θ = [0.9    0.72   0.486  0.2268]",
    ],
    "chapter4_clustering": [
        "A: core point", "B: border point", "C: border point", "N: outlier",
        "Rand index = 0.6765 (92/136 = 0.6765)",
    ],
    "chapter5_pca": ["λ = [4.2282 0.2427 0.0782 0.0238]", " 2             0.10136        0.10204"],
}


@pytest.mark.parametrize("name", sorted(BOOK_NUMBERS))
def test_chapter_script_prints_the_books_numbers(name, tmp_path, capsys):
    path = ROOT / "examples" / "textbook" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.main(["--quick", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    for number in BOOK_NUMBERS[name]:
        assert number in printed
    assert sorted(tmp_path.glob("*.png"))

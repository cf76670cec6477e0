"""The package's public surface: version, lazy top-level names, light classical imports."""

import subprocess
import sys

import pytest

import sklnn


def test_version_is_a_release_string():
    major, minor, patch = sklnn.__version__.split(".")
    assert all(part.isdigit() for part in (major, minor, patch))


CLASSICAL_MODULES = [
    "sklnn", "sklnn.linear_model", "sklnn.cluster", "sklnn.decomposition", "sklnn.metrics"
]


@pytest.mark.parametrize("module", CLASSICAL_MODULES)
def test_classical_imports_do_not_import_torch(module):
    code = f"import sys, {module}; print('torch' in sys.modules, 'skorch' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


def test_top_level_names_resolve_to_subpackage_objects():
    from sklnn.cluster import KMeans
    from sklnn.linear_model import LinearRegression

    assert sklnn.KMeans is KMeans
    assert sklnn.LinearRegression is LinearRegression
    assert "KMeans" in dir(sklnn)


def test_unknown_top_level_name_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        sklnn.Nope

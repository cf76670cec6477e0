"""Tests marked ``gpu`` need a CUDA device: they are skipped where torch sees none and run on a
CUDA machine with ``python -m pytest -m gpu``. (Thread settings: the root ``conftest.py``.)"""

import pytest


def pytest_collection_modifyitems(config, items):
    gpu_items = [item for item in items if item.get_closest_marker("gpu")]
    if not gpu_items:
        return
    import torch

    if torch.cuda.is_available():
        return
    no_cuda = pytest.mark.skipif(True, reason="needs a CUDA device")
    for item in gpu_items:
        item.add_marker(no_cuda)

"""Test-suite wide settings.

- One BLAS thread per pytest-xdist worker: CI machines have 2 cores and run 2 workers.
- Tests marked ``gpu`` need a CUDA device; they are skipped where torch sees none and run on a
  CUDA machine with ``pytest -m gpu``.
"""

import pytest
from threadpoolctl import threadpool_limits


@pytest.fixture(autouse=True, scope="session")
def _single_blas_thread():
    with threadpool_limits(limits=1):
        yield


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

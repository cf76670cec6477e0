"""One torch thread per test process: CI has 2 cores and runs 2 pytest-xdist workers."""

import torch

torch.set_num_threads(1)

"""Settings for the sklnn.lipschitz tests: one torch thread (CI runs two workers on 2 cores)."""

import torch

torch.set_num_threads(1)

"""The training loop one writes by hand in torch: the floor a skorch-based estimator nears."""

import time

import torch


def hand_written_fit(module, X, y, *, epochs, batch_size, learning_rate, device="cpu"):
    """Train ``module`` with Adam on shuffled mini-batches of ``(X, y)`` and the cross-entropy.

    Tensors on ``device``, a ``randperm`` order each epoch, zero_grad / forward / backward /
    step per batch, and the epoch's mean loss logged (one device synchronisation per epoch).

    Returns
    -------
    module, epoch_losses, epoch_seconds
    """
    torch.manual_seed(0)
    module = module.to(device)
    n_samples = X.shape[0]
    optimizer = torch.optim.Adam(module.parameters(), lr=learning_rate)
    loss_function = torch.nn.CrossEntropyLoss()
    X_tensor = torch.as_tensor(X, device=device)
    y_tensor = torch.as_tensor(y, device=device)
    generator = torch.Generator().manual_seed(0)
    epoch_losses, epoch_seconds = [], []
    module.train()
    for _ in range(epochs):
        start_time = time.perf_counter()
        order = torch.randperm(n_samples, generator=generator).to(device)
        total = 0.0
        for start in range(0, n_samples, batch_size):
            batch = order[start : start + batch_size]
            optimizer.zero_grad()
            loss = loss_function(module(X_tensor[batch]), y_tensor[batch])
            loss.backward()
            optimizer.step()
            total = total + loss.detach() * len(batch)
        epoch_losses.append(float(total / n_samples))  # waits for the GPU
        epoch_seconds.append(time.perf_counter() - start_time)
    return module, epoch_losses, epoch_seconds

"""Runs a torch.optim.lr_scheduler the way a training loop does, once per optimizer step,
and reads the rate each step trains with."""
import warnings

import torch


def rates(make_scheduler, lr, last_step):
    """get_last_lr()[0] before each optimizer step 0..last_step: the rate of that step."""
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scheduler = make_scheduler(optimizer)
        out = []
        for _ in range(last_step + 1):
            out.append(scheduler.get_last_lr()[0])
            optimizer.step()
            scheduler.step()
    return out

"""PyTorch 1.13's closed forms for the schedules nnplug takes from PyTorch, transcribed
from torch/optim/lr_scheduler.py (StepLR._get_closed_form_lr, OneCycleLR.get_lr,
CyclicLR.get_lr) with the step counted in optimizer steps. Python floats (double);
the one change is marked in cyclic().
Each function takes the step and the nnplug plugin's parameters (PyTorch's names mapped:
lr -> initial_learning_rate, max_lr -> max_learning_rate, base_lr -> base_learning_rate).
"""
import math


def step_decay(step, initial_learning_rate, step_size, gamma=0.1):
    return initial_learning_rate * gamma ** (step // step_size)


def _annealing_cos(start, end, pct):
    cos_out = math.cos(math.pi * pct) + 1
    return end + (start - end) / 2.0 * cos_out


def _annealing_linear(start, end, pct):
    return (end - start) * pct + start


def one_cycle(step, max_learning_rate, total_steps, pct_start=0.3, anneal_strategy="cos", div_factor=25.0,
              final_div_factor=1e4, three_phase=False):
    if step > total_steps:
        raise ValueError("PyTorch: Tried to step {} times. The specified number of total steps is {}"
                         .format(step + 1, total_steps))
    initial_lr = max_learning_rate / div_factor
    min_lr = initial_lr / final_div_factor
    if three_phase:
        phases = [(float(pct_start * total_steps) - 1, initial_lr, max_learning_rate),
                  (float(2 * pct_start * total_steps) - 2, max_learning_rate, initial_lr),
                  (total_steps - 1, initial_lr, min_lr)]
    else:
        phases = [(float(pct_start * total_steps) - 1, initial_lr, max_learning_rate),
                  (total_steps - 1, max_learning_rate, min_lr)]
    anneal = _annealing_cos if anneal_strategy == "cos" else _annealing_linear
    start_step = 0
    for i, (end_step, start_lr, end_lr) in enumerate(phases):
        if step <= end_step or i == len(phases) - 1:
            pct = (step - start_step) / (end_step - start_step)
            return anneal(start_lr, end_lr, pct)
        start_step = end_step


def cyclic(step, base_learning_rate, max_learning_rate, step_size_up=2000, step_size_down=None, mode="triangular",
           gamma=1.0):
    step_size_up = float(step_size_up)
    step_size_down = float(step_size_down) if step_size_down is not None else step_size_up
    total_size = step_size_up + step_size_down
    step_ratio = step_size_up / total_size
    cycle = math.floor(1 + step / total_size)
    x = 1. + step / total_size - cycle
    if x <= step_ratio:
        scale_factor = x / step_ratio
    else:
        scale_factor = (x - 1) / (step_ratio - 1)
    base_height = (max_learning_rate - base_learning_rate) * scale_factor
    if mode == "triangular":
        return base_learning_rate + base_height * 1.
    if mode == "triangular2":
        # PyTorch's 1 / (2. ** (cycle - 1)), which raises OverflowError after 1024 cycles:
        # the same number wherever that has one, and 0 after.
        return base_learning_rate + base_height * 0.5 ** (cycle - 1)
    return base_learning_rate + base_height * gamma ** step


FORMULAS = {"step_decay": step_decay, "one_cycle": one_cycle, "cyclic": cyclic}

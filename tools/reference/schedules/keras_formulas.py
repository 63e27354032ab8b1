"""Keras 3's LearningRateSchedule.__call__ bodies, transcribed line for line into NumPy
float64 (keras/src/optimizers/schedules/learning_rate_schedule.py, keras-team/keras
3422977a5e = v3.15.1). Keras runs the same arithmetic in the dtype of
initial_learning_rate (float32); nnplug computes in double and the core casts.
Each function takes the step and the Keras constructor's arguments with Keras's defaults.
"""
import math

import numpy as np

f64 = np.float64


def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    p = f64(step) / f64(decay_steps)
    if staircase:
        p = np.floor(p)
    return f64(initial_learning_rate) * np.power(f64(decay_rate), p)


def piecewise_constant_decay(step, boundaries, values):
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values.")
    result = f64(0)
    result += f64(step <= boundaries[0]) * values[0]
    result += f64(step > boundaries[-1]) * values[-1]
    for low, high, value in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
        result += f64(low < step <= high) * value
    return result


def polynomial_decay(step, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    global_step = f64(step)
    decay_steps_recomp = f64(decay_steps)
    if cycle:
        multiplier = f64(1.0) if global_step == 0 else np.ceil(global_step / decay_steps)
        decay_steps_recomp = decay_steps_recomp * multiplier
    else:
        global_step = np.minimum(global_step, decay_steps_recomp)
    p = global_step / decay_steps_recomp
    return (f64(initial_learning_rate) - f64(end_learning_rate)) * np.power(1 - p, f64(power)) + f64(end_learning_rate)


def inverse_time_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    p = f64(step) / f64(decay_steps)
    if staircase:
        p = np.floor(p)
    return f64(initial_learning_rate) / (f64(1) + f64(decay_rate) * p)


def cosine_decay(step, initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0):
    initial = f64(initial_learning_rate)
    decay_steps = f64(decay_steps)
    global_step = f64(step)

    def decayed(s, decay_from):
        cosine_decayed = 0.5 * (1.0 + np.cos(f64(math.pi) * (s / decay_steps)))
        return decay_from * ((1 - alpha) * cosine_decayed + alpha)

    if warmup_target is None:
        return decayed(np.minimum(global_step, decay_steps), initial)
    warmup_target = f64(warmup_target)
    warmup_steps = f64(warmup_steps)
    global_step = np.minimum(global_step, decay_steps + warmup_steps)
    if global_step < warmup_steps:
        return (warmup_target - initial) * (global_step / warmup_steps) + initial
    return decayed(global_step - warmup_steps, warmup_target)


def restart_index(completed_fraction, t_mul):
    """Keras's i_restart: how many restarts precede the step."""
    if t_mul == 1.0:
        return np.floor(completed_fraction)
    return np.floor(np.log(1.0 - completed_fraction * (1.0 - t_mul)) / np.log(t_mul))


def cosine_decay_restarts(step, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                          i_restart=None):
    """i_restart overrides Keras's restart index (see generate.py: the logarithm can round
    to the wrong side of a restart)."""
    t_mul, m_mul, alpha = f64(t_mul), f64(m_mul), f64(alpha)
    completed_fraction = f64(step) / f64(first_decay_steps)
    if i_restart is None:
        i_restart = restart_index(completed_fraction, t_mul)
    if t_mul == 1.0:
        completed_fraction -= i_restart
    else:
        sum_r = (1.0 - np.power(t_mul, i_restart)) / (1.0 - t_mul)
        completed_fraction = (completed_fraction - sum_r) / np.power(t_mul, i_restart)
    m_fac = np.power(m_mul, i_restart)
    cosine_decayed = 0.5 * m_fac * (1.0 + np.cos(f64(math.pi) * completed_fraction))
    decayed = (1 - alpha) * cosine_decayed + alpha
    return f64(initial_learning_rate) * decayed


FORMULAS = {
    "exponential_decay": exponential_decay,
    "piecewise_constant_decay": piecewise_constant_decay,
    "polynomial_decay": polynomial_decay,
    "inverse_time_decay": inverse_time_decay,
    "cosine_decay": cosine_decay,
    "cosine_decay_restarts": cosine_decay_restarts,
}

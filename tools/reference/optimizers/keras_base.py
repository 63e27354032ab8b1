"""Keras's base optimizer (keras/src/optimizers/base_optimizer.py `apply`) around any
oracle's update: this is how the core options (clipnorm, global_clipnorm, clipvalue,
weight_decay, use_ema, Keras 2 `decay`) are generated for every reference source.

One training step, as the core's runner does it:
  g = clip(g)                          clipnorm per tensor, else global_clipnorm, else clipvalue
  lr_k = learning_rate / (1 + decay*k) Keras 2's decay, k = updates applied before this one
  w = w - w * weight_decay * lr_k      decoupled, before the update, same rate
  oracle.step(g, lr_k, t = k + 1)      the optimizer's own update
  average = w if k == 0 else ema_momentum * average + (1 - ema_momentum) * w
  (every ema_overwrite_frequency steps: w = average)
"""
import numpy as np

from problem import f32

BASE_KEYS = {"learning_rate", "decay", "clipnorm", "global_clipnorm", "clipvalue", "weight_decay", "use_ema",
             "ema_momentum", "ema_overwrite_frequency"}


class Options:
    def __init__(self, params):
        self.learning_rate = f32(params["learning_rate"])  # Keras keeps the rate in a float32 variable
        self.decay = params.get("decay", 0.0)
        self.clipnorm = params.get("clipnorm")
        self.global_clipnorm = params.get("global_clipnorm")
        self.clipvalue = params.get("clipvalue")
        self.weight_decay = params.get("weight_decay")
        self.use_ema = params.get("use_ema", False)
        self.ema_momentum = params.get("ema_momentum", 0.99)
        self.ema_overwrite_frequency = params.get("ema_overwrite_frequency")

    def rate(self, k):
        return self.learning_rate / (1.0 + self.decay * k)

    def clip(self, gradients):
        dtype = gradients[0].dtype.type
        if self.clipnorm:
            c = dtype(self.clipnorm)
            return [g * c / max(dtype(np.sqrt(np.sum(np.square(g)))), c) for g in gradients]
        if self.global_clipnorm:
            c = dtype(self.global_clipnorm)
            norm = dtype(np.sqrt(sum(np.sum(np.square(g)) for g in gradients)))
            return [g * (c * min(1 / norm, 1 / c)) for g in gradients]
        if self.clipvalue:
            v = dtype(self.clipvalue)
            return [np.clip(g, -v, v) for g in gradients]
        return gradients


def trajectory(problem, params, oracle_step, dtype, oracle_decays_weights=False):
    """Runs the problem; returns {"trajectory": {step: {name: flat}}, "ema": {name: flat} or None}.

    oracle_step(weights, gradients, lr, t) applies the optimizer's own update in place.
    oracle_decays_weights: the oracle applies the decoupled weight decay itself (PyTorch AdamW).
    """
    options = Options(params)
    weights = [tensor.w0.astype(dtype).copy() for tensor in problem.tensors]
    averages = None
    out = {}
    for t in range(1, problem.steps + 1):
        k = t - 1
        gradients = options.clip(problem.gradients(weights, t, dtype))
        lr = options.rate(k)
        if options.weight_decay and not oracle_decays_weights:
            for w in weights:
                w -= w * dtype(options.weight_decay) * dtype(lr)
        oracle_step(weights, gradients, lr, t)
        if options.use_ema:
            mu = dtype(0.0 if k == 0 else options.ema_momentum)
            averages = [mu * a + (1 - mu) * w for a, w in zip(averages or weights, weights)]
            if options.ema_overwrite_frequency and (k + 1) % options.ema_overwrite_frequency == 0:
                for w, a in zip(weights, averages):
                    w[...] = a
        if t in problem.checkpoints:
            out[t] = named(problem, weights)
    return {"trajectory": out, "ema": named(problem, averages) if options.use_ema else None}


def named(problem, arrays):
    return {tensor.name: [float(v) for v in a.reshape(-1)] for tensor, a in zip(problem.tensors, arrays)}

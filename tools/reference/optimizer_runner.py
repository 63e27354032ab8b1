#!/usr/bin/python3
"""Reference values for nnplug's optimizer runner (Keras's base optimizer around plain SGD).

Independent implementation: PyTorch 1.13 (Debian's python3-torch), float32.
Run with /usr/bin/python3 from the repository root; writes
tests/data/reference/optimizer_runner.json.

Problem: two tensors, "dense/kernel" (3x2) and "dense/bias" (2), loss
f(w) = sum(w**2 + c*w) per tensor, so the gradient is 2w + c. The C++ test computes the
same gradient from the current weights before every step.
"""
import json
import os

import torch

STEPS = 5
LR = 0.1
W0 = {"dense/kernel": [[1.0, -2.0], [3.0, 0.5], [-1.5, 2.5]], "dense/bias": [0.25, -0.75]}
C = {"dense/kernel": [[0.1, -0.3], [0.2, 0.05], [-0.4, 0.6]], "dense/bias": [0.3, -0.1]}


def fresh():
    params = {name: torch.tensor(values, dtype=torch.float32, requires_grad=True) for name, values in W0.items()}
    offsets = {name: torch.tensor(values, dtype=torch.float32) for name, values in C.items()}
    return params, offsets


def backward(params, offsets):
    for p in params.values():
        p.grad = None
    loss = sum((p * p + offsets[name] * p).sum() for name, p in params.items())
    loss.backward()


def run(clip=None, decay=0.0, weight_decay=None, ema=None):
    """Plain SGD with Keras's base-optimizer steps done by hand around torch's SGD.

    clip: ("norm", c) per tensor | ("global", c) | ("value", v)
    decay: Keras 2 legacy decay, as LambdaLR(lr / (1 + decay * k)) stepped per batch
    weight_decay: decoupled, p *= 1 - lr_k * wd before the step (Keras 3 / AdamW)
    ema: (momentum, overwrite_frequency or None)
    """
    params, offsets = fresh()
    tensors = list(params.values())
    optimizer = torch.optim.SGD(tensors, lr=LR)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda k: 1.0 / (1.0 + decay * k))
    averages = {name: p.detach().clone() for name, p in params.items()}
    for k in range(STEPS):
        backward(params, offsets)
        if clip and clip[0] == "norm":
            for p in tensors:
                torch.nn.utils.clip_grad_norm_([p], clip[1])
        elif clip and clip[0] == "global":
            torch.nn.utils.clip_grad_norm_(tensors, clip[1])
        elif clip and clip[0] == "value":
            torch.nn.utils.clip_grad_value_(tensors, clip[1])
        lr_k = optimizer.param_groups[0]["lr"]
        with torch.no_grad():
            if weight_decay is not None:
                for p in tensors:
                    p.mul_(1.0 - lr_k * weight_decay)
        optimizer.step()
        schedule.step()
        if ema is not None:
            momentum, frequency = ema
            mu = 0.0 if k == 0 else momentum
            with torch.no_grad():
                for name, p in params.items():
                    averages[name] = mu * averages[name] + (1.0 - mu) * p.detach()
                    if frequency and (k + 1) % frequency == 0:
                        p.copy_(averages[name])
    result = {name: p.detach().tolist() for name, p in params.items()}
    if ema is not None:
        result["average"] = {name: a.tolist() for name, a in averages.items()}
    return result


CASES = [
    ("plain", {"learning_rate": LR}, run()),
    ("lr alias", {"lr": LR}, run()),
    ("legacy decay", {"learning_rate": LR, "decay": 0.1}, run(decay=0.1)),
    ("clipnorm per tensor", {"learning_rate": LR, "clipnorm": 1.0}, run(clip=("norm", 1.0))),
    ("global_clipnorm", {"learning_rate": LR, "global_clipnorm": 1.5}, run(clip=("global", 1.5))),
    ("clipvalue", {"learning_rate": LR, "clipvalue": 0.5}, run(clip=("value", 0.5))),
    ("weight_decay", {"learning_rate": LR, "weight_decay": 0.1}, run(weight_decay=0.1)),
    ("decay + clipnorm + weight_decay", {"learning_rate": LR, "decay": 0.2, "clipnorm": 2.0, "weight_decay": 0.05},
     run(clip=("norm", 2.0), decay=0.2, weight_decay=0.05)),
    ("ema", {"learning_rate": LR, "use_ema": True, "ema_momentum": 0.9}, run(ema=(0.9, None))),
    ("ema with overwrite", {"learning_rate": LR, "use_ema": True, "ema_momentum": 0.8, "ema_overwrite_frequency": 2},
     run(ema=(0.8, 2))),
]


def main():
    out = {
        "generator": "tools/reference/optimizer_runner.py (PyTorch %s, float32)" % torch.__version__,
        "steps": STEPS,
        "w0": W0,
        "c": C,
        "cases": [{"name": name, "params": params, "expected": expected} for name, params, expected in CASES],
    }
    path = os.path.join("tests", "data", "reference", "optimizer_runner.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()

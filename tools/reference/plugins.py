#!/usr/bin/python3
"""SGD and Adam trajectories on a quartic problem, computed with PyTorch 1.13.

Run with Debian's interpreter (it has python3-torch), from the repository root:
    /usr/bin/python3 tools/reference/plugins.py
Writes tests/data/reference/optimizers.json, which tests/plugins/optimizers_test.cpp
reads, so the test suite itself needs no Python. (Every optimizer's trajectories:
tools/reference/optimizers/; regularizers: tools/reference/regularizers/; schedules:
tools/reference/schedules/.)

PyTorch is the independent oracle; where its parametrisation differs from Keras 3
(KERAS_REFERENCE.md section 1.14) the mapping is done here and explained.
"""
import json
import math
import pathlib
import re

import torch

OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "reference"
STEPS = 20
QUARTIC = 0.1


def floats(tensor):
    """Exact decimal of every value (a float32 widened to a Python float round-trips)."""
    return [float(v) for v in tensor.detach().reshape(-1).tolist()]


# ---------------------------------------------------------------- optimizers
def problem():
    """f(w) = sum(a*w^2) + sum(c*w) + 0.1*sum(w^4) over tensors of different shapes:
    per-element curvature differs, so every optimizer's per-element state matters."""
    gen = torch.Generator().manual_seed(1234)
    tensors = []
    for shape in [(3, 4), (5,), (2, 2, 3)]:
        w0 = (torch.rand(shape, generator=gen) * 3.0 - 1.5).float()
        a = (torch.rand(shape, generator=gen) * 1.5 + 0.5).float()
        c = (torch.rand(shape, generator=gen) - 0.5).float()
        tensors.append({"shape": list(shape), "w0": w0, "a": a, "c": c})
    return tensors


def loss(ws, tensors):
    return sum((t["a"] * w * w).sum() + (t["c"] * w).sum() + QUARTIC * (w ** 4).sum()
               for w, t in zip(ws, tensors))


def trajectory(tensors, make_optimizer, before_step=None):
    ws = [t["w0"].clone().requires_grad_(True) for t in tensors]
    optimizer = make_optimizer(ws)
    out = []
    for step in range(1, STEPS + 1):
        optimizer.zero_grad()
        loss(ws, tensors).backward()
        if before_step:
            before_step(optimizer, step)
        optimizer.step()
        out.append(sum((floats(w) for w in ws), []))
    return out


def sgd_case(name, lr, momentum=0.0, nesterov=False):
    # PT's buffer holds un-scaled gradients, Keras's velocity lr-scaled ones: equal
    # while lr is constant, as here (KERAS_REFERENCE.md 1.1).
    params = {"momentum": momentum, "nesterov": nesterov}
    return name, "sgd", params, lr, lambda ws: torch.optim.SGD(ws, lr=lr, momentum=momentum, nesterov=nesterov), None


def adam_case(name, lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False):
    # Keras adds epsilon to the un-corrected sqrt(v); PT adds eps to sqrt(v / (1 - b2^t)).
    # Both are the same update when PT's eps = epsilon / sqrt(1 - b2^t), which PT lets
    # us set before every step (it reads group["eps"] each time).
    def keras_epsilon(optimizer, step):
        optimizer.param_groups[0]["eps"] = epsilon / math.sqrt(1.0 - beta_2 ** step)

    params = {"beta_1": beta_1, "beta_2": beta_2, "epsilon": epsilon, "amsgrad": amsgrad}
    make = lambda ws: torch.optim.Adam(ws, lr=lr, betas=(beta_1, beta_2), eps=epsilon, amsgrad=amsgrad)
    return name, "adam", params, lr, make, keras_epsilon


def optimizers():
    tensors = problem()
    cases = [
        sgd_case("sgd plain", 0.05),
        sgd_case("sgd momentum", 0.05, momentum=0.9),
        sgd_case("sgd nesterov", 0.05, momentum=0.9, nesterov=True),
        adam_case("adam defaults", 0.01),
        adam_case("adam epsilon 0 (PT exact)", 0.01, epsilon=0.0),
        # beta_2 = 0.9 lets v shrink within 20 steps, so the running max matters.
        adam_case("adam amsgrad", 0.05, beta_2=0.9, amsgrad=True),
        # A large epsilon makes its placement visible in the trajectory.
        adam_case("adam large epsilon", 0.05, beta_1=0.8, beta_2=0.99, epsilon=0.1),
    ]
    out = []
    for name, plugin, params, lr, make, before_step in cases:
        out.append({"name": name, "plugin": plugin, "params": params, "learning_rate": lr,
                     "trajectory": trajectory(tensors, make, before_step)})
    # Plain PT Adam with its own eps = 1e-7: differs from Keras by O(epsilon) only.
    name, _, params, lr, make, _ = adam_case("adam defaults vs PT-native eps", 0.01)
    out.append({"name": name, "plugin": "adam", "params": params, "learning_rate": lr,
                "trajectory": trajectory(tensors, make), "pt_native_epsilon": True})
    return {
        "problem": {"quartic": QUARTIC, "steps": STEPS,
                    "tensors": [{"shape": t["shape"], "w0": floats(t["w0"]), "a": floats(t["a"]),
                                 "c": floats(t["c"])} for t in tensors]},
        "cases": out,
    }


def write(name, content):
    content = {"generator": "tools/reference/plugins.py", "torch": torch.__version__, **content}
    path = OUT / name
    text = json.dumps(content, indent=1)
    # One line per list of numbers keeps the files short and diffs readable.
    text = re.sub(r"\[\s+([-+0-9.eE,\s]+?)\s+\]", lambda m: "[" + re.sub(r"\s+", " ", m.group(1)) + "]", text)
    path.write_text(text + "\n")
    print("wrote", path)


if __name__ == "__main__":
    torch.set_num_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    write("optimizers.json", optimizers())

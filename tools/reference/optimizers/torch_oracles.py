"""PyTorch 1.13 oracles (Debian's python3-torch), float64, and how each maps onto Keras 3.

KERAS_REFERENCE.md 1.14 and 8:
- SGD (momentum, nesterov): exact while the rate is constant.
- RMSprop: PyTorch adds eps outside the sqrt, Keras inside; exact only for a negligible
  epsilon, so these cases use a tiny Keras epsilon (<= 1e-20) and PyTorch eps = sqrt of
  it (a zero gradient then still gives 0 / eps = 0 in both, where eps = 0 gives 0/0).
  With momentum the rate must be constant (PyTorch's buffer holds no rate).
- Adagrad: sqrt(acc + eps) with acc starting at a0 is PyTorch's sqrt(sum) with
  initial_accumulator_value = a0 + eps and eps = 0: exact for any epsilon.
- Adadelta: exact.
- Adam / AdamW (amsgrad too): PyTorch's eps is added to the bias-corrected sqrt(v_hat);
  Keras's epsilon to the uncorrected sqrt(v), i.e. PyTorch eps = epsilon / sqrt(1 - beta_2^t),
  set per step in param_groups: exact for any epsilon. AdamW's decay w *= 1 - lr*wd
  before its step is Keras's decoupled decay, so PyTorch applies it.
- Adamax: PyTorch takes max(beta_2*u, |g| + eps), Keras max(beta_2*u, |g|) + eps: exact
  only for a negligible epsilon (<= 1e-20; same value in both).
- NAdam(momentum_decay=1.0, foreach=True): exact (the default single-tensor path of 1.13
  multiplies mu twice).
The rate of each step (after Keras 2 decay) is set in param_groups before the step.
"""
import math
import subprocess

import numpy as np
import torch

import keras_base

def debian_version():
    """Debian's build reports torch.__version__ 1.13.0a0; the package is 1.13.1."""
    try:
        package = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-torch"], capture_output=True,
                                 text=True, check=True).stdout
        return "%s (Debian python3-torch %s)" % (package.split("+")[0], package)
    except (OSError, subprocess.CalledProcessError):
        return torch.__version__


VERSION = debian_version()
TINY_EPSILON = 1e-20


def plan(optimizer, p, decay):
    """(factory(params) -> torch optimizer, source, per_step(lr, t) -> param_group fields)."""
    lr = p["learning_rate"]
    constant_rate = lambda rate, t: {}
    with_rate = lambda rate, t: {"lr": rate}
    if optimizer == "sgd":
        assert decay == 0 or p["momentum"] == 0, "PyTorch's momentum buffer holds no rate; Keras's does"
        return (lambda ps: torch.optim.SGD(ps, lr=lr, momentum=p["momentum"], nesterov=p["nesterov"]),
                "SGD", with_rate)
    if optimizer == "rmsprop":
        assert p["epsilon"] <= TINY_EPSILON, "PyTorch puts eps outside the sqrt: exact only for a tiny epsilon"
        assert decay == 0 or p["momentum"] == 0, "PyTorch's momentum buffer holds no rate; Keras's does"
        return (lambda ps: torch.optim.RMSprop(ps, lr=lr, alpha=p["rho"], momentum=p["momentum"],
                                               eps=math.sqrt(p["epsilon"]), centered=p["centered"]),
                "RMSprop (eps = sqrt(epsilon), both negligible)", with_rate)
    if optimizer == "adagrad":
        a0 = p["initial_accumulator_value"] + p["epsilon"]
        return (lambda ps: torch.optim.Adagrad(ps, lr=lr, initial_accumulator_value=a0, eps=0.0),
                "Adagrad (initial_accumulator_value = a0 + epsilon, eps = 0)", with_rate)
    if optimizer == "adadelta":
        return (lambda ps: torch.optim.Adadelta(ps, lr=lr, rho=p["rho"], eps=p["epsilon"]), "Adadelta", with_rate)
    if optimizer in ("adam", "adamw"):
        b1, b2, eps = p["beta_1"], p["beta_2"], p["epsilon"]
        per_step = lambda rate, t: {"lr": rate, "eps": eps / math.sqrt(1 - b2 ** t)}
        if optimizer == "adam":
            return (lambda ps: torch.optim.Adam(ps, lr=lr, betas=(b1, b2), eps=eps, amsgrad=p["amsgrad"]),
                    "Adam (eps set per step to epsilon / sqrt(1 - beta_2^t))", per_step)
        return (lambda ps: torch.optim.AdamW(ps, lr=lr, betas=(b1, b2), eps=eps, weight_decay=p["weight_decay"],
                                             amsgrad=p["amsgrad"]),
                "AdamW (eps set per step to epsilon / sqrt(1 - beta_2^t); its own decoupled weight decay)", per_step)
    if optimizer == "adamax":
        assert p["epsilon"] <= TINY_EPSILON, "PyTorch puts eps inside the max: exact only for a tiny epsilon"
        return (lambda ps: torch.optim.Adamax(ps, lr=lr, betas=(p["beta_1"], p["beta_2"]), eps=p["epsilon"]),
                "Adamax (tiny epsilon)", with_rate)
    if optimizer == "nadam":
        return (lambda ps: torch.optim.NAdam(ps, lr=lr, betas=(p["beta_1"], p["beta_2"]), eps=p["epsilon"],
                                             momentum_decay=1.0, foreach=True),
                "NAdam (momentum_decay=1.0, foreach=True)", with_rate)
    raise ValueError("no PyTorch oracle for " + optimizer)


def run(problem, optimizer, params):
    """Float64 trajectory of one case; params are Keras's (defaults filled in)."""
    factory, source, per_step = plan(optimizer, params, params.get("decay", 0.0))
    state = {}

    def step(weights, gradients, lr, t):
        if "optimizer" not in state:
            # from_numpy shares memory: PyTorch updates the arrays the base steps see.
            state["params"] = [torch.from_numpy(w) for w in weights]
            state["optimizer"] = factory(state["params"])
        for p, g in zip(state["params"], gradients):
            p.grad = torch.from_numpy(np.ascontiguousarray(g))
        state["optimizer"].param_groups[0].update(per_step(lr, t))
        state["optimizer"].step()

    result = keras_base.trajectory(problem, params, step, np.float64, oracle_decays_weights=optimizer == "adamw")
    result["source"] = "torch %s %s, float64" % (VERSION, source)
    return result

"""TensorFlow.js oracles (tfjs_oracle.js under node) and how each maps onto Keras 3.

KERAS_REFERENCE.md 1.14 and 8:
- sgd, momentum (with or without nesterov): exact while the rate is constant.
- rmsprop non-centered: exact (epsilon inside the sqrt, momentum buffer holds lr*g/...,
  so even a changing rate is exact). Centered: TFJS computes sqrt(ms - (mg^2 + eps)),
  Keras sqrt(ms - mg^2 + eps), so TFJS is given epsilon = -eps: exact.
- adagrad: exact for Keras's default epsilon 1e-7 (TFJS always adds the backend's 1e-7).
- adam: TFJS's eps is added to the bias-corrected sqrt(v_hat); Keras's epsilon to the
  uncorrected sqrt(v), which is TFJS's eps = epsilon / sqrt(1 - beta_2^t): set per step.
- adamax: exact, including Keras 2's decay (TFJS's own lr / (1 + decay * iteration)).
The rate of each step (after Keras 2 decay) is set on the optimizer before the step
where its state keeps no rate.
"""
import json
import math
import pathlib
import subprocess

import numpy as np

import keras_base

HERE = pathlib.Path(__file__).resolve().parent
_CORE_PACKAGE = HERE / "node_modules" / "@tensorflow" / "tfjs-core" / "package.json"
if not _CORE_PACKAGE.exists():
    raise SystemExit("TensorFlow.js is not installed: run `npm ci` in %s first" % HERE)
VERSION = json.loads(_CORE_PACKAGE.read_text())["version"]
BACKEND_EPSILON = 1e-7


class Node:
    def __init__(self):
        self.process = subprocess.Popen(["node", str(HERE / "tfjs_oracle.js")], cwd=HERE, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)

    def call(self, request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def plan(optimizer, p, decay):
    """(constructor, args, source, per_step(lr, t) -> fields to set) for Keras params p."""
    lr = p["learning_rate"]
    if optimizer == "sgd" and p["momentum"] == 0:
        return "sgd", [lr], "tf.train.sgd", lambda rate, t: {"learningRate": rate}
    if optimizer == "sgd":
        assert decay == 0, "TFJS momentum rescales its history when the rate changes; Keras does not"
        return "momentum", [lr, p["momentum"], p["nesterov"]], "tf.train.momentum", lambda rate, t: {}
    if optimizer == "rmsprop":
        epsilon = -p["epsilon"] if p["centered"] else p["epsilon"]
        return ("rmsprop", [lr, p["rho"], p["momentum"], epsilon, p["centered"]],
                "tf.train.rmsprop" + (" (epsilon negated: TFJS subtracts it when centered)" if p["centered"] else ""),
                lambda rate, t: {"learningRate": rate})
    if optimizer == "adagrad":
        assert math.isclose(p["epsilon"], BACKEND_EPSILON), "TFJS adagrad always uses epsilon 1e-7"
        return ("adagrad", [lr, p["initial_accumulator_value"]], "tf.train.adagrad",
                lambda rate, t: {"learningRate": rate})
    if optimizer == "adam":
        assert not p["amsgrad"], "TFJS has no AMSGrad"
        b2, eps = p["beta_2"], p["epsilon"]
        return ("adam", [lr, p["beta_1"], b2, eps],
                "tf.train.adam (epsilon set per step to epsilon / sqrt(1 - beta_2^t))",
                lambda rate, t: {"learningRate": rate, "epsilon": eps / math.sqrt(1 - b2 ** t)})
    if optimizer == "adamax":
        return ("adamax", [lr, p["beta_1"], p["beta_2"], p["epsilon"], decay],
                "tf.train.adamax" + (" (its own decay argument)" if decay else ""), lambda rate, t: {})
    raise ValueError("no TFJS oracle for " + optimizer)


def run(node, problem, optimizer, params):
    """Float32 trajectory of one case; params are Keras's (defaults filled in)."""
    constructor, args, source, per_step = plan(optimizer, params, params.get("decay", 0.0))
    created = node.call({"create": {"optimizer": constructor, "args": args}})
    assert created["backend"] == "cpu" and created["version"] == VERSION, created
    assert created["epsilon"] == BACKEND_EPSILON, created

    def step(weights, gradients, lr, t):
        reply = node.call({"step": {"weights": [w.reshape(-1).tolist() for w in weights],
                                    "gradients": [g.reshape(-1).tolist() for g in gradients],
                                    "set": per_step(lr, t)}})
        for w, new in zip(weights, reply["weights"]):
            w[...] = np.asarray(new, dtype=np.float32).reshape(w.shape)

    result = keras_base.trajectory(problem, params, step, np.float32)
    result["source"] = "tfjs-core %s %s, CPU backend, float32" % (VERSION, source)
    return result

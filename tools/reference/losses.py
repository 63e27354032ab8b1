#!/usr/bin/python3
"""Reference values for nnplug's losses and activations, computed with PyTorch.

Run with Debian's interpreter (PyTorch 1.13 + NumPy):

    /usr/bin/python3 tools/reference/losses.py

It writes tests/data/reference/losses.json and tests/data/reference/activations.json,
which the C++ tests (tests/model/) read, so the test suite itself needs no Python.

Every formula follows Keras 3 (KERAS_REFERENCE.md section 5.2-5.3) and is written out
here with torch operations rather than taken from torch's own losses where those differ
from Keras: torch's binary_cross_entropy clamps log at -100 instead of clipping the
probability, and torch's cross_entropy neither renormalises nor clips probabilities.
Inputs are drawn in float32 (what nnplug sees); the math runs in float64, and gradients
come from autograd, so they are independent of nnplug's hand-written derivatives.
"""
import json
import pathlib

import numpy as np
import torch
import torch.nn.functional as F

OUT_DIR = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "reference"

# Keras clips in float32: [1e-7, 1 - 1e-7] as float32 numbers.
EPS_LOW = float(np.float32(1e-7))
EPS_HIGH = float(np.float32(1.0) - np.float32(1e-7))

rng = np.random.default_rng(20240607)


def f32(array):
    return np.asarray(array, dtype=np.float32)


def as_list(array):
    return np.asarray(array, dtype=np.float64).tolist()


def smooth_categorical(y, smoothing):
    return y * (1.0 - smoothing) + smoothing / y.shape[-1]


def categorical_ce(y_pred, y_true, from_logits, smoothing=0.0):
    y_true = smooth_categorical(y_true, smoothing)
    if from_logits:
        return -(y_true * torch.log_softmax(y_pred, dim=-1)).sum(-1).mean()
    p = y_pred / y_pred.sum(-1, keepdim=True)
    p = torch.clamp(p, EPS_LOW, EPS_HIGH)
    return -(y_true * torch.log(p)).sum(-1).mean()


def sparse_ce(y_pred, labels, from_logits):
    one_hot = F.one_hot(labels[:, 0].long(), y_pred.shape[-1]).double()
    return categorical_ce(y_pred, one_hot, from_logits)


def binary_ce(y_pred, y_true, from_logits, smoothing=0.0):
    y_true = y_true * (1.0 - smoothing) + 0.5 * smoothing
    if from_logits:
        per_entry = F.binary_cross_entropy_with_logits(y_pred, y_true, reduction="none")
    else:
        p = torch.clamp(y_pred, EPS_LOW, EPS_HIGH)
        per_entry = -(y_true * torch.log(p) + (1.0 - y_true) * torch.log(1.0 - p))
    return per_entry.mean(-1).mean()


def mse(y_pred, y_true):
    return ((y_pred - y_true) ** 2).mean(-1).mean()


def mae(y_pred, y_true):
    return (y_pred - y_true).abs().mean(-1).mean()


def loss_case(name, spec, fn, y_pred, y_true):
    y_pred, y_true = f32(y_pred), f32(y_true)
    pred = torch.tensor(y_pred, dtype=torch.float64, requires_grad=True)
    value = fn(pred, torch.tensor(y_true, dtype=torch.float64))
    value.backward()
    return {"case": name, "spec": spec, "y_pred": as_list(y_pred), "y_true": as_list(y_true),
            "loss": value.item(), "gradient": as_list(pred.grad.numpy())}


def one_hot(labels, classes):
    return np.eye(classes)[labels]


def probabilities(rows, classes):
    p = rng.uniform(0.05, 1.0, size=(rows, classes))
    return p / p.sum(-1, keepdims=True)


def loss_cases():
    rows, classes = 5, 4
    labels = rng.integers(0, classes, size=rows)
    targets = one_hot(labels, classes)
    probs = probabilities(rows, classes)
    # Rows that do not sum to one: Keras renormalises them before clipping.
    unnormalised = probs * rng.uniform(0.5, 2.0, size=(rows, 1))
    # Entries beyond the clip bounds (0, 1e-9, 1) and a target on a clipped entry.
    clipped = f32([[1.0, 0.0, 0.0, 0.0], [1e-9, 0.5, 0.5, 0.0], [0.2, 0.3, 0.5, 0.0],
                   [0.25, 0.25, 0.25, 0.25], [0.0, 0.0, 0.0, 1.0]])
    clipped_targets = one_hot(np.array([0, 0, 3, 1, 2]), classes)
    logits = rng.normal(0.0, 3.0, size=(rows, classes))
    logits[0] = [40.0, -40.0, 0.0, 5.0]  # large logits: must stay finite

    binary_targets = rng.integers(0, 2, size=(rows, 3)).astype(np.float64)
    binary_probs = rng.uniform(0.02, 0.98, size=(rows, 3))
    binary_probs[0] = [0.0, 1.0, 1e-9]
    binary_logits = rng.normal(0.0, 3.0, size=(rows, 3))
    binary_logits[0] = [60.0, -60.0, 0.0]

    regression_pred = rng.normal(size=(rows, 3))
    regression_true = rng.normal(size=(rows, 3))
    regression_true[0, 0] = regression_pred[0, 0] = 0.75  # |e| = 0: slope 0 for mae

    ce = "categorical_crossentropy"
    sparse = "sparse_categorical_crossentropy"
    bce = "binary_crossentropy"
    sparse_labels = labels.reshape(-1, 1).astype(np.float64)
    return [
        loss_case("ce probabilities", ce, lambda p, t: categorical_ce(p, t, False), probs, targets),
        loss_case("ce unnormalised probabilities", {"name": ce},
                  lambda p, t: categorical_ce(p, t, False), unnormalised, targets),
        loss_case("ce clipped probabilities", ce, lambda p, t: categorical_ce(p, t, False), clipped, clipped_targets),
        loss_case("ce label smoothing", {"name": ce, "label_smoothing": 0.1},
                  lambda p, t: categorical_ce(p, t, False, 0.1), probs, targets),
        loss_case("ce logits", {"name": "CategoricalCrossentropy", "from_logits": True},
                  lambda p, t: categorical_ce(p, t, True), logits, targets),
        loss_case("ce logits label smoothing", {"name": ce, "from_logits": True, "label_smoothing": 0.2},
                  lambda p, t: categorical_ce(p, t, True, 0.2), logits, targets),
        loss_case("sparse ce probabilities", sparse, lambda p, t: sparse_ce(p, t, False), probs, sparse_labels),
        loss_case("sparse ce clipped probabilities", sparse, lambda p, t: sparse_ce(p, t, False), clipped,
                  np.array([[0], [0], [3], [1], [2]], dtype=np.float64)),
        loss_case("sparse ce logits", {"name": sparse, "from_logits": True},
                  lambda p, t: sparse_ce(p, t, True), logits, sparse_labels),
        loss_case("bce probabilities", bce, lambda p, t: binary_ce(p, t, False), binary_probs, binary_targets),
        loss_case("bce label smoothing", {"name": "bce", "label_smoothing": 0.1},
                  lambda p, t: binary_ce(p, t, False, 0.1), binary_probs, binary_targets),
        loss_case("bce logits", {"name": "BinaryCrossentropy", "from_logits": True},
                  lambda p, t: binary_ce(p, t, True), binary_logits, binary_targets),
        loss_case("bce logits label smoothing", {"name": "BCE", "from_logits": True, "label_smoothing": 0.3},
                  lambda p, t: binary_ce(p, t, True, 0.3), binary_logits, binary_targets),
        loss_case("bce single output", bce, lambda p, t: binary_ce(p, t, False),
                  binary_probs[:, :1], binary_targets[:, :1]),
        loss_case("mse", "mse", mse, regression_pred, regression_true),
        loss_case("mean_squared_error", "MeanSquaredError", mse, regression_pred, regression_true),
        loss_case("mae", "mae", mae, regression_pred, regression_true),
        loss_case("mean_absolute_error", "mean_absolute_error", mae, regression_pred, regression_true),
    ]


ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "softmax": lambda x: torch.softmax(x, dim=-1),
    "elu": lambda x: F.elu(x, alpha=1.0),
    "selu": F.selu,
    "softplus": lambda x: torch.logaddexp(x, torch.zeros_like(x)),
    "gelu": lambda x: F.gelu(x, approximate="none"),
}


def activation_cases():
    x = rng.normal(0.0, 2.0, size=(4, 5))
    x[0] = [-30.0, -1e-3, 0.5, 3.0, 30.0]  # saturated ends must stay finite
    upstream = rng.normal(size=x.shape)
    x, upstream = f32(x), f32(upstream)
    cases = []
    for name, fn in ACTIVATIONS.items():
        pre = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        out = fn(pre)
        out.backward(torch.tensor(upstream, dtype=torch.float64))
        cases.append({"activation": name, "input": as_list(x), "upstream": as_list(upstream),
                      "output": as_list(out.detach().numpy()), "gradient": as_list(pre.grad.numpy())})
    return cases


def write(name, payload):
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / name
    path.write_text(json.dumps(payload, indent=1) + "\n")
    print(f"wrote {path}")


def main():
    source = f"tools/reference/losses.py, PyTorch {torch.__version__}, float64 math on float32 inputs"
    write("losses.json", {"generator": source, "cases": loss_cases()})
    write("activations.json", {"generator": source, "cases": activation_cases()})


if __name__ == "__main__":
    main()

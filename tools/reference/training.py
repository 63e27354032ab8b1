#!/usr/bin/env python3
"""Reference training runs for tests/cli/training_reference_test.cpp, computed by PyTorch.

Run with Debian's interpreter (python3-torch, python3-numpy):
    /usr/bin/python3 tools/reference/training.py
Writes tests/data/reference/training/{data.csv,initial.npz,cases.json}.

The model is Keras's: Dense(8, tanh) -> Dense(3, softmax), categorical cross-entropy on
probabilities (renormalised and clipped to [1e-7, 1-1e-7] as Keras does), penalties added
to the loss, no shuffling, so nnplug must reproduce every step. Kernels are stored as
Keras stores them (inputs x units); torch.nn.Linear keeps the transpose.
"""
import json
import pathlib

import numpy as np
import torch

OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "reference" / "training"
SAMPLES, FEATURES, HIDDEN, CLASSES = 64, 5, 8, 3
BATCH, EPOCHS = 16, 3


def make_data(rng):
    x = rng.normal(size=(SAMPLES, FEATURES)).astype(np.float32)
    labels = (x[:, 0] + 0.5 * x[:, 1] - x[:, 2] > 0).astype(int) + (x[:, 3] > 0.8).astype(int)
    return x, labels


def initial_weights(rng):
    return {
        "dense/kernel": rng.uniform(-0.6, 0.6, size=(FEATURES, HIDDEN)).astype(np.float32),
        "dense/bias": rng.uniform(-0.1, 0.1, size=(HIDDEN,)).astype(np.float32),
        "dense_1/kernel": rng.uniform(-0.6, 0.6, size=(HIDDEN, CLASSES)).astype(np.float32),
        "dense_1/bias": rng.uniform(-0.1, 0.1, size=(CLASSES,)).astype(np.float32),
    }


def keras_categorical_crossentropy(probabilities, one_hot):
    p = probabilities / probabilities.sum(dim=-1, keepdim=True)
    p = torch.clamp(p, 1e-7, 1 - 1e-7)
    return -(one_hot * torch.log(p)).sum(dim=-1).mean()


def train(case, x, labels, weights):
    params = {k: torch.tensor(v, requires_grad=True) for k, v in weights.items()}
    order = ["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"]
    optimizer = case["torch"](list(params[k] for k in order))
    xs = torch.tensor(x)
    ys = torch.nn.functional.one_hot(torch.tensor(labels), CLASSES).float()
    epoch_losses = []
    for _ in range(EPOCHS):
        total = 0.0
        for start in range(0, SAMPLES, BATCH):
            xb, yb = xs[start:start + BATCH], ys[start:start + BATCH]
            hidden = torch.tanh(xb @ params["dense/kernel"] + params["dense/bias"])
            probabilities = torch.softmax(hidden @ params["dense_1/kernel"] + params["dense_1/bias"], dim=-1)
            loss = keras_categorical_crossentropy(probabilities, yb)
            loss = loss + case.get("penalty", lambda p, h: 0.0)(params, hidden)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss) * len(xb)
        epoch_losses.append(total / SAMPLES)
    return {k: params[k].detach().numpy().astype(float).ravel().tolist() for k in order}, epoch_losses


CASES = [
    {"name": "adam_epsilon0",
     "optimizer": {"name": "adam", "learning_rate": 0.01, "epsilon": 0.0},
     "torch": lambda p: torch.optim.Adam(p, lr=0.01, eps=0.0)},
    {"name": "sgd_nesterov",
     "optimizer": {"name": "sgd", "learning_rate": 0.1, "momentum": 0.9, "nesterov": True},
     "torch": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)},
    {"name": "sgd_l2_kernel_l1_activity",
     "optimizer": {"name": "sgd", "learning_rate": 0.1},
     "layer0": {"kernel_regularizer": {"name": "l2", "l2": 0.01},
                "activity_regularizer": {"name": "l1", "l1": 0.01}},
     # Keras: weight penalties once per batch; activity penalty of the layer output / batch size.
     "penalty": lambda p, h: 0.01 * (p["dense/kernel"] ** 2).sum() + 0.01 * h.abs().sum() / h.shape[0],
     "torch": lambda p: torch.optim.SGD(p, lr=0.1)},
]


def main():
    torch.set_num_threads(1)
    rng = np.random.default_rng(20261127)
    x, labels = make_data(rng)
    weights = initial_weights(rng)
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "data.csv", "w") as f:
        f.write(",".join(f"x{i}" for i in range(FEATURES)) + ",label\n")
        for row, label in zip(x, labels):
            f.write(",".join(repr(float(v)) for v in row) + f",{label}\n")
    np.savez(OUT / "initial.npz", **weights)
    cases = []
    for case in CASES:
        final, losses = train(case, x, labels, weights)
        cases.append({"name": case["name"], "optimizer": case["optimizer"], "layer0": case.get("layer0", {}),
                      "batch_size": BATCH, "epochs": EPOCHS, "expected_weights": final, "expected_loss": losses})
    (OUT / "cases.json").write_text(json.dumps({"generator": "tools/reference/training.py",
                                                "torch": torch.__version__, "cases": cases}, indent=1))
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Reference penalties and gradients for tests/plugins/regularizer_reference_test.cpp.

Run from the repository root with Debian's interpreter (python3-torch) after
`npm ci` in this folder (TensorFlow.js 4.22):
    (cd tools/reference/regularizers && npm ci)
    /usr/bin/python3 tools/reference/regularizers/generate.py
Writes tests/data/reference/regularizers.json.

Oracles:
- l1, l2, l1_l2: TensorFlow.js (tf.regularizers.l1 / l2 / l1l2, gradients by tf.grad;
  tfjs_penalties.js), float32. tfjs-layers' l1l2({}) defaults both factors to 0.01 and
  l1l2({l1: 0.0003}) keeps l2 0.01, the semantics nnplug's l1_l2 has, so the defaults are
  checked too. One TFJS quirk is replaced: its abs gradient is step(x, -1), -1 at x = 0,
  where Keras's TensorFlow backend (and PyTorch) give sign(0) = 0; at x == 0 the
  gradient is PyTorch's. Every case is also computed by PyTorch autograd in float64 and
  must agree with TFJS to float32 precision, so two independent libraries vouch for it.
- orthogonal_regularizer: PyTorch autograd in float64 on a transcription of Keras 3's
  OrthogonalRegularizer.__call__ (keras/src/regularizers/regularizers.py) with
  ops.nn.normalize's order-2 branch (x * min(rsqrt(sum x^2), 1 / 1e-7)); neither TFJS nor
  PyTorch ships this regularizer.
"""
import json
import pathlib
import subprocess

import torch

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parents[2] / "tests" / "data" / "reference" / "regularizers.json"
FINITE_DIFFERENCE_STEP = 1e-3  # the test's central-difference step; kinks must stay clear of it


def floats(tensor):
    """Exact decimal of every value (a float32 widened to a Python float round-trips)."""
    return [float(v) for v in tensor.detach().reshape(-1).tolist()]


def tensors():
    gen = torch.Generator().manual_seed(20240612)
    def normal(*shape, scale=1.0):
        return (torch.randn(shape, generator=gen, dtype=torch.float64) * scale).float()

    vector = normal(7, scale=0.8)
    vector[2] = 0.0  # sign(0) = 0 in the L1 gradient
    tiny_row = normal(3, 4)
    tiny_row[1] *= 1e-9  # squared norm below 1e-14: Keras's normalize clamps 1 / norm at 1e7
    return {
        "vector": vector,
        "matrix_4x6": normal(4, 6, scale=0.5),
        "matrix_5x3": normal(5, 3, scale=1.5),
        "kernel_2x3x4": normal(2, 3, 4, scale=0.3),
        "matrix_3x4_tiny_row": tiny_row,
    }


# (plugin name as the test creates it, its params, TFJS factory and args, tensors)
ELEMENTWISE = ["vector", "matrix_4x6", "matrix_5x3", "kernel_2x3x4"]
TFJS_CASES = [
    ("l1", {}, "l1", {}),
    ("L1", {"l1": 0.3}, "l1", {"l1": 0.3}),
    ("l2", {}, "l2", {}),
    ("l2", {"l2": 0.25}, "l2", {"l2": 0.25}),
    ("l1_l2", {}, "l1l2", {}),
    ("l1_l2", {"l1": 0.0003}, "l1l2", {"l1": 0.0003}),
    ("l1l2", {"l1": 0.2, "l2": 0.05}, "l1l2", {"l1": 0.2, "l2": 0.05}),
    ("L1L2", {"l2": 0.1}, "l1l2", {"l2": 0.1}),
]
ORTHOGONAL_CASES = [
    ({}, ["matrix_4x6", "matrix_5x3", "matrix_3x4_tiny_row"]),
    ({"mode": "columns"}, ["matrix_4x6", "matrix_5x3"]),
    ({"factor": 0.3, "mode": "rows"}, ["matrix_4x6", "matrix_5x3"]),
    ({"factor": 0.05, "mode": "columns"}, ["matrix_4x6", "matrix_5x3", "matrix_3x4_tiny_row"]),
]


def torch_elementwise(x, l1, l2):
    w = x.double().requires_grad_(True)
    penalty = l1 * w.abs().sum() + l2 * (w * w).sum()
    penalty.backward()
    return float(penalty), w.grad


def tfjs(requests):
    run = subprocess.run(["node", str(HERE / "tfjs_penalties.js")], input=json.dumps(requests),
                         capture_output=True, text=True, check=True, cwd=HERE)
    return json.loads(run.stdout)


def tfjs_cases(xs):
    requests, meta = [], []
    for plugin, params, factory, args in TFJS_CASES:
        for name in ELEMENTWISE:
            x = xs[name]
            requests.append({"factory": factory, "args": args, "shape": list(x.shape), "values": floats(x)})
            meta.append((plugin, params, name))
    cases = []
    for (plugin, params, name), result in zip(meta, tfjs(requests)):
        x = xs[name]
        l1, l2 = result["config"]["l1"], result["config"]["l2"]
        penalty, torch_gradient = torch_elementwise(x, l1, l2)
        gradient = torch.tensor(result["gradient"], dtype=torch.float64).reshape(x.shape)
        at_zero = x == 0
        gradient[at_zero] = torch_gradient[at_zero]
        # Two oracles, one answer: float32 (TFJS) against float64 (PyTorch).
        assert abs(result["penalty"] - penalty) <= 1e-6 * abs(penalty), (plugin, params, name)
        assert torch.allclose(gradient, torch_gradient, rtol=1e-6, atol=1e-9), (plugin, params, name)
        cases.append({"plugin": plugin, "params": params, "tensor": name, "oracle": "tfjs",
                      "factors": {"l1": l1, "l2": l2},
                      "penalty": float(result["penalty"]), "gradient": floats(gradient)})
    return cases


def keras_orthogonal_penalty(x, factor, mode):
    """Keras 3's OrthogonalRegularizer.__call__ in torch, float64."""
    def normalize(v, axis):
        inverse_norm = torch.clamp(torch.rsqrt((v * v).sum(dim=axis, keepdim=True)), max=1.0 / 1e-7)
        return v * inverse_norm
    if mode == "rows":
        u = normalize(x, 1)
        product, size = u @ u.T, x.shape[0]
    else:
        u = normalize(x, 0)
        product, size = u.T @ u, x.shape[1]
    product_no_diagonal = product * (1.0 - torch.eye(size, dtype=x.dtype))
    num_pairs = size * (size - 1.0) / 2.0
    return factor * 0.5 * product_no_diagonal.abs().sum() / num_pairs, product_no_diagonal


def orthogonal_cases(xs):
    cases = []
    for params, names in ORTHOGONAL_CASES:
        factor, mode = params.get("factor", 0.01), params.get("mode", "rows")
        for name in names:
            w = xs[name].double().requires_grad_(True)
            penalty, cosines = keras_orthogonal_penalty(w, factor, mode)
            penalty.backward()
            off_diagonal = cosines.detach().abs() + torch.eye(cosines.shape[0], dtype=torch.float64)
            smallest_cosine = float(off_diagonal.min())
            if name != "matrix_3x4_tiny_row":
                # |cos| has a kink at 0; the test's finite differences must not cross it.
                assert smallest_cosine > 20 * FINITE_DIFFERENCE_STEP, (params, name, smallest_cosine)
            cases.append({"plugin": "orthogonal_regularizer", "params": params, "tensor": name,
                          "oracle": "pytorch", "smallest_abs_cosine": smallest_cosine,
                          "penalty": float(penalty), "gradient": floats(w.grad)})
    return cases


def main():
    xs = tensors()
    reference = {
        "generator": "tools/reference/regularizers/generate.py (TensorFlow.js 4.22 for l1/l2/l1_l2, "
                     "PyTorch " + torch.__version__ + " autograd for orthogonal_regularizer)",
        "finite_difference_step": FINITE_DIFFERENCE_STEP,
        "tensors": {name: {"shape": list(x.shape), "values": floats(x)} for name, x in xs.items()},
        "cases": tfjs_cases(xs) + orthogonal_cases(xs),
    }
    OUT.write_text(json.dumps(reference, indent=1) + "\n")
    print(f"wrote {OUT} ({len(reference['cases'])} cases)")


if __name__ == "__main__":
    main()

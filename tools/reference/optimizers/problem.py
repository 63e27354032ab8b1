"""The fixed problem every optimizer reference runs on, and its gradient.

Four tensors shaped like two Dense layers (kernels of 5x3 and 3x4, biases of 3 and 4).
Each element e has constants curvature h, target, amplitude a, phase and skip_period, and
at step t = 1, 2, ... its gradient is

    g = 0                                                   if skip_period > 0 and t % skip_period == 0
    g = h * (w - target) + a * drive,  drive = float32(cos(0.7 * t + phase))   otherwise

with cos evaluated in double precision (glibc, as the C++ test does) and rounded to
float32. The pull towards the target fades, the drive keeps changing sign, so every
optimizer sees gradients of both signs; elements whose constants are all 0 have a zero
gradient at every step, and skip_period makes others zero at some steps (all of
dense_1/bias shares period 7, so that whole tensor has a zero gradient then).
"""
import math

import numpy as np

STEPS = 60
CHECKPOINTS = [1, 10, 25, 60]
FREQUENCY = 0.7  # radians per step of the drive
SEED = 20260117

FORMULA = (
    "per element, at step t = 1..steps (t = optimizer iterations before the update + 1): "
    "g = 0 if skip_period > 0 and t % skip_period == 0, else "
    "g = curvature * (w - target) + amplitude * drive with drive = float32(cos(0.7 * t + phase)), "
    "cos evaluated in double precision and rounded to float32; g is computed in float32 from the "
    "current float32 weights before every step, and the core's clipping then applies to it. "
    "Arrays are flat in row-major order; a tensor of shape (n) is a 1 x n matrix, (r, c) is r x c.")

SHAPES = {"dense/kernel": (5, 3), "dense/bias": (3,), "dense_1/kernel": (3, 4), "dense_1/bias": (4,)}
# Elements with every constant 0: their gradient is exactly zero at every step.
ALWAYS_ZERO = {"dense/kernel": [(1, 2), (4, 0)], "dense/bias": [(0,)], "dense_1/kernel": [(2, 1)],
               "dense_1/bias": [(3,)]}
# Elements driven only by the cosine (no pull to a target): a linear loss.
DRIVE_ONLY = {"dense/kernel": [(0, 1)], "dense_1/kernel": [(1, 3)]}
WHOLE_TENSOR_PERIOD = {"dense_1/bias": 7}


def f32(x):
    """The float32 nearest x, as a Python float (what the JSON stores and C++ reads back exactly)."""
    return float(np.float32(x))


class Tensor:
    def __init__(self, name, shape, w0, target, curvature, amplitude, phase, skip_period):
        self.name, self.shape = name, shape
        self.w0, self.target, self.curvature = w0, target, curvature
        self.amplitude, self.phase, self.skip_period = amplitude, phase, skip_period

    def drive(self, t):
        return np.array([f32(math.cos(FREQUENCY * t + p)) for p in self.phase.reshape(-1)]).reshape(self.shape)

    def active(self, t):
        return ~((self.skip_period > 0) & (t % np.maximum(self.skip_period, 1) == 0))

    def to_json(self):
        flat = lambda a: [float(v) for v in a.reshape(-1)]
        return {"name": self.name, "shape": list(self.shape), "w0": flat(self.w0), "target": flat(self.target),
                "curvature": flat(self.curvature), "amplitude": flat(self.amplitude), "phase": flat(self.phase),
                "skip_period": [int(v) for v in self.skip_period.reshape(-1)]}


class Problem:
    """tensors: list of Tensor; the gradient formula above (drive may be overridden)."""

    def __init__(self, tensors, steps=STEPS, checkpoints=CHECKPOINTS, drive=None):
        self.tensors, self.steps, self.checkpoints = tensors, steps, checkpoints
        self._drive = drive

    def drives(self, t):
        return [self._drive(tensor, t) if self._drive else tensor.drive(t) for tensor in self.tensors]

    def gradients(self, weights, t, dtype):
        """The gradient of every tensor at step t, in dtype (np.float32 mirrors the C++ test)."""
        out = []
        for tensor, w, drive in zip(self.tensors, weights, self.drives(t)):
            c = lambda a: np.asarray(a, dtype=dtype)
            g = c(tensor.curvature) * (c(w) - c(tensor.target)) + c(tensor.amplitude) * c(drive)
            out.append(np.where(tensor.active(t), g, dtype(0)).astype(dtype))
        return out

    def to_json(self):
        return {"formula": FORMULA, "steps": self.steps, "checkpoints": self.checkpoints,
                "tensors": [t.to_json() for t in self.tensors]}


def main_problem():
    rng = np.random.default_rng(SEED)
    tensors = []
    for name, shape in SHAPES.items():
        u = lambda low, high: np.vectorize(f32)(rng.uniform(low, high, shape))
        w0, target = u(-1.5, 1.5), u(-1.0, 1.0)
        curvature, amplitude, phase = u(0.1, 0.8), u(0.5, 1.5), u(0.0, 2.0 * math.pi)
        skip_period = rng.choice([0, 0, 0, 3, 4, 5], shape)
        if name in WHOLE_TENSOR_PERIOD:
            skip_period[...] = WHOLE_TENSOR_PERIOD[name]
        for index in DRIVE_ONLY.get(name, []):
            curvature[index] = target[index] = 0.0
        for index in ALWAYS_ZERO.get(name, []):
            target[index] = curvature[index] = amplitude[index] = phase[index] = 0.0
            skip_period[index] = 0
        tensors.append(Tensor(name, shape, w0, target, curvature, amplitude, phase, skip_period))
    return Problem(tensors)


def keras_vector_problem():
    """KERAS_REFERENCE.md 1.15: f(w) = sum(w^2) + c.w, gradient 2w + c, 5 steps."""
    c = np.array([0.1, -0.3, 0.2, 0.05])
    tensor = Tensor("w", (4,), np.array([1.0, -2.0, 3.0, 0.5]), np.zeros(4), np.full(4, 2.0), c, np.zeros(4),
                    np.zeros(4, dtype=int))
    return Problem([tensor], steps=5, checkpoints=[5], drive=lambda tensor, t: np.ones(tensor.shape))

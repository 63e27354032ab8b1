#!/usr/bin/python3
"""AdaBelief reference trajectories for examples/custom_plugin/adabelief.cpp.

A NumPy transcription of Algorithm 2 of Zhuang et al., "AdaBelief Optimizer: Adapting
Stepsizes by the Belief in Observed Gradients" (NeurIPS 2020), in float64, written from
the paper and not from the plugin:

    m_t = b1 m_{t-1} + (1 - b1) g_t
    s_t = b2 s_{t-1} + (1 - b2) (g_t - m_t)^2 + eps
    m_hat = m_t / (1 - b1^t),   s_hat = s_t / (1 - b2^t)
    theta_t = theta_{t-1} - alpha m_hat / (sqrt(s_hat) + eps)

The gradients are a fixed sequence with zeros and sign changes, stored with the result so
the C++ test replays them. Writes tests/data/reference/adabelief.json:
    /usr/bin/python3 tools/reference/adabelief/generate.py
"""
import json
import pathlib

import numpy as np

STEPS = 40
SIZE = 6
CASES = [
    {"params": {}, "learning_rate": 0.001},
    {"params": {"beta_1": 0.5, "beta_2": 0.9, "epsilon": 1e-8}, "learning_rate": 0.01},
    {"params": {"beta_1": 0.3, "beta_2": 0.99, "epsilon": 1e-6}, "learning_rate": 0.05},  # beta_1 = 0 would make g - m exactly 0, s collapse to epsilon and the step 1/sqrt(eps): chaotic in float32
]
DEFAULTS = {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-16}


def gradients(rng):
    g = rng.normal(0.0, 1.0, size=(STEPS, SIZE))
    g[:, 0] = 0.0                                                  # a gradient that is always zero
    g[:, 1] = np.where(np.arange(STEPS) % 2 == 0, 1.0, -1.0)      # one that flips its sign every step
    g[:, 2] *= 1e-3                                                # and a tiny one
    return g.astype(np.float32)


def adabelief(initial, grads, lr, beta_1, beta_2, epsilon):
    theta = initial.astype(np.float64).copy()
    m = np.zeros_like(theta)
    s = np.zeros_like(theta)
    trajectory = []
    for t, g in enumerate(grads.astype(np.float64), start=1):
        m = beta_1 * m + (1 - beta_1) * g
        s = beta_2 * s + (1 - beta_2) * (g - m) ** 2 + epsilon
        m_hat = m / (1 - beta_1 ** t)
        s_hat = s / (1 - beta_2 ** t)
        theta = theta - lr * m_hat / (np.sqrt(s_hat) + epsilon)
        trajectory.append(theta.tolist())
    return trajectory


def main():
    rng = np.random.default_rng(2020)
    initial = rng.uniform(-1.0, 1.0, size=SIZE).astype(np.float32)
    cases = []
    for case in CASES:
        grads = gradients(rng)
        hyper = {**DEFAULTS, **case["params"]}
        cases.append({
            "params": case["params"],
            "learning_rate": case["learning_rate"],
            "gradients": grads.tolist(),
            "expected": adabelief(initial, grads, case["learning_rate"], **hyper),
        })
    out = {"source": "tools/reference/adabelief/generate.py (NumPy transcription of Zhuang et al. 2020, Algorithm 2)",
           "initial": initial.tolist(), "cases": cases}
    path = pathlib.Path(__file__).resolve().parents[3] / "tests" / "data" / "reference" / "adabelief.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()

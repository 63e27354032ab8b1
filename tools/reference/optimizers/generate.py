#!/usr/bin/python3
"""Reference trajectories of every optimizer for tests/plugins/optimizer_trajectories_test.cpp.

    cd tools/reference/optimizers && npm ci && /usr/bin/python3 generate.py

Writes tests/data/reference/optimizer_trajectories.json: the problem (problem.py), and per
case (cases.py) the optimizer, its nnplug parameters, the oracle that computed it, how the
core options were applied around that oracle, and the weights after the checkpoint steps
(and the EMA that finalize_variable_values writes, with use_ema).

Oracles: TensorFlow.js (tfjs.py), PyTorch (torch_oracles.py), and for lion, ftrl, lamb and
adafactor a NumPy transcription of Keras 3's source (keras3_numpy.py: not independent).
Every case is also run through the transcription in float64 and float32; the largest
differences (oracle vs transcription, float32 vs float64) are printed, and a case whose
float32 run strays from float64 beyond the test's default tolerance gets a wider one
with the reason.
"""
import json
import pathlib
import sys

import numpy as np

import cases as case_list
import keras3_numpy
import keras_base
import problem as problem_module
import tfjs
import torch_oracles

OUT = pathlib.Path(__file__).resolve().parents[3] / "tests" / "data" / "reference" / "optimizer_trajectories.json"
# The C++ test's default tolerance: |actual - expected| <= RELATIVE * |expected| + ABSOLUTE.
RELATIVE, ABSOLUTE = 1e-5, 1e-6


def keras_params(optimizer, params):
    return {**keras3_numpy.DEFAULTS[optimizer], **params}


def transcription(problem, optimizer, params, dtype):
    state = {}

    def step(weights, gradients, lr, t):
        if "optimizer" not in state:
            state["optimizer"] = keras3_numpy.make(optimizer, params, weights)
        state["optimizer"].step(weights, gradients, lr, t)

    result = keras_base.trajectory(problem, params, step, dtype)
    result["source"] = "numpy transcription of keras 3 %s.py (keras-team/keras 3422977a5e = v3.15.1), float64" % optimizer
    return result


def run_oracle(node, problem, optimizer, params, oracle):
    if oracle == "tfjs":
        return tfjs.run(node, problem, optimizer, params)
    if oracle == "torch":
        return torch_oracles.run(problem, optimizer, params)
    assert optimizer in ("lion", "ftrl", "lamb", "adafactor"), "the transcription is the reference only where no oracle is"
    return transcription(problem, optimizer, params, np.float64)


def flat_values(result):
    arrays = [np.array(v) for step in result["trajectory"].values() for v in step.values()]
    if result["ema"]:
        arrays += [np.array(v) for v in result["ema"].values()]
    return np.concatenate(arrays)


def difference(a, b):
    """Largest |a - b|, largest relative difference, and the worst ratio to the test's tolerance."""
    x, y = flat_values(a), flat_values(b)
    gap = np.abs(x - y)
    return {"absolute": gap.max(), "relative": (gap / np.maximum(np.abs(y), 1e-30)).max(),
            "of_tolerance": (gap / (RELATIVE * np.abs(y) + ABSOLUTE)).max()}


def methods(optimizer, params, oracle):
    out = {}
    for key, method in case_list.BASE_OPTION_METHOD.items():
        if key not in params or key == "ema_momentum":
            continue
        if key == "weight_decay" and optimizer == "adamw" and oracle == "torch":
            method = "PyTorch AdamW's own decoupled decay w *= 1 - lr * weight_decay before its step (Keras's order)"
        if key == "decay" and optimizer == "adamax" and oracle == "tfjs":
            method = "TFJS adamax's own decay argument: lr / (1 + decay * iteration)"
        out[key] = method
    return out


def widened_tolerance(sensitivity):
    """Wider bounds for a case whose float32 run differs from float64 by more than half the
    default tolerance: the smallest 2x, 5x, 10x, ... that leaves four times that margin."""
    if sensitivity["of_tolerance"] <= 0.5:
        return None
    factor = next(f for f in (2, 5, 10, 20, 50, 100, 200, 500, 1000) if f >= 4 * sensitivity["of_tolerance"])
    return {"relative": RELATIVE * factor, "absolute": ABSOLUTE * factor,
            "why": "a float32 run of this case's Keras formulas differs from float64 by up to %.1e (relative "
                   "%.1e): float32 rounding, amplified by this optimizer's divisions, is that large here" %
                   (sensitivity["absolute"], sensitivity["relative"])}


def main():
    problem = problem_module.main_problem()
    node = tfjs.Node()
    out_cases, report = [], []
    for name, optimizer, case_params, oracle in case_list.CASES:
        params = keras_params(optimizer, case_params)
        reference = run_oracle(node, problem, optimizer, params, oracle)
        exact = transcription(problem, optimizer, params, np.float64)
        single = transcription(problem, optimizer, params, np.float32)
        versus_transcription = difference(reference, exact)
        sensitivity = difference(single, exact)
        report.append((name, reference["source"].split(",")[0], versus_transcription, sensitivity))
        entry = {"name": name, "optimizer": optimizer, "params": case_params, "source": reference["source"]}
        base = methods(optimizer, case_params, oracle)
        if base:
            entry["base_options"] = base
        tolerance = widened_tolerance(sensitivity)
        if tolerance:
            entry["tolerance"] = tolerance
        entry["expected"] = {str(step): values for step, values in reference["trajectory"].items()}
        if reference["ema"]:
            entry["ema"] = reference["ema"]
        out_cases.append(entry)
    node.close()

    document = {
        "generator": "tools/reference/optimizers/generate.py",
        "problem": problem.to_json(),
        "cases": out_cases,
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n")
    print("wrote %s: %d cases" % (OUT, len(out_cases)))
    print("%-52s %-28s %-22s %s" % ("case", "source", "oracle vs transcription", "float32 vs float64 (x tolerance)"))
    for name, source, versus, sensitivity in report:
        print("%-52s %-28s abs %.1e rel %.1e   abs %.1e rel %.1e (%.2f)" % (
            name, source, versus["absolute"], versus["relative"], sensitivity["absolute"], sensitivity["relative"],
            sensitivity["of_tolerance"]))
    worst = max(report, key=lambda r: r[2]["of_tolerance"])
    if worst[2]["of_tolerance"] > 1:
        sys.exit("oracle and transcription disagree beyond the tolerance in '%s'" % worst[0])


if __name__ == "__main__":
    main()

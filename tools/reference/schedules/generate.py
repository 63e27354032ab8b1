#!/usr/bin/python3
"""Reference learning rates for the schedule plugins (tests/plugins/schedules_test.cpp).

Run with Debian's interpreter (python3-torch 1.13, python3-numpy), from anywhere:
    /usr/bin/python3 tools/reference/schedules/generate.py
Writes tests/data/reference/schedules.json: for every schedule and a few parameter
settings, the rate at chosen steps (0, 1, each boundary and its neighbours, the end of a
warmup or cycle, past the end, large steps), each value tagged with its source (SOURCES).
Where two sources give a step's rate they must agree to AGREEMENT, and the Keras
transcriptions must reproduce KERAS_REFERENCE.md's table (keras_table.py); the script
stops with an error otherwise.
"""
import json
import math
import pathlib
import re
import sys
from fractions import Fraction

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import keras_formulas  # noqa: E402
import keras_table  # noqa: E402
import torch_formulas  # noqa: E402
from torch_schedulers import rates  # noqa: E402

lrs = torch.optim.lr_scheduler
OUT = pathlib.Path(__file__).resolve().parents[3] / "tests" / "data" / "reference" / "schedules.json"

SOURCES = {
    "keras_formula": "Keras 3's __call__ transcribed into NumPy float64 (tools/reference/schedules/keras_formulas.py)",
    "torch_formula": "PyTorch 1.13's closed form transcribed into Python floats (torch_formulas.py)",
    "torch_formula_held": "PyTorch's closed form at total_steps - 1: PyTorch raises past total_steps, the plugin keeps "
                          "the final rate",
    "torch": "the case's torch.optim.lr_scheduler (torch_scheduler) stepped once per optimizer step: "
             "get_last_lr()[0] before step k",
}
# Both are double computations of one formula; PyTorch's chainable schedulers multiply step by
# step, so their rounding grows with the step (about 1e-11 relative after 1e5 steps).
AGREEMENT = {"relative": 1e-10, "absolute": 1e-16}
LARGE = [10 ** 6, 10 ** 9]


def around(*points):
    return [p + d for p in points for d in (-1, 0, 1) if p + d >= 0]


def case(schedule, params, steps, torch_scheduler=None, torch_lr=None, torch_until=None):
    """torch_scheduler: (text, factory(optimizer)); the torch rates hold for steps <= torch_until."""
    return {"schedule": schedule, "params": params, "steps": sorted(set(steps)), "torch": torch_scheduler,
            "torch_lr": torch_lr, "torch_until": torch_until}


def torch_case(schedule, params, steps, text, factory, lr, until):
    return case(schedule, params, steps, (text, factory), lr, until)


CASES = [
    # ---- exponential_decay: ExponentialLR with gamma = rate^(1/decay_steps); staircase = StepLR.
    torch_case("exponential_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5},
               [0, 1, 5, 15, 25, 35, 100, 1000, *around(10, 20, 30), *LARGE],
               "ExponentialLR(gamma=0.5 ** (1 / 10))", lambda o: lrs.ExponentialLR(o, gamma=0.5 ** (1 / 10)),
               0.1, 1000),
    torch_case("exponential_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5,
                                     "staircase": True},
               [0, 1, 5, 15, 25, 35, 100, 1000, *around(10, 20, 30), *LARGE],
               "StepLR(step_size=10, gamma=0.5)", lambda o: lrs.StepLR(o, step_size=10, gamma=0.5), 0.1, 1000),
    torch_case("exponential_decay", {"initial_learning_rate": 0.01, "decay_steps": 1, "decay_rate": 0.9},
               [0, 1, 2, 3, 10, 100, 1000, *LARGE],
               "ExponentialLR(gamma=0.9)", lambda o: lrs.ExponentialLR(o, gamma=0.9), 0.01, 1000),
    torch_case("exponential_decay", {"initial_learning_rate": 1.0, "decay_steps": 3, "decay_rate": 0.96,
                                     "staircase": True},
               [0, 1, 100, *around(3, 6, 9), *LARGE],
               "StepLR(step_size=3, gamma=0.96)", lambda o: lrs.StepLR(o, step_size=3, gamma=0.96), 1.0, 100),
    torch_case("exponential_decay", {"initial_learning_rate": 0.1, "decay_steps": 100000, "decay_rate": 0.96},
               [0, 1, *around(100000), *LARGE, 2 ** 53],
               "ExponentialLR(gamma=0.96 ** (1 / 100000))",
               lambda o: lrs.ExponentialLR(o, gamma=0.96 ** (1 / 100000)), 0.1, 100001),
    # ---- piecewise_constant_decay: geometric values are MultiStepLR one step later (Keras
    # switches after the boundary step).
    case("piecewise_constant_decay", {"boundaries": [10, 20], "values": [1.0, 0.5, 0.1]},
         [0, 1, 5, 25, 30, 35, *around(10, 20), 10 ** 9, 2 ** 53]),
    torch_case("piecewise_constant_decay", {"boundaries": [100, 110], "values": [1.0, 0.5, 0.25]},
               [0, 200, *around(100, 110)],
               "MultiStepLR(milestones=[101, 111], gamma=0.5)",
               lambda o: lrs.MultiStepLR(o, milestones=[101, 111], gamma=0.5), 1.0, 200),
    case("piecewise_constant_decay", {"boundaries": [0], "values": [0.3, 0.03]}, [0, 1, 2, 10 ** 6]),
    case("piecewise_constant_decay", {"boundaries": [5, 6, 1000], "values": [0.4, 0.3, 0.2, 0.1]},
         [*around(5, 6, 1000), 10 ** 9]),
    # ---- polynomial_decay: PolynomialLR is the end_learning_rate = 0, no-cycle case.
    case("polynomial_decay", {"initial_learning_rate": 0.1, "decay_steps": 10},
         [0, 1, 5, 15, 25, 30, 35, *around(10), 10 ** 9]),
    case("polynomial_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "end_learning_rate": 0.01,
                              "power": 2.0, "cycle": True},
         [0, 1, 5, 15, 25, 35, *around(10, 20, 30), 10 ** 6, 10 ** 6 + 1, 10 ** 9]),
    torch_case("polynomial_decay", {"initial_learning_rate": 0.5, "decay_steps": 100, "end_learning_rate": 0.0,
                                    "power": 2.0},
               [0, 1, 50, 1000, *around(100), 10 ** 9],
               "PolynomialLR(total_iters=100, power=2.0)", lambda o: lrs.PolynomialLR(o, total_iters=100, power=2.0),
               0.5, 1000),
    torch_case("polynomial_decay", {"initial_learning_rate": 0.2, "decay_steps": 50, "end_learning_rate": 0.0},
               [0, 1, 25, 200, *around(50)],
               "PolynomialLR(total_iters=50, power=1.0)", lambda o: lrs.PolynomialLR(o, total_iters=50, power=1.0),
               0.2, 200),
    case("polynomial_decay", {"initial_learning_rate": 0.1, "decay_steps": 7, "end_learning_rate": 0.001,
                              "power": 0.5, "cycle": True},
         [0, *around(7, 14, 21), *LARGE]),
    # ---- inverse_time_decay: no PyTorch scheduler has this shape.
    case("inverse_time_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5},
         [0, 1, 5, 15, 25, 35, *around(10, 20, 30), *LARGE, 2 ** 53]),
    case("inverse_time_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": True},
         [0, 1, 5, 15, 25, 35, *around(10, 20, 30), *LARGE, 2 ** 53]),
    case("inverse_time_decay", {"initial_learning_rate": 1.0, "decay_steps": 1, "decay_rate": 0.5},
         [0, 1, 2, 3, 100, 10 ** 9]),
    # ---- cosine_decay: CosineAnnealingLR within [0, T_max] (it rises again after; Keras holds).
    torch_case("cosine_decay", {"initial_learning_rate": 0.1, "decay_steps": 10},
               [*range(12), 15, 25, 35, 10 ** 9, 2 ** 53],
               "CosineAnnealingLR(T_max=10)", lambda o: lrs.CosineAnnealingLR(o, T_max=10), 0.1, 10),
    torch_case("cosine_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "alpha": 0.1},
               [*range(12), 15, 25, 35, 10 ** 9],
               "CosineAnnealingLR(T_max=10, eta_min=0.1 * 0.1)",
               lambda o: lrs.CosineAnnealingLR(o, T_max=10, eta_min=0.1 * 0.1), 0.1, 10),
    torch_case("cosine_decay", {"initial_learning_rate": 0.05, "decay_steps": 1000},
               [0, 1, 500, *around(1000), 10 ** 9],
               "CosineAnnealingLR(T_max=1000)", lambda o: lrs.CosineAnnealingLR(o, T_max=1000), 0.05, 1000),
    case("cosine_decay", {"initial_learning_rate": 0.0, "decay_steps": 10, "warmup_target": 0.1, "warmup_steps": 5},
         [0, 1, 10, 25, *around(5, 15), 10 ** 9]),
    case("cosine_decay", {"initial_learning_rate": 0.01, "decay_steps": 20, "alpha": 0.05, "warmup_target": 0.2,
                          "warmup_steps": 8},
         [0, 1, 18, 100, *around(8, 28), 10 ** 9]),
    case("cosine_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "warmup_steps": 5}, [0, 1, 5, 10, 11]),
    # ---- cosine_decay_restarts: CosineAnnealingWarmRestarts for m_mul = 1 and a whole t_mul.
    torch_case("cosine_decay_restarts", {"initial_learning_rate": 0.1, "first_decay_steps": 10},
               [0, 1, 5, 15, 25, 35, *around(10, 30, 70, 150), *LARGE],
               "CosineAnnealingWarmRestarts(T_0=10, T_mult=2)",
               lambda o: lrs.CosineAnnealingWarmRestarts(o, T_0=10, T_mult=2), 0.1, 151),
    case("cosine_decay_restarts", {"initial_learning_rate": 0.1, "first_decay_steps": 10, "t_mul": 1.0, "m_mul": 0.5,
                                   "alpha": 0.1},
         [0, 1, 5, 15, 25, 35, *around(10, 20, 30), *LARGE]),
    torch_case("cosine_decay_restarts", {"initial_learning_rate": 0.2, "first_decay_steps": 5, "t_mul": 3.0,
                                         "alpha": 0.2},
               [0, 1, *around(5, 20, 65, 200), 10 ** 9],
               "CosineAnnealingWarmRestarts(T_0=5, T_mult=3, eta_min=0.2 * 0.2)",
               lambda o: lrs.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=3, eta_min=0.2 * 0.2), 0.2, 201),
    case("cosine_decay_restarts", {"initial_learning_rate": 0.1, "first_decay_steps": 16, "t_mul": 1.5, "m_mul": 0.8},
         [0, 1, *around(16, 40, 76, 130, 211), 10 ** 6]),
    torch_case("cosine_decay_restarts", {"initial_learning_rate": 0.3, "first_decay_steps": 4, "t_mul": 1.0},
               [0, 1, 2, 100, *around(4, 8, 12)],
               "CosineAnnealingWarmRestarts(T_0=4, T_mult=1)",
               lambda o: lrs.CosineAnnealingWarmRestarts(o, T_0=4, T_mult=1), 0.3, 100),
    # ---- step_decay = StepLR.
    torch_case("step_decay", {"initial_learning_rate": 0.1, "step_size": 30},
               [0, 1, *around(30, 60, 90), *LARGE],
               "StepLR(step_size=30)", lambda o: lrs.StepLR(o, step_size=30), 0.1, 91),
    torch_case("step_decay", {"initial_learning_rate": 0.5, "step_size": 7, "gamma": 0.9},
               [0, 100, 1000, *around(7, 14)],
               "StepLR(step_size=7, gamma=0.9)", lambda o: lrs.StepLR(o, step_size=7, gamma=0.9), 0.5, 1000),
    torch_case("step_decay", {"initial_learning_rate": 1.0, "step_size": 1, "gamma": 0.5},
               [0, 1, 2, 3, 4, 100],
               "StepLR(step_size=1, gamma=0.5)", lambda o: lrs.StepLR(o, step_size=1, gamma=0.5), 1.0, 100),
    # ---- one_cycle = OneCycleLR up to total_steps - 1 (momentum cycling is not a rate).
    torch_case("one_cycle", {"max_learning_rate": 0.1, "total_steps": 100},
               [0, 1, 50, 98, 99, 100, 101, 1000, *around(29), 10 ** 9],
               "OneCycleLR(max_lr=0.1, total_steps=100, cycle_momentum=False)",
               lambda o: lrs.OneCycleLR(o, max_lr=0.1, total_steps=100, cycle_momentum=False), 0.1, 99),
    torch_case("one_cycle", {"max_learning_rate": 0.01, "total_steps": 50, "pct_start": 0.25,
                             "anneal_strategy": "linear", "div_factor": 10.0, "final_div_factor": 100.0,
                             "three_phase": True},
               [0, 1, 11, 12, 13, 30, 48, 49, 50, *around(23), 10 ** 6],
               "OneCycleLR(max_lr=0.01, total_steps=50, pct_start=0.25, anneal_strategy='linear', div_factor=10.0, "
               "final_div_factor=100.0, three_phase=True, cycle_momentum=False)",
               lambda o: lrs.OneCycleLR(o, max_lr=0.01, total_steps=50, pct_start=0.25, anneal_strategy="linear",
                                        div_factor=10.0, final_div_factor=100.0, three_phase=True,
                                        cycle_momentum=False), 0.01, 49),
    torch_case("one_cycle", {"max_learning_rate": 0.05, "total_steps": 1}, [0, 1, 2],
               "OneCycleLR(max_lr=0.05, total_steps=1, cycle_momentum=False)",
               lambda o: lrs.OneCycleLR(o, max_lr=0.05, total_steps=1, cycle_momentum=False), 0.05, 0),
    torch_case("one_cycle", {"max_learning_rate": 0.2, "total_steps": 21, "pct_start": 0.45, "three_phase": True},
               [*range(22), 10 ** 9],
               "OneCycleLR(max_lr=0.2, total_steps=21, pct_start=0.45, three_phase=True, cycle_momentum=False)",
               lambda o: lrs.OneCycleLR(o, max_lr=0.2, total_steps=21, pct_start=0.45, three_phase=True,
                                        cycle_momentum=False), 0.2, 20),
    torch_case("one_cycle", {"max_learning_rate": 0.3, "total_steps": 10, "pct_start": 0.0}, [*range(11)],
               "OneCycleLR(max_lr=0.3, total_steps=10, pct_start=0.0, cycle_momentum=False)",
               lambda o: lrs.OneCycleLR(o, max_lr=0.3, total_steps=10, pct_start=0.0, cycle_momentum=False), 0.3, 9),
    # ---- cyclic = CyclicLR.
    torch_case("cyclic", {"base_learning_rate": 0.001, "max_learning_rate": 0.006, "step_size_up": 4},
               [*range(18), *LARGE],
               "CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=4, cycle_momentum=False)",
               lambda o: lrs.CyclicLR(o, base_lr=0.001, max_lr=0.006, step_size_up=4, cycle_momentum=False), 0.001, 17),
    torch_case("cyclic", {"base_learning_rate": 0.01, "max_learning_rate": 0.1, "step_size_up": 3,
                          "step_size_down": 5, "mode": "triangular2"},
               [*range(41), 10 ** 9],
               "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=3, step_size_down=5, mode='triangular2', "
               "cycle_momentum=False)",
               lambda o: lrs.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3, step_size_down=5,
                                      mode="triangular2", cycle_momentum=False), 0.01, 40),
    torch_case("cyclic", {"base_learning_rate": 0.001, "max_learning_rate": 0.01, "step_size_up": 20,
                          "step_size_down": 10, "mode": "exp_range", "gamma": 0.99},
               [0, 1, 1000, *around(20, 30, 50, 60), 10 ** 6],
               "CyclicLR(base_lr=0.001, max_lr=0.01, step_size_up=20, step_size_down=10, mode='exp_range', gamma=0.99, "
               "cycle_momentum=False)",
               lambda o: lrs.CyclicLR(o, base_lr=0.001, max_lr=0.01, step_size_up=20, step_size_down=10,
                                      mode="exp_range", gamma=0.99, cycle_momentum=False), 0.001, 1000),
    torch_case("cyclic", {"base_learning_rate": 0.0001, "max_learning_rate": 0.001},
               [0, 1, 6000, *around(2000, 4000), 10 ** 9],
               "CyclicLR(base_lr=0.0001, max_lr=0.001, cycle_momentum=False)",
               lambda o: lrs.CyclicLR(o, base_lr=0.0001, max_lr=0.001, cycle_momentum=False), 0.0001, 6000),
    torch_case("cyclic", {"base_learning_rate": 0.02, "max_learning_rate": 0.05, "step_size_up": 5,
                          "step_size_down": 0},
               [*range(12)],
               "CyclicLR(base_lr=0.02, max_lr=0.05, step_size_up=5, step_size_down=0, cycle_momentum=False)",
               lambda o: lrs.CyclicLR(o, base_lr=0.02, max_lr=0.05, step_size_up=5, step_size_down=0,
                                      cycle_momentum=False), 0.02, 11),
]


def exact_restart_index(step, params):
    """The number of restarts before `step`, in exact rational arithmetic."""
    elapsed = Fraction(step, params["first_decay_steps"])
    t_mul = Fraction(params.get("t_mul", 2.0))
    if t_mul == 1:
        return math.floor(elapsed)
    n = 0
    while (t_mul ** (n + 1) - 1) / (t_mul - 1) <= elapsed:
        n += 1
    return n


def keras_value(schedule, params, step, notes):
    formula = keras_formulas.FORMULAS[schedule]
    if schedule != "cosine_decay_restarts":
        return float(formula(step, **params))
    # Keras's floor(log(...) / log(t_mul)) can round to the period before a restart; the
    # exact index is Keras's intent (its period starts are restarts for whole t_mul).
    keras_index = float(keras_formulas.restart_index(np.float64(step) / params["first_decay_steps"],
                                                     np.float64(params.get("t_mul", 2.0))))
    exact = exact_restart_index(step, params)
    if keras_index != exact:
        period_start = (Fraction(params.get("t_mul", 2.0)) ** exact - 1) / (Fraction(params.get("t_mul", 2.0)) - 1)
        assert Fraction(step, params["first_decay_steps"]) == period_start, (params, step, keras_index, exact)
        notes.append(f"step {step} is a restart; Keras's float64 log puts it at the end of restart "
                     f"{int(keras_index)} (rate {float(formula(step, **params))!r}); the exact index {exact} is used")
    return float(formula(step, **params, i_restart=np.float64(exact)))


def formula_values(spec, step, notes):
    schedule, params = spec["schedule"], spec["params"]
    if schedule in keras_formulas.FORMULAS:
        return {"keras_formula": keras_value(schedule, params, step, notes)}
    formula = torch_formulas.FORMULAS[schedule]
    if schedule == "one_cycle" and step >= params["total_steps"]:
        return {"torch_formula_held": float(formula(params["total_steps"] - 1, **params))}
    return {"torch_formula": float(formula(step, **params))}


def agree(a, b):
    return abs(a - b) <= AGREEMENT["relative"] * max(abs(a), abs(b)) + AGREEMENT["absolute"]


def build_case(spec, worst):
    notes = []
    torch_rates = rates(spec["torch"][1], spec["torch_lr"], spec["torch_until"]) if spec["torch"] else []
    points = []
    for step in spec["steps"]:
        values = formula_values(spec, step, notes)
        if step < len(torch_rates):
            values["torch"] = float(torch_rates[step])
        for value in values.values():
            assert math.isfinite(value) and value >= 0.0, (spec["schedule"], spec["params"], step, values)
        numbers = list(values.values())
        if len(numbers) == 2:
            a, b = numbers
            assert agree(a, b), (spec["schedule"], spec["params"], step, values)
            difference = abs(a - b)
            worst["absolute"] = max(worst["absolute"], difference)
            if max(abs(a), abs(b)) > 0:
                worst["relative"] = max(worst["relative"], difference / max(abs(a), abs(b)))
        points.append({"step": step, "values": values})
    out = {"schedule": spec["schedule"], "params": spec["params"]}
    if spec["torch"]:
        out["torch_scheduler"] = spec["torch"][0]
    if notes:
        out["notes"] = notes
    out["points"] = points
    return out


def check_keras_table():
    worst = 0.0
    for schedule, params, expected in keras_table.TABLE:
        for step, value in zip(keras_table.STEPS, expected):
            got = keras_value(schedule, params, step, [])
            assert abs(got - value) <= keras_table.RELATIVE * abs(value) + 1e-12, (schedule, params, step, got, value)
            if value:
                worst = max(worst, abs(got - value) / abs(value))
    return worst


def main():
    torch.set_num_threads(1)
    table_worst = check_keras_table()
    worst = {"relative": 0.0, "absolute": 0.0}
    cases = [build_case(spec, worst) for spec in CASES]
    content = {"generator": "tools/reference/schedules/generate.py", "torch": torch.__version__,
               "numpy": np.__version__, "sources": SOURCES, "cases": cases}
    text = json.dumps(content, indent=1)
    # One line per point keeps the file short and its diffs readable.
    text = re.sub(r'\{\s+"step": (\d+),\s+"values": \{([^}]*)\}\s+\}',
                  lambda m: '{"step": ' + m.group(1) + ', "values": {' + re.sub(r"\s+", " ", m.group(2)).strip() + "}}",
                  text)
    OUT.write_text(text + "\n")
    points = sum(len(c["points"]) for c in cases)
    print(f"wrote {OUT}: {len(cases)} cases, {points} points")
    print(f"Keras table: worst relative difference {table_worst:.3g} (allowed {keras_table.RELATIVE})")
    print(f"two sources at one step: worst relative {worst['relative']:.3g}, absolute {worst['absolute']:.3g}")


if __name__ == "__main__":
    main()

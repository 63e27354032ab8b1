#!/usr/bin/python3
"""Cross-check: the oracles and the transcription, mapped as generate.py maps them,
reproduce the Keras 3 test vectors of KERAS_REFERENCE.md 1.15 (f(w) = sum(w^2) + c.w,
5 steps, computed there from the Keras formulas in float64).

    cd tools/reference/optimizers && /usr/bin/python3 check_keras_vectors.py

Exits non-zero if any source misses a vector by more than 1e-6 relative (float64
sources) or 3e-6 relative + 1e-7 (TensorFlow.js, float32).
"""
import sys

import numpy as np

import problem as problem_module
import tfjs
import torch_oracles
from generate import keras_params, transcription

# (optimizer, params, expected w after 5 steps, oracles that compute it exactly)
VECTORS = [
    ("sgd", {"learning_rate": 0.05}, [0.5700145000, -1.1195535000, 1.7305190000, 0.2850072500], ["tfjs", "torch"]),
    ("sgd", {"learning_rate": 0.05, "momentum": 0.9}, [-0.0806180000, 0.2126940000, -0.1903960000, -0.0403090000],
     ["tfjs", "torch"]),
    ("sgd", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True},
     [-0.1598107681, 0.3748506204, -0.4242032201, -0.0799053840], ["tfjs", "torch"]),
    ("sgd", {"learning_rate": 0.05, "decay": 0.1}, [0.6250000000, -1.2321428571, 1.8928571429, 0.3125000000],
     ["tfjs", "torch"]),
    ("sgd", {"learning_rate": 0.05, "momentum": 0.9, "weight_decay": 0.1},
     [-0.0893311400, 0.2297503303, -0.2169053697, -0.0446655700], ["tfjs", "torch"]),
    ("rmsprop", {"learning_rate": 0.01}, [0.8954100840, -1.8944405214, 2.8941634481, 0.3974079403], ["tfjs"]),
    ("rmsprop", {"learning_rate": 0.01, "momentum": 0.5}, [0.8250402273, -1.8228658977, 2.8222510137, 0.3296303163],
     ["tfjs"]),
    ("rmsprop", {"learning_rate": 0.01, "centered": True}, [0.8798464586, -1.8785097716, 2.8781301227, 0.3826371201],
     ["tfjs"]),
    ("adagrad", {"learning_rate": 0.1}, [0.6985003659, -1.6865020859, 2.6833492716, 0.2265795199], ["tfjs", "torch"]),
    ("adadelta", {"learning_rate": 1.0}, [0.9928062502, -1.9928000424, 2.9927982278, 0.4928184041], ["torch"]),
    ("adam", {"learning_rate": 0.01}, [0.9500438791, -1.9500207799, 2.9500142823, 0.4500931576], ["tfjs", "torch"]),
    ("adam", {"learning_rate": 0.01, "amsgrad": True}, [0.9500438791, -1.9500207799, 2.9500142823, 0.4500931576],
     ["torch"]),
    ("adamw", {"learning_rate": 0.01}, [0.9498480774, -1.9496249812, 2.9494185038, 0.4499973663], ["torch"]),
    ("adamax", {"learning_rate": 0.01}, [0.9504177262, -1.9501532043, 2.9500756422, 0.4509319478], ["tfjs"]),
    ("nadam", {"learning_rate": 0.01}, [0.9606190818, -1.9605074393, 2.9604750580, 0.4608415664], ["torch"]),
    ("lion", {"learning_rate": 0.01}, [0.9500000000, -1.9500000000, 2.9500000000, 0.4500000000], []),
    ("ftrl", {"learning_rate": 0.1, "l1_regularization_strength": 0.1},
     [0.5614002776, -1.5439012584, 2.5332691634, 0.1184373600], []),
]


def main():
    problem = problem_module.keras_vector_problem()
    node = tfjs.Node()
    worst = 0.0
    failures = []
    for optimizer, case_params, expected, oracles in VECTORS:
        params = keras_params(optimizer, case_params)
        runs = {"keras3 transcription": (transcription(problem, optimizer, params, np.float64), 1e-6, 0.0)}
        if "tfjs" in oracles:
            runs["tfjs"] = (tfjs.run(node, problem, optimizer, params), 3e-6, 1e-7)
        if "torch" in oracles:
            runs["torch"] = (torch_oracles.run(problem, optimizer, params), 1e-6, 0.0)
        for source, (result, relative, absolute) in runs.items():
            got = np.array(result["trajectory"][5]["w"])
            gap = np.abs(got - expected)
            ratio = (gap / (relative * np.abs(expected) + absolute)).max()
            print("%-9s %-58s %-21s max |diff| %.1e (%.2f of bound)" % (optimizer, case_params, source, gap.max(),
                                                                       ratio))
            worst = max(worst, ratio)
            if ratio > 1:
                failures.append("%s %s via %s" % (optimizer, case_params, source))
    node.close()
    if failures:
        sys.exit("outside the bound: " + "; ".join(failures))
    print("all %d vectors reproduced (worst %.2f of the bound)" % (len(VECTORS), worst))


if __name__ == "__main__":
    main()

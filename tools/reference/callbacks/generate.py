#!/usr/bin/env python3
"""Writes tests/data/reference/callbacks.json: Keras 3's ReduceLROnPlateau and EarlyStopping
(transcribed in keras_callbacks.py) run on scripted monitored sequences.

For every case and epoch the file holds the logs the callback saw, the learning rate after
the epoch's on_epoch_end (float32, as Keras's variable holds it), whether a warning was
issued and whether training was asked to stop; per case the epochs run, the stop epoch,
the epoch whose weights the model ends with, and the verbose messages. A case whose
monitor direction Keras cannot resolve records the error instead.

Run: /usr/bin/python3 tools/reference/callbacks/generate.py
"""
import json
import math
import pathlib

import numpy as np

from keras_callbacks import EarlyStopping, LearningRateScheduler, Recorder, ReduceLROnPlateau, csv_logger_text

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "tests" / "data" / "reference" / "callbacks.json"

# The run's compiled metrics and their Keras _direction ("up" for every accuracy).
METRICS = {"accuracy": "up", "mae": "down"}


def logs_of(key, values, **others):
    """Per-epoch logs with `key` following `values` (None: the key is missing that epoch)."""
    out = []
    for i, value in enumerate(values):
        logs = {"loss": 1.0 / (i + 1)}
        if value is not None:
            logs[key] = value
        for name, sequence in others.items():
            logs[name] = sequence[i]
        out.append(logs)
    return out


def noisy_plateau(seed, epochs):
    """A loss that falls, then wanders on a plateau (rounded so the JSON stays readable)."""
    rng = np.random.default_rng(seed)
    values = []
    for i in range(epochs):
        trend = 1.0 / (1 + 0.5 * i) if i < 6 else 0.25
        values.append(round(float(trend + 0.01 * rng.standard_normal()), 4))
    return values


def run(callback_class, params, initial_lr, epochs_logs):
    recorder = Recorder(initial_lr, METRICS)
    callback = callback_class(**params)
    callback.set_model(recorder)
    callback.on_train_begin()
    epochs = []
    try:
        for epoch, logs in enumerate(epochs_logs):
            recorder.weights_from_epoch = epoch  # this epoch's training produced new weights
            warnings_before = len(recorder.warnings)
            callback.on_epoch_end(epoch, dict(sorted(logs.items())))
            epochs.append({
                "logs": logs,
                "learning_rate": float(recorder.learning_rate),
                "warned": len(recorder.warnings) > warnings_before,
                "stop": bool(recorder.stop_training),
            })
            if recorder.stop_training:
                break
    except ValueError as error:
        return {"error": str(error)}
    callback.on_train_end()
    return {
        "epochs": epochs,
        "epochs_run": len(epochs),
        "stopped_epoch": getattr(callback, "stopped_epoch", None),
        "final_weights_epoch": recorder.weights_from_epoch,
        "messages": recorder.messages,
    }


def case(callback, name, params, values=None, initial_lr=0.01, key=None, logs=None):
    key = key or params.get("monitor", "val_loss")
    epochs_logs = logs if logs is not None else logs_of(key, values)
    callback_class = {"reduce_lr_on_plateau": ReduceLROnPlateau, "early_stopping": EarlyStopping}[callback]
    result = run(callback_class, params, initial_lr, epochs_logs)
    return {"callback": callback, "name": name, "params": params, "initial_learning_rate": initial_lr,
            "metrics": METRICS, "logs": epochs_logs, **result}


PLATEAU = [1.0] * 10
# Dyadic values, so "exactly min_delta better" is exact in binary: 0.75 + 0.25 == 1.0.
EDGE = [1.0, 0.75, 0.5, 0.5, 0.25, 0.0078125]


def reduce_lr_cases():
    r = "reduce_lr_on_plateau"
    return [
        case(r, "steady improvement never reduces", {"patience": 2}, [1.0, 0.9, 0.8, 0.7, 0.6, 0.5]),
        case(r, "plateau, patience 2, factor 0.5", {"patience": 2, "factor": 0.5, "verbose": 1}, PLATEAU),
        case(r, "plateau, patience 1, cooldown 0", {"patience": 1, "factor": 0.5, "cooldown": 0}, PLATEAU),
        case(r, "plateau, patience 1, cooldown 1 (no effect)", {"patience": 1, "factor": 0.5, "cooldown": 1}, PLATEAU),
        case(r, "plateau, patience 1, cooldown 2", {"patience": 1, "factor": 0.5, "cooldown": 2}, PLATEAU),
        case(r, "plateau, patience 2, cooldown 3", {"patience": 2, "factor": 0.5, "cooldown": 3}, PLATEAU + PLATEAU),
        case(r, "min_lr floor", {"patience": 1, "factor": 0.1, "min_lr": 1e-4, "verbose": 1}, [1.0] * 8),
        case(r, "min_lr above the rate: never reduced", {"patience": 1, "min_lr": 0.05}, [1.0] * 5),
        case(r, "mode max on a falling loss never improves", {"monitor": "loss", "mode": "max", "patience": 1,
                                                              "factor": 0.5},
             logs=logs_of("unused", [0] * 6)),
        case(r, "mode auto on val_accuracy is max", {"monitor": "val_accuracy", "patience": 2, "factor": 0.2},
             [0.5, 0.6, 0.7, 0.7, 0.65, 0.7, 0.71, 0.71, 0.71, 0.9]),
        case(r, "mode min explicit", {"monitor": "val_accuracy", "mode": "min", "patience": 1, "factor": 0.5},
             [0.5, 0.6, 0.4, 0.4]),
        case(r, "exactly min_delta better is not an improvement", {"patience": 1, "factor": 0.5, "min_delta": 0.25},
             EDGE),
        case(r, "min_delta is used as its absolute value", {"patience": 1, "factor": 0.5, "min_delta": -0.25}, EDGE),
        case(r, "mode max: exactly min_delta better is not an improvement",
             {"monitor": "val_accuracy", "mode": "max", "patience": 1, "factor": 0.5, "min_delta": 0.25},
             [0.0, 0.25, 0.5, 0.5, 0.75, 0.9921875]),
        case(r, "Keras 2 epsilon is min_delta", {"patience": 1, "factor": 0.5, "epsilon": 0.25}, EDGE),
        case(r, "default min_delta 1e-4: smaller gains do not count", {"patience": 2, "factor": 0.5},
             [1.0, 0.99995, 0.9999, 0.99985, 0.9998, 0.99975]),
        case(r, "missing monitor key: warning, nothing else", {"patience": 1}, [None] * 4),
        case(r, "monitor missing in some epochs", {"patience": 2, "factor": 0.5}, [1.0, None, 1.0, None, 1.0, 1.0]),
        case(r, "noisy plateau, patience 3, cooldown 2, factor 0.2",
             {"patience": 3, "factor": 0.2, "cooldown": 2, "min_lr": 1e-5}, noisy_plateau(3, 30), initial_lr=0.001),
        case(r, "unknown metric with mode auto is an error", {"monitor": "val_f1"}, [0.5, 0.6]),
    ]


def early_stopping_cases():
    e = "early_stopping"
    return [
        case(e, "patience 0 stops at the first bad epoch", {}, [1.0, 0.8, 0.9, 0.7, 0.6]),
        case(e, "patience 2 on a plateau", {"patience": 2, "verbose": 1}, [1.0, 0.9] + [0.9] * 6),
        case(e, "restore_best_weights after a stop", {"patience": 2, "restore_best_weights": True, "verbose": 1},
             [1.0, 0.6, 0.7, 0.8, 0.5]),
        case(e, "restore_best_weights without a stop (Keras 3 restores anyway)",
             {"patience": 5, "restore_best_weights": True}, [1.0, 0.6, 0.7, 0.8, 0.9]),
        case(e, "baseline never beaten: stops after patience epochs",
             {"patience": 2, "baseline": 0.5, "restore_best_weights": True}, [0.9, 0.8, 0.85, 0.7, 0.6, 0.4]),
        case(e, "baseline beaten keeps training", {"patience": 1, "baseline": 0.5}, [0.9, 0.45, 0.4, 0.3, 0.35]),
        case(e, "start_from_epoch ignores the warm-up", {"patience": 0, "start_from_epoch": 3},
             [1.0, 2.0, 3.0, 0.5, 0.4, 0.6, 0.3]),
        case(e, "start_from_epoch with restore saves from the first monitored epoch",
             {"patience": 1, "start_from_epoch": 2, "restore_best_weights": True}, [0.1, 0.2, 0.9, 1.0, 1.1]),
        case(e, "exactly min_delta better is not an improvement", {"patience": 1, "min_delta": 0.25}, EDGE),
        case(e, "mode auto on val_accuracy is max", {"monitor": "val_accuracy", "patience": 1},
             [0.5, 0.6, 0.7, 0.65, 0.6, 0.9]),
        case(e, "mode max on a falling loss", {"monitor": "loss", "mode": "max", "patience": 1},
             logs=logs_of("unused", [0] * 6)),
        case(e, "missing monitor key never stops", {"patience": 0}, [None] * 4),
        case(e, "unknown metric with mode auto is an error", {"monitor": "val_f1"}, [0.5, 0.6]),
    ]


# (muParser formula for nnplug, the same schedule as a Python function for Keras, epochs, verbose)
SCHEDULES = [
    ("epoch < 10 ? lr : lr * exp(-0.1)", lambda epoch, lr: lr if epoch < 10 else lr * math.exp(-0.1), 15, 0),
    ("0.1 * 0.5 ^ floor(epoch / 3)", lambda epoch, lr: 0.1 * 0.5 ** math.floor(epoch / 3), 10, 1),
    ("max(lr * 0.9, 0.004)", lambda epoch, lr: max(lr * 0.9, 0.004), 12, 0),
    ("epoch == 2 || epoch == 5 ? lr / 2 : lr", lambda epoch, lr: lr / 2 if epoch in (2, 5) else lr, 8, 1),
    ("0.05 / (1 + epoch)", lambda epoch, lr: 0.05 / (1 + epoch), 6, 0),
]


def scheduler_cases():
    cases = []
    for formula, function, epochs, verbose in SCHEDULES:
        recorder = Recorder(0.01, METRICS)
        callback = LearningRateScheduler(function, verbose)
        callback.set_model(recorder)
        rates = []
        for epoch in range(epochs):
            callback.on_epoch_begin(epoch)
            rates.append(float(recorder.learning_rate))
        cases.append({"schedule": formula, "verbose": verbose, "initial_learning_rate": 0.01,
                      "learning_rates": rates, "messages": recorder.messages})
    return cases


# ModelCheckpoint fills its filepath with str.format(epoch=epoch + 1, **logs).
FORMAT_LOGS = {"loss": 0.123456789, "val_loss": 1.5, "accuracy": 0.98765, "tiny": 1.25e-7, "big": 12345678.9,
               "negative": -2.5, "whole": 3.0, "learning_rate": 0.0010000000474974513}
FILEPATHS = ["ckpt.npz", "w-{epoch}.npz", "w-{epoch:02d}.npz", "w-{epoch:03}-{epoch:>4}-{epoch:<3}|.npz",
             "w-{epoch:02d}-{val_loss:.2f}.npz", "{loss}-{val_loss}-{whole}-{tiny}-{big}.npz",
             "{loss:.3e}_{accuracy:.1%}_{loss:g}_{tiny:g}_{big:g}.npz", "{loss:.3}_{whole:.3}_{big:.2}.npz",
             "{negative:+.2f}_{loss:+.1f}_{loss: .2f}_{negative:08.3f}_{loss:08.3f}.npz",
             "{loss:10.4f}|{loss:<8.2f}|{loss:^9.1f}|{loss:*>9.2f}|{negative:=+9.2f}.npz",
             "{{literal}}-{epoch:.1f}-{learning_rate:.2e}-{accuracy:E}-{big:F}.npz"]


def filepath_cases():
    return [{"filepath": path, "epoch": 4, "logs": FORMAT_LOGS, "expected": path.format(epoch=5, **FORMAT_LOGS)}
            for path in FILEPATHS]


# Values chosen for how Python's str() writes them: shortest round trip, ".0" on whole
# numbers, scientific below 1e-4 and from 1e16, nan / inf.
CSV_LOGS = [
    [{"loss": 0.5, "accuracy": 0.8123000264167786, "learning_rate": 0.0010000000474974513},
     {"loss": 0.1, "accuracy": 1.0, "learning_rate": 1e-05},
     {"loss": 2.5e-05, "accuracy": 0.0001, "learning_rate": 1e16}],
    [{"loss": 0.25, "val_loss": 0.375, "accuracy": 0.5, "val_accuracy": 0.625, "learning_rate": 0.01},
     {"loss": float("nan"), "accuracy": float("inf"), "learning_rate": 123456789.125, "val_loss": -0.0}],
]


def json_logs(logs):
    """JSON has no NaN or infinity: those values are written as the strings Python prints."""
    return [{key: value if math.isfinite(value) else str(value) for key, value in epoch.items()} for epoch in logs]


def csv_cases():
    cases = []
    for logs in CSV_LOGS:
        cases.append({"separator": ",", "append": False, "existing": "", "logs": logs,
                      "expected": csv_logger_text(logs)})
    cases.append({"separator": ";", "append": False, "existing": "", "logs": CSV_LOGS[1],
                  "expected": csv_logger_text(CSV_LOGS[1], ";")})
    existing = csv_logger_text(CSV_LOGS[1][:1])
    cases.append({"separator": ",", "append": True, "existing": existing, "logs": CSV_LOGS[1],
                  "expected": csv_logger_text(CSV_LOGS[1], ",", existing)})
    cases.append({"separator": ",", "append": True, "existing": "", "logs": CSV_LOGS[0][:1],
                  "expected": csv_logger_text(CSV_LOGS[0][:1], ",", "")})
    for entry in cases:
        entry["logs"] = json_logs(entry["logs"])
    return cases


def main():
    cases = reduce_lr_cases() + early_stopping_cases()
    OUT.write_text(json.dumps({
        "generator": "tools/reference/callbacks/generate.py",
        "source": "Keras 3 @ 3422977a5e (v3.15.1) callbacks transcribed to NumPy; no Keras installed here",
        "cases": cases,
        "learning_rate_scheduler": scheduler_cases(),
        "model_checkpoint_filepaths": filepath_cases(),
        "csv_logger": csv_cases(),
    }, indent=1, allow_nan=False) + "\n")
    print(f"wrote {len(cases)} monitor cases, {len(SCHEDULES)} schedules, {len(FILEPATHS)} filepaths, "
          f"{len(csv_cases())} CSV files to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

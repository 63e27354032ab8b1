"""Keras 3's ReduceLROnPlateau, EarlyStopping and their MonitorCallback base, transcribed.

From keras-team/keras @ 3422977a5e (= v3.15.1 for keras/src/callbacks/):
monitor_callback.py, reduce_lr_on_plateau.py, early_stopping.py. Keras is not installed
here, so the classes are copied statement for statement, with only the framework around
them replaced: `ops.less`/`ops.greater` by NumPy's (what Keras's NumPy backend calls; the
TensorFlow backend would compare in float32), the optimizer by an object holding a float32
learning rate (as Keras's variable does), the model's weights by the index of the epoch
they come from, and warnings / print_msg by lists the generator records.

One deliberate addition, marked below: Keras 2's `epsilon` as min_delta's alias (tf.keras
2.x pops it from kwargs; Keras 3 ignores it), because nnplug accepts the Keras 2 spelling.
"""
import numpy as np


class Recorder:
    """What the callbacks print and warn, and the model/optimizer they act on."""

    def __init__(self, learning_rate, metric_directions):
        self.learning_rate = np.float32(learning_rate)
        self.metric_directions = metric_directions  # metric name -> "up" / "down"
        self.weights_from_epoch = None  # the model's weights, named by the epoch that produced them
        self.stop_training = False
        self.messages = []
        self.warnings = []


class Callback:
    """keras/src/callbacks/callback.py: every hook does nothing unless overridden."""

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass


class MonitorCallback(Callback):
    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        if mode not in ["auto", "min", "max"]:
            self.warn(f"{self.__class__.__name__} mode '{mode}' is unknown, fallback to auto mode.")
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def set_model(self, model):
        self.model = model

    def warn(self, text):
        self.model.warnings.append(text)

    def _set_monitor_op(self):
        if self.mode == "min":
            self.monitor_op = np.less
        elif self.mode == "max":
            self.monitor_op = np.greater
        else:
            metric_name = self.monitor.removeprefix("val_")
            if metric_name == "loss":
                self.monitor_op = np.less
            for name, direction in self.model.metric_directions.items():
                if name == metric_name:
                    if direction == "up":
                        self.monitor_op = np.greater
                    else:
                        self.monitor_op = np.less
            if self.monitor_op is None:
                raise ValueError(
                    f"{self.__class__.__name__} callback received "
                    f"monitor={self.monitor}, but Keras isn't able to "
                    "automatically determine whether that metric should be "
                    "maximized or minimized. Pass `mode='max'` in order to "
                    "monitor based on the highest metric value, or pass "
                    "`mode='min'` in order to use the lowest value."
                )
        if self.monitor_op == np.less:
            self.min_delta *= -1

    def _is_improvement(self, monitor_value, reference_value):
        if reference_value is None:
            return True
        return self.monitor_op(monitor_value - self.min_delta, reference_value)


class ReduceLROnPlateau(MonitorCallback):
    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
                 min_delta=1e-4, cooldown=0, min_lr=0.0, **kwargs):
        # nnplug's addition: tf.keras 2.x's `epsilon` alias (Keras 3 ignores the kwarg).
        if "epsilon" in kwargs:
            min_delta = kwargs.pop("epsilon")
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(
                "ReduceLROnPlateau does not support a factor >= 1.0. "
                f"Received factor={factor}"
            )
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self):
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def _reduce_optimizer_lr(self, optimizer, epoch, name=""):
        old_lr = float(optimizer.learning_rate)
        if old_lr > np.float32(self.min_lr):
            new_lr = old_lr * self.factor
            new_lr = max(new_lr, self.min_lr)
            optimizer.learning_rate = np.float32(new_lr)  # Keras assigns to a float32 variable
            if self.verbose > 0:
                name_str = f" {name}" if name else ""
                # Keras prints a leading "\n" to end its progress bar; nnplug prints lines.
                self.model.messages.append(
                    f"Epoch {epoch + 1}: ReduceLROnPlateau reducing"
                    f"{name_str} learning rate to {new_lr}."
                )
            return True
        return False

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = logs or {}
        logs["learning_rate"] = float(self.model.learning_rate)
        current = logs.get(self.monitor)
        if current is None:
            self.warn(
                "Learning rate reduction is conditioned on metric "
                f"`{self.monitor}` which is not available. Available metrics "
                f"are: {','.join(list(logs.keys()))}."
            )
        else:
            if self.in_cooldown():
                self.cooldown_counter -= 1
                self.wait = 0
            if self._is_improvement(current, self.best):
                self.best = current
                self.wait = 0
            elif not self.in_cooldown():
                self.wait += 1
                if self.wait >= self.patience:
                    reduced = False
                    if self._reduce_optimizer_lr(self.model, epoch):
                        reduced = True
                    if reduced:
                        self.cooldown_counter = self.cooldown
                        self.wait = 0

    def in_cooldown(self):
        return self.cooldown_counter > 0


class EarlyStopping(MonitorCallback):
    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0):
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        self.start_from_epoch = start_from_epoch

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.weights_from_epoch
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.weights_from_epoch
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            self.model.messages.append(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                self.model.messages.append(
                    "Restoring model weights from "
                    "the end of the best epoch: "
                    f"{self.best_epoch + 1}."
                )
            self.model.weights_from_epoch = self.best_weights

    def get_monitor_value(self, logs):
        logs = logs or {}
        monitor_value = logs.get(self.monitor)
        if monitor_value is None:
            self.warn(
                f"Early stopping conditioned on metric `{self.monitor}` "
                "which is not available. "
                f"Available metrics are: {','.join(list(logs.keys()))}"
            )
        return monitor_value


class LearningRateScheduler(Callback):
    """learning_rate_scheduler.py, with the schedule a Python function of (epoch, lr)."""

    def __init__(self, schedule, verbose=0):
        self.schedule = schedule
        self.verbose = verbose

    def set_model(self, model):
        self.model = model

    def on_epoch_begin(self, epoch, logs=None):
        learning_rate = float(self.model.learning_rate)
        learning_rate = self.schedule(epoch, learning_rate)
        if not isinstance(learning_rate, (float, np.float32, np.float64)):
            raise ValueError("The output of the `schedule` function should be a float. "
                             f"Got: {learning_rate}")
        self.model.learning_rate = np.float32(learning_rate)
        if self.verbose > 0:
            self.model.messages.append(
                f"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {learning_rate}.")


def csv_logger_text(epochs_logs, separator=",", existing=""):
    """csv_logger.py's on_train_begin/on_epoch_end writing to a string; `existing` is the
    file's text before an append (append=True when given)."""
    import collections
    import csv
    import io

    out = io.StringIO(newline="")
    out.write(existing)
    append_header = not existing.split("\n")[0] if existing else True
    keys = None
    writer = None
    for epoch, logs in enumerate(epochs_logs):
        if keys is None:
            keys = sorted(logs.keys())
            if not any(key.startswith("val_") for key in keys) and keys:
                keys.extend([f"val_{k}" for k in keys])
        if not writer:
            class CustomDialect(csv.excel):
                delimiter = separator
            writer = csv.DictWriter(out, fieldnames=["epoch"] + keys, dialect=CustomDialect)
            if append_header:
                writer.writeheader()
        row = collections.OrderedDict({"epoch": epoch})
        row.update((key, logs.get(key, "NA")) for key in keys)
        writer.writerow(row)
    return out.getvalue()

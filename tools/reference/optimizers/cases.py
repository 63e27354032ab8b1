"""Every reference case: the optimizer, its parameters exactly as an nnplug config spells
them (Keras 3 names; unspecified ones take Keras's defaults), and which oracle computes it.

oracle: "tfjs" (TensorFlow.js 4.22, float32), "torch" (PyTorch 1.13.1, float64) or
"keras3" (the NumPy transcription of Keras's source, float64; only for lion, ftrl, lamb
and adafactor, which neither library implements).
Cases with core options say how those were generated around the oracle (keras_base.py).
"""

TINY = 1e-20  # a Keras epsilon below float32 rounding, where PyTorch places eps differently

CASES = [
    # ---- sgd
    ("sgd defaults", "sgd", {}, "tfjs"),
    ("sgd lr 0.05", "sgd", {"learning_rate": 0.05}, "tfjs"),
    ("sgd momentum 0.9", "sgd", {"learning_rate": 0.02, "momentum": 0.9}, "tfjs"),
    ("sgd momentum 0.9 nesterov", "sgd", {"learning_rate": 0.02, "momentum": 0.9, "nesterov": True}, "tfjs"),
    ("sgd momentum 0.5 nesterov (torch)", "sgd", {"learning_rate": 0.05, "momentum": 0.5, "nesterov": True}, "torch"),
    # ---- rmsprop
    ("rmsprop defaults", "rmsprop", {}, "tfjs"),
    ("rmsprop rho 0.8 momentum 0.5 epsilon 1e-3", "rmsprop",
     {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5, "epsilon": 1e-3}, "tfjs"),
    ("rmsprop centered", "rmsprop", {"learning_rate": 0.01, "centered": True}, "tfjs"),
    ("rmsprop centered epsilon 0.01", "rmsprop", {"learning_rate": 0.01, "centered": True, "epsilon": 0.01}, "tfjs"),
    ("rmsprop centered momentum 0.9 (torch)", "rmsprop",
     {"learning_rate": 0.005, "rho": 0.85, "momentum": 0.9, "centered": True, "epsilon": TINY}, "torch"),
    # ---- adagrad
    ("adagrad defaults", "adagrad", {}, "tfjs"),
    ("adagrad initial_accumulator_value 0.5", "adagrad",
     {"learning_rate": 0.1, "initial_accumulator_value": 0.5}, "tfjs"),
    ("adagrad epsilon 0.01 (torch)", "adagrad",
     {"learning_rate": 0.1, "initial_accumulator_value": 0.05, "epsilon": 0.01}, "torch"),
    # ---- adadelta
    ("adadelta defaults", "adadelta", {}, "torch"),
    ("adadelta lr 1", "adadelta", {"learning_rate": 1.0}, "torch"),
    ("adadelta rho 0.9 epsilon 1e-3", "adadelta", {"learning_rate": 0.5, "rho": 0.9, "epsilon": 1e-3}, "torch"),
    # ---- adam
    ("adam defaults", "adam", {}, "tfjs"),
    ("adam betas 0.8 0.99 epsilon 0.1", "adam",
     {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 0.1}, "tfjs"),
    ("adam amsgrad (torch)", "adam", {"learning_rate": 0.01, "beta_2": 0.9, "amsgrad": True}, "torch"),
    ("adam amsgrad epsilon 0.01 (torch)", "adam",
     {"learning_rate": 0.02, "beta_1": 0.5, "beta_2": 0.8, "epsilon": 0.01, "amsgrad": True}, "torch"),
    # ---- adamax
    ("adamax defaults", "adamax", {}, "tfjs"),
    ("adamax betas 0.8 0.95 epsilon 0.01", "adamax",
     {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.95, "epsilon": 0.01}, "tfjs"),
    ("adamax tiny epsilon (torch)", "adamax", {"learning_rate": 0.02, "beta_2": 0.9, "epsilon": TINY}, "torch"),
    # ---- nadam
    ("nadam defaults", "nadam", {}, "torch"),
    ("nadam betas 0.95 0.99 epsilon 1e-3", "nadam",
     {"learning_rate": 0.01, "beta_1": 0.95, "beta_2": 0.99, "epsilon": 1e-3}, "torch"),
    # ---- adamw
    ("adamw defaults", "adamw", {}, "torch"),
    ("adamw weight_decay 0.1 epsilon 1e-3", "adamw",
     {"learning_rate": 0.01, "weight_decay": 0.1, "epsilon": 1e-3}, "torch"),
    ("adamw amsgrad", "adamw", {"learning_rate": 0.01, "weight_decay": 0.05, "beta_2": 0.9, "amsgrad": True}, "torch"),
    # ---- ftrl
    ("ftrl defaults", "ftrl", {}, "keras3"),
    ("ftrl l1", "ftrl", {"learning_rate": 0.1, "l1_regularization_strength": 0.05}, "keras3"),
    ("ftrl l2 and l2 shrinkage", "ftrl",
     {"learning_rate": 0.1, "l2_regularization_strength": 0.1, "l2_shrinkage_regularization_strength": 0.05},
     "keras3"),
    ("ftrl beta, power -0.7, l1 and l2", "ftrl",
     {"learning_rate": 0.05, "learning_rate_power": -0.7, "initial_accumulator_value": 0.2, "beta": 0.5,
      "l1_regularization_strength": 0.01, "l2_regularization_strength": 0.01}, "keras3"),
    # ---- lion
    ("lion defaults", "lion", {}, "keras3"),
    ("lion betas 0.95 0.98", "lion", {"learning_rate": 0.01, "beta_1": 0.95, "beta_2": 0.98}, "keras3"),
    # ---- lamb
    ("lamb defaults", "lamb", {}, "keras3"),
    ("lamb betas 0.8 0.99 epsilon 1e-3", "lamb",
     {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-3}, "keras3"),
    # ---- adafactor (matrices factored, vectors not)
    ("adafactor defaults", "adafactor", {}, "keras3"),
    ("adafactor lr 0.5 relative step, clip_threshold 0.5", "adafactor",
     {"learning_rate": 0.5, "clip_threshold": 0.5, "beta_2_decay": -0.5, "epsilon_2": 0.01}, "keras3"),
    ("adafactor no relative step", "adafactor",
     {"learning_rate": 0.05, "relative_step": False, "epsilon_1": 1e-20}, "keras3"),
    # ---- the core's base-optimizer options around non-SGD/Adam optimizers
    ("rmsprop clipnorm", "rmsprop", {"learning_rate": 0.01, "clipnorm": 0.5}, "tfjs"),
    ("rmsprop momentum, weight_decay and decay", "rmsprop",
     {"learning_rate": 0.01, "momentum": 0.9, "weight_decay": 0.05, "decay": 0.05}, "tfjs"),
    ("adagrad clipvalue and ema", "adagrad",
     {"learning_rate": 0.1, "clipvalue": 0.3, "use_ema": True, "ema_momentum": 0.9}, "tfjs"),
    ("adagrad global_clipnorm and decay", "adagrad",
     {"learning_rate": 0.1, "global_clipnorm": 1.0, "decay": 0.02}, "tfjs"),
    ("adamax decay and clipnorm", "adamax", {"learning_rate": 0.02, "decay": 0.05, "clipnorm": 0.8}, "tfjs"),
    ("adamax ema with overwrite", "adamax",
     {"learning_rate": 0.02, "use_ema": True, "ema_momentum": 0.8, "ema_overwrite_frequency": 10}, "tfjs"),
    ("nadam global_clipnorm", "nadam", {"learning_rate": 0.01, "global_clipnorm": 1.0}, "torch"),
    ("nadam weight_decay, decay and ema", "nadam",
     {"learning_rate": 0.01, "weight_decay": 0.1, "decay": 0.01, "use_ema": True, "ema_momentum": 0.95}, "torch"),
    ("adadelta clipnorm and decay", "adadelta", {"learning_rate": 1.0, "clipnorm": 0.5, "decay": 0.05}, "torch"),
    ("lion weight_decay and clipvalue", "lion",
     {"learning_rate": 0.01, "weight_decay": 0.5, "clipvalue": 0.2}, "keras3"),
    ("lamb weight_decay", "lamb", {"learning_rate": 0.01, "weight_decay": 0.1}, "keras3"),
    ("adafactor global_clipnorm and ema", "adafactor",
     {"learning_rate": 0.1, "global_clipnorm": 0.5, "use_ema": True, "ema_momentum": 0.9}, "keras3"),
    ("ftrl clipvalue and decay", "ftrl",
     {"learning_rate": 0.1, "l1_regularization_strength": 0.02, "clipvalue": 0.5, "decay": 0.05}, "keras3"),
]

BASE_OPTION_METHOD = {
    "clipnorm": "gradients clipped per tensor (g * c / max(|g|, c)) before the oracle's step",
    "global_clipnorm": "gradients scaled by c * min(1/N, 1/c), N the norm over all tensors, before the oracle's step",
    "clipvalue": "gradients clipped to [-v, v] before the oracle's step",
    "weight_decay": "w -= w * weight_decay * lr applied to the weights before the oracle's step, same lr",
    "decay": "the rate lr / (1 + decay * k) (k = updates already applied) given to the oracle every step",
    "use_ema": "average = w after the first step, then ema_momentum * average + (1 - ema_momentum) * w; "
               "'ema' holds the averages finalize_variable_values writes",
    "ema_overwrite_frequency": "every ema_overwrite_frequency steps the weights are replaced by the averages",
}

"""A line-by-line NumPy transcription of Keras 3's update_step for every optimizer
(keras-team/keras keras/src/optimizers/<name>.py at 3422977a5e, = v3.15.1).

This is NOT an independent implementation: it restates Keras's source. It is the
reference only for lion, ftrl, lamb and adafactor, which neither TensorFlow.js nor
PyTorch 1.13 implements; for the other optimizers it is only the cross-check that the
oracles were mapped onto Keras's formulas correctly (generate.py prints the differences).

Every step works in the dtype of the arrays it is given (float64 for the stored
references), with hyper-parameters cast to that dtype as Keras casts them to float32.
"""
import numpy as np

# Keras 3 constructor defaults of each optimizer's own parameters (learning_rate included).
DEFAULTS = {
    "sgd": {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False},
    "rmsprop": {"learning_rate": 0.001, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-7, "centered": False},
    "adagrad": {"learning_rate": 0.001, "initial_accumulator_value": 0.1, "epsilon": 1e-7},
    "adadelta": {"learning_rate": 0.001, "rho": 0.95, "epsilon": 1e-7},
    "adam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": False},
    "adamw": {"learning_rate": 0.001, "weight_decay": 0.004, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7,
              "amsgrad": False},
    "adamax": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    "nadam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    "ftrl": {"learning_rate": 0.001, "learning_rate_power": -0.5, "initial_accumulator_value": 0.1,
             "l1_regularization_strength": 0.0, "l2_regularization_strength": 0.0,
             "l2_shrinkage_regularization_strength": 0.0, "beta": 0.0},
    "lion": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.99},
    "lamb": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    "adafactor": {"learning_rate": 0.001, "beta_2_decay": -0.8, "epsilon_1": 1e-30, "epsilon_2": 1e-3,
                  "clip_threshold": 1.0, "relative_step": True},
}


class Transcription:
    """step(weights, gradients, lr, t) updates the weights in place; t = iterations + 1."""

    def __init__(self, params, weights):
        self.dtype = weights[0].dtype.type
        self.p = {k: (v if isinstance(v, bool) else self.dtype(v)) for k, v in params.items()}
        self.slots = [self.build(w) for w in weights]

    def zeros(self, w, value=0.0):
        return np.full(w.shape, value, dtype=self.dtype)

    def step(self, weights, gradients, lr, t):
        self.begin_step(t)
        lr, t = self.dtype(lr), self.dtype(t)
        for w, g, s in zip(weights, gradients, self.slots):
            self.update(w, g.astype(self.dtype), s, lr, t)

    def begin_step(self, t):
        pass


class SGD(Transcription):
    def build(self, w):
        return {"m": self.zeros(w)}

    def update(self, w, g, s, lr, t):
        momentum = self.p["momentum"]
        if momentum == 0:
            w -= g * lr
            return
        s["m"][...] = s["m"] * momentum - g * lr
        if self.p["nesterov"]:
            w += s["m"] * momentum - g * lr
        else:
            w += s["m"]


class RMSprop(Transcription):
    def build(self, w):
        return {"velocity": self.zeros(w), "momentum": self.zeros(w), "average_gradient": self.zeros(w)}

    def update(self, w, g, s, lr, t):
        rho, eps, momentum = self.p["rho"], self.p["epsilon"], self.p["momentum"]
        s["velocity"][...] = rho * s["velocity"] + (1 - rho) * np.square(g)
        if self.p["centered"]:
            s["average_gradient"][...] = rho * s["average_gradient"] + (1 - rho) * g
            denominator = s["velocity"] - np.square(s["average_gradient"]) + eps
        else:
            denominator = s["velocity"] + eps
        increment = (lr * g) / np.sqrt(denominator)
        if momentum > 0:
            s["momentum"][...] = momentum * s["momentum"] + increment
            w -= s["momentum"]
        else:
            w -= increment


class Adagrad(Transcription):
    def build(self, w):
        return {"accumulator": self.zeros(w, self.p["initial_accumulator_value"])}

    def update(self, w, g, s, lr, t):
        s["accumulator"] += np.square(g)
        w -= (lr * g) / np.sqrt(s["accumulator"] + self.p["epsilon"])


class Adadelta(Transcription):
    def build(self, w):
        return {"grad": self.zeros(w), "delta": self.zeros(w)}

    def update(self, w, g, s, lr, t):
        rho, eps = self.p["rho"], self.p["epsilon"]
        rms = lambda x: np.sqrt(x + eps)
        s["grad"][...] = rho * s["grad"] + (1 - rho) * np.square(g)
        delta_var = -(rms(s["delta"]) * g / rms(s["grad"]))
        s["delta"][...] = rho * s["delta"] + (1 - rho) * np.square(delta_var)
        w += lr * delta_var


class Adam(Transcription):
    def build(self, w):
        return {"m": self.zeros(w), "v": self.zeros(w), "v_hat": self.zeros(w)}

    def update(self, w, g, s, lr, t):
        b1, b2 = self.p["beta_1"], self.p["beta_2"]
        alpha = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        s["m"] += (g - s["m"]) * (1 - b1)
        s["v"] += (np.square(g) - s["v"]) * (1 - b2)
        v = s["v"]
        if self.p["amsgrad"]:
            s["v_hat"][...] = np.maximum(s["v_hat"], s["v"])
            v = s["v_hat"]
        w -= (s["m"] * alpha) / (np.sqrt(v) + self.p["epsilon"])


class AdamW(Adam):
    """Keras's AdamW is Adam; its weight_decay is the base optimizer's decoupled decay."""


class Adamax(Transcription):
    def build(self, w):
        return {"m": self.zeros(w), "u": self.zeros(w)}

    def update(self, w, g, s, lr, t):
        b1, b2 = self.p["beta_1"], self.p["beta_2"]
        s["m"] += (g - s["m"]) * (1 - b1)
        s["u"][...] = np.maximum(b2 * s["u"], np.abs(g))
        w -= (lr * s["m"]) / ((1 - b1 ** t) * (s["u"] + self.p["epsilon"]))


class Nadam(Transcription):
    def __init__(self, params, weights):
        super().__init__(params, weights)
        self.u_product = self.dtype(1.0)

    def build(self, w):
        return {"m": self.zeros(w), "v": self.zeros(w)}

    def begin_step(self, t):
        self.u_product = self.u_product * self.p["beta_1"] * (1.0 - 0.5 * self.dtype(0.96) ** self.dtype(t))

    def update(self, w, g, s, lr, t):
        b1, b2, decay = self.p["beta_1"], self.p["beta_2"], self.dtype(0.96)
        u_t = b1 * (1.0 - 0.5 * decay ** t)
        u_t_1 = b1 * (1.0 - 0.5 * decay ** (t + 1))
        u_product_t_1 = self.u_product * u_t_1
        s["m"] += (g - s["m"]) * (1 - b1)
        s["v"] += (np.square(g) - s["v"]) * (1 - b2)
        m_hat = u_t_1 * s["m"] / (1 - u_product_t_1) + (1 - u_t) * g / (1 - self.u_product)
        v_hat = s["v"] / (1 - b2 ** t)
        w -= (m_hat * lr) / (np.sqrt(v_hat) + self.p["epsilon"])


class Ftrl(Transcription):
    def build(self, w):
        return {"accumulator": self.zeros(w, self.p["initial_accumulator_value"]), "linear": self.zeros(w)}

    def update(self, w, g, s, lr, t):
        p = self.p
        lr_power = p["learning_rate_power"]
        l2_reg = p["l2_regularization_strength"] + p["beta"] / (2.0 * lr)
        grad_to_use = g + 2 * p["l2_shrinkage_regularization_strength"] * w
        new_accum = s["accumulator"] + np.square(g)
        s["linear"] += grad_to_use - (np.power(new_accum, -lr_power) - np.power(s["accumulator"], -lr_power)) / lr * w
        quadratic = np.power(new_accum, -lr_power) / lr + 2 * l2_reg
        l1 = p["l1_regularization_strength"]
        linear_clipped = np.clip(s["linear"], -l1, l1)
        w[...] = (linear_clipped - s["linear"]) / quadratic
        s["accumulator"][...] = new_accum


class Lion(Transcription):
    def build(self, w):
        return {"m": self.zeros(w)}

    def update(self, w, g, s, lr, t):
        b1, b2 = self.p["beta_1"], self.p["beta_2"]
        w -= lr * np.sign(s["m"] * b1 + g * (1.0 - b1))
        s["m"][...] = s["m"] * b2 + g * (1.0 - b2)


class Lamb(Transcription):
    def build(self, w):
        return {"m": self.zeros(w), "v": self.zeros(w)}

    def update(self, w, g, s, lr, t):
        b1, b2 = self.p["beta_1"], self.p["beta_2"]
        s["m"] += (g - s["m"]) * (1 - b1)
        s["v"] += (np.square(g) - s["v"]) * (1 - b2)
        m_t_hat = s["m"] / (1.0 - b1 ** t)
        v_sqrt = np.sqrt(s["v"] / (1.0 - b2 ** t)) + self.p["epsilon"]
        update = m_t_hat / v_sqrt
        w_norm = np.sqrt(np.sum(np.power(w, 2)))
        g_norm = np.sqrt(np.sum(np.power(update, 2)))
        ratio = (w_norm / g_norm) if (w_norm > 0 and g_norm > 0) else self.dtype(1.0)
        w -= ratio * lr * update


class Adafactor(Transcription):
    """Keras's update_step for a constant learning rate (nnplug has no callable rates)."""

    def build(self, w):
        if w.ndim < 2:
            return {"v": self.zeros(w)}
        return {"r": np.zeros(w.shape[:-1], self.dtype), "c": np.zeros(w.shape[:-2] + w.shape[-1:], self.dtype),
                "v": self.zeros(w)}

    @staticmethod
    def rms(x):
        return np.sqrt(np.mean(np.square(x)))

    def update(self, w, g, s, lr, t):
        p, one = self.p, self.dtype(1.0)
        if p["relative_step"]:
            lr = np.minimum(lr, 1 / np.sqrt(t))
        rho_t = np.minimum(lr, 1 / np.sqrt(t))
        alpha_t = np.maximum(p["epsilon_2"], self.rms(w)) * rho_t
        regulated_grad_square = np.square(g) + p["epsilon_1"]
        beta_2_t = 1 - np.power(t, p["beta_2_decay"])
        if w.ndim >= 2:
            s["r"][...] = beta_2_t * s["r"] + (1 - beta_2_t) * np.mean(regulated_grad_square, axis=-1)
            s["c"][...] = beta_2_t * s["c"] + (1 - beta_2_t) * np.mean(regulated_grad_square, axis=-2)
            s["v"][...] = np.expand_dims(s["r"] / np.mean(s["r"], axis=-1, keepdims=True), -1) * \
                np.expand_dims(s["c"], -2)
        else:
            s["v"][...] = beta_2_t * s["v"] + (1 - beta_2_t) * regulated_grad_square
        u_t = g / np.sqrt(s["v"])
        u_t_hat = u_t / np.maximum(one, self.rms(u_t) / p["clip_threshold"])
        w -= alpha_t * u_t_hat


OPTIMIZERS = {"sgd": SGD, "rmsprop": RMSprop, "adagrad": Adagrad, "adadelta": Adadelta, "adam": Adam, "adamw": AdamW,
              "adamax": Adamax, "nadam": Nadam, "ftrl": Ftrl, "lion": Lion, "lamb": Lamb, "adafactor": Adafactor}


def make(optimizer, params, weights):
    own = {k: v for k, v in params.items() if k in DEFAULTS[optimizer]}
    return OPTIMIZERS[optimizer](own, weights)

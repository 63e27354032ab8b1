"""The test values of /work/shared/KERAS_REFERENCE.md section 4.1 (float64, printed to six
significant digits), as the third, hand-independent check of the Keras transcriptions."""

STEPS = [0, 1, 5, 10, 11, 15, 25, 30, 35]
# Printed with %g: six significant digits, so half a unit of the sixth digit.
RELATIVE = 5e-6

TABLE = [
    ("exponential_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5},
     [0.1, 0.0933033, 0.0707107, 0.05, 0.0466516, 0.0353553, 0.0176777, 0.0125, 0.00883883]),
    ("exponential_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": True},
     [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.0125, 0.0125]),
    ("piecewise_constant_decay", {"boundaries": [10, 20], "values": [1.0, 0.5, 0.1]},
     [1, 1, 1, 1, 0.5, 0.5, 0.1, 0.1, 0.1]),
    ("polynomial_decay", {"initial_learning_rate": 0.1, "decay_steps": 10},
     [0.1, 0.09001, 0.05005, 0.0001, 0.0001, 0.0001, 0.0001, 0.0001, 0.0001]),
    ("polynomial_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "end_learning_rate": 0.01, "power": 2.0,
                          "cycle": True},
     [0.1, 0.0829, 0.0325, 0.01, 0.028225, 0.015625, 0.0125, 0.01, 0.0114062]),
    ("inverse_time_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5},
     [0.1, 0.0952381, 0.08, 0.0666667, 0.0645161, 0.0571429, 0.0444444, 0.04, 0.0363636]),
    ("inverse_time_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": True},
     [0.1, 0.1, 0.1, 0.0666667, 0.0666667, 0.0666667, 0.05, 0.04, 0.04]),
    ("cosine_decay", {"initial_learning_rate": 0.1, "decay_steps": 10},
     [0.1, 0.0975528, 0.05, 0, 0, 0, 0, 0, 0]),
    ("cosine_decay", {"initial_learning_rate": 0.1, "decay_steps": 10, "alpha": 0.1},
     [0.1, 0.0977975, 0.055, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]),
    ("cosine_decay", {"initial_learning_rate": 0.0, "decay_steps": 10, "warmup_target": 0.1, "warmup_steps": 5},
     [0, 0.02, 0.1, 0.05, 0.0345492, 0, 0, 0, 0]),
    ("cosine_decay_restarts", {"initial_learning_rate": 0.1, "first_decay_steps": 10},
     [0.1, 0.0975528, 0.05, 0.1, 0.0993844, 0.0853553, 0.0146447, 0.1, 0.096194]),
    ("cosine_decay_restarts", {"initial_learning_rate": 0.1, "first_decay_steps": 10, "t_mul": 1.0, "m_mul": 0.5,
                               "alpha": 0.1},
     [0.1, 0.0977975, 0.055, 0.055, 0.0538988, 0.0325, 0.02125, 0.02125, 0.015625]),
]

#!/usr/bin/python3
"""Writes the numpy-made fixtures that tests/data_io/npz_test.cpp reads.

Run with Debian's interpreter (it has numpy):  /usr/bin/python3 tools/reference/npz_fixture.py
Output, all in tests/data/npz/:
  numpy_written.npz             numpy.savez of the arrays below (stored)
  numpy_written_compressed.npz  numpy.savez_compressed of the same arrays (deflated)
  numpy_written.json            every array's name, dtype, shape and values (C order)
  save_<name>.npy               numpy.save of float32 arrays; our writer must match these bytes
  save_arrays.json              the values of those arrays
  fortran_order.npz             one Fortran-order array (read_npz must refuse it)
  int32.npz                     one int32 array (read_npz must refuse it)
"""
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "npz"


def describe(array):
    return {
        "dtype": str(array.dtype),
        "shape": list(array.shape),
        # float() of a float32 or float64 is exact, and json writes the shortest repr
        # that reads back to the same double.
        "values": [float(v) for v in np.ravel(array, order="C")],
    }


def write_json(path, arrays):
    # One array per line: small diffs when the fixture changes, still readable.
    lines = [f"{json.dumps(name)}: {json.dumps(describe(a))}" for name, a in arrays.items()]
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20240531)

    arrays = {
        "dense/kernel": rng.standard_normal((4, 3)).astype(np.float32),
        "dense/bias": rng.standard_normal(3).astype(np.float32),
        "conv/block_1/kernel": rng.standard_normal((2, 3, 2)).astype(np.float64),
        "lengths": np.array([1e-30, -2.5, 3e30, 0.1], dtype=np.float64),
        "step": np.array(7.0, dtype=np.float64),
        "empty": np.zeros((0, 5), dtype=np.float32),
    }
    np.savez(OUT / "numpy_written.npz", **arrays)
    np.savez_compressed(OUT / "numpy_written_compressed.npz", **arrays)
    write_json(OUT / "numpy_written.json", arrays)

    saved = {
        "matrix": rng.standard_normal((5, 3)).astype(np.float32),
        "vector": rng.standard_normal(10).astype(np.float32),
        "cube": rng.standard_normal((2, 3, 4)).astype(np.float32),
        "tall": rng.standard_normal((1000, 2)).astype(np.float32),
        "scalar": np.array(-1.25, dtype=np.float32),
    }
    for name, array in saved.items():
        np.save(OUT / f"save_{name}.npy", array)
    write_json(OUT / "save_arrays.json", saved)

    np.savez(OUT / "fortran_order.npz", kernel=np.asfortranarray(rng.standard_normal((3, 2)).astype(np.float32)))
    np.savez(OUT / "int32.npz", counts=np.arange(6, dtype=np.int32).reshape(2, 3))


if __name__ == "__main__":
    main()

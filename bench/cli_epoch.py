#!/usr/bin/env python3
"""Epoch time of the bench MLP through the command line, `nnplug train` with a JSON config
(the same model, data and optimizer as epoch_bench.cpp). Processes train N epochs and 2N
(the faster of two each); their difference over N is the time of an epoch, without
start-up, plugin loading, data loading and the final test evaluation. The test accuracy is the N-epoch
run's, like the other peers'. Prints one JSON line.
Usage: /usr/bin/python3 bench/cli_epoch.py NNPLUG_BINARY BATCH THREADS N"""
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = "/usr/share/datasets/fashion-mnist/"


def config(batch, epochs, out_dir):
    return {
        "seed": 2,
        "data": {
            "train": {"format": "idx", "images": DATA + "train-images-idx3-ubyte.gz",
                      "labels": DATA + "train-labels-idx1-ubyte.gz"},
            "test": {"format": "idx", "images": DATA + "t10k-images-idx3-ubyte.gz",
                     "labels": DATA + "t10k-labels-idx1-ubyte.gz"},
            "scale": 255,
        },
        "model": {"input_shape": [784], "layers": [
            {"type": "dense", "units": 256, "activation": "relu"},
            {"type": "dense", "units": 128, "activation": "relu"},
            {"type": "dense", "units": 10, "activation": "softmax"}]},
        "compile": {"optimizer": "adam", "loss": "categorical_crossentropy", "metrics": ["accuracy"]},
        "fit": {"epochs": epochs, "batch_size": batch, "shuffle": True},
        "output": {"dir": str(out_dir)},
    }


def run(binary, batch, threads, epochs, work):
    path = work / f"bench_{epochs}.json"
    path.write_text(json.dumps(config(batch, epochs, work / f"run_{epochs}")))
    start = time.perf_counter()
    # --overwrite: the repeats reuse one output directory, which nnplug otherwise protects.
    done = subprocess.run([binary, "train", str(path), "--threads", str(threads), "--overwrite"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"cli_epoch.py: nnplug train failed ({done.returncode}): {done.stderr.strip()}")
    accuracy = re.findall(r"test_accuracy: ([0-9.]+)", done.stdout)
    if not accuracy:
        sys.exit("cli_epoch.py: no test_accuracy in the output of nnplug train:\n" + done.stdout)
    return seconds, float(accuracy[-1])


def main():
    binary, batch, threads, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    with tempfile.TemporaryDirectory() as work:
        # Alternating pairs, the best of each length: a shared machine's slow moments hit
        # one process or the other, and a difference of two disturbed times means little.
        some, more = [], []
        for _ in range(2):
            seconds, accuracy = run(binary, batch, threads, epochs, Path(work))
            some.append(seconds)
            more.append(run(binary, batch, threads, 2 * epochs, Path(work))[0])
    print(json.dumps({"impl": "nnplug train", "batch": batch, "threads": threads,
                      "epoch_seconds": (min(more) - min(some)) / epochs, "test_accuracy": accuracy,
                      # what an N-epoch process spends outside its epochs: config, plugin scan,
                      # loading the gzip IDX files, the final evaluation and the output files
                      "startup_seconds": 2 * min(some) - min(more)}))


if __name__ == "__main__":
    main()

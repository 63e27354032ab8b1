#!/usr/bin/env python3
"""PyTorch peer of bench/epoch_bench.cpp: the same MLP, data, loss and optimizer, one
epoch, plain tensor loop (no DataLoader). Prints one JSON line; with --evaluate B a
second one: the torch.no_grad() forward over the 10,000 test images in batches of B,
with the loss and accuracy evaluate() computes too (best of 5), in samples per second.
Usage: /usr/bin/python3 bench/torch_epoch.py [--batch N] [--threads N] [--epochs N] [--samples N]
                                             [--model mlp|wide] [--evaluate B]"""
import argparse, gzip, json, time

import numpy as np
import torch

DIR = "/usr/share/datasets/fashion-mnist/"
UNITS = {"mlp": [256, 128, 10], "wide": [2048, 2048, 10]}  # after the 784 inputs, as epoch_common.hpp


def idx(path):
    with gzip.open(DIR + path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--samples", type=int, default=0)
    parser.add_argument("--model", choices=sorted(UNITS), default="mlp")
    parser.add_argument("--evaluate", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    # Its best setting, and the mode nnplug and TensorFlow train in: subnormals flushed to
    # zero (Adam's decaying moments go subnormal and slow every operation on them).
    torch.set_flush_denormal(True)
    torch.manual_seed(1)
    x = torch.tensor(idx("train-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
    y = torch.tensor(idx("train-labels-idx1-ubyte.gz").astype(np.int64))
    tx = torch.tensor(idx("t10k-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
    ty = torch.tensor(idx("t10k-labels-idx1-ubyte.gz").astype(np.int64))
    if args.samples:
        x, y = x[:args.samples], y[:args.samples]
    layers, inputs = [], 784
    for units in UNITS[args.model]:
        layers += [torch.nn.Linear(inputs, units), torch.nn.ReLU()]
        inputs = units
    model = torch.nn.Sequential(*layers[:-1])  # no relu after the output layer
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()  # softmax + categorical cross-entropy, fused
    best = float("inf")
    for _ in range(args.epochs):
        start = time.perf_counter()
        order = torch.randperm(len(x))
        for begin in range(0, len(x), args.batch):
            index = order[begin:begin + args.batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[index]), y[index])
            loss.backward()
            optimizer.step()
        best = min(best, time.perf_counter() - start)
    with torch.no_grad():
        accuracy = (model(tx).argmax(dim=1) == ty).float().mean().item()
    line = {"impl": "pytorch", "batch": args.batch, "threads": args.threads, "epoch_seconds": best,
            "test_accuracy": accuracy, "torch": torch.__version__}
    if args.model != "mlp" or args.samples:
        line.update(model=args.model, samples=len(x))
    print(json.dumps(line))
    if args.evaluate:
        seconds = min(timed_evaluation(model, loss_fn, tx, ty, args.evaluate) for _ in range(5))
        print(json.dumps({"section": "evaluate", "impl": "pytorch", "model": args.model, "batch": args.evaluate,
                          "threads": args.threads, "samples": len(tx), "seconds": seconds,
                          "samples_per_second": len(tx) / seconds}))


def timed_evaluation(model, loss_fn, x, y, batch):
    start = time.perf_counter()
    with torch.no_grad():
        loss, correct = 0.0, 0
        for begin in range(0, len(x), batch):
            out = model(x[begin:begin + batch])
            loss += loss_fn(out, y[begin:begin + batch]).item() * len(out)
            correct += (out.argmax(dim=1) == y[begin:begin + batch]).sum().item()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()

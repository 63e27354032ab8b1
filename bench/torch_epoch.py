#!/usr/bin/env python3
"""PyTorch peer of bench/epoch_bench.cpp: the same MLP, data, loss and optimizer, one
epoch, plain tensor loop (no DataLoader). Prints one JSON line.
Usage: /usr/bin/python3 bench/torch_epoch.py [--batch N] [--threads N] [--epochs N]"""
import argparse, gzip, json, time

import numpy as np
import torch

DIR = "/usr/share/datasets/fashion-mnist/"


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
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    x = torch.tensor(idx("train-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
    y = torch.tensor(idx("train-labels-idx1-ubyte.gz").astype(np.int64))
    tx = torch.tensor(idx("t10k-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
    ty = torch.tensor(idx("t10k-labels-idx1-ubyte.gz").astype(np.int64))
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10))
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
    print(json.dumps({"impl": "pytorch", "batch": args.batch, "threads": args.threads, "epoch_seconds": best,
                      "test_accuracy": accuracy, "torch": torch.__version__}))


if __name__ == "__main__":
    main()

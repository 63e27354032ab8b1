#!/usr/bin/env python3
"""Writes features.csv: 100 standard-normal features x0..x99 and a 0/1 label that only
five of them decide (label = 1 when x3 - x17 + x42 - x68 + x91 > 0). The other 95 are
noise. Standard library only. tests/cli/feature_selection_test.cpp writes the same
recipe from C++, so the test does not need Python."""
import argparse
import random

FEATURES = 100
INFORMATIVE = {3: 1.0, 17: -1.0, 42: 1.0, 68: -1.0, 91: 1.0}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="features.csv")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open(args.out, "w") as out:
        out.write(",".join(f"x{j}" for j in range(FEATURES)) + ",label\n")
        for _ in range(args.samples):
            x = [rng.gauss(0.0, 1.0) for _ in range(FEATURES)]
            score = sum(sign * x[j] for j, sign in INFORMATIVE.items())
            out.write(",".join(f"{v:.5f}" for v in x) + f",{int(score > 0)}\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Times one Fashion-MNIST epoch (784-256-128-10, adam) in nnplug and in PyTorch on this
# machine, in the same run, and prints the ratio (best of the repeats).
# Usage: bench/run.sh [batch] [threads] [repeats]; BUILD_DIR picks the build (default build/).
set -euo pipefail
cd "$(dirname "$0")/.."
bench/prepare.sh
batch=${1:-64}; threads=${2:-1}; repeats=${3:-3}
bench/pair.sh "${BUILD_DIR:-build}" "$batch" "$threads" "$repeats" | /usr/bin/python3 bench/format.py

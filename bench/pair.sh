#!/usr/bin/env bash
# Prints two JSON lines: nnplug's and PyTorch's best epoch time over `repeats` epochs
# for one batch size and thread count. Usage: bench/pair.sh BUILD_DIR BATCH THREADS REPEATS
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1; batch=$2; threads=$3; repeats=$4
"$build"/bin/nnplug_bench_epoch --batch "$batch" --threads "$threads" --epochs "$repeats"
OPENBLAS_NUM_THREADS="$threads" /usr/bin/python3 bench/torch_epoch.py --batch "$batch" --threads "$threads" --epochs "$repeats"

#!/usr/bin/env bash
# Prints four JSON lines for one batch size and thread count: nnplug through the
# embedding API (best epoch of `repeats`), through `nnplug train` (see cli_epoch.py), the
# framework-free tight loop (best of `repeats`) and PyTorch (best of `repeats`). Usage: bench/pair.sh BUILD_DIR BATCH THREADS REPEATS
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1; batch=$2; threads=$3; repeats=$4
"$build"/bin/nnplug_bench_epoch --batch "$batch" --threads "$threads" --epochs "$repeats"
/usr/bin/python3 bench/cli_epoch.py "$build"/bin/nnplug "$batch" "$threads" "$repeats"
"$build"/bin/nnplug_bench_tight --batch "$batch" --threads "$threads" --epochs "$repeats"
OPENBLAS_NUM_THREADS="$threads" /usr/bin/python3 bench/torch_epoch.py --batch "$batch" --threads "$threads" --epochs "$repeats"

#!/usr/bin/env bash
# The table of docs/performance.md: batch 32, 64, 256 x threads 1, 2, nnplug vs PyTorch,
# best of `repeats` epochs each (default 2; about 5 minutes on 2 cores).
# Usage: bench/table.sh [repeats]; BUILD_DIR picks the build (default build/).
set -euo pipefail
cd "$(dirname "$0")/.."
bench/prepare.sh
repeats=${1:-2}
for batch in 32 64 256; do
  for threads in 1 2; do
    bench/pair.sh "${BUILD_DIR:-build}" "$batch" "$threads" "$repeats"
  done
done | /usr/bin/python3 bench/format.py

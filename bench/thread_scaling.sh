#!/usr/bin/env bash
# Two threads against one, through the embedding API: alternates 1- and 2-thread
# processes ROUNDS times per batch size (so a slow spell of the shared machine hits both
# sides alike) and prints the best and median epoch of each and the speed-up of the bests.
# Usage: bench/thread_scaling.sh [rounds=5] [batch sizes...=32 64 256]; BUILD_DIR as run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bench/prepare.sh
build=${BUILD_DIR:-build}
rounds=${1:-5}
shift || true
batches=("$@")
[ ${#batches[@]} -gt 0 ] || batches=(32 64 256)
for batch in "${batches[@]}"; do
  for ((round = 0; round < rounds; round++)); do
    for threads in 1 2; do
      "$build"/bin/nnplug_bench_epoch --batch "$batch" --threads "$threads" --epochs 2
    done
  done
done | /usr/bin/python3 -c '
import json, statistics, sys
runs = {}
for line in sys.stdin:
    r = json.loads(line)
    runs.setdefault(r["batch"], {}).setdefault(r["threads"], []).append(r["epoch_seconds"])
print("| batch | 1 thread best / median (s) | 2 threads best / median (s) | speed-up (bests) | speed-up (medians) |")
print("|---:|---:|---:|---:|---:|")
for batch, by in runs.items():
    one, two = by[1], by[2]
    print(f"| {batch} | {min(one):.3f} / {statistics.median(one):.3f} | {min(two):.3f} / {statistics.median(two):.3f} "
          f"| {min(one) / min(two):.2f}x | {statistics.median(one) / statistics.median(two):.2f}x |")
'

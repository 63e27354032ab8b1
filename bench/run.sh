#!/usr/bin/env bash
# The whole benchmark in one command: builds nnplug in Release, measures the one-core
# ceilings (FMA peak, sgemm, triad, optimizer step, plugin costs: nnplug_bench_kernels)
# and one Fashion-MNIST epoch at batch 32, 64, 256 x threads 1, 2 through the embedding
# API, through `nnplug train` and in PyTorch, all in this run, and prints the tables of
# docs/performance.md (about 10 minutes on 2 cores). The raw JSON lines are kept in
# $BUILD_DIR/bench-kernels.jsonl and bench-epochs.jsonl.
# Usage: bench/run.sh [repeats=2]; BUILD_DIR picks the build directory (default build/).
set -euo pipefail
cd "$(dirname "$0")/.."
bench/prepare.sh
build=${BUILD_DIR:-build}
repeats=${1:-2}
kernels="$build/bench-kernels.jsonl"
epochs="$build/bench-epochs.jsonl"
fma_peak() { "$build"/bin/nnplug_bench_kernels --only fma | grep '"fma_peak"'; }
"$build"/bin/nnplug_bench_kernels > "$kernels"
: > "$epochs"
# The FMA peak again around every row: on a shared VM the clock rate drifts by 20 % over
# minutes, and a row's share of the peak needs the peak of its own moment.
for batch in 32 64 256; do
  for threads in 1 2; do
    fma_peak >> "$epochs"
    bench/pair.sh "$build" "$batch" "$threads" "$repeats" >> "$epochs"
  done
done
fma_peak >> "$epochs"
bench/scaling.sh "$build" 12800 "$repeats" > "$build/bench-scaling.jsonl"
/usr/bin/python3 bench/format_kernels.py < "$kernels"
echo
cat "$kernels" "$epochs" | /usr/bin/python3 bench/format.py
echo
/usr/bin/python3 bench/format_scaling.py < "$build/bench-scaling.jsonl"

#!/usr/bin/env bash
# The measurement behind NNPLUG_GEMM's default: whole training epochs (embedding API and
# tight loop) on each GEMM library, from two Release builds of the same sources
# ($BUILD_DIR-openblas and $BUILD_DIR-onednn), alternating processes ROUNDS times per
# batch size and thread count so a slow spell of a shared machine hits both alike.
# Prints min / median / max per library and the ratio of medians (above 1: oneDNN faster).
# Usage: bench/gemm_libraries.sh [rounds=3]; BUILD_DIR as run.sh (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
bench/prepare.sh
build=${BUILD_DIR:-build}
rounds=${1:-3}
for library in openblas onednn; do
  cmake -S . -B "$build-$library" -DCMAKE_BUILD_TYPE=Release -DNNPLUG_GEMM="$library" >/dev/null
  cmake --build "$build-$library" -j"$(nproc)" --target nnplug_plugins nnplug_bench_epoch nnplug_bench_tight >/dev/null
done
"$build-onednn"/bin/nnplug_bench_kernels --only fma
for ((round = 0; round < rounds; round++)); do
  for setting in "32 1" "64 1" "256 1" "256 2"; do
    read -r batch threads <<<"$setting"
    for program in nnplug_bench_epoch nnplug_bench_tight; do
      for library in openblas onednn; do
        "$build-$library/bin/$program" --batch "$batch" --threads "$threads" --epochs 2
      done
    done
  done
done | /usr/bin/python3 bench/format_gemm_libraries.py

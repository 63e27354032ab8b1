#!/usr/bin/env bash
# Builds nnplug_bench_kernels in Release (into $BUILD_DIR, default build/) and prints the
# one-core ceilings behind an epoch as Markdown: FMA peak, sgemm at the MLP's shapes with
# the epoch's GEMM floor, triad vs optimizer-step bandwidth, plugin loading and dispatch.
# Takes under a minute. Extra arguments go to the binary (e.g. --only sgemm).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target nnplug_bench_kernels nnplug_plugins >/dev/null
"$build/bin/nnplug_bench_kernels" "$@" | /usr/bin/python3 bench/format_kernels.py

#!/usr/bin/env bash
# Installs PyTorch with OpenBLAS and builds nnplug into $BUILD_DIR (default build/).
# Debian's torch calls the system libblas.so.3: without OpenBLAS behind it, that is the
# unoptimised reference BLAS and the comparison would be meaningless.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh python3-torch python3-numpy libopenblas0-pthread
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target nnplug_cli nnplug_bench_epoch nnplug_bench_kernels nnplug_bench_tight >/dev/null

#!/usr/bin/env bash
# Install what is missing, build, run the whole test suite; then the same suite under
# ASan+UBSan and each fuzz target for a minute (CI runs exactly this).
set -euo pipefail
cd "$(dirname "$0")/.."
phase() { echo "== $1 ($(date +%T))"; }
phase "dependencies"; tools/install-deps.sh
phase "build"; tools/build.sh
phase "tests"; (cd build && ctest --output-on-failure -j"$(nproc)")
# The install test builds whole plugin projects; its sanitized twin would only repeat it.
phase "tests under ASan+UBSan"; tools/test-sanitizers.sh -LE install
phase "fuzzing"; tools/fuzz.sh "${NNPLUG_FUZZ_SECONDS:-60}"
phase "done"

#!/usr/bin/env bash
# Install what is missing, build, run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
cd build && ctest --output-on-failure -j"$(nproc)"

#!/usr/bin/env bash
# Configures and builds nnplug (Release) into ./build.
# With ccache installed (tools/install-deps.sh installs it) repeated builds, also from a
# fresh clone at another path, reuse earlier compilations: paths are hashed relative to
# the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."
generator=()
# Ninja when it is there, unless ./build was already configured with another generator.
[ ! -f build/CMakeCache.txt ] && command -v ninja >/dev/null && generator=(-G Ninja)
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
fi
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
cmake --build build -j"$(nproc)"

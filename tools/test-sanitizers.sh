#!/usr/bin/env bash
# Builds the whole test suite (nnplug_tests, the plugins, the test fixtures, the CLI and the
# examples ctest runs) under AddressSanitizer + UndefinedBehaviorSanitizer in its own build
# directory, and runs ctest there. Any report fails the run.
# Usage: tools/test-sanitizers.sh [ctest arguments...]     e.g. tools/test-sanitizers.sh -R '\[io\]'
#
# Kept cheap for CI: -O1 (what ASan needs for useful speed) with line tables only (-g1:
# enough for symbolized stack traces, a fraction of full debug info to compile and link),
# no -march=native (so ccache hits across machines), and ccache when it is installed.
# Every plugin is compiled with the same flags and linked against the same shared ASan
# runtime as the host (GCC's default), which is what a dlopen'ed library under ASan needs.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${NNPLUG_SANITIZE_BUILD_DIR:-$source_dir/build-sanitize}
jobs=${NNPLUG_JOBS:-$(nproc)}
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache) && export CCACHE_BASEDIR=$source_dir CCACHE_NOHASHDIR=1
start=$(date +%s)
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize -DNNPLUG_NATIVE=OFF \
  -DCMAKE_CXX_FLAGS_SANITIZE="$sanitize -O1 -g1" \
  -DCMAKE_EXE_LINKER_FLAGS="$sanitize" -DCMAKE_SHARED_LINKER_FLAGS="$sanitize" -DCMAKE_MODULE_LINKER_FLAGS="$sanitize" \
  "${launcher[@]}" >/dev/null
cmake --build "$build_dir" -j"$jobs" --target nnplug_tests nnplug_embed_example
built=$(date +%s)

# detect_leaks stays on; the suppressions file lists only leaks inside the dynamic loader
# and OpenMP runtime, each with the reason (tools/lsan.supp). Reports go to stderr, so a
# failing test shows them in ctest's output.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0:strict_string_checks=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$source_dir/tools/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
status=0
# Left to the release run: tests that count allocations (ASan's allocator is not the one
# they measure: its hooks see the runtime's own calls).
not_here='allocates nothing'
(cd "$build_dir" && ctest --output-on-failure -j"$jobs" --timeout 900 -E "$not_here" "$@") || status=$?
finished=$(date +%s)
echo "sanitizer build: $((built - start)) s, tests: $((finished - built)) s"
exit $status

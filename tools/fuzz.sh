#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang + ASan + UBSan) in their own build directory
# and runs each for SECONDS (default 60) from its seed corpus. Fails on the first target
# that crashes, leaks, exceeds the memory limit or times out; the input that did it is
# left as fuzz/crash-* (commit it under tests/data/fuzz_regressions/<target>/).
# Usage: tools/fuzz.sh [SECONDS] [TARGET...]     e.g. tools/fuzz.sh 600 idx npz
set -euo pipefail
seconds=${1:-60}
shift || true
source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${NNPLUG_FUZZ_BUILD_DIR:-$source_dir/build-fuzz}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json_config csv idx npy npz plugin_file)

# The largest input worth trying per format: big enough for every header field and a
# few values (or, for plugin_file, a small ELF), small enough to keep runs fast.
declare -A max_len=([json_config]=4096 [csv]=2048 [idx]=4096 [npy]=1024 [npz]=4096 [plugin_file]=16384)

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache) && export CCACHE_BASEDIR=$source_dir CCACHE_NOHASHDIR=1
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DNNPLUG_FUZZ=ON -DNNPLUG_BUILD_TESTS=OFF -DNNPLUG_NATIVE=OFF "${launcher[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target nnplug_fuzz

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# One target per core at a time: each gets its full SECONDS, the whole run takes less.
fuzz_one() {
  local target=$1 corpus=$build_dir/corpus/$1  # the working corpus grows; the seeds stay read-only
  mkdir -p "$corpus"
  echo "== fuzz_$target for ${seconds}s (max_len ${max_len[$target]})"
  if ! (cd "$source_dir/fuzz" && "$build_dir/fuzz/fuzz_$target" "$corpus" "$source_dir/fuzz/corpus/$target" \
      -max_total_time="$seconds" -max_len="${max_len[$target]}" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 2>&1 | tail -n 25); then
    echo "fuzz_$target failed; the input is in $source_dir/fuzz/ (crash-*, leak-*, oom-*, timeout-*)" >&2
    return 1
  fi
}
jobs=$(nproc)
failed=0
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
  fuzz_one "$target" > "$build_dir/fuzz_$target.log" 2>&1 &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
for target in "${targets[@]}"; do cat "$build_dir/fuzz_$target.log"; done
[ "$failed" -eq 0 ] || { echo "a fuzz target failed (above)" >&2; exit 1; }
echo "all fuzz targets ran ${seconds}s without a finding"

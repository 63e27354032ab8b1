#!/bin/bash
# The plugin author's toolchain, end to end, against `cmake --install` into a temporary
# prefix P:
#   1. P/bin/nnplug finds the installed built-in plugins by itself;
#   2. examples/custom_plugin, copied out of the tree, builds with find_package(nnplug)
#      only; its plugins pass `nnplug test-plugin`, and AdaBelief trains through P/bin/nnplug;
#   3. `nnplug new KIND` for every kind gives a project that builds (-j2, no build type)
#      and passes its own tests: test-plugin, and training with it via --plugins;
#   4. no compile line of those projects names the source or build tree, and each plugin
#      was compiled optimised (-O3, NDEBUG) and for the host's CPU although the project set
#      no build type. (Step time itself is not timed here: a timing on a loaded CI machine
#      proves little; the flags are what made user plugins 5-6x slower.)
# usage: install_test.sh BUILD_DIR SOURCE_DIR [COMPILER_LAUNCHER]
set -euo pipefail
build=$(realpath "$1")
source=$(realpath "$2")
launcher=${3:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/nnplug-install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
nnplug=$prefix/bin/nnplug

fail() { echo "install_test: FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "cmake --install into $prefix"
cmake --install "$build" --prefix "$prefix" > "$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
for path in bin/nnplug lib/cmake/nnplug/nnplugConfig.cmake lib/cmake/nnplug/nnplugConfigVersion.cmake \
            lib/cmake/nnplug/nnplug_plugin.cmake include/nnplug/sdk.hpp include/nnplug/sdk/optimizer.hpp \
            include/nnplug/train/training_run.hpp lib/libnnplug_train.a lib/nnplug/plugins/defaults.json \
            lib/nnplug/plugins/optimizers_sgd.so share/doc/nnplug/writing-plugins.md; do
  [ -e "$prefix/$path" ] || fail "the install has no $path"
done

step "the installed host finds the installed plugins"
"$nnplug" plugins --kind optimizer > "$work/plugins.txt"
grep -q "adam" "$work/plugins.txt" || fail "P/bin/nnplug plugins does not list adam: $(cat "$work/plugins.txt")"

generator=()
command -v ninja > /dev/null && generator=(-G Ninja)
# Configures a project against P only: no build type, compile lines recorded.
configure() {
  cmake -S "$1" -B "$2" "${generator[@]}" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
        ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} > "$2.configure.log" 2>&1 \
    || { cat "$2.configure.log"; fail "configuring $1"; }
  cmake --build "$2" -j2 > "$2.build.log" 2>&1 || { cat "$2.build.log"; fail "building $1"; }
}
# Every compile line: nothing from the source or build tree, optimised, for the host's CPU.
check_compile_lines() {
  local commands=$1/compile_commands.json
  [ -f "$commands" ] || fail "$commands missing"
  if grep -E -- "-(I|isystem) ?($source|$build)" "$commands"; then fail "$1 includes from the nnplug tree"; fi
  grep -q -- "-O3" "$commands" || fail "$1: not compiled with -O3 (no build type must still optimise)"
  grep -q -- "-DNDEBUG" "$commands" || fail "$1: not compiled with -DNDEBUG"
  grep -q -- "-fvisibility=hidden" "$commands" || fail "$1: not compiled with hidden visibility"
  if "$nnplug" --version > /dev/null && grep -q -- "-march=native" "$build/compile_commands.json"; then
    grep -q -- "-march=native" "$commands" || fail "$1: not compiled for the host's CPU like the built-in plugins"
  fi
}

step "nnplug new: a project of each kind, built and tested against P"
for kind in optimizer regularizer initializer schedule callback; do
  project=$work/new/$kind
  "$nnplug" new "$kind" "my_$kind" "$project" > /dev/null
  configure "$project" "$project/build"
  check_compile_lines "$project/build"
  ctest --test-dir "$project/build" --output-on-failure > "$project/ctest.log" 2>&1 \
    || { cat "$project/ctest.log"; fail "the scaffolded $kind project's tests"; }
  grep -q "100% tests passed, 0 tests failed out of 2" "$project/ctest.log" || { cat "$project/ctest.log"; fail "$kind: not 2 tests"; }
done

step "examples/custom_plugin, out of the tree"
cp -r "$source/examples/custom_plugin" "$work/custom_plugin"
configure "$work/custom_plugin" "$work/custom_build"
check_compile_lines "$work/custom_build"
for plugin in adabelief sign_sgd; do
  "$nnplug" test-plugin "$work/custom_build/$plugin.so" || fail "nnplug test-plugin $plugin.so"
done
# Train with AdaBelief: the scaffolded optimizer's training test, with the optimizer renamed.
sed 's/"my_optimizer"/"AdaBelief"/' "$work/new/optimizer/test/train.json" > "$work/new/optimizer/test/adabelief.json"
grep -q AdaBelief "$work/new/optimizer/test/adabelief.json" || fail "no optimizer to rename in train.json"
(cd "$work" && "$nnplug" train "$work/new/optimizer/test/adabelief.json" --plugins "$work/custom_build" --quiet) \
  || fail "training with AdaBelief through the installed host"
echo "install_test: every check passed"

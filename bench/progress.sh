#!/usr/bin/env bash
# What the verbose=1 bar costs: `nnplug train` on Fashion-MNIST (the example's model,
# batch 64, 1 epoch, 844 steps) with fit.verbose 1 in a pseudo-terminal (util-linux
# `script`) beside fit.verbose 0, alternating, `runs` processes each; prints each time, the
# medians and their ratio. Whole-process wall time (data loading included, equal in both).
# Usage: bench/progress.sh [BUILD_DIR=build] [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}"); runs=${2:-5}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for verbose in 0 1; do
  /usr/bin/python3 - "$verbose" "$work" <<'PY'
import json, sys
verbose, work = int(sys.argv[1]), sys.argv[2]
config = json.load(open("examples/configs/fashion_mnist.json"))
config["data"].pop("test")
config["fit"].update({"epochs": 1, "batch_size": 64, "verbose": verbose})
config["output"]["dir"] = f"{work}/run{verbose}"
json.dump(config, open(f"{work}/verbose{verbose}.json", "w"))
PY
done

seconds() {  # seconds for one `nnplug train` of verbose $1 in a pty
  local start end
  start=$(date +%s.%N)
  script -qec "'$build/bin/nnplug' train '$work/verbose$1.json'" /dev/null > "$work/out$1.txt"
  end=$(date +%s.%N)
  awk -v start="$start" -v end="$end" 'BEGIN {print end - start}'
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

quiet=(); bar=()
for ((i = 0; i < runs; ++i)); do
  quiet+=("$(seconds 0)"); bar+=("$(seconds 1)")
done
redraws=$(tr -cd '\r' < "$work/out1.txt" | wc -c)
q=$(printf '%s\n' "${quiet[@]}" | median); b=$(printf '%s\n' "${bar[@]}" | median)
printf 'verbose 0:          %s s\n' "${quiet[*]}"
printf 'verbose 1 (pty):    %s s  (%s carriage returns in the last run)\n' "${bar[*]}" "$redraws"
printf 'median verbose 0 %.3f s, verbose 1 %.3f s, ratio %.4f\n' "$q" "$b" "$(awk -v b="$b" -v q="$q" 'BEGIN {print b / q}')"

#!/usr/bin/env bash
# Times one Fashion-MNIST epoch (784-256-128-10, adam) in nnplug and in PyTorch on this
# machine, in the same run, and prints the ratio. Usage: bench/run.sh [batch] [threads] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's torch calls the system libblas.so.3: without OpenBLAS behind it, that is the
# unoptimised reference BLAS and the comparison would be meaningless.
tools/install-deps.sh python3-torch python3-numpy libopenblas0-pthread
tools/build.sh >/dev/null
batch=${1:-64}; threads=${2:-1}; repeats=${3:-3}
nn=$(build/bin/nnplug_bench_epoch --batch "$batch" --threads "$threads" --epochs "$repeats")
pt=$(OPENBLAS_NUM_THREADS="$threads" /usr/bin/python3 bench/torch_epoch.py --batch "$batch" --threads "$threads" --epochs "$repeats")
/usr/bin/python3 - "$nn" "$pt" <<'PY'
import json, sys
nn, pt = (json.loads(a) for a in sys.argv[1:3])
print(f"{'impl':10} {'batch':>5} {'threads':>7} {'epoch s':>8} {'test acc':>8}")
for r in (nn, pt):
    print(f"{r['impl']:10} {r['batch']:>5} {r['threads']:>7} {r['epoch_seconds']:>8.3f} {r['test_accuracy']:>8.4f}")
print(f"nnplug / pytorch epoch time: {nn['epoch_seconds'] / pt['epoch_seconds']:.2f}x (best of the repeats)")
PY

#!/usr/bin/env bash
# Issue 13's extra rows, as JSON lines on stdout: the wide model (784-2048-2048-10, batch
# 256, the first SAMPLES images) at 1 and 2 threads in nnplug, the tight loop and PyTorch;
# evaluate() on the 10,000 test images beside PyTorch's torch.no_grad() forward (batch
# 1000); and the FMA peak around them. Rendered by bench/format_scaling.py.
# Usage: bench/scaling.sh BUILD_DIR [samples=12800] [repeats=2]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1; samples=${2:-12800}; repeats=${3:-2}
"$build"/bin/nnplug_bench_kernels --only fma | grep '"fma_peak"'
for threads in 1 2; do
  common=(--batch 256 --threads "$threads" --epochs "$repeats" --samples "$samples" --model wide)
  "$build"/bin/nnplug_bench_epoch "${common[@]}"
  "$build"/bin/nnplug_bench_tight "${common[@]}"
  OPENBLAS_NUM_THREADS="$threads" /usr/bin/python3 bench/torch_epoch.py "${common[@]}"
done
"$build"/bin/nnplug_bench_epoch --batch 256 --epochs 1 --samples 2560 --evaluate 1000 | grep '"evaluate"'
OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_epoch.py --batch 256 --samples 2560 --evaluate 1000 | grep '"evaluate"'
"$build"/bin/nnplug_bench_kernels --only fma | grep '"fma_peak"'

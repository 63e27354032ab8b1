"""Renders bench/scaling.sh's JSON lines (stdin) as the wide-model and evaluate tables of
docs/performance.md: each wide-model epoch's GEMM FLOPs over its time as a share of the
FMA peak (the higher of the measurements before and after) times the threads used."""
import json
import sys

lines = [json.loads(line) for line in sys.stdin if line.strip().startswith("{")]
peak = max((line["gflops"] for line in lines if line.get("section") == "fma_peak"), default=None)
epochs = [line for line in lines if "section" not in line and line.get("model") == "wide"]
flops = next((line["gemm_flops"] for line in epochs if "gemm_flops" in line), None)
print(f"Wide model 784-2048-2048-10, batch 256, {epochs[0]['samples'] if epochs else 0} samples; "
      f"FMA peak {peak:.1f} GFLOP/s per core" if peak else "(no FMA peak)")
print()
print("| threads | impl | s/epoch | GEMM GFLOP/s | % of peak x threads | /PyTorch |")
print("|---:|:---|---:|---:|---:|---:|")
for threads in sorted({line["threads"] for line in epochs}):
    row = {line["impl"]: line for line in epochs if line["threads"] == threads}
    torch = row.get("pytorch", {}).get("epoch_seconds")
    for impl, line in row.items():
        rate = flops / line["epoch_seconds"] * 1e-9 if flops else 0.0
        share = f"{100 * rate / (peak * threads):.0f} %" if peak else ""
        versus = f"{line['epoch_seconds'] / torch:.2f}x" if torch else ""
        print(f"| {threads} | {impl} | {line['epoch_seconds']:.3f} | {rate:.1f} | {share} | {versus} |")
print()
print("| evaluate, 10,000 test images | batch | threads | seconds | samples/s |")
print("|:---|---:|---:|---:|---:|")
for line in lines:
    if line.get("section") == "evaluate":
        print(f"| {line['impl']} | {line['batch']} | {line['threads']} | {line['seconds']:.4f} | "
              f"{line['samples_per_second']:.0f} |")

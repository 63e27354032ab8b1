#!/usr/bin/env python3
"""Renders bench/gemm_libraries.sh's JSON lines: epoch seconds per GEMM library (min /
median / max over the rounds) and OpenBLAS's median over oneDNN's (above 1: oneDNN faster)."""
import collections, json, statistics, sys

epochs = collections.defaultdict(list)
for line in sys.stdin:
    record = json.loads(line)
    if record.get("section") == "fma_peak":
        print(f"FMA peak, one core: {record['gflops']:.1f} GFLOP/s at {record['vector_bits']} bits\n")
    elif "epoch_seconds" in record:
        epochs[(record["impl"], record["batch"], record["threads"], record["gemm_backend"])].append(
            record["epoch_seconds"])


def spread(times):
    return f"{min(times):.3f} / {statistics.median(times):.3f} / {max(times):.3f}"


print("| program | batch | threads | OpenBLAS epoch s (min / median / max) | oneDNN epoch s (min / median / max) "
      "| OpenBLAS / oneDNN (medians) |")
print("|:---|---:|---:|---:|---:|---:|")
for (impl, batch, threads, library), times in sorted(epochs.items()):
    if library != "OpenBLAS" or (impl, batch, threads, "oneDNN") not in epochs:
        continue
    other = epochs[(impl, batch, threads, "oneDNN")]
    print(f"| {impl} | {batch} | {threads} | {spread(times)} | {spread(other)} "
          f"| {statistics.median(times) / statistics.median(other):.2f} |")

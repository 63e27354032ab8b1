"""Formats the epoch lines of bench/run.sh (per configuration: nnplug embedding API,
`nnplug train`, the tight loop, PyTorch; from bench/pair.sh) as the epoch table of docs/performance.md.
With nnplug_bench_kernels' lines in the same stream, each row's GEMM FLOPs over its epoch
time are also shown as a share of the FMA peak measured next to that row (the higher of
the measurements just before and just after it), times the threads used."""
import json
import sys

lines = [json.loads(line) for line in sys.stdin if line.strip().startswith("{")]
gemm_flops = {line["batch"]: line["flops_per_epoch"] for line in lines if line.get("section") == "epoch_gemm"}

rows, group, peak_before, awaiting_peak = [], [], None, []
for line in lines:
    if line.get("section") == "fma_peak":
        for row in awaiting_peak:
            row["peak"] = max(row["peak"] or 0.0, line["gflops"])
        awaiting_peak = []
        peak_before = max(peak_before or 0.0, line["gflops"])
    elif "section" not in line:
        group.append(line)
        if len(group) == 4:
            rows.append({"runs": group, "peak": peak_before})
            awaiting_peak.append(rows[-1])
            group, peak_before = [], None
    else:
        peak_before = None if line.get("section") != "machine" else peak_before

with_peak = bool(gemm_flops) and any(row["peak"] for row in rows)
headers = ["batch", "threads", "nnplug API s/epoch", "`nnplug train` s/epoch", "tight loop s/epoch",
           "PyTorch s/epoch", "API/PyTorch", "train/PyTorch", "API/tight loop"]
if with_peak:
    headers += ["API GEMM GFLOP/s", "FMA peak GFLOP/s (one core)", "% of peak x threads"]
headers += ["test acc API / train / tight / PyTorch"]
print("| " + " | ".join(headers) + " |")
print("|" + "|".join("---:" for _ in headers[:-1]) + "|:---|")
for row in rows:
    api, cli, tight, torch = row["runs"]
    order = (api["impl"], cli["impl"], tight["impl"], torch["impl"])
    assert order == ("nnplug", "nnplug train", "tight loop", "pytorch"), f"pair.sh order: {order}"
    peer = torch["epoch_seconds"]
    cells = [api["batch"], api["threads"], f"{api['epoch_seconds']:.3f}", f"{cli['epoch_seconds']:.3f}",
             f"{tight['epoch_seconds']:.3f}", f"{peer:.3f}", f"{api['epoch_seconds'] / peer:.2f}x",
             f"{cli['epoch_seconds'] / peer:.2f}x", f"{api['epoch_seconds'] / tight['epoch_seconds']:.2f}x"]
    if with_peak:
        rate = gemm_flops[api["batch"]] / api["epoch_seconds"] * 1e-9
        peak = row["peak"]
        cells += [f"{rate:.1f}", f"{peak:.1f}" if peak else "", f"{100 * rate / (peak * api['threads']):.0f} %" if peak else ""]
    cells += [f"{api['test_accuracy']:.4f} / {cli['test_accuracy']:.4f} / {tight['test_accuracy']:.4f} / "
              f"{torch['test_accuracy']:.4f}"]
    print("| " + " | ".join(str(cell) for cell in cells) + " |")

# Start-up of `nnplug train` (everything outside its epochs) and the embedding API's load
# of the 60,000 gzip-compressed training images, beside the epoch of each row.
print()
print("| batch | threads | `nnplug train` start-up + final evaluation (s) | API: loading the 70,000 gzip IDX images, train + test (s) | API epoch (s) |")
print("|---:|---:|---:|---:|---:|")
for row in rows:
    api, cli = row["runs"][0], row["runs"][1]
    print(f"| {api['batch']} | {api['threads']} | {cli.get('startup_seconds', float('nan')):.3f} | "
          f"{api.get('train_load_seconds', float('nan')):.3f} | {api['epoch_seconds']:.3f} |")

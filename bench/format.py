"""Formats bench/pair.sh output (JSON lines, nnplug then PyTorch per configuration) as a table."""
import json
import sys

rows = [json.loads(line) for line in sys.stdin if line.strip().startswith("{")]
print(f"| batch | threads | nnplug s/epoch | PyTorch s/epoch | nnplug/PyTorch | nnplug test acc | PyTorch test acc |")
print(f"|------:|--------:|---------------:|----------------:|---------------:|----------------:|-----------------:|")
for nn, pt in zip(rows[0::2], rows[1::2]):
    print(f"| {nn['batch']} | {nn['threads']} | {nn['epoch_seconds']:.3f} | {pt['epoch_seconds']:.3f} | "
          f"{nn['epoch_seconds'] / pt['epoch_seconds']:.2f}x | {nn['test_accuracy']:.4f} | {pt['test_accuracy']:.4f} |")

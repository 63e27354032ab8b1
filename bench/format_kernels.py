#!/usr/bin/python3
"""Renders nnplug_bench_kernels' JSON lines (stdin) as Markdown tables (stdout).

Usage: build/bin/nnplug_bench_kernels | /usr/bin/python3 bench/format_kernels.py
Sections missing from the input (nnplug_bench_kernels --only ...) are left out.
"""
import json
import sys

PRODUCTS = {
    "forward": "forward X*W",
    "weight_gradient": "weight gradient X^T*G",
    "input_gradient": "input gradient G*W^T",
    "square": "square A*B",
}
IMPLEMENTATIONS = [("eigen", "Eigen"), ("openblas", "OpenBLAS"), ("onednn", "oneDNN"),
                   ("nnplug_2_threads", "nnplug::gemm 2 threads")]
BACKEND_IMPL = {"oneDNN": "onednn", "OpenBLAS": "openblas", "Eigen": "eigen"}  # gemm_backend() name -> column
CORES = {"nnplug_2_threads": 2}  # the others run on one core


def read_lines(stream):
    lines = []
    for number, text in enumerate(stream, 1):
        if not text.strip():
            continue
        try:
            lines.append(json.loads(text))
        except json.JSONDecodeError as error:
            sys.exit(f"format_kernels.py: line {number} is not JSON ({error}): {text.strip()[:80]}")
    return lines


def table(headers, rows, align=None):
    """A Markdown table; align is a string of 'l'/'r' per column (default: first left, rest right)."""
    align = align or "l" + "r" * (len(headers) - 1)
    out = ["| " + " | ".join(headers) + " |",
           "|" + "|".join(":---" if a == "l" else "---:" for a in align) + "|"]
    out += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(out)


def section(lines, name):
    return [line for line in lines if line.get("section") == name]


def render_machine(lines):
    for m in section(lines, "machine"):
        yield (f"CPU: {m['cpu']}, {m['hardware_threads']} hardware threads; every figure uses "
               f"{m['threads']} thread; the core's GEMM: {m['gemm_backend']} {m['gemm_version']}.")
    for r in section(lines, "run"):
        share = r["cpu_seconds"] / r["wall_seconds"]
        load = [m["load_average_at_start"] for m in section(lines, "machine")] + [r["load_average_at_end"]]
        text = (f"The run took {r['wall_seconds']:.1f} s and had the CPU {100 * share:.0f} % of that time "
                f"(load average {' -> '.join(f'{x:.2f}' for x in load)}).")
        if share < 0.9:
            text = ("**Warning: other processes competed for the CPU during this run**; every figure is a "
                    "best of many short samples, which removes most but not all of that. " + text)
        yield text


def fma_peak(lines):
    """The higher of the two measurements: the lower one had to share the core."""
    peaks = [p["gflops"] for p in section(lines, "fma_peak")]
    return max(peaks) if peaks else None


def render_fma(lines):
    rows = [[p.get("when", ""), p["vector_bits"], p["accumulators"], f"{p['gflops']:.1f}"]
            for p in section(lines, "fma_peak")]
    if rows:
        yield "## FMA peak, one core"
        yield table(["measured at", "vector width (bits)", "independent accumulators", "peak GFLOP/s"], rows, "lrrr")
        yield (f"Peak used below (the higher): {fma_peak(lines):.1f} GFLOP/s "
               "(2 flops per lane per FMA; the loop is 12 vfmadd...ps on registers).")


def render_sgemm(lines):
    measured = section(lines, "sgemm")
    if not measured:
        return
    peak = fma_peak(lines)
    impls = [(key, label) for key, label in IMPLEMENTATIONS if any(m["impl"] == key for m in measured)]
    cases = {}
    for m in measured:  # one row per product, in the order measured
        key = (m["batch"], m["product"], m["layer"], m["m"], m["n"], m["k"])
        cases.setdefault(key, {})[m["impl"]] = m
    headers = ["batch", "product", "layer", "M x N x K"]
    for key, label in impls:
        cores = CORES.get(key, 1)
        headers += [f"{label} GFLOP/s"] + ([f"{label} % of {cores}-core FMA peak"] if peak else [])
    rows = []
    for (batch, product, layer, m, n, k), by_impl in cases.items():
        row = [batch or "-", PRODUCTS.get(product, product), layer or "-", f"{m} x {n} x {k}"]
        for key, _ in impls:
            gflops = by_impl[key]["gflops"] if key in by_impl else None
            row.append(f"{gflops:.1f}" if gflops is not None else "")
            if peak:
                row.append(f"{100 * gflops / (peak * CORES.get(key, 1)):.0f} %" if gflops is not None else "")
        rows.append(row)
    yield ("## sgemm: Eigen and OpenBLAS on one thread, nnplug::gemm (what Dense calls) on two "
           "(row-major float; C = op(A) * op(B) is M x N, inner dimension K)")
    yield table(headers, rows, "rlr" + "r" * (len(headers) - 3))
    differences = [m["relative_difference_to_eigen"] for m in measured if "relative_difference_to_eigen" in m]
    if differences:
        yield (f"Both compute the same products: largest difference {max(differences):.1e} "
               "relative to the largest element.")

    epochs = section(lines, "epoch_gemm")
    if epochs:
        headers = ["batch", "steps/epoch", "GEMM GFLOP/epoch"]
        headers += [f"{label} GEMM floor (s/epoch)" for _, label in impls]
        headers += [f"{label} GEMMs (ms/step)" for _, label in impls]
        rows = []
        for e in epochs:
            row = [e["batch"], f"{e['steps']:g}", f"{e['flops_per_epoch'] * 1e-9:.2f}"]
            row += [f"{e['floor_seconds'][key]:.3f}" for key, _ in impls]
            row += [f"{e['step_seconds'][key] * 1e3:.3f}" for key, _ in impls]
            rows.append(row)
        yield "## GEMMs of one epoch (60,000 samples: 3 forward, 3 weight-gradient, 2 input-gradient products per step)"
        yield table(headers, rows, "r" * len(headers))
        yield ("The floor is the time those products alone take at the speeds above: "
               "no epoch of this model on one core (two, for the 2-thread column) can be faster.")


def render_bandwidth(lines):
    triads = section(lines, "triad")
    if triads:
        rows = [[t.get("when", ""), f"{t['n']:,}", f"{12 * t['n'] / 1e6:.1f}", f"{t['seconds'] * 1e6:.1f}", f"{t['gb_per_s']:.1f}",
                 f"{t['gb_per_s_with_write_allocate']:.1f}"] for t in triads]
        yield "## STREAM triad a[i] = b[i] + s*c[i], one thread"
        yield table(["measured (around the optimizer steps)", "N (floats)", "MB per call (3 arrays)", "us/call",
                     "GB/s (3 arrays, STREAM)", "GB/s (4 arrays: with the write-allocate read)"], rows, "lrrrrr")
    steps = section(lines, "optimizer_step")
    if steps:
        best_triads = {}  # the higher of before and after, as the fractions use
        for t in triads:
            if t["n"] not in best_triads or t["gb_per_s"] > best_triads[t["n"]]["gb_per_s"]:
                best_triads[t["n"]] = t
        yield from render_optimizer_steps(lines, steps, best_triads)


# Below these fractions of the triad an optimizer's row needs a reason in docs/performance.md:
# an element-wise step is one pass and should stream like the triad; a formula with norms or
# row/column statistics needs at least a second pass.
ELEMENTWISE_FLOOR, OTHER_FLOOR = 0.70, 0.35


def counted_arrays(step):
    """'w r/w, g r, m r/w, ...' with a slot's shape when it is not the parameter's."""
    parts = ["value r+w", "gradient r"]
    for slot in step["slots"]:
        size = "" if slot["shape"] == step["shape"] else f" [{' x '.join(map(str, slot['shape']))}]"
        parts.append(f"{slot['name']}{size} r+w")
    return ", ".join(parts)


def render_optimizer_steps(lines, steps, triads):
    rows = []
    for s in steps:
        floor = ELEMENTWISE_FLOOR if s["elementwise"] else OTHER_FLOOR
        fraction = s["fraction_of_triad"]
        rows.append([s["optimizer"], " x ".join(map(str, s["shape"])), "yes" if s["elementwise"] else "no",
                     counted_arrays(s), f"{s['bytes_per_step'] / 1e6:.1f}", f"{s['seconds'] * 1e3:.3f}",
                     f"{s['gb_per_s']:.1f}", f"{triads[s['n']]['gb_per_s']:.1f}",
                     f"{100 * fraction:.0f} %" + ("" if fraction >= floor else f" (below {100 * floor:.0f} %)")])
    yield "## Optimizer step (OptimizerRunner::apply on one parameter, each optimizer at its Keras defaults), one thread"
    machine = section(lines, "machine")
    peak = fma_peak(lines)
    if machine:
        yield (f"CPU: {machine[0]['cpu']}; FMA peak measured in this run: "
               + (f"{peak:.1f} GFLOP/s." if peak else "not measured."))
    yield table(["optimizer", "shape", "element-wise", "bytes counted (4 per float)", "MB/step", "ms/step", "GB/s",
                 "triad GB/s (same N, higher of before and after)", "% of triad"], rows, "lrllrrrrr")
    yield ("Counted: what the formula must move at least once, whatever its passes: the value and the "
           "gradient read, the value written, every declared slot read and written at its declared size "
           "(Adafactor's r and c are a row and a column of the matrix). Extra passes (Lamb's and "
           "Adafactor's norms, Adafactor's row and column means) are not counted, so they lower the "
           "fraction. The triad figure is STREAM's 3-array count, which leaves out the write-allocate "
           f"read of its output: an in-place update does not pay it. Rows marked below "
           f"{100 * ELEMENTWISE_FLOOR:.0f} % (element-wise) or {100 * OTHER_FLOOR:.0f} % (the others) "
           "need a reason in docs/performance.md.")


def render_plugins(lines):
    for p in section(lines, "plugin_load"):
        yield "## Plugin discovery and loading (Registry construction)"
        yield table(["plugins found", "skipped with a problem", "first in the process (ms)",
                     f"best of {p['repeats']} (ms)"],
                    [[p["plugins"], p["problems"], f"{p['first_seconds'] * 1e3:.3f}",
                      f"{p['best_seconds'] * 1e3:.3f}"]], "rrrr")
    for d in section(lines, "dispatch"):
        n = d["elements"]
        yield f"## Interface dispatch: one sgd update (w -= lr * g) of {n} floats"
        yield table(["call", "ns/call"], [
            ["Optimizer::update, virtual, into the plugin's .so", f"{d['virtual_ns']:.2f}"],
            ["the same formula inlined in the caller", f"{d['inline_ns']:.2f}"],
            ["difference: cost of the plugin call", f"{d['difference_ns']:.2f}"],
            ["OptimizerRunner::apply, one parameter (the core's whole path)", f"{d['runner_apply_ns']:.2f}"],
        ])
    machine = section(lines, "machine")
    core_impl = BACKEND_IMPL.get(machine[0]["gemm_backend"], "eigen") if machine else "eigen"
    floors = {e["batch"]: e["step_seconds"].get(core_impl) for e in section(lines, "epoch_gemm")}
    for t in section(lines, "training_step"):
        calls = t["update_calls_per_step"] + t["other_plugin_calls_per_step"]
        headers = ["batch", "optimizer", "ms/step", "plugin calls/step (update + other)", "dispatch (ns/step)",
                   "dispatch % of step"]
        row = [t["batch"], t["optimizer"], f"{t['seconds'] * 1e3:.3f}",
               f"{calls:g} ({t['update_calls_per_step']:g} + {t['other_plugin_calls_per_step']:g})",
               f"{t['dispatch_seconds_per_step'] * 1e9:.0f}", f"{t['dispatch_percent']:.4f} %"]
        floor = floors.get(t["batch"])
        if floor:
            label = dict(IMPLEMENTATIONS)[core_impl]
            headers += [f"GEMM floor ({label}, ms/step)", "GEMM floor % of step"]
            row += [f"{floor * 1e3:.3f}", f"{100 * floor / t['seconds']:.0f} %"]
        yield "## One training step of the Fashion-MNIST MLP (784-256-128-10, adam), one thread"
        yield table(headers, [row], "rl" + "r" * (len(headers) - 2))
        yield ("Dispatch = plugin calls per step x the difference above. Other calls: begin_step and "
               "elementwise(); this model has no scheduler or regularizer plugins.")
        if floor and floor > t["seconds"]:
            yield ("**The GEMM floor exceeds the measured step**: the products and the step were timed at "
                   "different moments, and other processes sharing the cache slowed one of them; rerun on "
                   "an idle machine.")


def main():
    lines = read_lines(sys.stdin)
    blocks = []
    for render in (render_machine, render_fma, render_sgemm, render_bandwidth, render_plugins):
        blocks += list(render(lines))
    print("\n\n".join(blocks))


if __name__ == "__main__":
    main()

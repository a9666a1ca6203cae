"""The PNG charts of the benchmark (run with .venv-bench, where matplotlib lives).

``python -m stack.bench.chart RUN.json OUT.png``: one run, two panels on log scales:
latencies (p50, p95, p99 in ms) and throughputs (records/s, MiB/s, requests/s), one bar per
variant, so a RODARE/stock or dev/production gap shows.

``python -m stack.bench.chart --sizes OUT.png quick.json full.json huge.json``: the runs'
figures by corpus size (``bysize.py``), one panel per figure: RODARE and stock side by side
at each size, the ratio RODARE/stock above each pair (above 1: RODARE is slower).
"""

import json
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from stack.bench import bysize  # noqa: E402

VARIANTS = (("rodare", "RODARE (gunicorn)"), ("stock", "stock InvenioRDM (gunicorn)"),
            ("development", "RODARE (Flask dev server)"))


def panel(axis, rows, title, unit):
    """Grouped horizontal bars, one group per figure."""
    height = 0.8 / len(VARIANTS)
    for i, (variant, label) in enumerate(VARIANTS):
        values = [row["values"].get(variant) or 0 for row in rows]
        axis.barh([n + i * height for n in range(len(rows))], values, height, label=label)
    axis.set_yticks([n + height for n in range(len(rows))])
    axis.set_yticklabels([f"{row['scenario']}: {row['figure']}" for row in rows], fontsize=7)
    axis.invert_yaxis()
    axis.set_xlabel(unit)
    axis.set_title(title)
    axis.legend(fontsize=7)


def main(json_path, png_path):
    """Draw the chart of ``json_path`` into ``png_path``."""
    data = json.load(open(json_path))
    rows = [r for r in data["rows"] if any(r["values"].get(v) for v, _ in VARIANTS)]
    slow = [r for r in rows if r["figure"].endswith("_ms")]
    fast = [r for r in rows if not r["figure"].endswith(("_ms", "errors", "requests"))]
    figure, (left, right) = plt.subplots(1, 2, figsize=(15, 0.35 * max(len(slow), len(fast)) + 2))
    panel(left, slow, "Latency (lower is better)", "ms")
    panel(right, fast, "Throughput (higher is better)", "per second (records, requests, MiB)")
    left.set_xscale("log")
    right.set_xscale("log")
    m = data["machine"]
    figure.suptitle(f"./rodare bench --size {data['size']} — {m['cores']} cores, "
                    f"{m['memory_gib']} GiB (shared machine: noisy)")
    figure.tight_layout(rect=(0, 0, 1, 0.98))  # room for the title above the two plots
    figure.savefig(png_path, dpi=110)


MEMORY_CHARTED = ("web", "worker", "search", "postgres")
"""The processes whose memory grows with the corpus or the load; the stand-ins' is in
``sizes.md``."""


def _size_label(records):
    return f"{records // 1000}k" if records >= 1000 and records % 1000 == 0 else str(records)


def size_panel(axis, title, by_records):
    """RODARE and stock at each corpus size of one figure, the ratio above each pair."""
    sizes = sorted(by_records)
    width = 0.38
    for offset, (variant, label) in ((-width / 2, VARIANTS[0]), (width / 2, VARIANTS[1])):
        values = [by_records[n][variant] or 0 for n in sizes]
        axis.bar([i + offset for i in range(len(sizes))], values, width, label=label)
    for i, n in enumerate(sizes):
        ratio = by_records[n]["ratio"]
        top = max(by_records[n]["rodare"] or 0, by_records[n]["stock"] or 0)
        if ratio is not None and top:
            axis.annotate(f"×{ratio:.2f}", (i, top), ha="center", va="bottom", fontsize=7)
    axis.set_xticks(range(len(sizes)))
    axis.set_xticklabels([_size_label(n) for n in sizes], fontsize=7)
    axis.set_title(title, fontsize=8)
    axis.tick_params(axis="y", labelsize=7)
    values = [v for n in sizes for v in (by_records[n]["rodare"], by_records[n]["stock"]) if v]
    if values and max(values) > 20 * min(values):  # else a log axis shows little but ticks
        axis.set_yscale("log")


def sizes_main(png_path, *json_paths):
    """Draw the figures of every run in ``json_paths`` by corpus size into ``png_path``."""
    runs = bysize.load(json_paths)
    panels = [((name, fig), by) for (name, fig), by in bysize.series(runs).items()
              if any(cell["rodare"] or cell["stock"] for cell in by.values())
              and (not name.startswith("peak memory") or fig in MEMORY_CHARTED)]
    columns = 4
    rows = max(1, math.ceil(len(panels) / columns))
    figure, axes = plt.subplots(rows, columns, figsize=(16, 2.6 * rows + 1), squeeze=False)
    for axis, ((name, fig), by_records) in zip(axes.flat, panels):
        size_panel(axis, f"{name}: {fig}", by_records)
    for axis in list(axes.flat)[len(panels):]:
        axis.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="upper right", fontsize=8)
    m = runs[-1]["machine"] if runs else {"cores": "?", "memory_gib": "?"}
    figure.suptitle("./rodare bench by corpus size (runs: "
                    + ", ".join(r["size"] for r in runs)
                    + f") — {m['cores']} cores, {m['memory_gib']} GiB; ×: RODARE/stock, above 1 slower")
    figure.tight_layout(rect=(0, 0, 1, 0.97))
    figure.savefig(png_path, dpi=100)


if __name__ == "__main__":
    if sys.argv[1] == "--sizes":
        sizes_main(*sys.argv[2:])
    else:
        main(*sys.argv[1:])

"""The PNG chart of a benchmark's JSON (run with .venv-bench, where matplotlib lives).

Two panels on log scales: latencies (p50, p95, p99 in ms) and throughputs (records/s,
MiB/s, requests/s), one bar per variant, so a RODARE/stock or dev/production gap shows.
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

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
    figure.tight_layout()
    figure.savefig(png_path, dpi=110)


if __name__ == "__main__":
    main(*sys.argv[1:])

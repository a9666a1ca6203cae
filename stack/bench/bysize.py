"""The benchmark's figures by corpus size: every size's JSON side by side, with stock.

Each ``./rodare bench --size S`` writes ``docs/benchmarks/S.json``; quick reads at 300 and
600 records, full at 1,000 and 10,000, huge at 100,000. This module sets the figures of
all of them side by side, per corpus size, RODARE beside stock with the ratio (above 1:
RODARE is slower, as in ``report.py``), as ``sizes.md`` (this module) and ``sizes.png``
(``chart.py --sizes``):

    python -m stack.bench.bysize docs/benchmarks/sizes.md docs/benchmarks/{quick,full,huge}.json

A figure's corpus size is in its scenario's name ("search at 10000"); a scenario named
without one was measured on the run's final corpus (``run.py``; runs before 5 Dec 2026
named the landing page and static file that way too, which was then the final corpus's
figure). The bulk import and the copies grow the corpus rather than read it at a size, so
they are left out; so are latencies other than p95 (the targets are p95) and counts of
errors that are all zero.
"""

import json
import re
import sys
from pathlib import Path

AT_SIZE = re.compile(r"^(?P<name>.+) at (?P<records>\d+)$")
GROWTH = ("bulk import", "copies to ")
SHOWN = ("_p95_ms", "_s", "_mib", "rps", "seconds")
"""Figures shown: p95 latencies, rates and durations (``_s``: per second, or seconds, as the
huge size's projected rebuild and restart), sizes (``_mib``) and throughputs."""
ERRORS = ("errors", "_errors")


def load(paths):
    """The results of the JSON files that exist, in the order given."""
    return [json.loads(Path(p).read_text()) for p in paths if Path(p).is_file()]


def _shown(figure, values):
    if figure.endswith(ERRORS):
        return any(values.values())
    return figure == "p95_ms" or figure.endswith(SHOWN)


def series(runs):
    """``{(scenario, figure): {records: {"rodare", "stock", "ratio", "size"}}}``.

    A later run's figure at a corpus size replaces an earlier run's at the same size.
    """
    out = {}
    for run in runs:
        final = run["config"]["records"][-1]
        for row in run["rows"]:
            if row["scenario"].startswith(GROWTH) or not _shown(row["figure"], row["values"]):
                continue
            match = AT_SIZE.match(row["scenario"])
            name, records = (match["name"], int(match["records"])) if match else (row["scenario"], final)
            out.setdefault((name, row["figure"]), {})[records] = {
                "rodare": row["values"].get("rodare"), "stock": row["values"].get("stock"),
                "ratio": row.get("rodare_over_stock"), "size": run["size"]}
        for process, procs in run.get("peak_memory", {}).items():
            peak = sum(p["peak_mib"] for p in procs)
            out.setdefault(("peak memory, MiB (sum over the tree)", process), {})[final] = {
                "rodare": peak, "stock": None, "ratio": None, "size": run["size"]}
    return out


def _fmt(value, ratio=False):
    if value is None:
        return "—"
    if ratio:
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.1f}" if abs(value) < 10 else f"{value:,.0f}"


def table(data):
    """A Markdown table: one row per figure and corpus size, in the order of the sizes."""
    lines = ["| scenario | figure | records | RODARE | stock | RODARE/stock | run |",
             "|---|---|---:|---:|---:|---:|---|"]
    for (name, figure), by_records in data.items():
        for records in sorted(by_records):
            cell = by_records[records]
            lines.append(f"| {name} | {figure} | {records:,} | {_fmt(cell['rodare'])} | "
                         f"{_fmt(cell['stock'])} | {_fmt(cell['ratio'], ratio=True)} | "
                         f"{cell['size']} |")
    return "\n".join(lines)


def main(out_md, *json_paths):
    """Write the table of ``json_paths`` (those that exist) to ``out_md``."""
    runs = load(json_paths)
    sizes = ", ".join(f"{r['size']} ({r.get('seconds', '?')} s)" for r in runs)
    Path(out_md).write_text("# The benchmark by corpus size\n\n"
                            f"From the runs: {sizes}. Ratios above 1: RODARE is slower than "
                            "stock InvenioRDM (stack/bench/bysize.py).\n\n"
                            f"{table(series(runs))}\n")


if __name__ == "__main__":
    main(*sys.argv[1:])

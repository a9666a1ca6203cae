"""The results as a table (stdout), JSON and the input of the chart.

Each row is one figure; the ratio columns are normalised so that above 1 means slower:
"RODARE/stock" is RODARE's cost over stock InvenioRDM (target: at most 1.10), "dev/prod"
is the development server's cost over gunicorn.
"""

import json

VARIANTS = ("rodare", "stock", "development")
HIGHER_IS_BETTER = ("_per_s", "_mib_s", "rps")


def _cost(value, base, key):
    """How many times slower ``value`` is than ``base`` (None if either is missing)."""
    if not value or not base:
        return None
    return base / value if key.endswith(HIGHER_IS_BETTER) else value / base


def rows(results):
    """(scenario, figure, {variant: value}, RODARE/stock, dev/prod) for every figure."""
    out = []
    for scenario, by_variant in results["figures"].items():
        keys = []
        for variant, figures in by_variant.items():
            if variant in VARIANTS:  # the disk copy is shown beside the files figures
                keys += [k for k in figures
                         if k not in keys and k not in ("records", "pages", "error", "processes")]
        for key in keys:
            values = {v: by_variant.get(v, {}).get(key) for v in VARIANTS if v in by_variant}
            counts = key in ("errors", "requests") or key.endswith("_errors")
            out.append((scenario, key, values,
                        None if counts else _cost(values.get("rodare"), values.get("stock"), key),
                        None if counts else _cost(values.get("development"), values.get("rodare"), key)))
    return out


def _fmt(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.0f}"
    return str(value)


def table(results):
    """The results as a Markdown table (also readable on a terminal)."""
    m = results["machine"]
    lines = [f"Size {results['size']}; {m['cores']} cores, {m['memory_gib']} GiB, "
             f"Python {m['python']}; {results.get('seconds', '?')} s in all.", "",
             "| scenario | figure | RODARE | stock | dev server | RODARE/stock | dev/prod |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for scenario, key, values, cost, dev in rows(results):
        lines.append(f"| {scenario} | {key} | {_fmt(values.get('rodare'))} | "
                     f"{_fmt(values.get('stock'))} | {_fmt(values.get('development'))} | "
                     f"{_fmt(cost)} | {_fmt(dev)} |")
    for scenario, by_variant in results["figures"].items():
        for variant, figures in by_variant.items():
            if figures.get("error"):
                lines.append(f"\n{scenario} ({variant}) failed: {figures['error']}")
    if "files" in results["figures"]:
        files = results["figures"]["files"]
        copy = files["disk copy"]["copy_mib_s"]
        lines.append("\nFiles against a plain disk copy ({:,.0f} MiB/s): ".format(copy) + ", ".join(
            f"{v} upload {files[v]['upload_mib_s'] / copy:.0%}, download "
            f"{files[v]['download_mib_s'] / copy:.0%}" for v in VARIANTS if v in files))
    memory = results.get("peak_memory", {})
    if memory:
        lines += ["", "| process | processes | peak RSS, largest (MiB) | sum of peaks (MiB) |",
                  "|---|---:|---:|---:|"]
        for name, procs in memory.items():
            peaks = [p["peak_mib"] for p in procs]
            lines.append(f"| {name} | {len(peaks)} | {max(peaks, default=0)} | {sum(peaks)} |")
    return "\n".join(lines)


def write(results, json_path):
    """Store the results as JSON, with the rows as computed for the table."""
    data = {**results, "rows": [
        {"scenario": s, "figure": k, "values": v, "rodare_over_stock": c, "dev_over_prod": d}
        for s, k, v, c, d in rows(results)]}
    json_path.write_text(json.dumps(data, indent=2) + "\n")


def emit(figures, out=None):
    """A single step's figures (``stack.bench.s3``, ``stack.bench.files``): printed as JSON,
    and written to ``out`` when given."""
    text = json.dumps(figures, indent=2)
    print(text)
    if out:
        with open(out, "w") as stream:
            stream.write(text + "\n")


if __name__ == "__main__":
    # Re-render a stored run: python -m stack.bench.report docs/benchmarks/quick.json
    import sys
    from pathlib import Path

    stored = json.loads(Path(sys.argv[1]).read_text())
    print(table(stored))

"""The benchmark's sizes (stack/bench/sizes.py) and its figures by corpus size
(stack/bench/bysize.py, chart.py --sizes), from small fake results in a temporary folder."""

import json
import subprocess

import pytest

from stack.bench import bysize
from stack.bench.sizes import SIZES, VARIANTS, reads_at, variants
from stack.supervisor import REPO


@pytest.mark.parametrize("name", sorted(SIZES))
def test_every_size_reads_where_it_grows_with_samples_there(name):
    cfg = SIZES[name]
    assert cfg["records"] == sorted(cfg["records"])
    assert set(reads_at(cfg)) <= set(cfg["records"])
    assert all(cfg["requests"][n] > 0 for n in reads_at(cfg))
    assert variants(cfg)[0] == "rodare" and set(variants(cfg)) <= set(VARIANTS)


def test_huge_reads_at_100000_grown_by_copies_beside_stock_harvesting_a_few_pages():
    cfg = SIZES["huge"]
    assert cfg["records"][0] <= 1000 < cfg["records"][-1] == 100000  # import, then copies
    assert reads_at(cfg) == [100000]
    assert variants(cfg) == ["rodare", "stock"]
    assert 0 < cfg["harvest_limit"] <= 2000  # ten or twenty pages, not 1,000
    assert 0 < cfg["rebuild_sample"] < 100000  # a rate, not hours of a whole rebuild
    assert cfg["restart"]
    assert variants(SIZES["full"]) == list(VARIANTS)  # the others measure all three


def _run(size, records, rows, memory=None):
    return {"size": size, "seconds": 60, "config": {"records": records},
            "machine": {"cores": 2, "memory_gib": 23.5},
            "rows": [{"scenario": s, "figure": f, "values": v, "rodare_over_stock": r}
                     for s, f, v, r in rows],
            "peak_memory": memory or {}}


FULL = _run("full", [1000, 10000], [
    ("bulk import", "records_per_s", {"rodare": 3.0, "stock": 2.6}, 0.86),
    ("copies to 10000", "records_per_s", {"rodare": 36.0}, None),
    ("search at 1000", "text_p95_ms", {"rodare": 500.0, "stock": None}, None),
    ("search at 1000", "text_p50_ms", {"rodare": 300.0, "stock": None}, None),
    ("search at 1000", "text_errors", {"rodare": 0, "stock": 100}, None),
    ("search at 10000", "text_p95_ms", {"rodare": 1700.0, "stock": None}, None),
    ("landing page", "p95_ms", {"rodare": 108.0, "stock": 132.0}, 0.82),
    ("landing page", "errors", {"rodare": 0, "stock": 0}, None),
    ("harvest oai_dc at 10000", "records_per_s", {"rodare": 57.0, "stock": 44.0}, 0.77),
], memory={"search": [{"pid": 1, "command": "osmem", "peak_mib": 1800}]})
HUGE = _run("huge", [1000, 100000], [
    ("search at 100000", "text_p95_ms", {"rodare": 9000.0, "stock": None}, None),
    ("landing page at 100000", "p95_ms", {"rodare": 120.0, "stock": 150.0}, 0.8),
    ("index rebuild at 100000", "projected_s", {"rodare": 6000.0}, None),
    ("index rebuild at 100000", "sample", {"rodare": 3000}, None),
    ("restart at 100000", "start_s", {"rodare": 700.0}, None),
    ("restart at 100000", "search_peak_mib", {"rodare": 5000}, None),
], memory={"search": [{"pid": 2, "command": "osmem", "peak_mib": 9000}]})


def test_figures_are_set_by_corpus_size_across_runs():
    data = bysize.series([FULL, HUGE])
    assert sorted(data[("search", "text_p95_ms")]) == [1000, 10000, 100000]
    assert data[("search", "text_p95_ms")][100000]["size"] == "huge"
    # Named without a size: the run's final corpus (the full run's landing page at 10,000).
    landing = data[("landing page", "p95_ms")]
    assert landing[10000] == {"rodare": 108.0, "stock": 132.0, "ratio": 0.82, "size": "full"}
    assert landing[100000]["ratio"] == 0.8
    assert data[("search", "text_errors")][1000]["stock"] == 100  # stock's failures show
    assert ("landing page", "errors") not in data  # all zero
    assert ("search", "text_p50_ms") not in data  # the targets are p95
    assert not any(name.startswith(("bulk import", "copies")) for name, _ in data)
    assert data[("index rebuild", "projected_s")][100000]["rodare"] == 6000.0
    assert ("index rebuild", "sample") not in data  # how it was measured, not a figure
    assert data[("restart", "start_s")][100000]["rodare"] == 700.0
    assert data[("restart", "search_peak_mib")][100000]["rodare"] == 5000
    memory = data[("peak memory, MiB (sum over the tree)", "search")]
    assert memory == {10000: {"rodare": 1800, "stock": None, "ratio": None, "size": "full"},
                      100000: {"rodare": 9000, "stock": None, "ratio": None, "size": "huge"}}


def test_a_later_run_replaces_a_figure_at_the_same_size():
    again = _run("full", [1000, 10000], [("search at 10000", "text_p95_ms", {"rodare": 300.0}, None)])
    data = bysize.series([FULL, again])
    assert data[("search", "text_p95_ms")][10000]["rodare"] == 300.0
    assert data[("search", "text_p95_ms")][1000]["rodare"] == 500.0


def test_the_table_is_written_from_the_runs_there_are(tmp_path):
    (tmp_path / "full.json").write_text(json.dumps(FULL))
    (tmp_path / "huge.json").write_text(json.dumps(HUGE))
    out = tmp_path / "sizes.md"
    bysize.main(out, tmp_path / "quick.json", tmp_path / "full.json", tmp_path / "huge.json")
    text = out.read_text()
    assert "From the runs: full (60 s), huge (60 s)." in text
    assert "| landing page | p95_ms | 10,000 | 108 | 132 | 0.82 | full |" in text
    assert "| search | text_p95_ms | 100,000 | 9,000 | — | — | huge |" in text


BENCH_PYTHON = REPO / ".venv-bench" / "bin" / "python"


@pytest.mark.skipif(not BENCH_PYTHON.exists(), reason="matplotlib lives in .venv-bench "
                    "(made by ./rodare bench)")
def test_the_chart_by_size_is_drawn(tmp_path):
    paths = []
    for run in (FULL, HUGE):
        paths.append(tmp_path / f"{run['size']}.json")
        paths[-1].write_text(json.dumps(run))
    png = tmp_path / "sizes.png"
    subprocess.run([str(BENCH_PYTHON), "-m", "stack.bench.chart", "--sizes", str(png), *map(str, paths)],
                   cwd=REPO, check=True, timeout=120)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

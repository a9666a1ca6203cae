"""Orchestrate one benchmark run: stack, data, the three web servers, every scenario.

Order matters for fairness: every variant is measured on the same data, one after the
other within each step, so background activity of the shared machine spreads over all.
Before each variant's measurement the worker must be idle (``settle.py``: the import's
indexing queue drained), and the order of the variants turns by one at every step, so no
variant is always first or always last.

Figures that depend on the corpus are named with its size ("search at 10000", "landing
page at 10000"), so that ``bysize.py`` can set the sizes side by side; a figure named without
one (deposits, files, load) was measured on the run's final corpus.
"""

import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

from ..instance import ADMIN_EMAIL
from ..services import MEMORY_LIMIT, free_port
from ..standins.legacy_corpus import write_bench_dump
from ..supervisor import BIN, DATACITE_PREFIX, DEFAULT_PORTS, PYTHON, REPO, Stack
from . import load, procmem, scenarios, settle
from .client import session
from .importer import write_records
from .sizes import SIZES, reads_at, variants
from .variants import stock_instance, stock_settings

STATIC_FILE = "/static/images/rodare-logo.svg"
"""A file served from the instance's static folder: the theme's logo (``THEME_LOGO``), which
every page loads. (It named ``hzdr-logo.svg`` until 5 Dec 2026, a file the theme never had:
the scenario measured 404s, counted as errors, in every variant.)"""


GUEST_LIMIT = "100000 per hour;10000 per minute"
"""The guest rate limit during a run (one address for all of the load run's users)."""


def machine():
    """Cores, memory and Python of this machine, printed and stored with the results."""
    mem_kib = int(next(line.split()[1] for line in open("/proc/meminfo")
                       if line.startswith("MemTotal")))
    return {"cores": len(os.sched_getaffinity(0)), "memory_gib": round(mem_kib / 2**20, 1),
            "python": platform.python_version(), "platform": platform.platform()}


class Bench:
    """One run: a stack in a temporary root plus a stock and a development web server."""

    def __init__(self, size, instance, echo=print):
        """Choose the size; nothing is started yet."""
        self.size, self.cfg, self.echo = size, SIZES[size], echo
        self.root = Path(tempfile.mkdtemp(prefix="rodare-bench-"))
        # Every port free, so the bench runs beside `./rodare up` (and its stand-ins).
        ports = {name: free_port() for name in DEFAULT_PORTS}
        self.stack = Stack(self.root, ports=ports, instance_path=instance, echo=echo)
        self.results = {"size": size, "machine": machine(), "config": self.cfg, "figures": {},
                        "settled": []}
        self.urls, self.envs, self.turn = {}, {}, 0

    def step(self, text):
        """Show progress with the time since the start."""
        self.echo(f"[{time.monotonic() - self.t0:6.0f}s] {text}")

    def variants(self):
        """The web servers in this step's order (turned by one each call), each returned only
        once the worker is idle; the wait is kept with the results."""
        names = list(self.http)
        turn = self.turn % len(names)
        self.turn += 1
        for variant in names[turn:] + names[:turn]:
            waited = settle.wait_idle(self.stack.env()["INVENIO_BROKER_URL"])
            self.results["settled"].append({"before": variant, "waited_s": waited,
                                            "at_s": round(time.monotonic() - self.t0)})
            if waited is None:
                self.step(f"the worker is still busy after 15 min; measuring {variant} anyway")
            yield variant, self.http[variant]

    def record(self, scenario, variant, figures):
        """Keep the figures of one scenario for one variant."""
        self.results["figures"].setdefault(scenario, {})[variant] = figures

    def start(self):
        """Start the stack (gunicorn, RODARE), then stock gunicorn and the development server."""
        self.t0 = time.monotonic()
        # Stock InvenioRDM caps file uploads at 100 MiB too (MAX_CONTENT_LENGTH; RODARE allows
        # 50 GiB files, FILES_REST_DEFAULT_MAX_FILE_SIZE): lifted so every variant takes the file.
        limit = (self.cfg["file_mib"] + 16) * 2**20
        os.environ["INVENIO_MAX_CONTENT_LENGTH"] = str(limit)
        self.results["max_content_length"] = limit
        # The load run's 20 users all come from 127.0.0.1, so the per-address guest limit
        # (upstream's 500 a minute) would answer 429 to a crowd that in life has 20
        # addresses: lifted for every variant, so the run measures serving, not the limiter.
        os.environ["INVENIO_RATELIMIT_GUEST_USER"] = GUEST_LIMIT
        self.results["ratelimit_guest_user"] = GUEST_LIMIT
        # The embedded search server's soft memory limit, as ./rodare up would set it.
        self.results["search_memory_limit"] = os.environ.get("RODARE_SEARCH_MEMORY_LIMIT",
                                                             MEMORY_LIMIT)
        self.step("starting the stack (services, set-up, worker, gunicorn)")
        self.stack.start(assets=False)
        self.urls["rodare"], self.envs["rodare"] = self.stack.url, self.stack.env()
        stock = stock_instance(self.root / "instance-stock", self.stack.instance, REPO)
        self.results["stock_kept"] = stock_settings()[1]
        self.step("stock keeps RODARE's value of (upstream has none): "
                  + (", ".join(self.results["stock_kept"]) or "nothing"))
        for variant, kind, instance in (("stock", "production", stock),
                                        ("development", "development", self.stack.instance)):
            if variant not in variants(self.cfg):
                continue
            port = free_port()
            url = f"https://127.0.0.1:{port}"
            env = {**self.stack.env(), "INVENIO_INSTANCE_PATH": str(instance),
                   "INVENIO_SITE_UI_URL": url, "INVENIO_SITE_API_URL": f"{url}/api"}
            process = self.stack.web_process(kind, port, env, name=f"web-{variant}")
            self.step(f"starting the {variant} web server on :{port}")
            self.stack.processes.append(process.start())
            process.wait_ready()
            self.urls[variant], self.envs[variant] = url, env
        token = self.stack.invenio("tokens", "create", "-n", "bench", "-u", ADMIN_EMAIL,
                                   check=True, capture_output=True, text=True)
        self.token = token.stdout.strip().splitlines()[-1]
        self.http = {variant: session(url, self.stack.certificate, self.token)
                     for variant, url in self.urls.items()}

    def bulk_import(self, variant, count, first):
        """Import ``count`` records with ``variant``'s configuration; records per second."""
        lines = self.root / f"import-{first}.jsonl"
        write_records(lines, count, start=first)
        return self.app_job(variant, "stack.bench.importer", str(lines))

    def app_job(self, variant, module, *args):
        """Run ``python -m module args`` in ``variant``'s app environment; records per second
        from the JSON line it prints last."""
        start = time.perf_counter()
        with open(self.root / "logs" / "importer.log", "a") as log:  # app warnings
            job = subprocess.run([PYTHON, "-m", module, *args], env=self.envs[variant],
                                 cwd=REPO, stdout=subprocess.PIPE, stderr=log, text=True)
        if job.returncode != 0:
            raise RuntimeError(f"{module} failed ({job.returncode}); see logs/importer.log")
        done = json.loads(job.stdout.strip().splitlines()[-1])
        return {**done, "records_per_s": done["records"] / (time.perf_counter() - start)}

    def corpus(self, target, have):
        """Grow the corpus to ``target`` records.

        The first batch, split stock/RODARE, goes through the service layer and gives the
        bulk-import figure. Later growth copies those records in the database and
        bulk-indexes the copies (``corpus.py``): through the service layer, 9,000 more
        records took 36 of the full size's 60 minutes on 2 cores.
        """
        if have == 0:
            half = target // 2
            for variant, first in (("stock", 0), ("rodare", half)):
                self.step(f"bulk import: {half} records through the service layer ({variant})")
                self.record("bulk import", variant, self.bulk_import(variant, half, first))
            return
        self.step(f"copying published records: {target - have} more, bulk-indexed")
        self.record(f"copies to {target}", "rodare",
                    self.app_job("rodare", "stack.bench.corpus", str(target - have)))

    def reads(self, records):
        """Search, landing page, REST read, static file and harvest at the current corpus size."""
        samples = self.cfg["requests"][records]
        # One record's id, asked of the search server itself: at 100,000 records the app's
        # search with facets takes longer than its timeout and answers 503.
        server = self.stack.services.search.hosts[0]
        hit = requests.post(f"http://{server['host']}:{server['port']}/rodare-rdmrecords-records"
                            "/_search", json={"size": 1, "_source": ["id"]}, timeout=600).json()
        recid = hit["hits"]["hits"][0]["_source"]["id"]
        if self.cfg.get("search_untimed"):
            self.step(f"search in the app without the timeout at {records} records (rodare)")
            timed = self.app_job("rodare", "stack.bench.search_time",
                                 str(self.cfg["search_untimed"]))
            self.record(f"search without timeout at {records}", "rodare",
                        {k: v for k, v in timed.items() if k.endswith("_ms")})
        for variant, http in self.variants():
            self.step(f"search, landing page, REST read, static file at {records} records ({variant})")
            self.record(f"search at {records}", variant, scenarios.search(http, samples))
            self.record(f"landing page at {records}", variant,
                        scenarios.landing(http, recid, samples))
            self.record(f"record at {records}", variant, scenarios.rest_read(http, recid, samples))
            self.record(f"static file at {records}", variant,
                        scenarios.static_file(http, STATIC_FILE, samples))
            for prefix in ("oai_dc", "datacite"):
                self.step(f"harvest ListRecords {prefix} ({variant})")
                self.record(f"harvest {prefix} at {records}", variant,
                            scenarios.harvest(http, prefix, self.cfg.get("harvest_limit")))

    def writes(self):
        """Deposits and the large file for every variant; the raw disk copy beside them."""
        for variant, http in self.variants():
            self.step(f"{self.cfg['deposits']} deposits of 1 MiB ({variant})")
            self.record("deposit", variant, scenarios.deposits(http, self.cfg["deposits"]))
        big = self.root / "large.bin"
        self.step(f"writing a {self.cfg['file_mib']} MiB test file")
        with open(big, "wb") as out:
            for _ in range(self.cfg["file_mib"]):
                out.write(os.urandom(2**20))
        self.record("files", "disk copy", {"copy_mib_s": scenarios.disk_copy(big, self.root)})
        for variant, http in self.variants():
            self.step(f"large file upload and download ({variant})")
            self.record("files", variant, scenarios.large_file(http, big, self.root))
        big.unlink()

    def migration(self):
        """The import from the old RODARE (``migration.py``'s corpus: single-version legacy
        records with two small files each) from a dump folder, one importer process."""
        count = self.cfg["migration_records"]
        settle.wait_idle(self.stack.env()["INVENIO_BROKER_URL"])  # as before every measurement
        self.step(f"migration: {count} legacy records with 2 files each (rodare)")
        dump, report = self.root / "legacy-dump", self.root / "migration-report.json"
        write_bench_dump(dump, count, DATACITE_PREFIX, offset=900000)
        with open(self.root / "logs" / "importer.log", "a") as log:
            subprocess.run([str(BIN / "invenio"), "rodare-migrate", "run", "--source", str(dump),
                            "--report", str(report)], env=self.envs["rodare"], cwd=REPO,
                           stdout=log, stderr=log)
        ended = datetime.now(UTC)
        run = json.loads(report.read_text())["run"] if report.exists() else {"started": ended.isoformat()}
        # From the report's start: the app's start-up (~10 s) would swamp the quick size.
        elapsed = max((ended - datetime.fromisoformat(run["started"])).total_seconds(), 0.001)
        done = sum(run.get("counts", {}).get(k, 0) for k in ("imported", "updated"))
        figures = {"records": done, "records_per_s": done / elapsed,
                   "per_record_ms": 1000 * elapsed / done if done else None}
        if done < count:
            figures["error"] = f"{done} of {count} imported; see logs/importer.log"
        self.record("migration", "rodare", figures)

    def load(self):
        """A locust run per variant."""
        # The field is metadata.title: a bare ``title:`` matched nothing, so the load runs
        # before 5 Dec 2026 sent no landing-page or download request at all.
        hits = self.http["rodare"].get(f"{self.stack.url}/api/records",
                                       params={"q": "metadata.title:\"Deposit benchmark\"", "size": 100})
        found = hits.json()["hits"]["hits"]
        if not found:
            raise RuntimeError("the load run found none of the deposits to read and download")
        records = self.root / "load-records.txt"
        records.write_text("".join(f"{hit['id']} data.bin\n" for hit in found))
        for variant, _http in self.variants():
            url = self.urls[variant]
            self.step(f"load: {self.cfg['load_users']} users for {self.cfg['load_seconds']} s ({variant})")
            self.record("load", variant, load.run(
                url, self.stack.certificate, self.token, records, self.cfg["load_users"],
                self.cfg["load_seconds"], self.root / f"locust-{variant}"))

    def rebuild_index(self, records):
        """The rebuild of the search index from PostgreSQL, what a start runs after a crash, a
        restore or a change of code (``stack.instance reindex``; the supervisor again after a
        restart of the search server), while search answers 503: its rate over a sample of
        ``rebuild_sample`` records indexed at the corpus's size (``reindex_sample.py``), and
        the whole corpus's time projected from it (a whole rebuild of 100,000 is hours)."""
        sample = min(self.cfg["rebuild_sample"], records)
        settle.wait_idle(self.stack.env()["INVENIO_BROKER_URL"])
        self.step(f"indexing {sample} of {records} records as a rebuild does (rate of a rebuild)")
        try:
            done = self.app_job("rodare", "stack.bench.reindex_sample", str(sample))
        except RuntimeError as error:
            self.record(f"index rebuild at {records}", "rodare", {"error": str(error)})
            return
        rate = done["records_per_s"]
        self.record(f"index rebuild at {records}", "rodare", {
            "sample": done["records"], "records_per_s": rate, "projected_s": records / rate})

    def restart(self, records):
        """A clean stop and ``./rodare up`` again at the corpus's size: the stop saves the
        search index, the start puts it back instead of rebuilding (``stack/kept_index.py``).
        Seconds of each, whether the index was kept, and the search server's peak memory
        during the put-back. The stock and development servers stay stopped."""
        self.step(f"stopping the stack (the search index of {records} records is saved)")
        start = time.perf_counter()
        self.stack.stop()
        stopped = time.perf_counter() - start
        self.step("starting it again (the saved index is put back)")
        start = time.perf_counter()
        self.stack.start(assets=False)
        started = time.perf_counter() - start
        search = self.stack.services.search
        self.record(f"restart at {records}", "rodare", {
            "stop_s": stopped, "start_s": started, "index_kept": self.stack.index_kept,
            "search_peak_mib": max(row["peak_mib"] for row in procmem.peak_memory(
                {search.name: search.proc})[search.name])})

    def peak_memory(self):
        """The peak memory (VmHWM) of every process of the stack, read once at the end."""
        services = self.stack.services
        named = {p.name: p.proc for p in self.stack.processes}
        named.update({s.name: s.proc for s in (services.postgres, services.redis, services.search)})
        self.results["peak_memory"] = procmem.peak_memory(named)

    def run(self):
        """Every step the size asks for, then stop the stack; the results dict."""
        try:
            self.start()
            have = 0
            for target in self.cfg["records"]:
                self.corpus(target, have)
                have = target
                if target in reads_at(self.cfg):
                    self.reads(target)
            if self.cfg["deposits"]:
                self.writes()
            if self.cfg["migration_records"]:
                self.migration()
            if self.cfg["load_seconds"]:
                self.load()
            if self.cfg.get("rebuild_sample"):
                self.rebuild_index(have)
            self.peak_memory()
            if self.cfg.get("restart"):
                self.restart(have)
            self.results["seconds"] = round(time.monotonic() - self.t0)
        finally:
            self.stop()
        return self.results

    def stop(self):
        """Stop everything; keep the logs in .rodare/bench-logs for whoever investigates."""
        self.stack.stop()
        kept = REPO / ".rodare" / "bench-logs"
        shutil.rmtree(kept, ignore_errors=True)
        if (self.root / "logs").exists():
            shutil.copytree(self.root / "logs", kept)
        shutil.rmtree(self.root, ignore_errors=True)


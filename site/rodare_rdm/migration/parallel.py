"""``invenio rodare-migrate run --jobs N``: the import in N processes over disjoint concepts.

One process keeps one core busy at most, and it waits much of the time on the database and
the search index (docs/benchmarks/migration.md); N processes use the cores of the machine.

1. This process makes what two importers would race to create: the accounts of the owners
   and the communities (each by its unique e-mail or slug).
2. It starts N children, ``invenio rodare-migrate run --part i/N``; child ``i`` imports the
   concepts of part ``i`` (``importer.in_part``: a hash of the concept id), so the versions
   of a concept stay in one process and in their order. Each writes its own report, ``<report>.part<i>.json``, started as a copy
   of the report, so that a run after an interruption continues in each part, and each does
   its final indexing pass over its own concepts.
3. It merges the parts into the report (each part changed only the entries of its concepts)
   and removes them.
"""

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from flask import current_app

from .importer import _community


def part_of(value):
    """``"i/N"`` → (i, N), for ``--part``."""
    index, _, count = value.partition("/")
    index, count = int(index), int(count)
    if not 0 <= index < count:
        raise ValueError(f"part {value}: needs 0 <= i < N")
    return index, count


def prepare(legacy, report, owners, since):
    """The accounts of every owner and every community that the depositions name."""
    slugs = set()
    for deposit in legacy.depositions(since):
        if deposit.get("state") != "done" or not deposit.get("submitted"):
            continue
        owners(deposit.get("owner"))
        slugs.update(c.get("identifier") for c in deposit.get("metadata", {}).get("communities") or []
                     if isinstance(c, dict) and c.get("identifier"))
    for slug in sorted(slugs):
        try:
            _community(slug, report)
        except Exception:  # noqa: BLE001 - a slug RDM refuses: its records' own reports say why
            current_app.logger.warning("migration: community %r could not be made", slug)
    report.save()


def _invenio():
    """The ``invenio`` command of this environment."""
    command = Path(sys.executable).parent / "invenio"
    return [str(command)] if command.exists() else [sys.executable, "-m", "invenio_app.cli"]


def run_parts(jobs, report, report_file, source, token, users_file, since):
    """Start the ``jobs`` children, wait for them, merge their reports; their exit codes."""
    stem = str(report_file).removesuffix(".json")
    parts = [Path(f"{stem}.part{index}.json") for index in range(jobs)]
    children = []
    for index, part in enumerate(parts):
        shutil.copy(report_file, part)
        command = [*_invenio(), "rodare-migrate", "run", "--source", source, "--report", str(part),
                   "--part", f"{index}/{jobs}"]
        if users_file:
            command += ["--users", users_file]
        if since:
            command += ["--since", since]
        env = {**os.environ, "RODARE_MIGRATION_TOKEN": token or ""}
        children.append(subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL))
    codes = [child.wait() for child in children]
    merge(report, parts)
    return codes


def merge(report, parts):
    """Take each part's entries that differ from the report's, its accounts and communities,
    and the counts of its run; then remove the part (and its summary)."""
    counts = Counter()
    records = dict(report.data["records"])
    for part in parts:
        if not part.is_file():
            continue
        data = json.loads(part.read_text())
        for recid, entry in data["records"].items():
            if entry != records.get(recid):
                report.data["records"][recid] = entry
        for email, account in data.get("accounts", {}).items():
            report.data["accounts"].setdefault(email, {}).update(account)
        for slug in data.get("communities", []):
            if slug not in report.data["communities"]:
                report.data["communities"].append(slug)
        counts.update(data.get("run", {}).get("counts", {}))
        part.unlink()
        Path(str(part).removesuffix(".json") + ".txt").unlink(missing_ok=True)
    report.counts.update(counts)
    report.save()

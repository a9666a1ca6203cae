"""Work per migrated record in the test setup (not collected by the suite: run it by name).

    .venv/bin/python -m pytest -q -s site/tests/migration/bench_statements.py

Imports a warm-up of bench records (app start, caches, accounts, communities), then
``BENCH_RECORDS`` more from a dump folder (``legacy_corpus.write_bench_dump``), counting the
SQL statements (grouped by statement kind and table) and the importer's CPU seconds per
record. Celery tasks run eagerly in-process, so their work is counted as the worker's would
be. Steadier than wall time on a shared machine: it does not depend on what else runs.

``BENCH_TRACE=steps`` adds the statements per line of the migration package that issued
them; ``BENCH_TRACE="SELECT pidstore_pid,SAVEPOINT"`` the call stacks (``BENCH_DEPTH``
frames) of those kinds; ``BENCH_STEP=importer.py:NNN`` with ``steps`` the stacks below one
such line. The figures of docs/benchmarks/migration.md come from here.
"""

import os
import re
import time
import traceback
from collections import Counter

from invenio_db import db
from sqlalchemy import event

from stack.standins.legacy_corpus import write_bench_dump


def _kind(statement):
    words = statement.split()
    verb = words[0].upper() if words else "?"
    if verb == "SELECT":
        match = re.search(r"\bFROM\s+([a-z_0-9]+)", statement, re.I)
    elif verb == "INSERT":
        match = re.search(r"\bINTO\s+([a-z_0-9]+)", statement, re.I)
    elif verb == "UPDATE":
        match = re.search(r"^\s*UPDATE\s+([a-z_0-9]+)", statement, re.I)
    elif verb == "DELETE":
        match = re.search(r"\bFROM\s+([a-z_0-9]+)", statement, re.I)
    else:
        match = None
    return f"{verb} {match.group(1) if match else ''}".strip()


def test_work_per_record(run_migrate, local_datacite, tmp_path):
    """Statements and CPU seconds per record (printed; asserts only that all were imported)."""
    warm, count = 5, int(os.environ.get("BENCH_RECORDS", "30"))
    write_bench_dump(tmp_path / "warm", warm, local_datacite.prefix, offset=100000)
    write_bench_dump(tmp_path / "dump", count, local_datacite.prefix, offset=200000)
    result = run_migrate("run", "--source", str(tmp_path / "warm"), report="warm.json")
    assert result.exit_code == 0, result.output
    seen, traced, steps = Counter(), Counter(), Counter()
    trace = set(filter(None, os.environ.get("BENCH_TRACE", "").split(",")))

    def count_statement(conn, cursor, statement, parameters, context, executemany):
        kind = _kind(statement)
        seen[kind] += 1
        if "steps" in trace:
            stack = traceback.extract_stack()[:-1]
            ours = [f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in stack
                    if "rodare_rdm/migration" in f.filename]
            step = ours[-1] if ours else "?"
            steps[step] += 1
            focus = os.environ.get("BENCH_STEP")
            if focus and step.startswith(focus):
                names = [f"{f.filename.split('site-packages/')[-1].split('/work/wt22/site/')[-1]}:{f.lineno} {f.name}"
                         for f in stack if ("invenio" in f.filename or "rodare_rdm" in f.filename)
                         and "sqlalchemy" not in f.filename and "invenio_db" not in f.filename]
                at = max(i for i, n in enumerate(names) if "migration/" in n)
                depth = int(os.environ.get("BENCH_DEPTH", "3"))
                traced[(kind, *names[at + 1:at + 1 + depth])] += 1
        if kind in trace:
            frames = [f"{f.filename.split('site-packages/')[-1]}:{f.lineno} {f.name}"
                      for f in traceback.extract_stack()[:-1]
                      if ("invenio" in f.filename or "rodare_rdm" in f.filename)
                      and "sqlalchemy" not in f.filename and "invenio_db" not in f.filename]
            traced[(kind, *frames[-int(os.environ.get("BENCH_DEPTH", "6")):])] += 1

    event.listen(db.engine, "before_cursor_execute", count_statement)
    cpu, wall = time.process_time(), time.monotonic()
    try:
        result = run_migrate("run", "--source", str(tmp_path / "dump"), report="bench.json")
    finally:
        event.remove(db.engine, "before_cursor_execute", count_statement)
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    assert result.exit_code == 0, result.output
    assert f"{count} imported" in result.output, result.output
    total = sum(seen.values())
    print(f"\n{count} records: {total / count:.1f} statements/record, "
          f"CPU {cpu / count:.3f} s/record, wall {wall / count:.3f} s/record")
    for kind, n in seen.most_common(40):
        print(f"  {n / count:7.2f}  {kind}")
    for step, n in steps.most_common():
        print(f"{n / count:7.2f}  {step}")
    for stack, n in traced.most_common(25):
        print(f"{n / count:7.2f}  {stack[0]}\n          " + "\n          ".join(stack[1:]))

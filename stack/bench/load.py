"""Run locust headless against one web server and read its summary (CSV) back."""

import csv
import os
import subprocess
from pathlib import Path

from ..supervisor import REPO

LOCUST = REPO / ".venv-bench" / "bin" / "locust"


def run(url, certificate, token, records_file, users, seconds, out_dir, echo=print):
    """Throughput, p50/p95/p99 and errors of a ``seconds`` run with ``users`` users."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / "locust"
    env = {**os.environ, "BENCH_TOKEN": token, "BENCH_CERT": certificate,
           "BENCH_RECORDS": str(records_file)}
    args = [str(LOCUST), "-f", str(REPO / "stack" / "bench" / "locustfile.py"), "--headless",
            "--host", url, "--users", str(users), "--spawn-rate", str(users),
            "--run-time", f"{seconds}s", "--csv", str(prefix), "--only-summary",
            "--stop-timeout", "10", "--exit-code-on-error", "0"]
    with open(out_dir / "locust.log", "w") as log:
        subprocess.run(args, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, check=True)
    with open(f"{prefix}_stats.csv") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
    }

"""The files step against a running ``./rodare up``: a large file up and down through web
servers that differ by one setting, on the same stack, alternately (issue 26, item 5).

    .venv/bin/python -m stack.bench.files --size-mib 1024 --rounds 3 \\
        --server chunked= --server upstream=INVENIO_RODARE_DOWNLOADS_CHUNK_SIZE=0 [--out FILE]

Each ``--server NAME=[VAR=VALUE,...]`` starts one more gunicorn beside the stack's (as
``./rodare up`` serves it: same services, data and certificate; a free port; the variables
added to the app's environment). Every round then uploads and downloads one file of
``--size-mib`` random bytes through each server (``scenarios.large_file``: REST, streamed
both ways), the order of the servers turning by one each round, and copies the file on the
disk beside it (``scenarios.disk_copy``). It prints (and ``--out`` writes) every round's
MiB/s with the load average, so a difference between servers can be told from the noise of
a shared machine. The stack's ports come from RODARE_*_PORT as for ``./rodare up``.
"""

import argparse
import os
import tempfile
import time

from ..__main__ import ROOT, ports_from_env
from ..instance import ADMIN_EMAIL
from ..services import free_port
from ..supervisor import Stack
from . import scenarios
from .client import session
from .report import emit


def parse_server(text):
    """``NAME=VAR=VALUE,VAR=VALUE`` -> ``(NAME, {VAR: VALUE})``."""
    name, _, assignments = text.partition("=")
    env = dict(a.split("=", 1) for a in assignments.split(",") if a)
    return name, env


def start_servers(stack, servers):
    """Start one gunicorn per ``(name, env)``; ``{name: (url, process)}``."""
    started = {}
    for name, extra in servers:
        port = free_port()
        url = f"https://127.0.0.1:{port}"
        env = {**stack.env(), "INVENIO_SITE_UI_URL": url, "INVENIO_SITE_API_URL": f"{url}/api",
               **extra}
        process = stack.web_process("production", port, env, name=f"web-files-{name}").start()
        started[name] = (url, process)
    for _url, process in started.values():
        process.wait_ready()
    return started


def measure(stack, urls, size_mib, rounds, echo=print):
    """Every round's figures: ``[{"round", "load", "disk_copy", name: {...}}]``."""
    token = stack.invenio("tokens", "create", "-n", "bench-files", "-u", ADMIN_EMAIL,
                          check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    http = {name: session(url, stack.certificate, token) for name, url in urls.items()}
    results = []
    with tempfile.TemporaryDirectory(dir=stack.root) as folder:
        big = os.path.join(folder, "large.bin")
        with open(big, "wb") as out:
            for _ in range(size_mib):
                out.write(os.urandom(2**20))
        names = list(http)
        for n in range(rounds):
            order = names[n % len(names):] + names[:n % len(names)]
            row = {"round": n + 1, "load": os.getloadavg()[0],
                   "disk_copy": scenarios.disk_copy(big, folder)}
            for name in order:
                row[name] = scenarios.large_file(http[name], big, folder)
                echo(f"round {n + 1} {name}: upload {row[name]['upload_mib_s']:.0f}, "
                     f"download {row[name]['download_mib_s']:.0f} MiB/s "
                     f"(disk copy {row['disk_copy']:.0f}, load {row['load']:.1f})")
            results.append(row)
    return results


def main():
    """Measure, print the JSON, stop the servers this started."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--server", action="append", default=[], type=parse_server,
                        help="NAME=VAR=VALUE,...: one more gunicorn with these variables")
    parser.add_argument("--out", help="write the JSON here too")
    args = parser.parse_args()
    stack = Stack(ROOT, ports=ports_from_env())
    started = start_servers(stack, args.server)
    try:
        urls = {"stack": stack.url, **{name: url for name, (url, _p) in started.items()}}
        started_at = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        rounds = measure(stack, urls, args.size_mib, args.rounds)
    finally:
        for _url, process in started.values():
            process.stop()
    result = {"started": started_at, "size_mib": args.size_mib,
              "servers": {name: env for name, env in args.server}, "rounds": rounds}
    emit(result, args.out)


if __name__ == "__main__":
    main()

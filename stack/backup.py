"""``./rodare backup``: database and files, consistent, taken while the repository runs.

Why this order gives a consistent backup without stopping anyone:

1. One REPEATABLE READ transaction exports its snapshot, and ``pg_dump --snapshot`` dumps
   exactly that snapshot; the list of files (``files_files``: path, size, checksum) is read in
   the same transaction, so it is the list the dump holds.
2. invenio-files-rest's files are write-once: a row gets its checksum only once its bytes are
   on disk, and the bytes never change afterwards. So every file the snapshot knows as complete
   can be copied *after* the dump, while deposits go on: files that arrive later are simply not
   in the snapshot, and are not copied (no orphans).
3. Every copy is checked against the checksum the snapshot holds. A file deleted between the
   dump and its copy (a discarded draft's file) makes the attempt fail; the backup is then taken
   again, from a new snapshot, a few times at most.

Uploads still in flight at the snapshot (rows without a checksum) are copied as they are, if
present: the restored draft has the same unfinished upload, which the depositor repeats.
The manifest (``stack.backup_manifest``) is written last. The local identity providers' keys,
the local DataCite's and ROBIS's folders and the TLS certificate are the stand-ins' own state,
not the repository's data, and are not part of a backup.
"""

import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from . import backup_manifest, usage_stats
from .services import PG_DATABASE, PG_USER, Postgres, free_port

ATTEMPTS = 3
COUNTED = ("rdm_records_metadata", "rdm_drafts_metadata", "pidstore_pid", "accounts_user",
           "oauth2server_token", "communities_metadata", "files_files", "files_object")
"""Tables whose row counts the manifest records, so an operator can compare at a glance."""


class BackupError(Exception):
    """The backup could not be taken (and nothing was left that looks like one)."""


def pg_bin(name):
    """A client program of the embedded PostgreSQL (the same version as the server)."""
    return str(Postgres._bin(name))


def listening(port):
    """Whether something accepts connections on 127.0.0.1:port."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return True
    except OSError:
        return False


@contextmanager
def postgres_for(root, port):
    """The port of the stack's PostgreSQL: the running one, or (stack stopped) one started
    on the data folder for the time of the backup."""
    if listening(port):
        _check_serves(root, port)
        yield port, True
        return
    if not (Path(root) / "postgres" / "PG_VERSION").exists():
        raise BackupError(f"no database in {root}: nothing to back up")
    postgres = Postgres(root, free_port()).start()
    try:
        yield postgres.port, False
    finally:
        postgres.stop()


def _check_serves(root, port):
    """Refuse a PostgreSQL on ``port`` that serves another stack's data folder (another
    checkout's ``./rodare up`` on the default port): its dump with this root's secret key
    would be a backup of nothing that exists."""
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=port, user=PG_USER, dbname=PG_DATABASE)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            serves = Path(cursor.fetchone()[0]).resolve()
    finally:
        connection.close()
    if serves != (Path(root) / "postgres").resolve():
        raise BackupError(f"the PostgreSQL on port {port} serves {serves}, not {root}/postgres: "
                          "set RODARE_POSTGRES_PORT and RODARE_SEARCH_PORT to this stack's "
                          "ports, or --root to that stack's folder")


def _relative(uri, locations):
    """(location name, path under it) of a file's URI."""
    for name, base in locations.items():
        prefix = base.rstrip("/") + "/"
        if uri.startswith(prefix):
            return name, uri[len(prefix):]
    raise BackupError(f"file {uri} lies in no files location: not backed up by this command")


def _snapshot_and_dump(port, dump):
    """Dump one snapshot; return what the same snapshot says about locations, files, counts."""
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=port, user=PG_USER, dbname=PG_DATABASE)
    try:
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server = cursor.fetchone()
            cursor.execute('SELECT name, uri, "default" FROM files_location ORDER BY name')
            locations = [{"name": n, "uri": u, "default": d} for n, u, d in cursor.fetchall()]
            cursor.execute("SELECT id::text, uri, checksum, size FROM files_files "
                           "WHERE uri IS NOT NULL ORDER BY uri")
            files = cursor.fetchall()
            counts = {}
            for table in COUNTED:
                cursor.execute("SELECT to_regclass(%s) IS NOT NULL", (table,))
                if cursor.fetchone()[0]:
                    cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our names)
                    counts[table] = cursor.fetchone()[0]
            # The transaction stays open while pg_dump reads its snapshot.
            subprocess.run([pg_bin("pg_dump"), "-h", "127.0.0.1", "-p", str(port), "-U", PG_USER,
                            "-d", PG_DATABASE, "-Fc", "--snapshot", snapshot, "-f", str(dump)],
                           check=True)
    finally:
        connection.rollback()
        connection.close()
    return {"server": server, "locations": locations, "files": files, "counts": counts}


def _copy_files(dest, snapshot):
    """Copy the snapshot's files into ``dest/files``; (manifest entries, problems)."""
    locations = {loc["name"]: loc["uri"] for loc in snapshot["locations"]}
    entries, problems = [], []
    for file_id, uri, checksum, size in snapshot["files"]:
        name, relative = _relative(uri, locations)
        source, path = Path(uri), f"files/{name}/{relative}"
        if not source.is_file():
            if checksum:  # complete in the snapshot, gone now: deleted since
                problems.append(f"{uri} (file {file_id}) is gone")
            continue  # an upload that had not started: the row alone is restored
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        if checksum and not backup_manifest.file_checksum(target, checksum):
            problems.append(f"{uri} (file {file_id}) does not match its checksum {checksum}")
        entries.append({"id": file_id, "path": path, "checksum": checksum, "size": size})
    return entries, problems


def _usage_stats(dest, search_port, root, live):
    """The statistics: exported from the running search server, else the file the stack
    saved when it last stopped. None if there are none."""
    target = dest / "usage-stats.jsonl"
    if live and listening(search_port):
        from opensearchpy import OpenSearch

        count = usage_stats.save(OpenSearch(hosts=[{"host": "127.0.0.1", "port": search_port}]),
                                 str(target))
    elif (Path(root) / "stats" / "usage.jsonl").is_file():
        shutil.copyfile(Path(root) / "stats" / "usage.jsonl", target)
        with open(target) as lines:
            count = sum(1 for _ in lines)
    else:
        return None
    return {**backup_manifest.part(dest, target.name), "documents": count}


def _versions(port):
    """What made the backup: RODARE's commit, InvenioRDM and the PostgreSQL client."""
    repo = Path(__file__).resolve().parents[1]
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], text=True,
                            capture_output=True).stdout.strip() or None
    pg_dump = subprocess.run([pg_bin("pg_dump"), "--version"], text=True,
                             capture_output=True).stdout.strip()
    return {"rodare_commit": commit, "invenio_app_rdm": version("invenio-app-rdm"),
            "pg_dump": pg_dump}


def backup(root, ports, dest, echo=print):
    """Back up the stack rooted at ``root`` into the new folder ``dest``; return the manifest."""
    root, dest = Path(root).resolve(), Path(dest).resolve()
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} exists and is not empty")
    secret = root / "secret-key"
    if not secret.is_file():
        raise BackupError(f"{secret} is missing: without it tokens and sessions cannot be restored")
    started = time.monotonic()
    with postgres_for(root, ports["postgres"]) as (port, live):
        for attempt in range(1, ATTEMPTS + 1):
            shutil.rmtree(dest, ignore_errors=True)
            dest.mkdir(parents=True, mode=0o700)  # it holds the secret key
            echo(f"Database: pg_dump of one snapshot (attempt {attempt}) ...")
            snapshot = _snapshot_and_dump(port, dest / "database.dump")
            echo(f"Files: copying the {len(snapshot['files'])} the snapshot references ...")
            files, problems = _copy_files(dest, snapshot)
            if not problems:
                break
            echo("  changed while copying: " + "; ".join(problems[:5]))
        else:
            shutil.rmtree(dest, ignore_errors=True)
            raise BackupError(f"files kept changing under {ATTEMPTS} snapshots: " + problems[0])
        stats = _usage_stats(dest, ports["search"], root, live)
        versions = _versions(port)
    shutil.copyfile(secret, dest / "secret-key")
    (dest / "secret-key").chmod(0o600)
    password = root / "admin-password"
    if password.is_file():
        shutil.copyfile(password, dest / "admin-password")
        (dest / "admin-password").chmod(0o600)
    manifest = {
        "format": backup_manifest.FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": {"root": str(root), "live": live, **versions,
                   "postgres_server": snapshot["server"]},
        "database": {**backup_manifest.part(dest, "database.dump"), "counts": snapshot["counts"]},
        "locations": [{**loc, "path": f"files/{loc['name']}"} for loc in snapshot["locations"]],
        "files": files,
        "files_total_bytes": sum((dest / entry["path"]).stat().st_size for entry in files),
        "secret_key": backup_manifest.part(dest, "secret-key"),
        "usage_stats": stats,
        "admin_password": backup_manifest.part(dest, "admin-password") if password.is_file() else None,
        "not_included": ["search indices (rebuilt from the database on start)",
                         "Redis (caches, sessions, queued tasks)",
                         "the local identity providers' keys, the local DataCite, ROBIS and "
                         "mail folders, the TLS certificate (stand-ins' own state)"],
        "seconds": round(time.monotonic() - started, 1),
    }
    backup_manifest.write(dest, manifest)
    return manifest

"""``./rodare restore``: a verified backup into a stack root that holds no data yet.

Why it works the way it does:

- It restores only a backup that verifies (``stack.backup_manifest.verify``): a dump that
  names a file the backup lacks, or a file with other bytes, would be a broken repository.
- It refuses a root that has a database or files (unless ``--force``, which moves them aside
  into ``<root>/before-restore-<time>/``, never deletes them) and a root whose PostgreSQL runs.
- PostgreSQL keeps absolute paths of the files (``files_location.uri``, ``files_files.uri``):
  they are rewritten to this root's files folder, so a backup restores into any clone.
- Search indices are not restored: the next ``./rodare up`` finds an existing database and
  re-indexes from it (``stack.instance reindex``), putting the usage statistics back first.
- Redis is emptied (moved aside): its queued tasks and sessions belong to the old instance.
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

from . import backup_manifest
from .backup import pg_bin
from .services import PG_DATABASE, PG_USER, Postgres, _pid_alive, free_port

STATE = ("postgres", "data", "locations", "redis", "stats", "search", "secret-key",
         "admin-password", "celerybeat-schedule")
"""What a restore replaces in the root (the rest, e.g. the instance folder, stays). The
search index kept at the last stop (stack/kept_index.py) is of the database set aside:
the first start after a restore rebuilds the index from the restored one."""


class RestoreError(Exception):
    """The backup was not restored; the root is as it was."""


def has_data(root):
    """Whether the root holds a database or uploaded files."""
    data = root / "data"
    return (root / "postgres" / "PG_VERSION").exists() or (data.is_dir() and any(data.iterdir()))


def running(root):
    """Whether a PostgreSQL runs on this root's data folder (the stack is up)."""
    pid = root / "postgres" / "postmaster.pid"
    try:
        return _pid_alive(int(pid.read_text().split()[0]))
    except (OSError, ValueError, IndexError):
        return False


def location_folder(root, location):
    """Where a files location lives in this root: the default in ``data/`` (as the stack sets
    it up), any other in ``locations/<name>/``."""
    return root / "data" if location["default"] else root / "locations" / location["name"]


def _set_aside(root, echo):
    aside = root / f"before-restore-{time.strftime('%Y%m%dT%H%M%S')}"
    for name in STATE:
        if (root / name).exists():
            aside.mkdir(exist_ok=True)
            shutil.move(root / name, aside / name)
    if aside.exists():
        echo(f"The previous data is kept in {aside}")


def _restore_database(root, src, manifest, echo):
    """pg_restore into a new database, then point the files' paths at this root."""
    postgres = Postgres(root, free_port()).start()
    try:
        echo("Database: pg_restore ...")
        subprocess.run([pg_bin("pg_restore"), "-h", "127.0.0.1", "-p", str(postgres.port),
                        "-U", PG_USER, "-d", PG_DATABASE, "--no-owner", "--exit-on-error",
                        "--single-transaction", str(src / manifest["database"]["path"])],
                       check=True)
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=postgres.port, user=PG_USER,
                                      dbname=PG_DATABASE)
        try:
            with connection, connection.cursor() as cursor:
                for location in manifest["locations"]:
                    old = location["uri"].rstrip("/")
                    new = str(location_folder(root, location))
                    cursor.execute("UPDATE files_location SET uri = %s WHERE name = %s",
                                   (new, location["name"]))
                    cursor.execute("UPDATE files_files SET uri = %s || substr(uri, %s) "
                                   "WHERE starts_with(uri, %s)", (new, len(old) + 1, old + "/"))
        finally:
            connection.close()
    finally:
        postgres.stop()


def _restore_files(root, src, manifest, echo):
    """Copy every file into its location folder and check it there once more."""
    echo(f"Files: {len(manifest['files'])} ...")
    folders = {loc["path"]: location_folder(root, loc) for loc in manifest["locations"]}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    for entry in manifest["files"]:
        prefix, _, relative = entry["path"].partition("/")[2].partition("/")
        target = folders[f"files/{prefix}"] / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / entry["path"], target)
        if entry["checksum"] and not backup_manifest.file_checksum(target, entry["checksum"]):
            raise RestoreError(f"{target} does not match {entry['checksum']} after the copy")


def _copy_secret(src, name, target):
    shutil.copyfile(src / name, target)
    target.chmod(0o600)


def restore(root, src, force=False, echo=print):
    """Restore the backup in ``src`` into the stack root ``root``; return its manifest."""
    root, src = Path(root).resolve(), Path(src).resolve()
    echo(f"Verifying {src} ...")
    problems = backup_manifest.verify(src)
    if problems:
        raise RestoreError("the backup does not verify, nothing was restored:\n  "
                           + "\n  ".join(problems[:20]))
    manifest = backup_manifest.read(src)
    if running(root):
        raise RestoreError(f"the stack in {root} is running: stop ./rodare up first")
    if has_data(root):
        if not force:
            raise RestoreError(f"{root} already holds a database or files: restore into a fresh "
                               "clone, or pass --force to move them aside")
    root.mkdir(parents=True, exist_ok=True)
    _set_aside(root, echo)
    try:
        _restore_database(root, src, manifest, echo)
        _restore_files(root, src, manifest, echo)
    except BaseException:
        for name in ("postgres", "data", "locations"):  # no half-restored instance
            shutil.rmtree(root / name, ignore_errors=True)
        raise
    _copy_secret(src, manifest["secret_key"]["path"], root / "secret-key")
    if manifest.get("admin_password"):
        _copy_secret(src, manifest["admin_password"]["path"], root / "admin-password")
    if manifest.get("usage_stats"):
        (root / "stats").mkdir(exist_ok=True)
        shutil.copyfile(src / manifest["usage_stats"]["path"], root / "stats" / "usage.jsonl")
    os.sync()
    return manifest

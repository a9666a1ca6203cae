"""``stack.backup`` and ``stack.restore`` on a bare PostgreSQL, without the app (seconds).

The live proof is tests/e2e/test_backup_restore.py; this covers what it does not reach:
a backup of a stopped stack (PostgreSQL started for the dump alone, statistics from the saved
file), the rewrite of the files' absolute paths into another folder, a file the database
names but the disk lacks, ``--force`` moving the old data aside, what ``verify`` refuses,
and a running PostgreSQL that serves another stack's folder (another checkout's
``./rodare up`` on the default port).
"""

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from stack import backup_manifest
from stack.backup import BackupError, backup
from stack.restore import RestoreError, restore
from stack.services import Postgres, free_port

SCHEMA = """
CREATE TABLE files_location (name text PRIMARY KEY, uri text, "default" boolean);
CREATE TABLE files_files (id uuid PRIMARY KEY, uri text, checksum text, size bigint);
"""


@pytest.fixture
def folder():
    """A temporary folder outside pytest's own: pytest (ours or a parallel run's) sets
    /tmp/pytest-of-<user> to 0700 at any time, which locks out the PostgreSQL user when the
    tests run as root (stack.services.PG_SYSTEM_USER); the live fixtures use mkdtemp too."""
    path = Path(tempfile.mkdtemp(prefix="rodare-backup-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _stored(data_dir, name, content):
    """A file as invenio-files-rest lays it out, with its row's values."""
    path = data_dir / "ab" / "cd" / name / "data"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    return str(path), "md5:" + hashlib.md5(content).hexdigest(), len(content)


def _stack_root(folder, rows):
    """A stopped stack's root: a database naming ``rows`` (uri, checksum, size), a secret key
    and saved statistics."""
    root = folder / "source"
    postgres = Postgres(root, free_port()).start()
    try:
        postgres.psql(SCHEMA, database="rodare")
        postgres.psql(f"INSERT INTO files_location VALUES ('default-location', "
                      f"'{root / 'data'}', true)", database="rodare")
        for uri, checksum, size in rows:
            value = "NULL" if checksum is None else f"'{checksum}'"
            postgres.psql(f"INSERT INTO files_files VALUES (gen_random_uuid(), '{uri}', "
                          f"{value}, {size or 'NULL'})", database="rodare")
    finally:
        postgres.stop()
    (root / "secret-key").write_text("the-secret")
    (root / "stats").mkdir()
    (root / "stats" / "usage.jsonl").write_text(json.dumps({"_index": "stats-x", "_id": "1",
                                                            "_source": {}}) + "\n")
    return root


def _closed_ports():
    return {"postgres": free_port(), "search": free_port()}  # nothing listens: stack stopped


def _uris(root):
    postgres = Postgres(root, free_port()).start()
    try:
        return postgres.psql("SELECT uri FROM files_location UNION ALL "
                             "SELECT uri FROM files_files ORDER BY 1", database="rodare").split()
    finally:
        postgres.stop()


def test_a_stopped_stack_backs_up_and_restores_into_another_folder(folder):
    data = folder / "source" / "data"
    data.mkdir(parents=True)
    rows = [_stored(data, "one", b"first file\n"), _stored(data, "two", os.urandom(4096)),
            (str(data / "ef" / "gh" / "never-uploaded" / "data"), None, None)]
    root = _stack_root(folder, rows)
    manifest = backup(root, _closed_ports(), folder / "backup", echo=lambda _: None)
    assert manifest["source"]["live"] is False
    assert [entry["checksum"] for entry in manifest["files"]] == [rows[0][1], rows[1][1]]
    assert manifest["usage_stats"]["documents"] == 1
    assert backup_manifest.verify(folder / "backup") == []

    target = folder / "target"
    restore(target, folder / "backup", echo=lambda _: None)
    new = target / "data"
    assert _uris(target) == sorted([str(new), *(uri.replace(str(data), str(new))
                                                for uri, _, _ in rows)])
    for uri, checksum, _ in rows[:2]:
        assert backup_manifest.file_checksum(uri.replace(str(data), str(new)), checksum)
    assert (target / "secret-key").read_text() == "the-secret"
    assert (target / "stats" / "usage.jsonl").read_text() == \
        (root / "stats" / "usage.jsonl").read_text()

    with pytest.raises(RestoreError, match="already holds"):
        restore(target, folder / "backup", echo=lambda _: None)
    restore(target, folder / "backup", force=True, echo=lambda _: None)
    kept = list(target.glob("before-restore-*"))
    assert len(kept) == 1 and (kept[0] / "postgres" / "PG_VERSION").exists()


def test_a_file_the_database_names_but_the_disk_lacks_fails_the_backup(folder):
    data = folder / "source" / "data"
    data.mkdir(parents=True)
    uri, checksum, size = _stored(data, "gone", b"soon deleted\n")
    root = _stack_root(folder, [(uri, checksum, size)])
    os.remove(uri)
    with pytest.raises(BackupError, match="is gone"):
        backup(root, _closed_ports(), folder / "backup", echo=lambda _: None)
    assert not (folder / "backup").exists()


def _write_backup(folder, files, **extra):
    folder.mkdir()
    (folder / "database.dump").write_bytes(b"dump")
    (folder / "secret-key").write_text("key")
    for path, content in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(content)
    manifest = {"format": backup_manifest.FORMAT,
                "database": backup_manifest.part(folder, "database.dump"),
                "secret_key": backup_manifest.part(folder, "secret-key"),
                "files": [{"path": path, "size": len(content),
                           "checksum": "md5:" + hashlib.md5(content).hexdigest()}
                          for path, content in files.items()],
                **extra}
    backup_manifest.write(folder, manifest)
    return manifest


@pytest.mark.parametrize("spoil, problem", [
    (lambda f: (f / "files" / "a" / "x").write_bytes(b"hellp"), "checksum differs"),
    (lambda f: (f / "files" / "a" / "x").unlink(), "is missing"),
    (lambda f: (f / "database.dump").write_bytes(b"dumq"), "database.dump differs"),
    (lambda f: (f / "manifest.json").unlink(), "manifest.json is missing"),
    (lambda f: (f / "manifest.json").write_text("{"), "not valid JSON"),
    (lambda f: backup_manifest.write(f, {**backup_manifest.read(f), "format": 99}),
     "unknown backup format"),
    (lambda f: backup_manifest.write(f, {**backup_manifest.read(f), "files": [
        {"path": "../outside", "size": 1, "checksum": "md5:0"}]}), "outside the backup"),
])
def test_verify_names_what_is_wrong(folder, spoil, problem):
    folder = folder / "backup"
    _write_backup(folder, {"files/a/x": b"hello"})
    assert backup_manifest.verify(folder) == []
    spoil(folder)
    problems = backup_manifest.verify(folder)
    assert any(problem in text for text in problems), problems
    with pytest.raises(RestoreError, match="does not verify"):
        restore(folder / "root", folder, echo=lambda _: None)
    assert not Path(folder / "root" / "postgres").exists()


def test_a_running_postgresql_of_another_stack_is_refused(folder):
    other = Postgres(folder / "other", free_port()).start()
    try:
        root = _stack_root(folder, [])
        with pytest.raises(BackupError, match="serves .*other"):
            backup(root, {"postgres": other.port, "search": free_port()}, folder / "backup",
                   echo=lambda _: None)
    finally:
        other.stop()
    assert not (folder / "backup").exists()

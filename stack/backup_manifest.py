"""The manifest of a RODARE backup, and the check that a backup is whole.

A backup is a folder (``./rodare backup``, ``stack.backup``)::

    manifest.json        written last: a folder without it is an unfinished backup
    database.dump        pg_dump, custom format, one snapshot
    files/<location>/... every file the dump references, by its path under its location
    secret-key           the SECRET_KEY: sessions, tokens and encrypted columns depend on it
    usage-stats.jsonl    the statistics indices (stack/usage_stats.py), not in PostgreSQL
    admin-password       the embedded admin's password file, so ``./rodare up`` prints it right

The manifest lists each part with its SHA-256 and size, and each uploaded file with the
checksum its database row holds (invenio-files-rest's ``md5:...``). :func:`verify` recomputes
them all; ``./rodare restore`` refuses a backup for which it finds any problem, so what is
restored is exactly what was proven consistent when the backup was taken.
"""

import hashlib
import json
import os
from pathlib import Path

FORMAT = 1
"""Bumped when the layout changes; restore refuses formats it does not know."""
MANIFEST = "manifest.json"


def digest(path, algorithm="sha256"):
    """The hex digest of a file, read in chunks (files may be gigabytes)."""
    hasher = hashlib.new(algorithm)
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def file_checksum(path, checksum):
    """Whether the file at ``path`` has invenio-files-rest's ``checksum`` ("md5:<hex>")."""
    algorithm, _, expected = checksum.partition(":")
    return digest(path, algorithm) == expected


def part(folder, name):
    """A manifest entry for one part of the backup (its size and SHA-256)."""
    path = Path(folder) / name
    return {"path": name, "bytes": path.stat().st_size, "sha256": digest(path)}


def write(folder, manifest):
    """Write the manifest atomically: it appears only once everything else is in place."""
    path = Path(folder) / MANIFEST
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest, indent=2) + "\n")
    os.replace(tmp, path)


def read(folder):
    """The manifest of the backup in ``folder`` (ValueError if there is none to read)."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise ValueError(f"{path} is missing: not a RODARE backup, or an unfinished one")
    try:
        return json.loads(path.read_text())
    except ValueError as error:
        raise ValueError(f"{path} is not valid JSON: {error}") from None


def _inside(folder, name):
    """``folder/name``, refusing names that climb out of the backup (a hostile manifest)."""
    path = (Path(folder) / name).resolve()
    if Path(folder).resolve() not in path.parents:
        raise ValueError(f"{name!r} points outside the backup")
    return path


def verify(folder):
    """Every problem of the backup in ``folder`` (an empty list: it is whole).

    Checks the format, each part's size and SHA-256, and each uploaded file's size and
    checksum against the manifest, which holds them as the database dump holds them.
    """
    try:
        manifest = read(folder)
    except ValueError as error:
        return [str(error)]
    if manifest.get("format") != FORMAT:
        return [f"unknown backup format {manifest.get('format')!r} (this RODARE reads {FORMAT})"]
    problems = []
    for key in ("database", "secret_key", "usage_stats", "admin_password"):
        entry = manifest.get(key)
        if entry is None:
            if key in ("database", "secret_key"):
                problems.append(f"the manifest lists no {key}")
            continue
        try:
            path = _inside(folder, entry["path"])
            if not path.is_file():
                problems.append(f"{entry['path']} is missing")
            elif path.stat().st_size != entry["bytes"] or digest(path) != entry["sha256"]:
                problems.append(f"{entry['path']} differs from the manifest (size or SHA-256)")
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"bad {key} entry: {error!r}")
    for entry in manifest.get("files", []):
        try:
            path = _inside(folder, entry["path"])
            if not path.is_file():
                problems.append(f"{entry['path']} is missing")
            elif entry.get("size") is not None and path.stat().st_size != entry["size"]:
                problems.append(f"{entry['path']}: {path.stat().st_size} bytes, "
                                f"the database says {entry['size']}")
            elif entry.get("checksum") and not file_checksum(path, entry["checksum"]):
                problems.append(f"{entry['path']}: checksum differs from {entry['checksum']}")
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"bad file entry: {error!r}")
    return problems

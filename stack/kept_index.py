"""The search index of the embedded stack kept from one clean stop to the next start.

osmem-server keeps nothing on disk, so every ``./rodare up`` used to rebuild every index from
PostgreSQL through upstream's indexers: each record's dump reads its parent, communities,
vocabulary entries and usage statistics, 13–18 records/s on 2 cores, 5 minutes for the
5,000 records of the migration and about 1.5–2 hours for 100,000 (issue 26).

At a clean stop (app processes already stopped, so nothing writes) the supervisor writes
every document of the indices that the rebuild fills to ``<root>/search/documents.jsonl``,
with its version, and after PostgreSQL has stopped, ``kept.json`` with what the documents
were made from:

- PostgreSQL's last checkpoint, read from its control file (``pg_controldata``) of a cluster
  that was shut down cleanly. Any write after the dump moves it, and a cluster that was
  killed is not "shut down": both mean the documents may be stale.
- a fingerprint of the code that made the documents and the mappings: the installed
  distributions, the site package, ``app_data`` (the vocabularies), ``invenio.cfg`` and the
  instance's ``INVENIO_*`` settings, as they were when the stack started (the processes
  loaded that code; a change while it runs makes the next start rebuild).

The next start (:func:`take`) compares both before PostgreSQL starts; only if both are
unchanged does ``stack.instance reindex`` put the documents back with one bulk load
instead of rebuilding (:func:`restore`). Anything else, or any doubt, rebuilds as before,
and the files are used once: a start that crashes after taking them rebuilds next time. A
restart of the search server while the stack runs always rebuilds (the database has moved
on). Production runs OpenSearch, which keeps its indices; this is the embedded default's.
"""

import hashlib
import json
import os
import re
import subprocess
from importlib import metadata
from pathlib import Path

DOCUMENTS = "documents.jsonl"
MANIFEST = "kept.json"
TAKEN = "documents.taken.jsonl"
"""The documents a start took: they are read by that start's ``stack.instance`` and then
removed, so that they never serve a second start."""

_CONCRETE = re.compile(r"^(?P<alias>.+)-\d+$")
"""invenio-search creates each index as ``<alias>-<timestamp>`` behind the alias ``<alias>``."""

FINGERPRINTED = ("site/rodare_rdm", "app_data", "invenio.cfg")
"""What of the repository the indexed documents and the mappings are made from."""


def _aliases(client):
    """{concrete index: the alias it was created behind} of the indices ``index init`` made
    (the ones the rebuild fills; the statistics' own indices are ``usage_stats``')."""
    found = {}
    for index, entry in client.indices.get_alias(index="*").items():
        match = _CONCRETE.match(index)
        if match and match["alias"] in entry.get("aliases", {}):
            found[index] = match["alias"]
    return found


def save(client, folder):
    """Write every document of the rebuilt indices to ``folder/documents.jsonl`` with its
    version; the previous file is replaced only once the new one is complete. Returns the
    number of documents."""
    from opensearchpy import helpers

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).unlink(missing_ok=True)  # valid only once the database has stopped
    aliases = _aliases(client)
    tmp = folder / f"{DOCUMENTS}.tmp"
    count = 0
    with open(tmp, "w") as out:
        if aliases:
            for hit in helpers.scan(client, index=",".join(sorted(aliases)), version=True,
                                    query={"query": {"match_all": {}}}, size=500):
                out.write(json.dumps({"_index": aliases[hit["_index"]], "_id": hit["_id"],
                                      "_version": hit.get("_version"),
                                      "_source": hit["_source"]}) + "\n")
                count += 1
    os.replace(tmp, folder / DOCUMENTS)
    return count


def seal(folder, checkpoint, code):
    """Mark the saved documents as made from the database at ``checkpoint`` by ``code``."""
    folder = Path(folder)
    if checkpoint is None or not (folder / DOCUMENTS).exists():
        return False
    (folder / MANIFEST).write_text(json.dumps({"checkpoint": checkpoint, "code": code}))
    return True


def take(folder, checkpoint, code):
    """The documents file a start may load instead of rebuilding, or None (and the kept files
    removed) if the database or the code may have changed since they were saved."""
    folder = Path(folder)
    manifest, documents = folder / MANIFEST, folder / DOCUMENTS
    try:
        kept = json.loads(manifest.read_text())
    except (OSError, ValueError):
        kept = None
    manifest.unlink(missing_ok=True)
    (folder / TAKEN).unlink(missing_ok=True)
    if (kept is None or checkpoint is None or not documents.exists()
            or kept.get("checkpoint") != checkpoint or kept.get("code") != code):
        documents.unlink(missing_ok=True)
        return None
    os.replace(documents, folder / TAKEN)
    return folder / TAKEN


def restore(client, path):
    """Index the taken documents under their aliases, each with the version it had (so a
    later write of an older version is refused as before), then remove the file. Returns the
    number of documents."""
    from opensearchpy import helpers

    def actions():
        with open(path) as lines:
            for line in lines:
                document = json.loads(line)
                version = document.pop("_version", None)
                if version is not None:
                    document.update(version=version, version_type="external_gte")
                yield {"_op_type": "index", **document}

    indexed, _ = helpers.bulk(client, actions(), chunk_size=500, request_timeout=120)
    os.unlink(path)
    return indexed


def checkpoint(pg_controldata, datadir):
    """The last checkpoint of a cluster that was shut down cleanly, or None (running, killed,
    or unreadable)."""
    try:
        out = subprocess.run([pg_controldata, "-D", str(datadir)], capture_output=True,
                             text=True, check=True, env={**os.environ, "LC_ALL": "C"}).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    fields = {key.strip(): value.strip() for key, value in fields.items()}
    if fields.get("Database cluster state") != "shut down":
        return None
    return f"{fields.get('Database system identifier')}/{fields.get('Latest checkpoint location')}"


def code_fingerprint(repo, env):
    """A digest of what the documents are made from: installed distributions, the site
    package, the vocabularies, invenio.cfg and the ``INVENIO_*`` settings in ``env``."""
    digest = hashlib.sha256()
    for name, version in sorted((dist.metadata["Name"] or "", dist.version)
                                for dist in metadata.distributions()):
        digest.update(f"{name}=={version}\n".encode())
    repo = Path(repo)
    for entry in FINGERPRINTED:
        root = repo / entry
        paths = [root] if root.is_file() else sorted(
            path for path in root.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts)
        for path in paths:
            digest.update(f"{path.relative_to(repo)}\n".encode())
            digest.update(path.read_bytes())
    for key in sorted(key for key in env if key.startswith("INVENIO_")):
        digest.update(f"{key}={env[key]}\n".encode())
    return digest.hexdigest()

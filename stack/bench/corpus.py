"""Grow the read corpus by copying published records in the database and in the index.

The full size reads at 10,000 records, the huge size at 100,000. Creating them through the
service layer (what the bulk import measures) takes 36 minutes per 9,000 on 2 cores: each
record is validated, versioned, minted, committed and indexed one by one. The reads need
published records, not hours of imports, so the corpus grows by copies: each new record is a
published record of the imported batch under new identifiers (its own recid, DOI and OAI id,
parent with concept DOI, version state and file buckets, the same rows the service writes),
inserted in batches.

Its search document is the source's document under the same new identifiers, loaded with
one bulk request per 500, as the kept index is put back (``stack/kept_index.py``): upstream's
indexer makes 13–36 documents/s here (each dump reads parent, versions and usage statistics
one record at a time), which made 99,000 copies an hour of indexing. That the copied
document is the indexer's is checked, not assumed: the first ``CHECKED`` copies are then
indexed by upstream's indexer as well, and the run stops if any document differs other than
in the time it was indexed.

The DOIs of the copies are never sent to DataCite (the local stand-in keeps only the
imported ones); nothing in the reads asks DataCite.

Run inside the app's environment: ``python -m stack.bench.corpus COUNT`` prints one JSON line
with the count and the seconds taken.
"""

import copy
import json
import sys
import time
import uuid
from datetime import datetime, timezone

BATCH = 500
CHECKED = 20
"""Copies whose document is compared with the one upstream's indexer makes."""
VOLATILE = ("indexed_at",)
"""Fields of a document that say when it was made, not what it holds."""

SOURCES = """
    SELECT r.id, p.id AS parent_uuid, r.json AS record, p.json AS parent, r.bucket_id, r.media_bucket_id
    FROM rdm_records_metadata r JOIN rdm_parents_metadata p ON p.id = r.parent_id
    WHERE r.json IS NOT NULL AND r.deletion_status = 'P'
      AND (r.json -> 'files' ->> 'enabled')::boolean IS NOT TRUE
      AND p.json -> 'communities' -> 'ids' IS NULL
    ORDER BY r.created
"""
BUCKET = """
    INSERT INTO files_bucket (id, default_location, default_storage_class, size, quota_size,
        max_file_size, locked, deleted, created, updated)
    SELECT :new, default_location, default_storage_class, 0, quota_size, max_file_size,
        locked, false, :now, :now FROM files_bucket WHERE id = :old
"""
PID = """
    INSERT INTO pidstore_pid (pid_type, pid_value, pid_provider, status, object_type,
        object_uuid, created, updated)
    VALUES (:pid_type, :pid_value, :pid_provider, 'R', 'rec', :object_uuid, :now, :now)
    RETURNING id
"""
PARENT = """
    INSERT INTO rdm_parents_metadata (id, json, version_id, created, updated)
    VALUES (:id, CAST(:json AS jsonb), 1, :now, :now)
"""
RECORD = """
    INSERT INTO rdm_records_metadata (id, json, version_id, created, updated, index, parent_id,
        bucket_id, media_bucket_id, deletion_status)
    VALUES (:id, CAST(:json AS jsonb), 1, :now, :now, 1, :parent_id, :bucket_id,
        :media_bucket_id, 'P')
"""
VERSIONS = """
    INSERT INTO rdm_versions_state (latest_index, parent_id, latest_id)
    VALUES (1, :parent_id, :record_id)
"""


def doi_of(identifier, recid):
    """The source's DOI with the copy's id: ``10.5072/rodare.17`` -> ``10.5072/rodare.<recid>``,
    and stock's ``10.5072/17`` -> ``10.5072/<recid>`` (a suffix without a dot: splitting the
    whole DOI at its last dot gave ``10.<recid>``, which no DOI parser takes, and the harvest of
    the copies answered 500 in every variant)."""
    prefix, suffix = identifier.split("/", 1)
    head, dot, _ = suffix.rpartition(".")
    return f"{prefix}/{head}{dot}{recid}"


def insert_copy(session, source, now):
    """Insert one copy of ``source`` (a row of SOURCES); return the new record's UUID and
    what its search document needs: ``{old value: new value}`` of every identifier, and the
    primary keys of the two recid PIDs."""
    from sqlalchemy import text

    from invenio_pidstore.models import RecordIdentifier

    record, parent = copy.deepcopy(source.record), copy.deepcopy(source.parent)
    parent_uuid, record_uuid = uuid.uuid4(), uuid.uuid4()
    parent_id, record_id = str(RecordIdentifier.next()), str(RecordIdentifier.next())

    def pid(pid_type, value, provider, owner):
        return session.execute(text(PID), {"pid_type": pid_type, "pid_value": value,
                                           "pid_provider": provider, "object_uuid": owner,
                                           "now": now}).scalar()

    parent["id"] = parent_id
    parent["pid"]["pk"] = pid("recid", parent_id, None, parent_uuid)
    if "doi" in parent.get("pids", {}):
        doi = parent["pids"]["doi"]
        doi["identifier"] = doi_of(doi["identifier"], parent_id)
        pid("doi", doi["identifier"], doi["provider"], parent_uuid)
    session.execute(text(PARENT), {"id": parent_uuid, "json": json.dumps(parent), "now": now})

    record["id"] = record_id
    record["pid"]["pk"] = pid("recid", record_id, None, record_uuid)
    pids = record.get("pids", {})
    if "doi" in pids:
        pids["doi"]["identifier"] = doi_of(pids["doi"]["identifier"], record_id)
        pid("doi", pids["doi"]["identifier"], pids["doi"]["provider"], record_uuid)
    if "oai" in pids:
        pids["oai"]["identifier"] = f"{pids['oai']['identifier'].rsplit(':', 1)[0]}:{record_id}"
        pid("oai", pids["oai"]["identifier"], pids["oai"]["provider"], record_uuid)
    buckets = {}
    for column in ("bucket_id", "media_bucket_id"):
        old = getattr(source, column)
        buckets[column] = uuid.uuid4() if old else None
        if old:
            session.execute(text(BUCKET), {"new": buckets[column], "old": old, "now": now})
    session.execute(text(RECORD), {"id": record_uuid, "json": json.dumps(record), "now": now,
                                   "parent_id": parent_uuid, **buckets})
    session.execute(text(VERSIONS), {"parent_id": parent_uuid, "record_id": record_uuid})
    renamed = {str(source.id): str(record_uuid), str(source.parent_uuid): str(parent_uuid),
               source.record["id"]: record_id,
               source.parent["id"]: parent_id}
    for old, new in ((source.record, record), (source.parent, parent)):
        for scheme in ("doi", "oai"):
            if scheme in old.get("pids", {}):
                renamed[old["pids"][scheme]["identifier"]] = new["pids"][scheme]["identifier"]
    return record_uuid, renamed, (record["pid"]["pk"], parent["pid"]["pk"])


def copy_document(source_doc, renamed, pks, now):
    """The search document of a copy: the source's, every string that is one of the source's
    identifiers replaced by the copy's (whole values only: a recid is a number, "17", that
    may be part of other text), with the copy's PID keys, revision and dates."""

    def walk(node):
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(value) for value in node]
        if isinstance(node, str):
            return renamed.get(node, node)
        return node

    doc = walk(source_doc)
    doc["pid"]["pk"], doc["parent"]["pid"]["pk"] = pks
    stamp = now.isoformat()
    for part in (doc, doc["parent"]):  # rows of their own, written now, once
        part["version_id"], part["created"], part["updated"] = 1, stamp, stamp
    return doc


def differences(ours, theirs, path=""):
    """``path: ours != theirs`` for every leaf where two documents differ."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs)):
            yield from differences(ours.get(key), theirs.get(key), f"{path}.{key}")
    elif ours != theirs:
        yield f"{path or '.'}: {json.dumps(ours)[:200]} != {json.dumps(theirs)[:200]}"


def check_copies(indexer, search, index, made):
    """Index the first ``CHECKED`` copies with upstream's indexer and compare each document
    with the copied one; raise if any differs other than in ``VOLATILE``."""
    ids = [str(u) for u in made[:CHECKED]]
    copied = search(index, ids)
    indexer.bulk_index(made[:CHECKED])
    indexer.process_bulk_queue()
    indexed = search(index, ids)
    for uid in ids:
        ours, theirs = ({k: v for k, v in d[uid].items() if k not in VOLATILE}
                        for d in (copied, indexed))
        if ours != theirs:
            raise SystemExit(f"copied document {uid} differs from the indexer's: "
                             + "; ".join(differences(ours, theirs)))
    return len(ids)


def main(count):
    """Add ``count`` copies, index them; print {"records": n, "seconds": s, "checked": k}."""
    from invenio_app.factory import create_api
    from invenio_db import db
    from invenio_rdm_records.proxies import current_rdm_records_service as service
    from invenio_search import current_search_client as client
    from invenio_search.utils import prefix_index
    from opensearchpy import helpers
    from sqlalchemy import text

    def search(index, ids):
        """{id: document} of ``ids`` in ``index`` (refreshed first)."""
        client.indices.refresh(index=index)
        hits = client.search(index=index, body={"query": {"ids": {"values": ids}},
                                                "size": len(ids)})["hits"]["hits"]
        return {hit["_id"]: {**hit["_source"], "_index": hit["_index"]} for hit in hits}

    app = create_api()
    with app.app_context():
        start = time.perf_counter()
        index = prefix_index(service.record_cls.index.search_alias)
        sources = db.session.execute(text(SOURCES)).all()
        if not sources:
            raise SystemExit("no published record without files to copy: import some first")
        documents = search(index, [str(s.id) for s in sources])
        now = datetime.now(timezone.utc)
        made, actions = [], []

        def flush():
            db.session.commit()  # the rows first: a document never names a missing record
            helpers.bulk(client, actions, chunk_size=BATCH, request_timeout=300)
            actions.clear()

        for n in range(count):
            source = sources[n % len(sources)]
            record_uuid, renamed, pks = insert_copy(db.session, source, now)
            doc = copy_document(documents[str(source.id)], renamed, pks, now)
            actions.append({"_op_type": "index", "_index": doc.pop("_index"),
                            "_id": str(record_uuid), "_source": doc, "version": 0,
                            "version_type": "external_gte"})
            made.append(record_uuid)
            if len(actions) == BATCH:
                flush()
        flush()
        checked = check_copies(service.indexer, search, index, made) if made else 0
        client.indices.refresh(index=index)
        took = time.perf_counter() - start
    print(json.dumps({"records": len(made), "seconds": took, "checked": checked}))


if __name__ == "__main__":
    main(int(sys.argv[1]))

"""Grow the read corpus by copying published records in the database, then bulk-indexing.

The full size reads at 10,000 records. Creating them through the service layer (what the bulk
import measures) takes 36 minutes on 2 cores: each record is validated, versioned, minted,
committed and indexed one by one. The reads need 10,000 published records, not another
hour of imports, so the corpus grows by copies: each new record is a published record of
the imported batch under new identifiers (its own recid, DOI and OAI id, parent with concept
DOI, version state and file buckets, the same rows the service writes), inserted in
batches, then indexed with the indexer's bulk queue as ``invenio rdm-records rebuild-index``
does. What the search and harvest then read is what they read after a migration.

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

SOURCES = """
    SELECT r.json AS record, p.json AS parent, r.bucket_id, r.media_bucket_id
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
    """Insert one copy of ``source`` (a row of SOURCES); return the new record's UUID."""
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
    return record_uuid


def main(count):
    """Add ``count`` copies, index them; print {"records": n, "seconds": s}."""
    from invenio_app.factory import create_api
    from invenio_db import db
    from invenio_rdm_records.proxies import current_rdm_records_service as service
    from invenio_search import current_search_client
    from invenio_search.utils import prefix_index
    from sqlalchemy import text

    app = create_api()
    with app.app_context():
        start = time.perf_counter()
        sources = db.session.execute(text(SOURCES)).all()
        if not sources:
            raise SystemExit("no published record without files to copy: import some first")
        now = datetime.now(timezone.utc)
        made = []
        for n in range(count):
            made.append(insert_copy(db.session, sources[n % len(sources)], now))
            if len(made) % BATCH == 0:
                db.session.commit()
        db.session.commit()
        indexer = service.indexer
        for first in range(0, len(made), BATCH):
            indexer.bulk_index(made[first:first + BATCH])
            indexer.process_bulk_queue()
        index = prefix_index(service.record_cls.index.search_alias)
        current_search_client.indices.refresh(index=index)
        took = time.perf_counter() - start
    print(json.dumps({"records": len(made), "seconds": took}))


if __name__ == "__main__":
    main(int(sys.argv[1]))

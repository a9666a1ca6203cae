"""Documents the index missed: changed in the database, absent or older in the index.

A publish, an edit or a new community writes the database, commits, and then indexes. When
the search server cannot be reached at that moment (down, restarting, timing out), the
request answers 503 (maintenance/), but what it committed stays committed and is not in the
index; nothing queued it, so nothing would index it later. The in-memory server refills
everything after its own restart; OpenSearch, or an osmem that timed out without
restarting, would keep the gap. This compares, for everything changed within
``RODARE_INDEXING_CATCH_UP_WINDOW``, the database's ``version_id`` with the indexed one and
indexes what differs, through the service's own indexer.

The comparison uses an ``ids`` query with ``_source: ["version_id"]``, which OpenSearch and
osmem answer alike.
"""

from datetime import datetime, timedelta, timezone

from invenio_communities.proxies import current_communities
from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service
from invenio_search import current_search_client
from invenio_search.utils import prefix_index
from opensearchpy.exceptions import ConflictError

CHUNK = 500
"""Ids per search request."""


def _kinds():
    """(record class, indexer) of each kind of document a request indexes after its commit."""
    records = current_rdm_records_service
    return [
        (records.record_cls, records.indexer),
        (records.draft_cls, records.draft_indexer),
        (current_communities.service.record_cls, current_communities.service.indexer),
    ]


def _changed_since(record_cls, since, until):
    """``{uuid: version_id}`` of the live rows changed between ``since`` and ``until``."""
    model = record_cls.model_cls
    rows = (db.session.query(model.id, model.version_id)
            .filter(model.updated >= since.replace(tzinfo=None),
                    model.updated < until.replace(tzinfo=None), model.json.isnot(None)))
    return {str(id_): version for id_, version in rows}


def _indexed_versions(record_cls, ids):
    """``{uuid: version_id}`` of those ids in the kind's index."""
    index = prefix_index(record_cls.index.search_alias)
    found = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        answer = current_search_client.search(index=index, body={
            "query": {"ids": {"values": chunk}}, "_source": ["version_id"], "size": len(chunk),
        })
        for hit in answer["hits"]["hits"]:
            found[hit["_id"]] = hit["_source"].get("version_id")
    return found


def stale(record_cls, since, until=None):
    """Ids of the kind's documents missing from the index or older there than in the DB."""
    in_db = _changed_since(record_cls, since, until or datetime.now(timezone.utc))
    in_index = _indexed_versions(record_cls, sorted(in_db))
    return sorted(id_ for id_, version in in_db.items() if in_index.get(id_) != version)


def catch_up(window, limit, settle=0):
    """Index every document of the last ``window`` the index lacks; ``{kind: count}``.

    Changes younger than ``settle`` are left alone: whoever made them may still be indexing.
    """
    now = datetime.now(timezone.utc)
    since, until = now - _timedelta(window), now - _timedelta(settle)
    done = {}
    for record_cls, indexer in _kinds():
        ids = stale(record_cls, since, until)[:max(limit - sum(done.values()), 0)]
        indexed = 0
        for id_ in ids:
            try:
                indexer.index(record_cls.get_record(id_))
                indexed += 1
            except ConflictError:  # a request indexed a newer version meanwhile: in step
                pass
        if indexed:
            done[record_cls.__name__] = indexed
    return done


def _timedelta(value):
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))

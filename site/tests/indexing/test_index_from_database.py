"""The start's rebuild of the search indices (``stack.instance.index_from_database``): every
record indexed once, and every queue drained before search says it is ready."""

import pytest
from invenio_access.permissions import system_identity
from invenio_indexer.api import RecordIndexer
from invenio_indexer.proxies import current_indexer_registry
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_search import current_search_client
from invenio_search.utils import prefix_index

from stack.instance import _waiting, index_from_database


@pytest.fixture
def published(running_app, minimal_record, custom_field_mappings, monkeypatch):
    """Five published records and one draft in the database and not in the index, as a
    start finds them (the index made anew), written with the indexers switched off: their
    ids (of the records, of the draft)."""
    ids = []
    with monkeypatch.context() as unindexed:
        for method in ("index", "bulk_index", "delete"):
            unindexed.setattr(RecordIndexer, method, lambda *args, **kwargs: None)
        for n in range(5):
            data = {**minimal_record,
                    "metadata": {**minimal_record["metadata"], "title": f"Rebuilt record {n}"}}
            record = records_service.publish(
                system_identity, records_service.create(system_identity, data).id)
            ids.append(str(record._record.id))
        draft = records_service.create(system_identity, minimal_record)
    assert not _indexed("rdmrecords-records", ids)
    return ids, str(draft._record.id)


@pytest.fixture
def queued(monkeypatch):
    """The record ids each queue was given, in order."""
    given = {}
    bulk_index = RecordIndexer.bulk_index

    def _record(self, record_id_iterator):
        ids = [str(i) for i in record_id_iterator]
        given.setdefault(self.mq_queue.name, []).extend(ids)
        return bulk_index(self, ids)

    monkeypatch.setattr(RecordIndexer, "bulk_index", _record)
    return given


def _indexed(index, ids):
    """Which of the documents ``ids`` a search of ``index`` finds."""
    current_search_client.indices.refresh(index=prefix_index(index))
    hits = current_search_client.search(index=prefix_index(index), body={
        "size": 100, "query": {"ids": {"values": list(ids)}}})
    return {hit["_id"] for hit in hits["hits"]["hits"]}


def test_every_record_is_queued_once(published, queued, db):
    """invenio-rdm-records' two services over the records' table queue them once."""
    records, draft = published
    index_from_database()
    for queue, ids in (("records", records), ("records-drafts", [draft])):
        given = queued[queue]
        assert len(given) == len(set(given)) and set(ids) <= set(given), queue
    assert _indexed("rdmrecords-records", records) == set(records)
    assert _indexed("rdmrecords-drafts", [draft]) == {draft}


def test_queues_longer_than_one_run_are_drained(published, monkeypatch, db):
    """Upstream's bulk indexer takes at most so many messages per run (10,000): the
    rebuild runs it again until the queue is empty, so search is complete when it says so."""
    indexer = current_indexer_registry.get("records")  # the one the rebuild drains
    monkeypatch.setattr(indexer, "_bulk_index_max_items", 2)
    records, _ = published
    index_from_database()
    assert _waiting(indexer) == 0
    assert _indexed("rdmrecords-records", records) == set(records)



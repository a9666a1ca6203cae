"""The beat task that drains the bulk queues survives a record changed while it drains.

The race is made deterministic: the record is deleted (as another request would) right after
the bulk indexer has read it from the database and before it sends the chunk. The search
server answers 409 (upstream's task raises on it); ours keeps the newer, deleted document and
the next run still works.
"""

import pytest
from celery.signals import task_failure
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_search import current_search_client

from rodare_rdm.indexing.tasks import BULK_KWARGS, manage_indexer_queues


def _indexed(record):
    """The (version, deletion status) of the record's document in the index."""
    indexer = records_service.indexer
    index = indexer._prepare_index(indexer.record_to_index(records_service.record_cls))
    doc = current_search_client.get(index=index, id=str(record._record.id))
    return doc["_version"], doc["_source"].get("deletion_status")


@pytest.fixture
def published(running_app, minimal_record, custom_field_mappings):
    """A published record, its publish's bulk messages drained."""
    draft = records_service.create(system_identity, minimal_record)
    record = records_service.publish(system_identity, draft.id)
    records_service.indexer.process_bulk_queue()
    return record


@pytest.fixture
def deleted_while_draining(published, monkeypatch):
    """Queue the record as publish does; delete it once the bulk indexer has read it.

    Patched on the indexer's class: the task runs in the app the Celery app belongs to, whose
    service (and indexer instance) is not the test app's.
    """
    records_service.indexer.bulk_index([published._record.id])
    cls = type(records_service.indexer)
    read = cls._actionsiter
    done = []

    def read_then_delete(self, messages):
        for action in read(self, messages):
            yield action
            if not done:
                done.append(True)
                records_service.delete_record(system_identity, published.id, {"note": "Duplicate"})

    monkeypatch.setattr(cls, "_actionsiter", read_then_delete)
    return published


@pytest.fixture
def failures():
    """The exceptions of the Celery tasks that fail (the worker logs them as "raised unexpected")."""
    seen = []

    def record(sender=None, exception=None, **kwargs):
        seen.append(exception)

    task_failure.connect(record, weak=False)
    yield seen
    task_failure.disconnect(record)


def test_the_race_conflicts_and_the_conflict_is_ignored(deleted_while_draining, failures):
    """The positive control: the bulk run meets the 409 (one document not indexed), and with
    our bulk arguments it does not raise. (Upstream's task raises ``BulkIndexError`` here and
    leaves its broker connection broken for the next run; not repeated in the suite, which
    shares that connection pool.)"""
    assert records_service.indexer.process_bulk_queue(search_bulk_kwargs=BULK_KWARGS) == (0, 1)
    assert _indexed(deleted_while_draining)[1] == "D"
    assert failures == []


def test_our_task_keeps_the_newer_document(deleted_while_draining, failures, monkeypatch):
    """No failure; the deleted revision stays indexed; the next drain still works."""
    before_delete, _status = _indexed(deleted_while_draining)
    manage_indexer_queues()
    assert failures == []
    version, status = _indexed(deleted_while_draining)
    assert status == "D" and version > before_delete
    monkeypatch.undo()
    records_service.indexer.bulk_index([deleted_while_draining._record.id])
    manage_indexer_queues()
    assert failures == []
    assert _indexed(deleted_while_draining) == (version, "D")




def test_the_drain_waits_while_a_refill_drains_the_queues(published):
    """While the search indices are refilled (rodare_rdm.search_ready) the refill drains the
    queues itself; the beat task leaves them, so "refilled" means every document is in."""
    from rodare_rdm.search_ready.marker import end_refill, start_refill

    records_service.indexer.bulk_index([published._record.id])
    version, _status = _indexed(published)
    start_refill()
    try:
        manage_indexer_queues()
        assert _indexed(published)[0] == version  # nothing drained
    finally:
        end_refill()
    assert records_service.indexer.process_bulk_queue() == (1, 0)  # the message waited

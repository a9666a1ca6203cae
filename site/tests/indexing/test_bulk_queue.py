"""The beat task that drains the bulk queues survives a record changed while it drains.

The race is made deterministic: the record is deleted (as another request would) right after
the bulk indexer has read it from the database and before it sends the chunk. Upstream's task
fails on the search server's 409; ours keeps the newer, deleted document and the next run
still works.
"""

import pytest
from celery.signals import task_failure
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_records_resources.tasks import manage_indexer_queues as upstream_task
from invenio_search import current_search_client
from opensearchpy.helpers import BulkIndexError

from rodare_rdm.indexing.tasks import manage_indexer_queues


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


def test_upstream_task_fails_on_the_race(deleted_while_draining, failures):
    """The positive control: the race happens, and upstream's drain fails on it."""
    upstream_task()
    assert [type(error) for error in failures] == [BulkIndexError]
    assert failures[0].errors[0]["index"]["status"] == 409


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



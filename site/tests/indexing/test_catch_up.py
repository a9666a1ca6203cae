"""What a request committed while the search server could not take it is indexed later.

The gap is made as an outage leaves it: the database holds the change, the index does not
(the document missing, or an older version of it). The catch-up finds exactly those
documents and indexes them; everything else is left alone.
"""

from datetime import timedelta

from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_search import current_search_client
from invenio_search.utils import prefix_index

from rodare_rdm.indexing.catch_up import catch_up, stale
from rodare_rdm.indexing.tasks import catch_up_index

DAY = timedelta(days=1)


def _version_in_index(record_cls, id_):
    index = prefix_index(record_cls.index.search_alias)
    hits = current_search_client.search(index=index, body={"query": {"ids": {"values": [str(id_)]}}})
    found = hits["hits"]["hits"]
    return found[0]["_source"]["version_id"] if found else None


def _in_step():
    """Index what earlier tests of the module left in the database (the indices are cleared
    per test, the database is not)."""
    catch_up(DAY, 10000)


def _published(minimal_record):
    draft = records_service.create(system_identity, minimal_record)
    return records_service.publish(system_identity, draft.id)._record


def test_a_document_the_index_lacks_is_indexed(running_app, minimal_record, custom_field_mappings):
    """A published record and a draft whose indexing was lost are back in the index."""
    _in_step()
    record = _published(minimal_record)
    draft = records_service.create(system_identity, minimal_record)._record
    assert catch_up(DAY, 100) == {}  # all in step: nothing to do

    records_service.indexer.delete(record)
    records_service.draft_indexer.delete(draft)
    assert _version_in_index(type(record), record.id) is None
    assert stale(type(record), record.model.updated - DAY) == [str(record.id)]

    assert catch_up(DAY, 100) == {type(record).__name__: 1, type(draft).__name__: 1}
    assert _version_in_index(type(record), record.id) == record.model.version_id
    assert _version_in_index(type(draft), draft.id) == draft.model.version_id
    assert catch_up(DAY, 100) == {}


def test_an_older_document_is_replaced(running_app, minimal_record, custom_field_mappings,
                                      monkeypatch):
    """A change committed without its indexing (the search server timed out) is caught up."""
    record = _published(minimal_record)
    before = record.model.version_id
    record.commit()  # the database moves on; nothing indexes
    db.session.commit()
    assert record.model.version_id == before + 1
    assert _version_in_index(type(record), record.id) == before

    catch_up_index()  # the beat's task: a change younger than a minute is left alone
    assert _version_in_index(type(record), record.id) == before
    monkeypatch.setitem(running_app.app.config, "RODARE_INDEXING_CATCH_UP_SETTLE", 0)
    catch_up_index()
    assert _version_in_index(type(record), record.id) == before + 1


def test_a_community_the_index_lacks(running_app, custom_field_mappings):
    """A community created while search was down is found again."""
    _in_step()
    communities = current_communities.service
    community = communities.create(system_identity, {
        "slug": "elbe-catch-up", "access": {"visibility": "public"},
        "metadata": {"title": "ELBE"}})._record
    communities.indexer.delete(community)
    assert catch_up(DAY, 100) == {type(community).__name__: 1}
    assert _version_in_index(type(community), community.id) == community.model.version_id


def test_the_window_and_the_limit(running_app, minimal_record, custom_field_mappings):
    """Older changes are the reindex command's; at most ``limit`` documents per run."""
    _in_step()
    first, second = _published(minimal_record), _published(minimal_record)
    for record in (first, second):
        records_service.indexer.delete(record)
    assert catch_up(timedelta(0), 100) == {}
    assert catch_up(DAY, 1) == {type(first).__name__: 1}
    assert catch_up(DAY, 100) == {type(first).__name__: 1}
    assert catch_up(DAY, 100) == {}

"""The file types the index holds, kept current through every write (tracked.py, values.py).

The file-type facet counts with filters as long as the list of file types is complete: a
publication adds its types to the list instead of making the facet fall back to a terms
aggregation over every document, as it did while the index settled after each write.
"""

import json
from io import BytesIO

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as service
from invenio_search import current_search_client
from invenio_search.utils import prefix_index

from rodare_rdm.portable_search.tracked import TrackedValues, field_values, written_values

FIELDS = ["files.types"]


def _bulk(*lines):
    return "".join(json.dumps(line) + "\n" for line in lines)


def test_values_of_documents_are_read_from_every_kind_of_write():
    """Index, create, bulk and partial updates give their documents' values; deletes and
    refreshes give none; what cannot be read (a script, update by query) gives None."""
    doc = {"files": {"types": ["csv", "txt"]}, "id": "1"}
    assert written_values("PUT", "/i/_doc/1", doc, FIELDS) == {"files.types": {"csv", "txt"}}
    assert written_values("PUT", "/i/_create/1", json.dumps(doc).encode(), FIELDS) == \
        {"files.types": {"csv", "txt"}}
    body = _bulk({"index": {"_index": "i", "_id": "1"}}, doc, {"delete": {"_id": "2"}},
                 {"create": {"_id": "3"}}, {"files": {"types": "nc"}},
                 {"update": {"_id": "4"}}, {"doc": {"files": {"types": ["h5"]}}})
    assert written_values("POST", "/_bulk", body, FIELDS) == {"files.types": {"csv", "txt", "nc", "h5"}}
    assert written_values("POST", "/i/_bulk", body.encode(), FIELDS)["files.types"] == \
        {"csv", "txt", "nc", "h5"}
    scripted = _bulk({"update": {"_id": "4"}}, {"script": {"source": "ctx._source.x = 1"}})
    assert written_values("POST", "/_bulk", body + scripted, FIELDS) is None
    assert written_values("POST", "/i/_update/1", {"doc": {"title": "t"}}, FIELDS) == \
        {"files.types": set()}
    assert written_values("POST", "/i/_update/1", {"script": {"source": "x"}}, FIELDS) is None
    assert written_values("POST", "/i/_update_by_query", {}, FIELDS) is None
    assert written_values("POST", "/_aliases", {}, FIELDS) is None
    assert written_values("DELETE", "/i/_doc/1", None, FIELDS) == {"files.types": set()}
    assert written_values("POST", "/i/_refresh", None, FIELDS) == {"files.types": set()}
    assert written_values("PUT", "/i", {"mappings": {}}, FIELDS) == {"files.types": set()}
    assert written_values("POST", "/_bulk", "{not json", FIELDS) is None


def test_field_values_follow_lists_at_every_level():
    """A dotted path through lists of objects; scalars and lists of scalars alike."""
    doc = {"a": [{"b": ["x", "y"]}, {"b": "z"}, {"c": 1}], "n": {"m": 3}}
    assert field_values(doc, "a.b") == {"x", "y", "z"}
    assert field_values(doc, "n.m") == {"3"}
    assert field_values(doc, "a.c") == {"1"}
    assert field_values(doc, "missing.path") == set()


@pytest.fixture
def file_type(running_app):
    """The configured file-type facet."""
    return running_app.app.config["RDM_FACETS"]["file_type"]["facet"]


def _publish_with_file(uploader, minimal_record, key):
    data = {**minimal_record, "files": {"enabled": True}}
    draft = service.create(uploader.identity, data)
    files = service.draft_files
    files.init_files(uploader.identity, draft.id, [{"key": key}])
    files.set_file_content(uploader.identity, draft.id, key, BytesIO(b"content\n"))
    files.commit_file(uploader.identity, draft.id, key)
    record = service.publish(uploader.identity, draft.id)
    service.indexer.process_bulk_queue()
    return record


def _reindex_unrefreshed(record):
    """Index ``record`` again as the Celery path does (bulk, not refreshed): the index settles."""
    service.indexer.bulk_index([record._record.id])
    service.indexer.process_bulk_queue()


def _terms_counts():
    """The file types and their records, as upstream's terms aggregation counts them."""
    body = {"size": 0, "aggs": {"t": {"terms": {"field": "files.types", "size": 100}}}}
    index = prefix_index("rdmrecords-records")
    answer = current_search_client.search(index=index, body=body)
    return {b["key"]: b["doc_count"] for b in answer["aggregations"]["t"]["buckets"]}


def test_a_publication_keeps_the_file_types_counted_with_filters(
        running_app, client, uploader, minimal_record, search_clear, file_type, monkeypatch):
    """Once complete, the list survives publications: while the index settles after one,
    the facet still counts with filters, the new file type is among them, and the facet
    over REST equals upstream's terms aggregation."""
    monkeypatch.setitem(running_app.app.config, "RODARE_SEARCH_CACHE_SETTLE", 0)
    _publish_with_file(uploader, minimal_record, "yields.csv")
    assert list(file_type.get_aggregation().to_dict()["filters"]["filters"]) == ["csv"]

    monkeypatch.setitem(running_app.app.config, "RODARE_SEARCH_CACHE_SETTLE", 600)
    _reindex_unrefreshed(_publish_with_file(uploader, minimal_record, "notes.txt"))  # settles
    filters = file_type.get_aggregation().to_dict()["filters"]["filters"]
    assert {"csv", "txt"} <= set(filters)

    answer = client.get("/api/records").json
    got = {b["key"]: b["doc_count"] for b in answer["aggregations"]["file_type"]["buckets"]}
    assert got == _terms_counts() == {"csv": 1, "txt": 1}


def test_a_write_whose_values_are_unknown_starts_the_list_again(
        running_app, uploader, minimal_record, search_clear, file_type, monkeypatch,
        settle_time_passes):
    """A write that is not read for values (here an alias added to the index; a scripted
    update or an update by query alike) may have written any value: the list is not
    trusted after it, the facet asks the terms aggregation until the index has settled,
    and then the list is asked of the index again."""
    monkeypatch.setitem(running_app.app.config, "RODARE_SEARCH_CACHE_SETTLE", 0)
    _publish_with_file(uploader, minimal_record, "yields.csv")
    assert "filters" in file_type.get_aggregation().to_dict()

    monkeypatch.setitem(running_app.app.config, "RODARE_SEARCH_CACHE_SETTLE", 600)
    index = prefix_index("rdmrecords-records")
    concrete = next(iter(current_search_client.indices.get_alias(index=index)))
    current_search_client.indices.put_alias(index=concrete, name=f"{index}-tracked-test")
    assert "terms" in file_type.get_aggregation().to_dict()

    settle_time_passes()
    assert list(file_type.get_aggregation().to_dict()["filters"]["filters"]) == ["csv"]


def test_a_list_is_not_completed_while_the_index_settles(
        running_app, uploader, minimal_record, search_clear, file_type, monkeypatch,
        settle_time_passes):
    """With no complete list and the index settling, the facet asks the terms aggregation
    and keeps nothing: OpenSearch may not show the last write yet."""
    monkeypatch.setitem(running_app.app.config, "RODARE_SEARCH_CACHE_SETTLE", 600)
    TrackedValues(current_search_client.transport.server).renew(
        prefix_index("rdmrecords-records"))  # as after a write whose values are unknown
    _reindex_unrefreshed(_publish_with_file(uploader, minimal_record, "yields.csv"))
    assert "terms" in file_type.get_aggregation().to_dict()
    assert "terms" in file_type.get_aggregation().to_dict()  # nothing was kept meanwhile
    settle_time_passes()
    assert list(file_type.get_aggregation().to_dict()["filters"]["filters"]) == ["csv"]


def test_many_values_are_added_in_pieces(running_app):
    """A list of thousands of values (more than one Lua call takes) is kept whole."""
    sets = TrackedValues("test-server:0")
    epoch, _, complete = sets.read("an-index", "a.field")
    assert not complete
    values = {f"v{i}" for i in range(2500)}
    sets.complete("an-index", "a.field", epoch, values)
    assert sets.read("an-index", "a.field") == (epoch, values, True)
    sets.renew("an-index")
    assert sets.read("an-index", "a.field")[1:] == (set(), False)

"""The search answer cache (transport.py): never stale, never shared across rights.

Writes that bypass the app (a plain client, as no RODARE process does) show which answers
come from the cache: the cache keeps answering what it kept until a write through the
app's client replaces the index's generation.
"""

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as service
from invenio_search import current_search_client
from invenio_search.utils import prefix_index
from opensearchpy import OpenSearch, Transport
from opensearchpy.exceptions import ConflictError

from rodare_rdm.portable_search.generation import written_indices
from rodare_rdm.portable_search.transport import cacheable_index, is_write, refreshed, \
    writes_one_document


@pytest.fixture
def behind_the_back():
    """Remove a record from the index with a plain client, unseen by the app's transport."""
    raw = OpenSearch(hosts=current_search_client.transport.hosts)

    def _remove(recid):
        index = prefix_index(service.record_cls.index.search_alias)
        hits = raw.search(index=index, body={"query": {"term": {"id": recid}}})["hits"]["hits"]
        for hit in hits:
            raw.delete(index=hit["_index"], id=hit["_id"], refresh=True)
        assert hits

    return _remove


def _ids(client, q="Cachetest"):
    response = client.get("/api/records", query_string={"q": q})
    assert response.status_code == 200, response.json
    return sorted(hit["id"] for hit in response.json["hits"]["hits"])


def test_every_write_is_seen_at_once(settled, api, publish_titled, behind_the_back, db,
                                     search_clear):
    """Index, bulk index (the Celery path) and delete through the app each end what the
    cache kept; in between, the kept answer is what the server said before."""
    alpha = publish_titled("Cachetest Alpha")
    assert _ids(api) == [alpha.id]
    behind_the_back(alpha.id)
    assert _ids(api) == [alpha.id]  # kept: the plain client's delete is not seen

    beta = publish_titled("Cachetest Beta")  # index + refresh through the app
    gamma = publish_titled("Cachetest Gamma")
    assert _ids(api) == sorted([beta.id, gamma.id])
    behind_the_back(gamma.id)
    assert _ids(api) == sorted([beta.id, gamma.id])  # kept

    service.indexer.bulk_index([beta._record.id])  # what the Celery task drains
    service.indexer.process_bulk_queue()
    assert _ids(api) == [beta.id]

    service.indexer.delete(beta._record)
    assert _ids(api) == []


def test_identities_with_other_rights_never_share(settled, api, client_with_login,
                                                  publish_titled, behind_the_back, db,
                                                  search_clear):
    """A visitor's kept answer is never given to a signed-in researcher, whose request
    carries another permission filter (their own records and grants), nor the reverse."""
    alpha = publish_titled("Cachetest Alpha")
    assert _ids(api) == [alpha.id]  # the visitor's answer, kept
    behind_the_back(alpha.id)
    assert _ids(client_with_login) == []  # asked afresh, and kept
    assert _ids(api) == [alpha.id]  # the visitor's own kept answer
    beta = publish_titled("Cachetest Beta")
    assert _ids(client_with_login) == [beta.id]
    assert _ids(api) == [beta.id]


def test_no_answer_is_kept_while_the_index_settles(running_app, monkeypatch, api,
                                                   publish_titled, behind_the_back, db,
                                                   search_clear):
    """Right after a write that was not refreshed (OpenSearch may not show it yet: the
    Celery path's bulk indexing) answers are not kept."""
    monkeypatch.setitem(running_app.app.config, "RODARE_SEARCH_CACHE_SETTLE", 600)
    alpha = publish_titled("Cachetest Alpha")
    service.indexer.bulk_index([alpha._record.id])
    service.indexer.process_bulk_queue()
    assert _ids(api) == [alpha.id]
    behind_the_back(alpha.id)
    assert _ids(api) == []


@pytest.fixture
def settling_forever(running_app, search_clear, monkeypatch, settle_time_passes):
    """Writes that settle, settle for ten minutes; none settles when the test begins (after
    the indices' set-up, whose mapping updates settle)."""
    monkeypatch.setitem(running_app.app.config, "RODARE_SEARCH_CACHE_SETTLE", 600)
    settle_time_passes()
    return running_app


@pytest.fixture
def sent(monkeypatch):
    """Every request the app's transport passes on to the server: (method, url, params)."""
    requests = []
    passed_on = Transport.perform_request

    def _record(self, method, url, params=None, body=None, **kwargs):
        requests.append((method, url, dict(params or {})))
        return passed_on(self, method, url, params=params, body=body, **kwargs)

    monkeypatch.setattr(Transport, "perform_request", _record)
    return requests


def test_a_publication_is_kept_at_once(settling_forever, api, minimal_record, sent,
                                       behind_the_back, db, search_clear):
    """A publication writes its record with ``refresh`` (visible when answered), so the index
    does not settle; the refresh of its DOI's registration (upstream's DataCite serializer)
    is no write: the next search's answer is kept at once, and stays."""
    data = {**minimal_record, "metadata": {**minimal_record["metadata"],
                                           "title": "Cachetest Alpha"}}
    alpha = service.publish(system_identity, service.create(system_identity, data).id)
    written = [(method, url, params) for method, url, params in sent
               if method in ("PUT", "POST") and "/_doc/" in url and "rdmrecords-records" in url]
    assert written and all(params.get("refresh") == "true" for _, _, params in written)
    drafts = [params for method, url, params in sent
              if "/_doc/" in url and "rdmrecords-drafts" in url and method != "GET"]
    assert drafts and not any(refreshed(params) for params in drafts)  # as upstream sent
    assert _ids(api) == [alpha.id]
    service.indexer.refresh()  # as the concept DOI's registration does, a moment later
    behind_the_back(alpha.id)
    assert _ids(api) == [alpha.id]  # kept, though the index "settles" for 600 s


def test_a_failed_write_settles(settling_forever, api, publish_titled, behind_the_back, db,
                                search_clear):
    """A write the server refused (here a version conflict; a time-out may still land later)
    is not known to be visible: the index settles."""
    alpha = publish_titled("Cachetest Alpha")
    index = prefix_index(service.record_cls.index._name)  # the alias has no write index
    with pytest.raises(ConflictError):
        current_search_client.index(index=index, id=str(alpha._record.id), body={},
                                    version=1, version_type="external")
    assert _ids(api) == [alpha.id]
    behind_the_back(alpha.id)
    assert _ids(api) == []  # not kept: the index settles


@pytest.mark.parametrize("params,visible", [
    (None, False), ({}, False), ({"refresh": "false"}, False), ({"refresh": b"false"}, False),
    ({"refresh": "true"}, True), ({"refresh": b"true"}, True), ({"refresh": ""}, True),
    ({"refresh": "wait_for"}, True), ({"refresh": True}, True),
])
def test_refreshed_writes_are_told(params, visible):
    """The server shows a write at once when it was asked to refresh (or wait for one)."""
    assert refreshed(params) is visible


def test_single_document_writes_are_told():
    """Index, create, update and delete of one document; not bulk, by-query or admin."""
    assert writes_one_document("/p-rdmrecords-records/_doc/1")
    assert writes_one_document("/p-rdmrecords-records/_doc")
    assert writes_one_document("/p-rdmrecords-records/_create/1")
    assert writes_one_document("/p-rdmrecords-records/_update/1")
    assert not writes_one_document("/_bulk")
    assert not writes_one_document("/p-rdmrecords-records/_bulk")
    assert not writes_one_document("/p-rdmrecords-records/_update_by_query")
    assert not writes_one_document("/p-rdmrecords-records/_refresh")
    assert not writes_one_document("/p-rdmrecords-records")


@pytest.mark.parametrize("method,url,write", [
    ("GET", "/idx/_doc/1", False),
    ("HEAD", "/idx", False),
    ("POST", "/idx/_search", False),
    ("POST", "/idx/_count", False),
    ("POST", "/_msearch", False),
    ("DELETE", "/_search/scroll", False),
    ("PUT", "/idx/_doc/1", True),
    ("DELETE", "/idx/_doc/1", True),
    ("POST", "/_bulk", True),
    ("POST", "/idx/_refresh", False),
    ("POST", "/_refresh", False),
    ("POST", "/idx/_update_by_query", True),
    ("POST", "/idx/_delete_by_query", True),
    ("PUT", "/idx/_alias/other", True),
    ("POST", "/_aliases", True),
    ("DELETE", "/idx", True),
])
def test_writes_are_told_from_reads(method, url, write):
    """Anything not known as a read counts as a write."""
    assert is_write(method, url) is write


def test_written_indices_are_found_in_url_or_body():
    """A write touches the watched indices named in its URL or body, all for a pattern."""
    watched = ["p-rdmrecords-records", "p-rdmrecords-drafts"]
    assert written_indices("/p-rdmrecords-records-record-v7.0.0/_doc/1", None, watched) == [
        "p-rdmrecords-records"]
    bulk = '{"index": {"_index": "p-rdmrecords-drafts-draft-v6", "_id": "1"}}\n{}\n'
    assert written_indices("/_bulk", bulk, watched) == ["p-rdmrecords-drafts"]
    assert written_indices("/_bulk", '{"index": {"_index": "p-events"}}\n{}\n', watched) == []
    assert written_indices("/_aliases", {"actions": []}, watched) == watched  # no index: all
    assert written_indices("/p-stats/_bulk", bulk, watched) == ["p-rdmrecords-drafts"]
    assert written_indices("/p-*/_refresh", None, watched) == watched
    assert written_indices("/p-events-stats/_doc/1", {"a": 1}, watched) == []


def test_only_plain_searches_of_watched_indices_are_cached():
    """Scrolls, counts and other indices go to the server every time."""
    watched = ["p-rdmrecords-records"]
    assert cacheable_index("POST", "/p-rdmrecords-records/_search", {}, watched) == watched[0]
    assert cacheable_index("POST", "/p-rdmrecords-records/_search", {"scroll": "1m"}, watched) is None
    assert cacheable_index("POST", "/p-rdmrecords-records/_count", {}, watched) is None
    assert cacheable_index("POST", "/p-rdmrecords-drafts/_search", {}, watched) is None


class _FailingWrites:
    """The shared cache with Redis gone between a search's read of the cache and its write."""

    def __init__(self, cache):
        self.cache = cache

    def __getattr__(self, name):
        return getattr(self.cache, name)

    def set(self, *args, **kwargs):
        from redis.exceptions import ConnectionError
        raise ConnectionError("Redis went away")


def test_a_search_is_answered_when_its_answer_cannot_be_kept(settled, monkeypatch, api,
                                                              publish_titled, behind_the_back,
                                                              db, search_clear):
    """The server's answer is given even if keeping it fails; nothing stale is kept."""
    from invenio_cache import current_cache

    alpha = publish_titled("Cachetest Alpha")
    rest = settled.app.wsgi_app.mounts["/api"]  # the REST app, which answers /api/records
    with monkeypatch.context() as failing:
        failing.setitem(rest.config, "RODARE_SEARCH_CACHE_BACKEND",
                        _FailingWrites(current_cache))
        assert _ids(api) == [alpha.id]
    behind_the_back(alpha.id)
    assert _ids(api) == []  # nothing was kept

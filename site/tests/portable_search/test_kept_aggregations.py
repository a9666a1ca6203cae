"""A search's aggregations kept apart from its hits (aggregations.py, transport.py).

Another page, another order or a selected facet value of the same search asks the server
for the hits alone and answers with the kept aggregations: the answer must be exactly the
one the server gives when asked the whole request.
"""

import json

import pytest
from opensearchpy import Transport

from rodare_rdm.portable_search.aggregations import complete
from rodare_rdm.portable_search.transport import aggregations_key

SEARCH = ("POST", "/rodare-rdmrecords-records/_search")
BODY = {
    "query": {"query_string": {"query": "beam"}},
    "aggs": {"years": {"filters": {"filters": {"2021": {"term": {"year": "2021"}}}}}},
    "size": 10,
}


@pytest.mark.parametrize("change", [
    {"from": 20}, {"size": 50}, {"sort": [{"created": "desc"}]},
    {"post_filter": {"term": {"year": "2021"}}}, {"_source": ["id"]},
    {"highlight": {"fields": {"title": {}}}}, {"track_total_hits": True},
    {"search_after": [1, "x"]},
])
def test_what_only_shapes_the_hits_shares_the_aggregations(change):
    """Page, size, order, selected facet values (post_filter), fields, highlighting."""
    assert aggregations_key(*SEARCH, None, {**BODY, **change}) \
        == aggregations_key(*SEARCH, None, BODY)


@pytest.mark.parametrize("method,url,params,change", [
    (*SEARCH, None, {"query": {"match_all": {}}}),
    (*SEARCH, None, {"min_score": 1.5}),  # drops documents before they are counted
    (*SEARCH, None, {"aggs": {"years": {"terms": {"field": "year"}}}}),
    ("POST", "/rodare-rdmrecords-drafts/_search", None, {}),
    (*SEARCH, {"routing": "a"}, {}),
])
def test_what_is_counted_keys_the_aggregations(method, url, params, change):
    """The query, min_score, the aggregations themselves, the index and URL parameters."""
    assert aggregations_key(method, url, params, {**BODY, **change}) \
        != aggregations_key(*SEARCH, None, BODY)


def test_the_preference_is_no_part_of_the_key():
    """Upstream's per-visitor preference chooses shard copies, not documents."""
    assert aggregations_key(*SEARCH, {"preference": "a"}, BODY) \
        == aggregations_key(*SEARCH, {"preference": "b"}, BODY)


@pytest.mark.parametrize("body", [
    {"query": {"match_all": {}}}, {"aggs": {}}, "not json", b"[1, 2]", None,
])
def test_requests_without_aggregations_have_no_key(body):
    assert aggregations_key(*SEARCH, None, body) is None


def test_a_body_sent_as_text_keys_as_the_same_dict():
    assert aggregations_key(*SEARCH, None, json.dumps(BODY)) \
        == aggregations_key(*SEARCH, None, BODY)


@pytest.mark.parametrize("response,kept", [
    ({"timed_out": False, "_shards": {"failed": 0}, "aggregations": {}}, True),
    ({"timed_out": True, "_shards": {"failed": 0}, "aggregations": {}}, False),
    ({"timed_out": False, "_shards": {"failed": 1}, "aggregations": {}}, False),
    ({"timed_out": False, "_shards": {"failed": 0}}, False),
])
def test_only_complete_aggregations_are_kept(response, kept):
    assert complete(response) is kept


@pytest.fixture
def bodies(monkeypatch):
    """The bodies of the test's searches (for "Aggtest") that the app's transport passes
    on to the server (not the look-ups of facet values or labels)."""
    sent = []
    passed_on = Transport.perform_request

    def _record(self, method, url, params=None, body=None, **kwargs):
        if url.endswith("/_search") and "Aggtest" in json.dumps(body, default=str):
            sent.append(body)
        return passed_on(self, method, url, params=params, body=body, **kwargs)

    monkeypatch.setattr(Transport, "perform_request", _record)
    return sent


@pytest.fixture
def dated_records(publish_titled):
    """Four records of three publication years, one dated by an interval."""
    return [publish_titled(f"Aggtest {n}", date)
            for n, date in enumerate(["2019-03-01", "2021", "2021-07", "2020/2021"])]


REQUESTS = [
    {"q": "Aggtest", "size": 2},
    {"q": "Aggtest", "size": 2, "page": 2},
    {"q": "Aggtest", "size": 3, "sort": "newest"},
    {"q": "Aggtest", "size": 2, "publication_date": "2021..2021"},
    {"q": "Aggtest", "size": 2, "sort": "oldest", "publication_date": "2019..2019"},
]


def _answers(client):
    answers = []
    for params in REQUESTS:
        response = client.get("/api/records", query_string=params)
        assert response.status_code == 200, response.json
        answers.append(response.json)
    return answers


def test_pages_orders_and_selections_answer_as_the_server_does(settled, api, dated_records,
                                                                bodies, monkeypatch, db,
                                                                search_clear):
    """The first request is asked whole; the others (another page, order, a selected year)
    without aggregations, and each answer equals the server's to the whole request."""
    kept = _answers(api)
    assert [bool(body.get("aggs")) for body in bodies] == [True, False, False, False, False]

    rest = settled.app.wsgi_app.mounts["/api"]
    monkeypatch.setitem(rest.config, "RODARE_SEARCH_CACHE_TTL", 0)  # every request whole
    bodies.clear()
    direct = _answers(api)
    assert all(body.get("aggs") for body in bodies)
    assert kept == direct
    years = {b["key"]: b["doc_count"] for b in direct[3]["aggregations"]["publication_date"]["buckets"]}
    assert years == {"2019": 1, "2020": 1, "2021": 3}  # counted without the selection
    assert direct[3]["hits"]["total"] == 3 and direct[1]["hits"]["hits"]


def test_a_write_ends_the_kept_aggregations(settled, api, dated_records, publish_titled,
                                            bodies, db, search_clear):
    """After a publication the next page counts again, with the new record."""
    api.get("/api/records", query_string=REQUESTS[0])
    publish_titled("Aggtest late", "2022")
    bodies.clear()
    answer = api.get("/api/records", query_string=REQUESTS[1]).json
    assert bodies[-1].get("aggs")
    years = {b["key"] for b in answer["aggregations"]["publication_date"]["buckets"]}
    assert "2022" in years and answer["hits"]["total"] == 5


def test_aggregations_of_an_incomplete_answer_are_not_kept(settled, api, dated_records,
                                                           bodies, monkeypatch, db,
                                                           search_clear):
    """An answer that timed out counted only part of the documents: the next page of that
    search asks for its aggregations again."""
    passed_on = Transport.perform_request

    def _timing_out(self, method, url, params=None, body=None, **kwargs):
        response = passed_on(self, method, url, params=params, body=body, **kwargs)
        if url.endswith("/_search"):
            response["timed_out"] = True
        return response

    with monkeypatch.context() as slow:
        slow.setattr(Transport, "perform_request", _timing_out)
        api.get("/api/records", query_string=REQUESTS[0])
    bodies.clear()
    api.get("/api/records", query_string=REQUESTS[1])
    assert bodies[-1].get("aggs")

"""Search answers 503 with a message and Retry-After while its indices are refilled or missing.

| request during a refill             | answer                               |
|-------------------------------------|--------------------------------------|
| REST search (records, communities)  | 503 JSON message, Retry-After        |
| UI search page (browser)            | 503 page with the message            |
| OAI-PMH                             | 503, Retry-After                     |
| a record by id, a draft's files     | 200: they are read from the database |
| after the refill                    | the hits                             |

| a search the search server does not answer in time | answer                     |
|----------------------------------------------------|----------------------------|
| REST search, OAI-PMH                               | 503 "busy", Retry-After 5  |
| the search page, when the refill check times out   | 503 page "busy"            |
"""

from flask import g
from invenio_search import current_search_client
from invenio_search.utils import build_alias_name

from rodare_rdm.search_ready.marker import refilling

MESSAGE = "Search is being rebuilt after a restart"
BUSY = "Search is very busy and could not answer in time"


def _is_not_ready(response):
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert response.headers["Retry-After"] == "30"
    assert MESSAGE in response.get_data(as_text=True)


def test_search_waits_for_the_refill_and_then_finds_the_record(api, published, refill_under_way):
    _is_not_ready(api.get("/api/records"))
    _is_not_ready(api.get("/api/communities"))
    _is_not_ready(api.get("/api/records", query_string={"q": "found"}))
    assert api.get(f"/api/records/{published['id']}").status_code == 200
    assert api.get(f"/api/records/{published['id']}/files").status_code == 200


def test_search_page_and_oai_pmh_wait_for_the_refill(api, published, refill_under_way):
    page = api.get("/search", headers={"Accept": "text/html"})
    _is_not_ready(page)
    assert "Search is not available right now" in page.get_data(as_text=True)
    _is_not_ready(api.get("/oai2d", query_string={"verb": "ListRecords",
                                                  "metadataPrefix": "oai_dc"}))


def test_after_the_refill_search_answers_with_the_hits(api, published):
    """The control: the same requests without the marker."""
    answer = api.get("/api/records", query_string={"q": "found"})
    assert answer.status_code == 200
    assert published["id"] in [hit["id"] for hit in answer.json["hits"]["hits"]]
    assert api.get("/search", headers={"Accept": "text/html"}).status_code == 200


def test_a_missing_index_answers_503_not_500(api, running_app, search_clear):
    """A search server that restarted empty: the records index is gone, not yet refilled."""
    index = build_alias_name("rdmrecords-records")
    current_search_client.indices.delete(index=f"{index}*", ignore=404)
    _is_not_ready(api.get("/api/records"))


def test_the_page_speaks_german(api, published, refill_under_way):
    # pytest-invenio keeps one application context per module, and flask-babel caches the
    # locale in its ``g``: forget the one an earlier request chose (production has a fresh
    # application context per request).
    g.pop("_flask_babel", None)
    page = api.get("/search?ln=de", headers={"Accept": "text/html"})
    assert page.status_code == 503
    text = page.get_data(as_text=True)
    assert "Die Suche ist gerade nicht verfügbar" in text
    assert "Die Suche wird nach einem Neustart neu aufgebaut" in text


def _is_busy(response):
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert response.headers["Retry-After"] == "5"
    assert BUSY in response.get_data(as_text=True)


def test_a_search_not_answered_in_time_is_a_503_not_a_500(api, busy_search):
    """The search client's ConnectionTimeout, from a real server that does not answer: a
    503 with Retry-After, JSON for the REST API, the page for a browser."""
    # English, whatever an earlier test of the module chose (``ln=de`` stays in the client's
    # session, and flask-babel's choice in the module's application context, see above).
    api.get("/?ln=en")
    g.pop("_flask_babel", None)
    rest = api.get("/api/records", query_string={"q": "neutron"})
    _is_busy(rest)
    assert rest.json["status"] == 503
    _is_busy(api.get("/oai2d", query_string={"verb": "ListRecords", "metadataPrefix": "oai_dc"}))
    page = api.get("/search", headers={"Accept": "text/html"})
    if busy_search == "everything":  # the refill check before the page times out
        _is_busy(page)
        assert 'id="rodare-search-not-ready"' in page.get_data(as_text=True)  # the 503 page
    else:  # the page itself searches nothing; its searches are REST requests
        assert page.status_code == 200

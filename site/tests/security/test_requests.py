"""A request's description is HTML on its page: it is sanitised on the way in.

Upstream's request pages render ``request.description | safe`` while its schema only
normalises unicode; the creator of a request sets the description (when opening a review
and later with ``PUT /api/requests/<id>``), and the community's curators read it.
"""

from invenio_accounts.testutils import login_user_via_session
from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_requests.proxies import current_requests_service as requests_service
from invenio_requests.records.api import Request
from invenio_search import current_search_client
from invenio_search.utils import prefix_index

from rodare_rdm.markup.cli import markup


def test_review_request_description_is_sanitised(
        app, people, minimal_record, community, hostile_text, live_payloads, custom_field_mappings):
    """Create with a description, update it, and open the page as the community's owner."""
    owner = people["owner"].identity
    draft = records_service.create(owner, minimal_record)
    review = records_service.review.create(owner, {
        "receiver": {"community": community.id}, "type": "community-submission",
        "description": f"<p>Please <b>review</b>.</p> {hostile_text}"}, draft._record)
    stored = requests_service.read(owner, review.id).to_dict()["description"]
    assert stored.startswith("<p>Please <b>review</b>.</p>")
    assert live_payloads(stored) == []

    records_service.review.submit(owner, draft.id, {"payload": {"content": "Thanks"}})
    updated = requests_service.update(owner, review.id, {
        "title": "Review", "description": hostile_text}).to_dict()["description"]
    assert live_payloads(updated) == []

    client = app.test_client()
    login_user_via_session(client, email=people["community-owner"].email)
    page = client.get(f"/communities/{community['slug']}/requests/{review.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "window.__xss=1" in html  # the description is there, as text
    assert live_payloads(html) == []


def test_sanitise_cleans_stored_request_descriptions(
        app, people, minimal_record, community, hostile_text, live_payloads, custom_field_mappings):
    """``invenio rodare-markup sanitise``: descriptions written before the fix are cleaned,
    re-indexed and reported; a second run changes nothing."""
    owner = people["owner"].identity
    draft = records_service.create(owner, minimal_record)
    review = records_service.review.create(owner, {
        "receiver": {"community": community.id}, "type": "community-submission"}, draft._record)
    records_service.review.submit(owner, draft.id, {"payload": {"content": "Thanks"}})
    stored = Request.get_record(review.id)
    stored["description"] = f"Please review. {hostile_text}"  # as the old code stored it
    stored.commit()
    db.session.commit()

    result = app.test_cli_runner().invoke(markup, ["sanitise"])
    assert result.exit_code == 0, result.output
    assert f"request {review.id}: description sanitised" in result.output
    cleaned = Request.get_record(review.id)["description"]
    assert cleaned.startswith("Please review.") and live_payloads(cleaned) == []
    requests_service.indexer.refresh()
    indexed = current_search_client.search(index=prefix_index(Request.index.search_alias),
                                           body={"query": {"ids": {"values": [str(review.id)]}}})
    assert [hit["_source"]["description"] for hit in indexed["hits"]["hits"]] == [cleaned]

    again = app.test_cli_runner().invoke(markup, ["sanitise"])
    assert again.exit_code == 0 and "nothing to sanitise" in again.output, again.output

"""A request's description is HTML on its page: it is sanitised on the way in.

Upstream's request pages render ``request.description | safe`` while its schema only
normalises unicode; the creator of a request sets the description (when opening a review
and later with ``PUT /api/requests/<id>``), and the community's curators read it.
"""

from invenio_accounts.testutils import login_user_via_session
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_requests.proxies import current_requests_service as requests_service


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

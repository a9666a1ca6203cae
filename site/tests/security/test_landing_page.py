"""The landing page of a record with the XSS corpus in every free-text field runs none of it.

Served HTML, as an anonymous visitor and as the owner (who also gets the manage dialogs),
checked without a browser; tests/e2e/test_xss.py runs the same corpus in Chromium.
"""

from datetime import date, timedelta

import pytest
from invenio_accounts.testutils import login_user_via_session
from invenio_rdm_records.proxies import current_rdm_records_service as records_service


@pytest.fixture
def hostile_record(publish_restricted, hostile_text):
    """A restricted record with the corpus in its metadata, custom fields and conditions."""
    person = {"type": "personal", "given_name": hostile_text[:250], "family_name": hostile_text[:250]}
    return publish_restricted(hostile_text, metadata={
        "title": hostile_text,
        "description": hostile_text,
        "creators": [{"person_or_org": person, "affiliations": [{"name": hostile_text}]}],
        "subjects": [{"subject": hostile_text}],
        "version": hostile_text,
        "publisher": hostile_text,
        "references": [{"reference": hostile_text}],
        "locations": {"features": [{"place": hostile_text, "description": hostile_text}]},
        "rights": [{"title": {"en": hostile_text}, "description": {"en": hostile_text}}],
    }, custom_fields={"hzdr:scicat_datasets": ['"><svg/onload=window.__xss=12>']})


@pytest.mark.parametrize("visitor", ["anonymous", "owner"])
def test_landing_page_runs_no_payload(app, people, hostile_record, live_payloads, visitor):
    client = app.test_client()
    if visitor == "owner":
        login_user_via_session(client, email=people["owner"].email)
    page = client.get(f"/records/{hostile_record.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # the fields are on the page (as text), so the check below looked at them
    assert html.count("window.__xss=1;alert(1)") >= 5
    assert "svg/onload=window.__xss=12" in html
    assert live_payloads(html) == []


@pytest.mark.parametrize("visitor", ["anonymous", "owner"])
def test_embargo_reason_runs_no_payload(app, people, minimal_record, hostile_text, live_payloads,
                                        custom_field_mappings, visitor):
    """The reason shows to visitors, and in the owner's embargo dialog and history."""
    owner = people["owner"].identity
    until = (date.today() + timedelta(days=30)).isoformat()
    record = records_service.publish(owner, records_service.create(owner, {
        **minimal_record, "access": {"record": "public", "files": "restricted",
                                     "embargo": {"active": True, "until": until,
                                                 "reason": hostile_text}},
        "custom_fields": {"rodare:access_level": "embargoed"}}).id)
    client = app.test_client()
    if visitor == "owner":
        login_user_via_session(client, email=people["owner"].email)
    html = client.get(f"/records/{record.id}").get_data(as_text=True)
    assert "window.__xss=1" in html
    if visitor == "owner":  # the dialog's field holds the reason
        assert 'id="rodare-embargo-reason"' in html
    assert live_payloads(html) == []

"""The level over REST: one explicit value to read and write; bad input is a 400 with fields."""

from datetime import date, datetime, timedelta, timezone

import pytest
from invenio_accounts.testutils import login_user_via_session
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

LEVEL = "rodare:access_level"


def create(client, data):
    """POST a draft; return the response."""
    return client.post("/api/records", json=data)


def field_errors(response):
    """{field: messages} of a 400 answer."""
    assert response.status_code == 400, response.json
    return {e["field"]: e["messages"] for e in response.json["errors"]}


@pytest.mark.parametrize("level,files,embargo_active", [
    ("open", "public", False),
    ("embargoed", "restricted", True),
    ("restricted", "restricted", False),
    ("closed", "restricted", False),
])
def test_level_drives_stock_access(owner_client, level_data, level, files, embargo_active):
    """Writing only the level sets the stock fields; reading gives the level back."""
    data = level_data(level)
    data["access"] = {k: v for k, v in data["access"].items() if k == "embargo"}
    draft = create(owner_client, data)
    assert draft.status_code == 201, draft.json
    access = draft.json["access"]
    assert draft.json["custom_fields"][LEVEL] == level
    assert (access["record"], access["files"]) == ("public", files)
    assert access["embargo"]["active"] is embargo_active


def test_stock_client_gets_a_derived_level(owner_client, minimal_record):
    """A client that knows only stock InvenioRDM's fields still gets an explicit level."""
    data = {**minimal_record, "access": {"record": "public", "files": "restricted"}}
    draft = create(owner_client, data)
    assert draft.json["custom_fields"][LEVEL] == "restricted"


def test_changing_the_level_wins_over_stale_stock_fields(owner_client, level_data):
    """ROBIS reads the JSON, changes the level, PUTs it back: the level decides."""
    draft = create(owner_client, level_data("open")).json
    draft["custom_fields"][LEVEL] = "closed"
    updated = owner_client.put(f"/api/records/{draft['id']}/draft", json=draft)
    assert updated.status_code == 200, updated.json
    assert updated.json["access"]["files"] == "restricted"
    assert updated.json["custom_fields"][LEVEL] == "closed"
    # ... and a stock client that restricts files of an open record gets "restricted"
    draft = create(owner_client, level_data("open")).json
    draft["access"]["files"] = "restricted"
    updated = owner_client.put(f"/api/records/{draft['id']}/draft", json=draft)
    assert updated.json["custom_fields"][LEVEL] == "restricted"


@pytest.mark.parametrize("change,field", [
    ({"custom_fields": {LEVEL: "secret"}}, f"custom_fields.{LEVEL}"),
    ({"custom_fields": {LEVEL: "embargoed"}}, "access.embargo.until"),
    ({"custom_fields": {LEVEL: "embargoed"},
      "access": {"record": "public", "files": "restricted",
                 "embargo": {"until": (date.today() - timedelta(days=1)).isoformat()}}},
     "access.embargo.until"),
    ({"access": {"record": "restricted", "files": "restricted"}}, "access.record"),
])
def test_invalid_levels_are_400_with_field_messages(owner_client, minimal_record, change, field):
    """Unknown level, embargo without a future date, a hidden landing page: 400, nothing made."""
    before = records_service.draft_cls.model_cls.query.count()
    response = create(owner_client, {**minimal_record, **change})
    assert field in field_errors(response)
    assert records_service.draft_cls.model_cls.query.count() == before


def test_access_request_bad_input_is_400(app, people, publish_at_level, sharing_state):
    """Missing email or consent: 400 with field messages (upstream answered 500); no request."""
    record = publish_at_level("restricted")
    before = sharing_state(record.id)
    client = app.test_client()
    url = f"/api/records/{record.id}/access/request"
    assert set(field_errors(client.post(url, json={}))) == {
        "email", "consent_to_share_personal_data", "full_name"}
    assert set(field_errors(client.post(url, json={
        "email": "not-an-address", "full_name": "A",
        "consent_to_share_personal_data": "true"}))) == {"email"}
    assert set(field_errors(client.post(url, data="[", content_type="application/json"))) == {
        "_schema"}
    assert sharing_state(record.id) == before


@pytest.mark.parametrize("level", ["open", "embargoed", "closed"])
@pytest.mark.parametrize("signed_in", [True, False])
def test_access_requests_only_for_restricted(app, people, publish_at_level, sharing_state,
                                             level, signed_in):
    """No access requests where the level has none (upstream only hid the form): 400, and
    neither a request nor a change on the parent."""
    record = publish_at_level(level)
    before = sharing_state(record.id)
    client = app.test_client()
    if signed_in:
        login_user_via_session(client, email=people["stranger"].email)
    response = client.post(f"/api/records/{record.id}/access/request", json={
        "email": people["stranger"].email, "full_name": "Stranger",
        "consent_to_share_personal_data": "true", "message": "Please"})
    assert set(field_errors(response)) == {"access_level"}
    assert sharing_state(record.id) == before


def test_owners_can_switch_requests_off(app, owner_client, people, publish_at_level,
                                        sharing_state):
    """A restricted record whose owners stopped taking requests refuses new ones."""
    record = publish_at_level("restricted")
    off = owner_client.put(f"/api/records/{record.id}/access",
                           json={"allow_user_requests": False, "allow_guest_requests": False})
    assert off.status_code == 200, off.json
    before = sharing_state(record.id)
    client = app.test_client()
    login_user_via_session(client, email=people["stranger"].email)
    response = client.post(f"/api/records/{record.id}/access/request", json={
        "email": people["stranger"].email, "consent_to_share_personal_data": "true"})
    assert set(field_errors(response)) == {"access_level"}
    assert sharing_state(record.id) == before


def test_access_request_to_restricted_record_reaches_owner(app, people, publish_at_level):
    """A logged-in user's request on a restricted record is created and submitted."""
    record = publish_at_level("restricted")
    client = app.test_client()
    login_user_via_session(client, email=people["stranger"].email)
    response = client.post(f"/api/records/{record.id}/access/request", json={
        "email": people["stranger"].email, "full_name": "Stranger",
        "consent_to_share_personal_data": "true", "message": "For my thesis"})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "submitted"
    assert response.json["receiver"] == {"user": str(people["owner"].id)}


def test_restricted_publish_opens_requests_with_conditions(owner_client, publish_at_level):
    """The parent's access-request settings follow the level, with the owner's conditions."""
    record = publish_at_level("restricted")
    settings = owner_client.get(f"/api/records/{record.id}").json["parent"]["access"]["settings"]
    assert settings["allow_user_requests"] and settings["allow_guest_requests"]
    assert "HZDR collaborators" in settings["accept_conditions_text"]


@pytest.mark.parametrize("permission", ["view", "preview", "edit"])
def test_closed_records_take_no_share_links_or_requests(owner_client, publish_at_level,
                                                        sharing_state, permission):
    """Closed: share links and access-request settings are refused with field messages, and
    the parent keeps no link and no setting from the refused calls."""
    record = publish_at_level("closed")
    before = sharing_state(record.id)
    assert before["parent"]["access"]["links"] == []
    links = owner_client.post(f"/api/records/{record.id}/access/links",
                              json={"permission": permission})
    assert set(field_errors(links)) == {"access_level"}
    settings = owner_client.put(f"/api/records/{record.id}/access",
                                json={"allow_user_requests": True, "allow_guest_requests": True})
    assert set(field_errors(settings)) == {"allow_user_requests", "allow_guest_requests"}
    assert sharing_state(record.id) == before
    assert owner_client.get(f"/api/records/{record.id}/access/links").json["hits"]["hits"] == []


def edit_level(client, record_id, level, **extra):
    """Edit a published record to ``level`` and publish it (no new version)."""
    draft = client.post(f"/api/records/{record_id}/draft").json
    draft["custom_fields"][LEVEL] = level
    draft["custom_fields"].update(extra)
    saved = client.put(f"/api/records/{record_id}/draft", json=draft)
    if saved.status_code != 200:
        return saved
    return client.post(f"/api/records/{record_id}/draft/actions/publish")


def test_loosening_allowed_and_recorded(owner_client, people, publish_at_level):
    """Closed -> restricted -> open by the owner; the history lists every change."""
    record = publish_at_level("closed")
    assert edit_level(owner_client, record.id, "restricted").status_code == 202
    assert edit_level(owner_client, record.id, "open").status_code == 202
    history = owner_client.get(f"/api/records/{record.id}/access/level-history")
    assert history.status_code == 200
    steps = [(h["from"], h["to"], h["user"]) for h in history.json["hits"]]
    owner = str(people["owner"].id)
    assert steps == [(None, "closed", owner), ("closed", "restricted", owner),
                     ("restricted", "open", owner)]


def test_history_is_for_owners_only(app, people, owner_client, publish_at_level):
    """Strangers and anonymous visitors do not see who changed the level; owners do."""
    record = publish_at_level("open")
    page = owner_client.get(f"/records/{record.id}").get_data(as_text=True)
    assert 'id="rodare-level-history"' in page and people["owner"].email in page
    client = app.test_client()
    assert 'id="rodare-level-history"' not in client.get(f"/records/{record.id}").get_data(as_text=True)
    assert client.get(f"/api/records/{record.id}/access/level-history").status_code == 403
    login_user_via_session(client, email=people["stranger"].email)
    assert client.get(f"/api/records/{record.id}/access/level-history").status_code == 403


def test_tightening_after_grace_period_only_by_admins(app, db, owner_client, people,
                                                      publish_at_level):
    """Within the grace period the owner may tighten; after it only an administrator."""
    record = publish_at_level("open")
    assert edit_level(owner_client, record.id, "restricted").status_code == 202
    model = records_service.record_cls.model_cls
    grace = app.config["RDM_RECORDS_RESTRICTION_GRACE_PERIOD"]
    long_ago = datetime.now(timezone.utc) - grace - timedelta(days=1)
    model.query.filter_by(id=record._record.id).update({"created": long_ago})
    db.session.commit()
    refused = edit_level(owner_client, record.id, "closed")
    assert f"custom_fields.{LEVEL}" in field_errors(refused)
    admin = app.test_client()
    login_user_via_session(admin, email=people["admin"].email)
    assert edit_level(admin, record.id, "closed").status_code == 202
    assert admin.get(f"/api/records/{record.id}").json["custom_fields"][LEVEL] == "closed"


def test_embargo_lifts_itself(app, db, owner_client, publish_at_level):
    """When the date has passed, the scheduled task opens the files and the level says open."""
    from invenio_rdm_records.services.tasks import update_expired_embargos

    record = publish_at_level("embargoed")
    stored = records_service.record_cls.pid.resolve(record.id)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    stored["access"]["embargo"]["until"] = yesterday  # time has passed
    stored.access.refresh_from_dict(stored["access"])
    stored.commit()
    db.session.commit()
    records_service.indexer.index(stored)
    records_service.indexer.refresh()

    update_expired_embargos.delay()  # the task celery beat runs every night

    lifted = owner_client.get(f"/api/records/{record.id}").json
    assert lifted["custom_fields"][LEVEL] == "open"
    assert lifted["access"]["files"] == "public" and not lifted["access"]["embargo"]["active"]
    assert app.test_client().get(f"/api/records/{record.id}/files/image.png/content").status_code == 200
    history = owner_client.get(f"/api/records/{record.id}/access/level-history").json["hits"]
    assert [(h["from"], h["to"], h["user"]) for h in history][-1] == ("embargoed", "open", "system")


def test_new_version_keeps_the_level(owner_client, publish_at_level):
    """A new version starts at its predecessor's level (the depositor may change it)."""
    record = publish_at_level("closed")
    draft = owner_client.post(f"/api/records/{record.id}/versions")
    assert draft.status_code == 201, draft.json
    assert draft.json["custom_fields"][LEVEL] == "closed"
    assert draft.json["access"]["files"] == "restricted"

"""A closed record's files and drafts, through every way a link or grant used to reach them.

The case of issue 19 (item 4): share links and grants made while the record was restricted,
then the record closed. None of them opens its files, its drafts (edit or new version), the
deposit form, ``files-import`` or media files any more; the owners and curators still do.
"""

import pytest
from invenio_accounts.testutils import login_user_via_session
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_users_resources.proxies import current_users_service

LEVEL = "rodare:access_level"
FILE = "image.png"


def _edit_level(client, record_id, level):
    """The owner edits the level of a published record and publishes it (no new version)."""
    draft = client.post(f"/api/records/{record_id}/draft").json
    draft["custom_fields"][LEVEL] = level
    saved = client.put(f"/api/records/{record_id}/draft", json=draft)
    assert saved.status_code == 200, saved.json
    published = client.post(f"/api/records/{record_id}/draft/actions/publish")
    assert published.status_code == 202, published.json


@pytest.fixture
def public_profiles(db, people):
    """Profiles the owner can find (and so grant to over REST, as in the sharing dialog)."""
    for name in ("grantee", "stranger"):
        user = people[name].user
        user.preferences = {**(user.preferences or {}), "visibility": "public"}
        db.session.add(user)
    db.session.commit()
    for name in ("grantee", "stranger"):
        current_users_service.indexer.index_by_id(people[name].user.id)
    current_users_service.indexer.refresh()


@pytest.fixture
def closed_after_sharing(owner_client, people, publish_at_level, public_profiles):
    """Restricted, shared with an edit link and an edit grant by the owner, then closed."""
    record = publish_at_level("restricted")
    link = owner_client.post(f"/api/records/{record.id}/access/links", json={"permission": "edit"})
    assert link.status_code == 201, link.json
    grant = owner_client.post(f"/api/records/{record.id}/access/grants", json={"grants": [
        {"subject": {"type": "user", "id": str(people["grantee"].id)}, "permission": "edit"}]})
    assert grant.status_code == 201, grant.json
    _edit_level(owner_client, record.id, "closed")
    return {"id": record.id, "token": link.json["token"]}


@pytest.fixture
def holders(app, people, closed_after_sharing):
    """The edit-link holder (not signed in) and the edit grantee, as (client, query) pairs."""
    link = app.test_client()
    grantee = app.test_client()
    login_user_via_session(grantee, email=people["grantee"].email)
    return {"link": (link, {"token": closed_after_sharing["token"]}), "grant": (grantee, {})}


def _denied(response):
    """A refusal for lack of rights, never a 404 or a 500: 403 over REST and for signed-in
    visitors; the UI sends a visitor who is not signed in to the login page."""
    if response.status_code == 302:
        assert "/login/" in response.headers["Location"], response.headers["Location"]
        return
    body = response.get_data(as_text=True)[:300]
    assert response.status_code == 403, (response.status_code, body)


@pytest.mark.parametrize("holder", ["link", "grant"])
def test_no_edit_draft_and_no_new_version(holders, closed_after_sharing, holder):
    """Before the fix an edit link opened an edit draft (201); now both ways are refused."""
    client, q = holders[holder]
    record_id = closed_after_sharing["id"]
    _denied(client.post(f"/api/records/{record_id}/draft", query_string=q))
    _denied(client.post(f"/api/records/{record_id}/versions", query_string=q))
    assert not records_service.record_cls.pid.resolve(record_id).has_draft


@pytest.mark.parametrize("holder", ["link", "grant"])
def test_no_way_into_the_owners_drafts(holders, closed_after_sharing, owner_client, png, holder):
    """The owner's edit draft and new version: not read, not saved, no files, no import.

    The deposit form reads and saves through these same draft endpoints."""
    client, q = holders[holder]
    record_id = closed_after_sharing["id"]
    edit = owner_client.post(f"/api/records/{record_id}/draft")
    assert edit.status_code == 201, edit.json
    _denied(client.get(f"/api/records/{record_id}/draft", query_string=q))
    _denied(client.put(f"/api/records/{record_id}/draft", query_string=q, json=edit.json))
    _denied(client.get(f"/api/records/{record_id}/draft/files", query_string=q))
    _denied(client.get(f"/api/records/{record_id}/draft/files/{FILE}/content", query_string=q))
    _denied(client.get(f"/api/records/{record_id}/draft/media-files", query_string=q))
    _denied(client.get(f"/api/iiif/draft:{record_id}:{FILE}/info.json", query_string=q))

    owner_client.post(f"/api/records/{record_id}/draft/actions/publish")
    version = owner_client.post(f"/api/records/{record_id}/versions").json
    assert version["custom_fields"][LEVEL] == "closed"
    _denied(client.get(f"/api/records/{version['id']}/draft", query_string=q))
    _denied(client.post(f"/api/records/{version['id']}/draft/actions/files-import", query_string=q))
    assert owner_client.get(f"/api/records/{version['id']}/draft/files").json["entries"] == []


@pytest.mark.parametrize("holder", ["link", "grant"])
def test_no_files_of_the_record(holders, closed_after_sharing, holder):
    """The published files, previews, IIIF, archive and media files: refused."""
    client, q = holders[holder]
    record_id = closed_after_sharing["id"]
    for url in (f"/api/records/{record_id}/files/{FILE}/content",
                f"/api/records/{record_id}/files-archive",
                f"/api/records/{record_id}/media-files",
                f"/api/iiif/record:{record_id}:{FILE}/info.json",
                f"/records/{record_id}/preview/{FILE}"):
        _denied(client.get(url, query_string=q))
    _denied(client.get(f"/records/{record_id}/files/{FILE}", query_string={**q, "download": 1}))


def test_a_loosened_draft_serves_files_at_the_stricter_level(holders, closed_after_sharing,
                                                             owner_client):
    """The owner loosens the level in an edit draft: until published, the draft is closed."""
    record_id = closed_after_sharing["id"]
    draft = owner_client.post(f"/api/records/{record_id}/draft").json
    draft["custom_fields"][LEVEL] = "restricted"
    assert owner_client.put(f"/api/records/{record_id}/draft", json=draft).status_code == 200
    for client, q in holders.values():
        _denied(client.get(f"/api/records/{record_id}/draft", query_string=q))
        _denied(client.get(f"/api/records/{record_id}/draft/files/{FILE}/content", query_string=q))
    assert owner_client.get(
        f"/api/records/{record_id}/draft/files/{FILE}/content").status_code == 200
    # Published, the record is restricted again and the links and grants kept on it count.
    assert owner_client.post(
        f"/api/records/{record_id}/draft/actions/publish").status_code == 202
    for client, q in holders.values():
        assert client.get(f"/api/records/{record_id}/files/{FILE}/content",
                          query_string=q).status_code == 200


def test_loosening_a_closed_draft_needs_manage(app, people, png, level_data, owner_client,
                                               curated_community):
    """A curator reviewing a closed submission may read it, but not open its files to others."""
    draft = owner_client.post("/api/records", json=level_data("closed")).json
    files = f"/api/records/{draft['id']}/draft/files"
    owner_client.post(files, json=[{"key": FILE}])
    owner_client.put(f"{files}/{FILE}/content", data=png(8, 8),
                     content_type="application/octet-stream")
    owner_client.post(f"{files}/{FILE}/commit")
    review = owner_client.put(f"/api/records/{draft['id']}/draft/review", json={
        "receiver": {"community": curated_community.id}, "type": "community-submission"})
    assert review.status_code == 200, review.json
    submitted = owner_client.post(f"/api/records/{draft['id']}/draft/actions/submit-review",
                                  json={})
    assert submitted.status_code == 202, submitted.json

    curator = app.test_client()
    login_user_via_session(curator, email=people["curator"].email)
    seen = curator.get(f"/api/records/{draft['id']}/draft")
    assert seen.status_code == 200, seen.json
    loosened = {**seen.json, "custom_fields": {**seen.json["custom_fields"], LEVEL: "open"}}
    refused = curator.put(f"/api/records/{draft['id']}/draft", json=loosened)
    assert refused.status_code == 400, refused.json
    assert f"custom_fields.{LEVEL}" in {e["field"] for e in refused.json["errors"]}
    stored = records_service.draft_cls.pid.resolve(draft["id"], registered_only=False)
    assert stored["custom_fields"][LEVEL] == "closed"
    assert stored["access"]["files"] == "restricted"


def _parent_access(record_id):
    """Links and grants of the parent of a record or draft."""
    draft = records_service.draft_cls.pid.resolve(record_id, registered_only=False)
    access = draft.parent.access
    return [link.dump() for link in access.links], [grant.to_dict() for grant in access.grants]


def test_no_links_or_grants_through_drafts_and_new_versions(owner_client, people, level_data,
                                                            publish_at_level, public_profiles):
    """The parent is guarded: a new version of a closed record, or a closed draft, takes none."""
    record = publish_at_level("closed")
    version = owner_client.post(f"/api/records/{record.id}/versions").json
    fresh = owner_client.post("/api/records", json=level_data("closed")).json
    grant = {"grants": [{"subject": {"type": "user", "id": str(people["grantee"].id)},
                         "permission": "view"}]}
    for item_id in (version["id"], fresh["id"]):
        before = _parent_access(item_id)
        link = owner_client.post(f"/api/records/{item_id}/access/links",
                                 json={"permission": "view"})
        assert link.status_code == 400, link.json
        assert {e["field"] for e in link.json["errors"]} == {"access_level"}
        granted = owner_client.post(f"/api/records/{item_id}/access/grants", json=grant)
        assert granted.status_code == 400, granted.json
        assert {e["field"] for e in granted.json["errors"]} == {"access_level"}
        assert _parent_access(item_id) == before == ([], [])
    granted = owner_client.post(f"/api/records/{record.id}/access/grants", json=grant)
    assert granted.status_code == 400, granted.json


def test_owners_and_curators_keep_everything(app, people, owner_client, publish_at_level,
                                             curated_community):
    """The positive control: the same channels answer the owner and a curator."""
    record = publish_at_level("closed", community=curated_community)
    curator = app.test_client()
    login_user_via_session(curator, email=people["curator"].email)
    for client in (owner_client, curator):
        assert client.get(f"/api/records/{record.id}/files/{FILE}/content").status_code == 200
        assert client.get(f"/records/{record.id}/files/{FILE}?download=1").status_code == 200
    edit = curator.post(f"/api/records/{record.id}/draft")
    assert edit.status_code == 201, edit.json
    assert owner_client.get(
        f"/api/records/{record.id}/draft/files/{FILE}/content").status_code == 200
    assert curator.get(f"/api/records/{record.id}/draft/files/{FILE}/content").status_code == 200

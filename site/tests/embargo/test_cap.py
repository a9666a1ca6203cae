"""RODARE_EMBARGO_MAX_YEARS on every path: deposit, draft edit, edit of a published record,
new version, REST and form (both speak the draft API). Only administrators go beyond it.

A draft with too long an embargo still saves (the form shows the message beside the date);
publishing it is a 400 naming ``access.embargo.until``, and nothing is published.
"""

from datetime import date, timedelta

import pytest
from invenio_accounts.testutils import login_user_via_session
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

FIELD = "access.embargo.until"
FAR = (date.today() + timedelta(days=12 * 366)).isoformat()
NEAR = (date.today() + timedelta(days=4 * 365)).isoformat()


def draft_errors(body):
    """{field: messages} of a saved draft's ``errors``."""
    return {e["field"]: e["messages"] for e in body.get("errors", [])}


def refused(response):
    """The messages a refused publish gives for the embargo date."""
    assert response.status_code == 400, response.json
    fields = {e["field"]: e["messages"] for e in response.json["errors"]}
    assert FIELD in fields, fields
    return " ".join(fields[FIELD])


def with_until(data, until):
    """Record input whose embargo ends on ``until``."""
    data["access"]["embargo"] = {**data["access"]["embargo"], "until": until}
    return data


def upload(client, draft_id, png):
    """Add image.png to a draft over REST."""
    base = f"/api/records/{draft_id}/draft/files"
    assert client.post(base, json=[{"key": "image.png"}]).status_code == 201
    assert client.put(f"{base}/image.png/content", data=png(8, 8),
                      content_type="application/octet-stream").status_code == 200
    assert client.post(f"{base}/image.png/commit").status_code == 200


@pytest.fixture
def admin_client(app, people, custom_field_mappings):
    """A REST client logged in as an administrator."""
    client = app.test_client()
    login_user_via_session(client, email=people["admin"].email)
    return client


def test_new_deposit_saves_with_an_error_and_does_not_publish(owner_client, level_data, png):
    """Twelve years ahead: the draft is kept with the message; publishing is refused."""
    created = owner_client.post("/api/records", json=with_until(level_data("embargoed"), FAR))
    assert created.status_code == 201, created.json
    assert "5 years" in " ".join(draft_errors(created.json)[FIELD])
    assert created.json["access"]["embargo"]["until"] == FAR  # the draft keeps what was typed
    upload(owner_client, created.json["id"], png)
    why = refused(owner_client.post(f"/api/records/{created.json['id']}/draft/actions/publish"))
    assert "only administrators" in why
    assert owner_client.get(f"/api/records/{created.json['id']}").status_code == 404
    assert owner_client.get(f"/api/records/{created.json['id']}/draft").status_code == 200


def test_draft_edit_over_the_cap_is_reported_beside_the_field(owner_client, level_data):
    """A draft saved within the cap, then moved beyond it: 200 with the field's message."""
    draft = owner_client.post("/api/records", json=level_data("embargoed")).json
    assert FIELD not in draft_errors(draft)
    saved = owner_client.put(f"/api/records/{draft['id']}/draft", json=with_until(draft, FAR))
    assert saved.status_code == 200, saved.json
    assert FIELD in draft_errors(saved.json)
    reopened = owner_client.get(f"/api/records/{draft['id']}/draft")  # the form, opened again
    assert FIELD in draft_errors(reopened.json)
    back = owner_client.put(f"/api/records/{draft['id']}/draft", json=with_until(draft, NEAR))
    assert FIELD not in draft_errors(back.json)
    assert FIELD not in draft_errors(owner_client.get(f"/api/records/{draft['id']}/draft").json)


def test_edit_of_a_published_record_counts_from_its_publication(owner_client, embargoed):
    """Editing in place is no way round the extension's cap; within it, it publishes."""
    draft = owner_client.post(f"/api/records/{embargoed.id}/draft").json
    saved = owner_client.put(f"/api/records/{embargoed.id}/draft", json=with_until(draft, FAR))
    assert FIELD in draft_errors(saved.json)
    assert "only administrators" in refused(
        owner_client.post(f"/api/records/{embargoed.id}/draft/actions/publish"))
    stored = records_service.record_cls.pid.resolve(embargoed.id)
    assert stored["access"]["embargo"]["until"] == embargoed["access"]["embargo"]["until"]

    owner_client.put(f"/api/records/{embargoed.id}/draft", json=with_until(draft, NEAR))
    published = owner_client.post(f"/api/records/{embargoed.id}/draft/actions/publish")
    assert published.status_code == 202, published.json
    assert published.json["access"]["embargo"]["until"] == NEAR


def test_new_version_is_capped_too(owner_client, embargoed):
    """A new version over the cap is kept as a draft and refused at publish."""
    draft = owner_client.post(f"/api/records/{embargoed.id}/versions").json
    imported = owner_client.post(f"/api/records/{draft['id']}/draft/actions/files-import")
    assert imported.status_code == 201, imported.json
    saved = owner_client.put(f"/api/records/{draft['id']}/draft", json=with_until(draft, FAR))
    assert saved.status_code == 200 and FIELD in draft_errors(saved.json)
    refused(owner_client.post(f"/api/records/{draft['id']}/draft/actions/publish"))
    assert owner_client.get(f"/api/records/{draft['id']}").status_code == 404


def test_curator_is_capped_like_the_owner(app, people, publish_at_level, curated_community):
    """A curator of the record's community manages it, but may not exceed the cap."""
    record = publish_at_level("embargoed", community=curated_community)
    curator = app.test_client()
    login_user_via_session(curator, email=people["curator"].email)
    draft = curator.post(f"/api/records/{record.id}/draft")
    assert draft.status_code == 201, draft.json
    saved = curator.put(f"/api/records/{record.id}/draft", json=with_until(draft.json, FAR))
    assert FIELD in draft_errors(saved.json)
    refused(curator.post(f"/api/records/{record.id}/draft/actions/publish"))


def test_administrators_may_exceed(admin_client, level_data, png, embargoed):
    """An administrator's deposit or edit beyond the cap saves clean and publishes."""
    created = admin_client.post("/api/records", json=with_until(level_data("embargoed"), FAR))
    assert FIELD not in draft_errors(created.json)
    upload(admin_client, created.json["id"], png)
    published = admin_client.post(f"/api/records/{created.json['id']}/draft/actions/publish")
    assert published.status_code == 202, published.json
    assert published.json["access"]["embargo"]["until"] == FAR

    draft = admin_client.post(f"/api/records/{embargoed.id}/draft").json
    admin_client.put(f"/api/records/{embargoed.id}/draft", json=with_until(draft, FAR))
    edited = admin_client.post(f"/api/records/{embargoed.id}/draft/actions/publish")
    assert edited.status_code == 202, edited.json


def test_an_administrators_date_survives_the_owners_later_edits(owner_client, admin_client,
                                                                 embargoed):
    """Beyond the cap by an administrator: the owner may still edit metadata and publish."""
    draft = admin_client.post(f"/api/records/{embargoed.id}/draft").json
    admin_client.put(f"/api/records/{embargoed.id}/draft", json=with_until(draft, FAR))
    published = admin_client.post(f"/api/records/{embargoed.id}/draft/actions/publish")
    assert published.status_code == 202, published.json
    draft = owner_client.post(f"/api/records/{embargoed.id}/draft").json
    draft["metadata"]["title"] = "Beamline data from ELBE, corrected"
    saved = owner_client.put(f"/api/records/{embargoed.id}/draft", json=draft)
    assert FIELD not in draft_errors(saved.json)
    published = owner_client.post(f"/api/records/{embargoed.id}/draft/actions/publish")
    assert published.status_code == 202, published.json
    assert published.json["access"]["embargo"]["until"] == FAR


def test_the_system_is_no_administrator(level_data, people, png):
    """A service publishing as the system (ROBIS) does not lift the cap for a depositor."""
    from io import BytesIO

    from invenio_access.permissions import system_identity
    from marshmallow import ValidationError

    owner = people["owner"].identity
    draft = records_service.create(owner, with_until(level_data("embargoed"), FAR))
    files = records_service.draft_files
    files.init_files(owner, draft.id, [{"key": "image.png"}])
    files.set_file_content(owner, draft.id, "image.png", BytesIO(png(8, 8)))
    files.commit_file(owner, draft.id, "image.png")
    with pytest.raises(ValidationError) as error:
        records_service.publish(system_identity, draft.id)
    assert FIELD in error.value.messages

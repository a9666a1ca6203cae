"""Extending and ending embargoes over REST: the rules, the history, the exports."""

from datetime import date, timedelta

import pytest
from invenio_accounts.testutils import login_user_via_session


def extend(client, record_id, body):
    """POST an extension."""
    return client.post(f"/api/records/{record_id}/embargo/extend", json=body)


def errors(response):
    """{field: messages} of a 400."""
    assert response.status_code == 400, response.json
    return {e["field"]: e["messages"] for e in response.json["errors"]}


def test_owner_extends_within_policy(app, db, owner_client, embargoed, in_days):
    """New date and reason; no new version; OAI datestamp and DataCite dates follow."""
    client = app.test_client()
    before = client.get(f"/api/records/{embargoed.id}").json
    response = extend(owner_client, embargoed.id, {"until": in_days(400), "reason": "Patent filing"})
    assert response.status_code == 200, response.json
    assert response.json["access"]["embargo"] == {"active": True, "until": in_days(400),
                                                  "reason": "Patent filing"}
    assert response.json["custom_fields"]["rodare:access_level"] == "embargoed"
    assert response.json["id"] == embargoed.id and response.json["versions"]["index"] == 1
    assert response.json["updated"] > before["updated"]

    datacite = client.get(f"/api/records/{embargoed.id}",
                          headers={"Accept": "application/vnd.datacite.datacite+json"}).json
    assert {"date": in_days(400), "dateType": "Available"} in datacite["dates"]
    # The UI app's requests share the test's session, whose objects do not expire on commit
    # (db_session_options); a real request starts with a fresh session.
    db.session.expire_all()
    oai = client.get("/oai2d", query_string={
        "verb": "GetRecord", "metadataPrefix": "oai_dc",
        "identifier": f"oai:rodare.hzdr.de:{embargoed.id}"}).get_data(as_text=True)
    assert f"info:eu-repo/date/embargoEnd/{in_days(400)}" in oai
    assert f"<datestamp>{response.json['updated'][:19]}Z</datestamp>" in oai

    history = owner_client.get(f"/api/records/{embargoed.id}/embargo/history").json["hits"]
    assert [(h["action"], h["from"], h["to"], h["reason"]) for h in history] == [
        ("extend", in_days(90), in_days(400), "Patent filing")]


@pytest.mark.parametrize("body,why", [
    ({"until": "2020-01-01"}, "The new end date must be in the future."),
    ({"until": (date.today() + timedelta(days=30)).isoformat()}, "later than the current one"),
    ({"until": (date.today() + timedelta(days=90)).isoformat()}, "later than the current one"),
    ({"until": (date.today() + timedelta(days=6 * 366)).isoformat()}, "only administrators"),
    ({}, "Missing data for required field."),
    ({"until": "next spring"}, "Not a valid date."),
    ({"until": "2030-01-01", "reason": "x" * 1001}, "At most 1000 characters."),
])
def test_refusals_change_nothing(owner_client, embargoed, body, why):
    """Each refusal is a 400 naming the field; the record, its history and ``updated`` stay."""
    before = owner_client.get(f"/api/records/{embargoed.id}").json
    response = extend(owner_client, embargoed.id, body)
    messages = " ".join(m for ms in errors(response).values() for m in ms)
    assert why in messages
    unchanged(owner_client, embargoed.id, before)


def unchanged(client, record_id, before):
    """The record as ``before``: same embargo, level, ``updated``; no embargo history."""
    after = client.get(f"/api/records/{record_id}").json
    assert after["access"] == before["access"]
    assert after["custom_fields"] == before["custom_fields"]
    assert after["updated"] == before["updated"]
    assert after["revision_id"] == before["revision_id"]
    assert client.get(f"/api/records/{record_id}/embargo/history").json["hits"] == []


def test_malformed_body_and_not_embargoed(owner_client, publish_at_level, embargoed, in_days):
    """Not JSON, a list, or a record without an embargo: 400."""
    response = owner_client.post(f"/api/records/{embargoed.id}/embargo/extend", data="[",
                                 content_type="application/json")
    assert "_schema" in errors(response)
    assert "_schema" in errors(extend(owner_client, embargoed.id, ["2030-01-01"]))
    open_record = publish_at_level("open")
    assert "This record is not under embargo." in errors(
        extend(owner_client, open_record.id, {"until": in_days(200)}))["until"]
    assert "until" in errors(owner_client.post(f"/api/records/{open_record.id}/embargo/end"))


def denied(response):
    """Our 403: the status and the message, nothing else."""
    assert response.status_code == 403, response.json
    assert response.json == {"status": 403, "message": "Permission denied."}


@pytest.mark.parametrize("who", ["anonymous", "stranger", "member"])
def test_nobody_else_ends_or_extends(app, owner_client, as_user, publish_at_level,
                                     curated_community, community_member, in_days, who):
    """Opening the files early or moving the date: 403, and nothing changes."""
    record = publish_at_level("embargoed", community=curated_community)
    before = owner_client.get(f"/api/records/{record.id}").json
    client = app.test_client() if who == "anonymous" else as_user(
        "stranger" if who == "stranger" else "grantee")
    denied(client.post(f"/api/records/{record.id}/embargo/end"))
    denied(extend(client, record.id, {"until": in_days(200)}))
    denied(client.get(f"/api/records/{record.id}/embargo/history"))
    unchanged(owner_client, record.id, before)
    assert app.test_client().get(
        f"/api/records/{record.id}/files/image.png/content").status_code == 403


def test_curators_extend_and_end(people, as_user, publish_at_level, curated_community, in_days):
    """A curator of the record's community manages its embargo; the history names them."""
    record = publish_at_level("embargoed", community=curated_community)
    curator = as_user("curator")
    response = extend(curator, record.id, {"until": in_days(300), "reason": "Review"})
    assert response.status_code == 200, response.json
    assert curator.post(f"/api/records/{record.id}/embargo/end").status_code == 200
    history = curator.get(f"/api/records/{record.id}/embargo/history").json["hits"]
    curator_id = str(people["curator"].id)
    assert [(h["action"], h["user"], h["to"]) for h in history] == [
        ("extend", curator_id, in_days(300)), ("end", curator_id, date.today().isoformat())]
    beyond = publish_at_level("embargoed", community=curated_community)
    refused = extend(curator, beyond.id, {"until": in_days(6 * 366)})
    assert "only administrators" in " ".join(errors(refused)["until"])


def test_who_may_extend(app, people, embargoed, in_days):
    """Strangers and visitors get 403; an administrator may go beyond the maximum."""
    anonymous = app.test_client()
    denied(extend(anonymous, embargoed.id, {"until": in_days(200)}))
    stranger = app.test_client()
    login_user_via_session(stranger, email=people["stranger"].email)
    denied(extend(stranger, embargoed.id, {"until": in_days(200)}))
    admin = app.test_client()
    login_user_via_session(admin, email=people["admin"].email)
    far = in_days(7 * 366)
    response = extend(admin, embargoed.id, {"until": far})
    assert response.status_code == 200, response.json
    assert response.json["access"]["embargo"]["until"] == far
    denied(stranger.get(f"/api/records/{embargoed.id}/embargo/history"))
    admin_history = admin.get(f"/api/records/{embargoed.id}/embargo/history").json["hits"]
    assert [(h["action"], h["user"], h["to"]) for h in admin_history] == [
        ("extend", str(people["admin"].id), far)]


def test_owner_ends_embargo_early(app, owner_client, embargoed):
    """The files open now; the level is open; both histories say so."""
    response = owner_client.post(f"/api/records/{embargoed.id}/embargo/end")
    assert response.status_code == 200, response.json
    assert response.json["custom_fields"]["rodare:access_level"] == "open"
    assert response.json["access"]["files"] == "public"
    assert not response.json["access"]["embargo"]["active"]
    anonymous = app.test_client()
    assert anonymous.get(f"/api/records/{embargoed.id}/files/image.png/content").status_code == 200
    events = owner_client.get(f"/api/records/{embargoed.id}/embargo/history").json["hits"]
    assert [e["action"] for e in events] == ["end"]
    levels = owner_client.get(f"/api/records/{embargoed.id}/access/level-history").json["hits"]
    assert (levels[-1]["from"], levels[-1]["to"]) == ("embargoed", "open")


def test_landing_page_dialog_for_managers_only(app, owner_client, embargoed, in_days):
    """Owners see the extend dialog and the countdown; visitors the countdown only."""
    page = owner_client.get(f"/records/{embargoed.id}").get_data(as_text=True)
    assert 'id="rodare-embargo-extend"' in page
    assert f"Files open on {in_days(90)} (in 90 days)." in page
    visitor = app.test_client().get(f"/records/{embargoed.id}").get_data(as_text=True)
    assert 'id="rodare-embargo-extend"' not in visitor
    assert f"Files open on {in_days(90)} (in 90 days)." in visitor

"""The ROBIS gate, ROBIS's callback and every refusal, over the REST API."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from invenio_access.permissions import system_identity
from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_requests.proxies import current_requests_service

from stack.services import free_port

API = "/api/records"


def test_publish_without_robis_id_is_refused_with_directions(owner_client, draft):
    res = owner_client.post(f"{API}/{draft.id}/draft/actions/publish")
    assert res.status_code == 400, res.json
    error = res.json["errors"][0]
    assert error["field"] == "custom_fields.hzdr:robis_id"
    assert "Register in ROBIS" in error["messages"][0]
    assert "https://" in error["messages"][0]  # a link to ROBIS
    assert owner_client.get(f"{API}/{draft.id}").status_code == 404  # not published


def test_robis_attaches_the_id_then_the_owner_publishes(client, owner_client, robis, draft, token, attach):
    t = token(draft.id)
    seen = client.get(f"/api/robis/drafts/{draft.id}", headers=robis, query_string={"token": t})
    assert seen.status_code == 200
    assert seen.json["title"] == "Beamline data from ELBE"
    assert seen.json["creators"] == ["Rossendorf, Rosa"]

    res = attach(client, robis, draft.id, t, "Publ-27151")
    assert res.status_code == 200, res.json
    assert res.json["robis_id"] == "27151"
    assert res.json["robis_url"] == "https://www.hzdr.de/publications/Publ-27151"
    again = attach(client, robis, draft.id, t, "27151")  # the same callback twice: harmless
    assert again.status_code == 200

    published = owner_client.post(f"{API}/{draft.id}/draft/actions/publish")
    assert published.status_code == 202, published.json
    record = owner_client.get(f"{API}/{draft.id}").json
    assert record["custom_fields"]["hzdr:robis_id"] == "27151"
    datacite = owner_client.get(f"{API}/{draft.id}", headers={"Accept": "application/vnd.datacite.datacite+json"}).json
    assert {"relatedIdentifier": "https://www.hzdr.de/publications/Publ-27151",
            "relatedIdentifierType": "URL", "relationType": "IsIdenticalTo"} in datacite["relatedIdentifiers"]
    page = owner_client.get(f"/records/{draft.id}").get_data(as_text=True)
    assert 'href="https://www.hzdr.de/publications/Publ-27151"' in page

    # A new version inherits the id and may be published directly.
    new = owner_client.post(f"{API}/{draft.id}/versions").json
    assert new["custom_fields"]["hzdr:robis_id"] == "27151"


def test_bad_callbacks_change_nothing(client, robis, owner_client, owner_bearer, draft, token, people,
                                      minimal_record, attach, draft_state):
    """Each refusal sends its own id; afterwards no draft has changed and the token still works
    (a refused call did not spend it)."""
    t = token(draft.id)
    other = records_service.create(people["owner"].identity, minimal_record)
    forged = t[:-4] + ("AAAA" if not t.endswith("AAAA") else "BBBB")
    before = {d: draft_state(d) for d in (draft.id, other.id)}
    cases = [
        ("forged token", client, robis, draft.id, forged, "1001", 403),
        ("token for another draft", client, robis, other.id, t, "1002", 403),
        ("token of a user who may not edit", client, robis, draft.id,
         token(draft.id, people["stranger"]), "1003", 403),
        ("id of the wrong form", client, robis, draft.id, t, "Publ-abc", 400),
        ("id with SQL", client, robis, draft.id, t, "1004; DROP", 400),
        ("no credential", client, {}, draft.id, t, "1005", 403),
        ("the owner's session", owner_client, {}, draft.id, t, "1006", 403),
        ("the owner's personal token", client, owner_bearer, draft.id, t, "1007", 403),
    ]
    for name, who, headers, draft_id, tok, robis_id, status in cases:
        res = attach(who, headers, draft_id, tok, robis_id)
        assert res.status_code == status, (name, res.json)
    unknown = attach(client, robis, "no-such-draft", token("no-such-draft"), "1008")
    assert unknown.status_code == 404, unknown.json
    assert {d: draft_state(d) for d in (draft.id, other.id)} == before

    assert attach(client, robis, draft.id, t, "27151").status_code == 200
    reused = attach(client, robis, draft.id, t, "99999")  # reused token, another id
    assert reused.status_code == 403, reused.json
    assert "already used" in reused.json["message"]
    assert draft_state(draft.id)[1] == "27151"


@pytest.mark.parametrize("caller", ["owner session", "owner personal token", "no credential"])
def test_robis_endpoints_are_robis_only(caller, client, owner_client, owner_bearer, draft, token,
                                        set_config, draft_state):
    """Reading and publishing with a valid token: 403 for anyone but ROBIS's account."""
    set_config("RODARE_ROBIS_SERVICE_CAN_PUBLISH", True)
    who, headers = {"owner session": (owner_client, {}), "owner personal token": (client, owner_bearer),
                    "no credential": (client, {})}[caller]
    t = token(draft.id)
    before = draft_state(draft.id)
    read = who.get(f"/api/robis/drafts/{draft.id}", headers=headers, query_string={"token": t})
    assert read.status_code == 403, read.json
    published = who.post(f"/api/robis/drafts/{draft.id}/publish", headers=headers, json={"token": t})
    assert published.status_code == 403, published.json
    assert draft_state(draft.id) == before


def test_expired_token(client, robis, draft, token, set_config, attach, draft_state):
    t = token(draft.id)
    set_config("RODARE_ROBIS_TOKEN_MAX_AGE", 1)
    time.sleep(2)
    before = draft_state(draft.id)
    res = attach(client, robis, draft.id, t)
    assert res.status_code == 403, res.json
    assert "expired" in res.json["message"]
    assert draft_state(draft.id) == before


def test_callback_for_a_record_published_with_another_id(client, robis, draft, token, admin_client, attach):
    t = token(draft.id)
    assert attach(client, robis, draft.id, t, "111").status_code == 200
    records_service.publish(system_identity, draft.id)
    res = attach(client, robis, draft.id, token(draft.id), "222")
    assert res.status_code == 409, res.json
    assert records_service.read(system_identity, draft.id).data["custom_fields"]["hzdr:robis_id"] == "111"
    assert attach(client, robis, draft.id, token(draft.id), "111").status_code == 200


def test_owner_cannot_set_or_drop_the_id(owner_client, client, robis, draft, token, attach):
    sent = owner_client.get(f"{API}/{draft.id}/draft").json
    sent["custom_fields"]["hzdr:robis_id"] = "4242"
    refused = owner_client.put(f"{API}/{draft.id}/draft", json=sent)
    assert refused.status_code == 400
    assert refused.json["errors"][0]["field"] == "custom_fields.hzdr:robis_id"
    assert attach(client, robis, draft.id, token(draft.id)).status_code == 200
    stock = owner_client.get(f"{API}/{draft.id}/draft").json
    stock["custom_fields"].pop("hzdr:robis_id")  # a client that does not know the field
    kept = owner_client.put(f"{API}/{draft.id}/draft", json=stock)
    assert kept.json["custom_fields"]["hzdr:robis_id"] == "27151"


@pytest.mark.parametrize("method,url", [
    ("get", "/api/records"), ("post", "/api/records"), ("get", "/api/user/records"),
    ("get", "/api/communities"),
])
def test_service_account_is_fenced(client, robis, method, url, draft):
    res = getattr(client, method)(url, headers=robis, json={} if method == "post" else None)
    assert res.status_code == 403, (url, res.status_code)


def test_service_publish_only_when_configured(client, robis, draft, token, set_config, attach):
    t = token(draft.id)
    assert attach(client, robis, draft.id, t).status_code == 200
    refused = client.post(f"/api/robis/drafts/{draft.id}/publish", headers=robis, json={"token": t})
    assert refused.status_code == 403
    set_config("RODARE_ROBIS_SERVICE_CAN_PUBLISH", True)
    res = client.post(f"/api/robis/drafts/{draft.id}/publish", headers=robis, json={"token": t})
    assert res.status_code == 202, res.json


def test_administrators_publish_without(admin_client, people, minimal_record, custom_field_mappings):
    draft = records_service.create(people["admin"].identity, minimal_record)
    res = admin_client.post(f"{API}/{draft.id}/draft/actions/publish")
    assert res.status_code == 202, res.json
    db.session.expire_all()  # the UI app shares the test's session
    page = admin_client.get(f"/records/{draft.id}").get_data(as_text=True)
    assert "Not registered in ROBIS" in page


def test_gate_off(owner_client, draft, set_config):
    set_config("RODARE_ROBIS_ENABLED", False)
    assert owner_client.post(f"{API}/{draft.id}/draft/actions/publish").status_code == 202


@pytest.mark.parametrize("staff, gated", [(True, True), (False, False)])
def test_gate_for_staff_only(app, owner_client, draft, people, set_config, staff, gated):
    """With RODARE_ROBIS_STAFF_ONLY the owner's HZDR staff role (from the login) decides."""
    from invenio_accounts.proxies import current_datastore

    set_config("RODARE_ROBIS_STAFF_ONLY", True)
    if staff:
        role = current_datastore.find_or_create_role(app.config["RODARE_HZDR_STAFF_ROLE"])
        current_datastore.add_role_to_user(people["owner"].user, role)
        db.session.commit()
    answer = owner_client.post(f"{API}/{draft.id}/draft/actions/publish")
    assert answer.status_code == (400 if gated else 202), answer.json
    if gated:
        assert answer.json["errors"][0]["field"] == "custom_fields.hzdr:robis_id"


def test_community_accept_and_publish_is_gated(client, robis, people, draft, token, signed_in,
                                               reviewed_community, submit_for_review, attach):
    """A curator's "accept and publish" is refused until ROBIS registered the record."""
    request = submit_for_review(draft.id, reviewed_community)
    curator_client = signed_in(people["curator"])
    refused = curator_client.post(f"/api/requests/{request.id}/actions/accept", json={})
    assert refused.status_code == 400, refused.json
    assert "ROBIS" in str(refused.json)
    assert current_requests_service.read(system_identity, request.id).data["status"] == "submitted"

    assert attach(client, robis, draft.id, token(draft.id)).status_code == 200
    accepted = curator_client.post(f"/api/requests/{request.id}/actions/accept", json={})
    assert accepted.status_code == 200, accepted.json
    assert records_service.read(system_identity, draft.id).data["custom_fields"]["hzdr:robis_id"] == "27151"


def test_deposit_form_goes_to_robis_or_says_it_is_down(owner_client, draft, set_config, robis_up):
    """The form's way to ROBIS carries what ROBIS pre-fills; ROBIS down keeps the draft."""
    with robis_up():
        res = owner_client.get(f"/uploads/{draft.id}/robis")
    assert res.status_code == 302
    target = urlsplit(res.headers["Location"])
    query = parse_qs(target.query)
    assert target.path == "/register"
    assert query["rodare_id"] == [draft.id] and query["title"] == ["Beamline data from ELBE"]
    assert query["creators"] == ["Rossendorf, Rosa"] and query["resource_type"] == ["dataset"]
    assert query["return"][0].endswith(f"/uploads/{draft.id}") and query["token"]

    set_config("RODARE_ROBIS_REGISTER_URL", f"http://127.0.0.1:{free_port()}/register")
    down = owner_client.get(f"/uploads/{draft.id}/robis")
    assert down.status_code == 503
    assert "ROBIS cannot be reached right now" in down.get_data(as_text=True)
    assert owner_client.get(f"{API}/{draft.id}/draft").status_code == 200  # the draft is kept


def test_the_system_publishes_without_the_gate(draft):
    """A migration or bulk import runs as the system: the gate is for people."""
    published = records_service.publish(system_identity, draft.id)
    assert published.data["status"] == "published"

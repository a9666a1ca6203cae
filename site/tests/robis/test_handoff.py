"""Who may send a draft to ROBIS, whom the token speaks for, and what ROBIS may then do.

The hand-off (``GET /uploads/<id>/robis``) gives a token that lets ROBIS attach an id and,
where configured, publish. So it needs edit rights, not the read access of a reviewer or a
preview link; the token names the user, whose rights ROBIS's later calls rest on.
"""

import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_requests.proxies import current_requests_service

from stack.services import free_port


def _handed_off_token(response):
    assert response.status_code == 302, response.status_code
    return parse_qs(urlsplit(response.headers["Location"]).query)["token"][0]


@pytest.mark.parametrize("actor, status", [
    ("owner", 302),
    ("edit grantee", 302),
    ("preview grantee", 403),
    ("preview-link holder", 403),
    ("community reviewer", 403),
    ("stranger", 403),
])
def test_the_hand_off_needs_edit_rights(actor, status, draft, people, grant, signed_in, set_config,
                                        reviewed_community, submit_for_review, robis_up):
    """Only someone who may edit the draft sends it to ROBIS; reading it is not enough."""
    url = f"/uploads/{draft.id}/robis"
    submit_for_review(draft.id, reviewed_community)  # the reviewer can read and review it
    person = {"owner": people["owner"], "community reviewer": people["curator"]}.get(actor, people["grantee"])
    if actor == "edit grantee":
        grant(draft.id, person, "edit")
    elif actor == "preview grantee":
        grant(draft.id, person, "preview")
    elif actor == "preview-link holder":
        link = records_service.access.create_secret_link(people["owner"].identity, draft.id,
                                                         {"permission": "preview"}).to_dict()
        url += f"?token={link['token']}"
    elif actor == "stranger":
        person = people["stranger"]
    client = signed_in(person)
    with robis_up():
        res = client.get(url)
    assert res.status_code == status, res.get_data(as_text=True)[:300]
    if status == 403:
        assert "Location" not in res.headers


def test_the_hand_off_of_a_draft_that_does_not_exist(signed_in, people, running_app, set_config, robis_up):
    with robis_up():
        assert signed_in(people["owner"]).get("/uploads/no-such-draft/robis").status_code == 404


def test_robis_down_is_said_only_to_those_who_may_hand_off(draft, people, signed_in, set_config, grant):
    """The reachability check comes after the rights check: a preview grantee gets 403, not 503."""
    grant(draft.id, people["grantee"], "preview")
    set_config("RODARE_ROBIS_REGISTER_URL", f"http://127.0.0.1:{free_port()}/register")
    assert signed_in(people["grantee"]).get(f"/uploads/{draft.id}/robis").status_code == 403
    assert signed_in(people["owner"]).get(f"/uploads/{draft.id}/robis").status_code == 503


def test_the_token_speaks_for_its_user_only_while_they_may_edit(client, robis, draft, people, grant,
                                                                signed_in, set_config, robis_up, attach, draft_state):
    """An editor's token stops working when the editor's grant is revoked; nothing changes."""
    index = grant(draft.id, people["grantee"], "edit")
    with robis_up():
        t = _handed_off_token(signed_in(people["grantee"]).get(f"/uploads/{draft.id}/robis"))
    assert client.get(f"/api/robis/drafts/{draft.id}", headers=robis,
                      query_string={"token": t}).status_code == 200
    records_service.access.delete_grant(system_identity, draft.id, index)
    before = draft_state(draft.id)
    read = client.get(f"/api/robis/drafts/{draft.id}", headers=robis, query_string={"token": t})
    assert read.status_code == 403, read.json
    res = attach(client, robis, draft.id, t, "31337")
    assert res.status_code == 403, res.json
    assert "may no longer edit" in res.json["message"]
    assert draft_state(draft.id) == before


def test_a_token_for_a_user_without_rights_attaches_nothing(client, robis, draft, token, people, attach, draft_state):
    """A token names its user: one minted for someone who may not edit the draft is refused."""
    before = draft_state(draft.id)
    res = attach(client, robis, draft.id, token(draft.id, people["stranger"]), "4711")
    assert res.status_code == 403, res.json
    assert draft_state(draft.id) == before


def test_robis_publishes_with_the_owners_rights_not_the_systems(client, robis, draft, token, set_config, attach, draft_state):
    """Where the owner may not publish (here: a community is required), neither may ROBIS."""
    t = token(draft.id)
    assert attach(client, robis, draft.id, t).status_code == 200
    set_config("RODARE_ROBIS_SERVICE_CAN_PUBLISH", True)
    set_config("RDM_COMMUNITY_REQUIRED_TO_PUBLISH", True)
    refused = client.post(f"/api/robis/drafts/{draft.id}/publish", headers=robis, json={"token": t})
    assert refused.status_code == 400, refused.json  # what the owner's own publish answers
    assert "community" in refused.json["message"]
    assert draft_state(draft.id)[2] is False
    set_config("RDM_COMMUNITY_REQUIRED_TO_PUBLISH", False)
    res = client.post(f"/api/robis/drafts/{draft.id}/publish", headers=robis, json={"token": t})
    assert res.status_code == 202, res.json
    assert records_service.read(system_identity, draft.id).data["status"] == "published"


def test_robis_does_not_publish_past_a_community_review(client, robis, draft, token, set_config,
                                                       reviewed_community, submit_for_review, attach, draft_state):
    """A draft under review is published by the curators' acceptance, never by ROBIS."""
    request = submit_for_review(draft.id, reviewed_community)
    t = token(draft.id)
    assert attach(client, robis, draft.id, t).status_code == 200  # registering is fine
    set_config("RODARE_ROBIS_SERVICE_CAN_PUBLISH", True)
    res = client.post(f"/api/robis/drafts/{draft.id}/publish", headers=robis, json={"token": t})
    assert res.status_code == 409, res.json
    assert "review" in res.json["message"]
    assert draft_state(draft.id)[2] is False
    assert current_requests_service.read(system_identity, request.id).data["status"] == "submitted"


def test_one_token_attaches_one_id_when_two_callbacks_race(app, client, robis, draft, token, monkeypatch,
                                                          attach, draft_state):
    """The nonce is claimed (Redis SET NX) before the draft is written: a second callback that
    arrives while the first one writes cannot attach another id."""
    t = token(draft.id)
    # The UI and the API app have a service object each: patch the class both share.
    service_cls = type(records_service._get_current_object())
    update, raced = service_cls.update_draft, {}

    def second_callback():
        raced["second"] = attach(app.test_client(), robis, draft.id, t, "222")

    def update_while_a_second_callback_arrives(self, identity, id_, data, **kwargs):
        if "second" not in raced:
            raced["second"] = None
            other = threading.Thread(target=second_callback)  # its own request, app context
            other.start()
            other.join(timeout=60)
        return update(self, identity, id_, data, **kwargs)

    monkeypatch.setattr(service_cls, "update_draft", update_while_a_second_callback_arrives)
    first = attach(client, robis, draft.id, t, "111")
    assert first.status_code == 200, first.json
    assert raced["second"].status_code == 403, raced["second"].json
    assert "already used" in raced["second"].json["message"]
    assert draft_state(draft.id)[1] == "111"

"""Deleting a record over REST: the owner alone within the grace period, by request after it;
either way a tombstone with the citation, a registered DOI and a deleted OAI-PMH record."""

import pytest
from flask_babel import refresh


def oai_header(client, db, record_id):
    """The OAI-PMH GetRecord answer for the record."""
    db.session.expire_all()  # the UI app's requests share the test's session
    return client.get("/oai2d", query_string={
        "verb": "GetRecord", "metadataPrefix": "oai_dc",
        "identifier": f"oai:rodare.hzdr.de:{record_id}"}).get_data(as_text=True)


def assert_tombstone(api, db, record_id, doi, datacite_state):
    """410 with the tombstone, its citation on the page, DOI registered, OAI deleted."""
    gone = api.get(f"/api/records/{record_id}")
    assert gone.status_code == 410
    refresh()
    db.session.expire_all()  # the UI app's requests share the test's session
    page = api.get(f"/records/{record_id}")
    assert page.status_code == 410
    assert "Citation:" in page.get_data(as_text=True)
    assert "Beamline data from ELBE" in page.get_data(as_text=True)
    assert datacite_state(doi) == "registered"  # resolves (to the tombstone), not findable
    assert 'status="deleted"' in oai_header(api, db, record_id)


def test_day_29_owner_deletes(as_user, api, db, published, on_day, ask_deletion,
                              datacite_state):
    """Within the grace period the request is accepted at once; the tombstone names the
    policy and the owner."""
    doi = published.to_dict()["pids"]["doi"]["identifier"]
    with on_day(published, 29):
        response = ask_deletion(as_user("owner"), published.id)
    assert response.status_code == 200, response.json
    assert response.json["status"] == "accepted"
    tombstone = api.get(f"/api/records/{published.id}").json["tombstone"]
    assert tombstone["removal_reason"]["id"] == "test-record"
    assert tombstone["deletion_policy"] == {"id": "rodare-deletion-grace-period-v1"}
    assert tombstone["citation_text"]
    assert_tombstone(api, db, published.id, doi, datacite_state)


def test_day_31_owner_asks_administrators_decide(as_user, api, db, people, published, on_day,
                                                 ask_deletion, datacite_state):
    """After the grace period the owner's deletion is an open request; the record stays
    until an administrator accepts it."""
    doi = published.to_dict()["pids"]["doi"]["identifier"]
    with on_day(published, 31):
        response = ask_deletion(as_user("owner"), published.id)
        assert response.status_code == 201, response.json
        assert response.json["status"] == "submitted"
        assert api.get(f"/api/records/{published.id}").status_code == 200
        accepted = as_user("admin").post(
            f"/api/requests/{response.json['id']}/actions/accept", json={})
    assert accepted.status_code == 200, accepted.json
    tombstone = api.get(f"/api/records/{published.id}").json["tombstone"]
    assert tombstone["removed_by"] == {"user": str(people["admin"].id)}
    assert_tombstone(api, db, published.id, doi, datacite_state)


def test_day_31_administrators_decline(as_user, api, published, on_day, ask_deletion):
    """Declined: the record stays as it was."""
    with on_day(published, 31):
        request_id = ask_deletion(as_user("owner"), published.id).json["id"]
        declined = as_user("admin").post(f"/api/requests/{request_id}/actions/decline",
                                         json={})
    assert declined.status_code == 200, declined.json
    assert api.get(f"/api/records/{published.id}").status_code == 200


@pytest.mark.parametrize("who", ["stranger", "curator"])
def test_others_may_not(as_user, published, ask_deletion, who):
    """Only the owners ask (and within the grace period delete)."""
    assert ask_deletion(as_user(who), published.id).status_code == 403


def test_setting_moves_the_grace_period(as_user, published, on_day, ask_deletion, set_config):
    """RODARE_DELETION_GRACE_DAYS = 7: day 8 is a request."""
    set_config("RODARE_DELETION_GRACE_DAYS", 7)
    with on_day(published, 8):
        assert ask_deletion(as_user("owner"), published.id).json["status"] == "submitted"


def test_without_a_reason_a_400(as_user, published):
    """A removal reason is required (upstream's vocabulary)."""
    response = as_user("owner").post(f"/api/records/{published.id}/request-deletion",
                                     json={"reason": "because"})
    assert response.status_code == 400

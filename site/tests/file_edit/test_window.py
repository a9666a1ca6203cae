"""The file window over REST: day 29 changes files under the same DOI, day 31 needs a version."""

from datetime import timedelta, timezone

from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as records_service


def publish(client, record_id):
    """Publish the draft of ``record_id`` over REST."""
    return client.post(f"/api/records/{record_id}/draft/actions/publish")


def test_day_29_owner_changes_files_same_doi(db, as_user, published, on_day, change_files,
                                              datacite_writes):
    """Unlock, add, delete, publish: same id and DOI; DataCite and the OAI datestamp follow."""
    anonymous = as_user("stranger")
    doi = published.to_dict()["pids"]["doi"]["identifier"]
    writes_before = len(datacite_writes(doi))
    with on_day(published, 29):
        owner = as_user("owner")
        steps = change_files(owner, published.id)
        assert {k: r.status_code for k, r in steps.items()} == {
            "edit": 201, "unlock": 200, "init": 201, "content": 200, "commit": 200, "delete": 204}
        assert steps["unlock"].json["status"] == "accepted"
        response = publish(owner, published.id)
    assert response.status_code == 202, response.json
    assert response.json["id"] == published.id
    assert response.json["pids"]["doi"]["identifier"] == doi
    assert response.json["versions"]["index"] == 1
    files = anonymous.get(f"/api/records/{published.id}/files").json
    assert [entry["key"] for entry in files["entries"]] == ["notes.txt"]
    assert len(datacite_writes(doi)) > writes_before  # the DOI's metadata sent again
    db.session.expire_all()
    oai = anonymous.get("/oai2d", query_string={
        "verb": "GetRecord", "metadataPrefix": "oai_dc",
        "identifier": f"oai:rodare.hzdr.de:{published.id}"}).get_data(as_text=True)
    assert f"<datestamp>{response.json['updated'][:19]}Z</datestamp>" in oai


def test_day_31_unlock_refused_and_files_locked(as_user, published, on_day, change_files):
    """After the window upstream's policy refuses the unlock; the bucket stays locked."""
    with on_day(published, 31):
        owner = as_user("owner")
        draft = owner.post(f"/api/records/{published.id}/draft")
        files = f"/api/records/{published.id}/draft/files"
        codes = [owner.post(files, json=[{"key": "late.txt"}]).status_code,
                 owner.put(f"{files}/late.txt/content", data=b"late",
                           headers={"Content-Type": "application/octet-stream"}).status_code,
                 owner.delete(f"{files}/image.png").status_code]
    assert draft.status_code == 201
    assert codes == [201, 403, 403]
    with on_day(published, 31):  # signed in then: a session lasts 30 days (Flask's cookie)
        steps = change_files(as_user("owner"), published.id)
    assert {k: r.status_code for k, r in steps.items()} == {"edit": 201, "unlock": 403}


def test_unlocked_on_day_29_published_on_day_31_is_a_400(as_user, published, on_day,
                                                         change_files):
    """The publish check: a 400 on ``files`` that says to make a new version."""
    with on_day(published, 29):
        assert change_files(as_user("owner"), published.id)["commit"].status_code == 200
    with on_day(published, 31):
        response = publish(as_user("owner"), published.id)
    assert response.status_code == 400, response.json
    message = " ".join(m for e in response.json["errors"] for m in e["messages"])
    assert "30 days" in message and "new version" in message
    assert f"/api/records/{published.id}/versions" in message
    files = records_service.files.list_files(system_identity, published.id).to_dict()
    assert [entry["key"] for entry in files["entries"]] == ["image.png"]


def test_administrators_change_files_any_time(as_user, published, on_day, change_files):
    """Upstream's administrators' policy stays: unlock and publish on day 90."""
    with on_day(published, 90):
        admin = as_user("admin")
        assert change_files(admin, published.id)["unlock"].status_code == 200
        response = publish(admin, published.id)
    assert response.status_code == 202, response.json


def test_window_endpoint_counts_down(as_user, api, published, on_day):
    """Owners get days and hours left and the closing time; others a 404."""
    url = f"/api/records/{published.id}/file-window"
    with on_day(published, 17, hours=11):
        window = as_user("owner").get(url).json
        assert as_user("stranger").get(url).status_code == 404
        assert api.get(url).status_code == 404
    assert (window["open"], window["days"], window["hours"], window["window_days"]) == (
        True, 12, 12, 30)
    created = published._record.created.replace(tzinfo=timezone.utc)
    assert window["until"] == (created + timedelta(days=30)).isoformat()
    with on_day(published, 31):
        closed = as_user("owner").get(url).json
    assert (closed["open"], closed["days"], closed["hours"]) == (False, 0, 0)


def test_setting_moves_the_window(as_user, published, on_day, set_config, change_files):
    """RODARE_FILE_EDIT_DAYS = 60: day 31 is still inside."""
    set_config("RODARE_FILE_EDIT_DAYS", 60)
    with on_day(published, 31):
        assert change_files(as_user("owner"), published.id)["unlock"].status_code == 200
        assert publish(as_user("owner"), published.id).status_code == 202

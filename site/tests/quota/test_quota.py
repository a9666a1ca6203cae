"""Quota (issue 23, item 2): a record's default space and largest file, more space at once up
to the ceiling, beyond it a request the administrators accept or decline, e-mails, refusals."""

from urllib.parse import quote

import pytest
from flask import Flask

from rodare_rdm.quota.ext import RodareQuota

GB = 10**9


def test_settings_set_upstreams():
    """One RODARE_QUOTA_* value changes upstream's settings (what a deployment sets)."""
    app = Flask("quota")
    app.config.update(RODARE_QUOTA_DEFAULT_SIZE=7 * GB, RODARE_QUOTA_MAX_FILE_SIZE=3 * GB,
                      RODARE_QUOTA_IMMEDIATE_CEILING=11 * GB)
    RodareQuota(app)
    assert app.config["RDM_FILES_DEFAULT_QUOTA_SIZE"] == 7 * GB
    assert app.config["APP_RDM_DEPOSIT_FORM_QUOTA"]["maxStorage"] == 7 * GB
    assert app.config["RDM_FILES_DEFAULT_MAX_FILE_SIZE"] == 3 * GB
    assert app.config["RDM_FILES_DEFAULT_MAX_ADDITIONAL_QUOTA_SIZE"] == 11 * GB
    assert app.config["FILES_REST_DEFAULT_MAX_FILE_SIZE"] == app.config[
        "RODARE_QUOTA_LARGEST_REQUEST"]


def test_new_upload_has_the_default(upload, quota_of):
    """50 GB per record, 50 GB the largest file."""
    assert quota_of(upload) == (50 * GB, 50 * GB)


def test_deposit_form_shows_the_quota(app, people, upload):
    """What upstream's deposit view gives the upload form: the record's quota and largest
    file, and the self-service increase switched on for its owner, up to the ceiling."""
    from invenio_app_rdm.records_ui.utils import evaluate_quota_increase
    from invenio_app_rdm.records_ui.views.deposits import get_actual_files_quota
    from invenio_rdm_records.proxies import current_rdm_records_service as service

    draft = service.draft_cls.pid.resolve(upload, registered_only=False)
    assert get_actual_files_quota(draft) == {"quota_size": 50 * GB, "max_file_size": 50 * GB}
    assert app.config["APP_RDM_DEPOSIT_FORM_QUOTA"]["maxStorage"] == 50 * GB
    with app.test_request_context():
        increase = evaluate_quota_increase(draft, people["owner"].identity)
    assert increase["enabled"] and increase["valid_user"]
    assert increase["defaultStorage"] == 50 * GB
    assert increase["maxAdditionalQuotaValue"] == 50 * GB


def test_more_space_within_the_ceiling_at_once(as_user, upload, ask_space, quota_of, outbox):
    """Up to the default plus RODARE_QUOTA_IMMEDIATE_CEILING the quota grows at once."""
    response = ask_space(as_user("owner"), upload, 80)
    assert response.status_code == 200, response.json
    assert response.json["status"] == "accepted"
    assert response.json["type"] == "quota-increase"
    assert quota_of(upload) == (80 * GB, 80 * GB)
    assert outbox == []


def test_beyond_the_ceiling_administrators_accept(as_user, people, upload, ask_space, quota_of,
                                                  outbox):
    """Beyond the ceiling the request waits for the administrators, who are e-mailed; the
    depositor learns of the acceptance by e-mail, and the record holds the new total."""
    owner = as_user("owner")
    response = ask_space(owner, upload, 200)
    assert response.status_code == 201, response.json
    assert response.json["status"] == "submitted"
    assert response.json["title"].endswith(": 200 GB")  # what the administrators' list shows
    assert response.json["links"]["self_html"].endswith(f"/me/requests/{response.json['id']}")
    assert quota_of(upload) == (50 * GB, 50 * GB)
    assert [m.recipients for m in outbox] == [["rodare@hzdr.de"]]
    assert "200 GB" in outbox[0].body and upload in outbox[0].body

    admin = as_user("admin")
    listed = admin.get("/api/requests/?type=quota-increase&is_open=true")
    assert [hit["id"] for hit in listed.json["hits"]["hits"]] == [response.json["id"]]
    accepted = admin.post(f"/api/requests/{response.json['id']}/actions/accept", json={})
    assert accepted.status_code == 200, accepted.json
    assert quota_of(upload) == (200 * GB, 200 * GB)
    assert [m.recipients for m in outbox][1:] == [[people["owner"].email]]
    assert "granted" in outbox[1].body and "200 GB" in outbox[1].body


def test_beyond_the_ceiling_administrators_decline(as_user, people, upload, ask_space,
                                                   quota_of, outbox):
    """A declined request leaves the quota; the depositor is e-mailed."""
    response = ask_space(as_user("owner"), upload, 500)
    assert response.status_code == 201, response.json
    declined = as_user("admin").post(f"/api/requests/{response.json['id']}/actions/decline",
                                     json={})
    assert declined.status_code == 200, declined.json
    assert quota_of(upload) == (50 * GB, 50 * GB)
    assert [m.recipients for m in outbox][1:] == [[people["owner"].email]]
    assert "declined" in outbox[1].body


def test_the_depositor_cannot_accept_their_own(as_user, upload, ask_space, quota_of):
    """Only administrators decide on a request beyond the ceiling."""
    owner = as_user("owner")
    response = ask_space(owner, upload, 200)
    accepted = owner.post(f"/api/requests/{response.json['id']}/actions/accept", json={})
    assert accepted.status_code == 403
    assert quota_of(upload) == (50 * GB, 50 * GB)


def test_administrators_raise_any_upload_at_once(as_user, upload, ask_space, quota_of):
    """Administrators are not bound by the ceiling (upstream's admin policy)."""
    response = ask_space(as_user("admin"), upload, 400)
    assert response.status_code == 200, response.json
    assert quota_of(upload) == (400 * GB, 400 * GB)


@pytest.mark.parametrize("size, message", [
    ("abc", "whole number"), (-5, "whole number"), ("-5", "whole number"), (4.5, "whole number"),
    (True, "whole number"), (None, "whole number"), ("²", "whole number"),
    ("9" * 5000, "whole number"), ([200], "whole number"), (0, "already holds 50 GB"),
    (50, "already holds 50 GB"), (10**6, "At most 1000 GB"),
])
def test_bad_sizes_refused_with_a_message(as_user, upload, ask_space, quota_of, size, message):
    """Not a whole number, not more than now, or absurd: 400 naming the field."""
    response = ask_space(as_user("owner"), upload, size)
    assert response.status_code == 400, response.json
    assert message in response.json["message"]
    assert response.json["errors"][0]["field"] == "quota_size"
    assert quota_of(upload) == (50 * GB, 50 * GB)


@pytest.mark.parametrize("body", [{"quota_size": "abc"}, {"quota_size": -5}, {"quota_size": "²"},
                                  {}])
def test_upstreams_endpoint_refuses_bad_sizes_too(as_user, upload, quota_of, body):
    """Upstream's own quota-increase endpoint: a 400, not a 500 or a negative quota."""
    response = as_user("owner").post(f"/api/records/{upload}/quota-increase", json=body)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.json["errors"][0]["field"] == "quota_size"
    assert quota_of(upload) == (50 * GB, 50 * GB)


def test_someone_elses_upload_refused(as_user, upload, ask_space, quota_of):
    """Another depositor gets a 403 with a message; no request is made."""
    for path in ("quota-request", "quota-increase"):
        response = as_user("stranger").post(f"/api/records/{upload}/{path}",
                                            json={"quota_size": 200})
        assert response.status_code == 403, response.json
        assert response.json["message"]
    assert quota_of(upload) == (50 * GB, 50 * GB)
    assert as_user("admin").get("/api/requests/?type=quota-increase").json["hits"]["total"] == 0


def test_unknown_upload_and_anonymous(app, as_user, ask_space):
    """No such record: 404 with a message; not signed in: refused."""
    response = ask_space(as_user("owner"), "abcde-12345", 200)
    assert response.status_code == 404 and response.json["message"]


def test_quota_exceeded_is_a_clear_4xx(as_user, upload, quota_of, set_config, db):
    """A file beyond the record's quota is refused with a message, before it is stored."""
    from invenio_rdm_records.proxies import current_rdm_records_service as service
    bucket = service.draft_cls.pid.resolve(upload, registered_only=False).bucket
    bucket.quota_size, bucket.max_file_size = 100, 100
    db.session.commit()
    owner = as_user("owner")
    files = f"/api/records/{upload}/draft/files"
    assert owner.post(files, json=[{"key": "big.bin"}]).status_code == 201
    put = owner.put(f"{files}/big.bin/content", data=b"\0" * 200,
                    headers={"Content-Type": "application/octet-stream"})
    assert 400 <= put.status_code < 500, put.get_data(as_text=True)[:300]
    assert put.json["message"]


def test_administration_lists_quota_requests(as_user, upload, ask_space):
    """Administration → Moderation → Quota requests, and upstream's request details."""
    response = ask_space(as_user("owner"), upload, 200)
    admin = as_user("admin")
    listing = admin.get("/administration/quota-requests")
    assert listing.status_code == 200
    assert "quota-increase" in listing.get_data(as_text=True)
    details = admin.get(f"/administration/requests/{response.json['id']}")
    assert details.status_code == 200
    assert as_user("owner").get("/administration/quota-requests").status_code == 403


def test_refusals_in_german(as_user, upload, ask_space):
    """The messages follow the client's language."""
    response = ask_space(as_user("owner"), upload, "viel", language="de")
    assert response.status_code == 400
    assert response.json["message"] == ("Geben Sie die neue Gesamtgröße des Datensatzes als "
                                        "ganze Zahl in Gigabyte an.")
    response = ask_space(as_user("stranger"), upload, 200, language="de")
    assert response.json["message"] == ("Nur die Eigentümer des Uploads können mehr "
                                        "Speicherplatz beantragen.")


def test_the_form_finds_the_last_request(as_user, upload, ask_space):
    """The upload form shows the state of the last request, as the depositor reads it."""
    ask_space(as_user("owner"), upload, 80)
    waiting = ask_space(as_user("owner"), upload, 200)
    topic = quote(f'topic.record:"{upload}"')  # as the form sends it (encodeURIComponent)
    query = f"/api/requests/?q={topic}&type=quota-increase&sort=newest&size=1"
    hits = as_user("owner").get(query).json["hits"]
    assert hits["total"] == 2
    assert [(h["id"], h["status"], h["payload"]) for h in hits["hits"]] == [
        (waiting.json["id"], "submitted", {"quota_size": "200"})]
    assert as_user("stranger").get(query).json["hits"]["total"] == 0

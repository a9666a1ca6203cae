"""A release becomes a version with a DOI through the ROBIS gate (issue 24, items 2, 3, 5).

The researcher links the local GitLab and switches projects on; tags are pushed on the
stand-in's page; the stand-in's webhook delivery (kept in its ``deliveries``) is handed to
RODARE's receiver as GitLab sends it, and RODARE fetches everything else from the stand-in
over HTTP (project, files at the tag, the archive). DOIs go to the local DataCite, ROBIS ids
are looked up at the local ROBIS.
"""

import json
from datetime import date, timedelta
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from invenio_access.permissions import system_identity
from invenio_accounts.testutils import login_user_via_session
from invenio_db import db
from invenio_files_rest.models import FileInstance
from invenio_pidstore.models import PersistentIdentifier
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_rdm_records.records.api import RDMDraft, RDMRecord
from invenio_vcs.models import Release, ReleaseStatus
from invenio_vocabularies.proxies import current_service as vocabulary_service

from rodare_rdm.doi.models import DOIState, utcnow
from rodare_rdm.doi.tasks import retry_due_dois
from rodare_rdm.robis.ids import ROBIS_ID


@pytest.fixture(scope="module")
def software(vocabularies):
    """The resource type upstream's release gives a record (every instance has it)."""
    vocabulary_service.create(system_identity, {
        "id": "software", "type": "resourcetypes", "icon": "code", "title": {"en": "Software"},
        "tags": ["depositable", "linkable"],
        "props": {"csl": "software", "datacite_general": "Software", "datacite_type": "",
                  "openaire_resourceType": "29", "openaire_type": "software",
                  "eurepo": "info:eu-repo/semantics/other", "schema.org": "https://schema.org/SoftwareSourceCode",
                  "subtype": "", "type": "software", "marc21_type": "software", "marc21_subtype": ""}})
    # the relation of the record to the repository's release page
    try:
        vocabulary_service.create_type(system_identity, "relationtypes", "rlt")
    except Exception:  # noqa: BLE001 (the type exists already)
        db.session.rollback()
    vocabulary_service.create(system_identity, {
        "id": "issupplementto", "type": "relationtypes", "title": {"en": "Is supplement to"},
        "props": {"datacite": "IsSupplementTo"}})


@pytest.fixture
def anna(running_app, software, client, people, standin_http, gitlab_link):
    """The owner, signed in, linked to Anna's GitLab account, both her projects switched on."""
    owner = people["owner"]
    login_user_via_session(client, email=owner.email)
    assert gitlab_link(client, standin_http).status_code == 302
    for project in ("2001", "2002"):
        assert client.post(f"/api/user/vcs/gitlab/repositories/{project}/enable").status_code == 201
    return owner


def push_tag(http, standin, project_id, tag, citation=None, files=None):
    """Push ``tag`` (with a release) on the stand-in's page: the delivery it made to RODARE.
    ``files``: other files at the tag (path → text; empty deletes)."""
    before = len(http.get(f"{standin}/-/standin/deliveries").json())
    form = {"tag_name": tag, "release": "1",
            **{f"file:{path}": text for path, text in (files or {}).items()}}
    if citation is not None:
        form["citation"] = citation
    assert http.post(f"{standin}/-/standin/projects/{project_id}/push-tag", data=form,
                     allow_redirects=False).status_code == 303
    sent = http.get(f"{standin}/-/standin/deliveries").json()[before:]
    return [d for d in sent if d["event"] == "Release Hook"][-1]


def deliver(client, delivery, token=None, path=None):
    """Hand a delivery to RODARE as GitLab sends it (URL, headers, body): the answer."""
    url = urlsplit(delivery["url"])
    return client.post(path or f"{url.path}?{url.query}", data=json.dumps(delivery["payload"]),
                       headers={"Content-Type": "application/json",
                                "X-Gitlab-Event": delivery["event"],
                                "X-Gitlab-Token": token or "gitlab-webhook-secret-for-tests"})


def releases(project_id):
    """RODARE's releases of a project, by tag."""
    return {r.tag: r for r in Release.query.filter(Release.provider == "gitlab").all()
            if r.repository.provider_id == project_id}


def published(release):
    """The record (as the REST API shows it) a published release made."""
    record = RDMRecord.get_record(release.record_id)
    return records_service.read(system_identity, record.pid.pid_value).to_dict()


def test_two_tags_two_versions_one_concept(anna, client, gitlab_standin, standin_http):
    first = push_tag(standin_http, gitlab_standin, 2001, "v1.0.0")
    assert first["payload"]["object_kind"] == "release"
    answer = deliver(client, first)
    assert answer.status_code == 202, answer.get_data(as_text=True)
    release = releases("2001")["v1.0.0"]
    assert release.status == ReleaseStatus.PUBLISHED, release.errors
    v1 = published(release)
    assert v1["custom_fields"][ROBIS_ID] == "30001"  # CITATION.cff names it; ROBIS knows it
    assert v1["pids"]["doi"]["identifier"].startswith("10.5072/")
    concept = v1["parent"]["pids"]["doi"]["identifier"]
    assert concept != v1["pids"]["doi"]["identifier"]
    assert list(v1["files"]["entries"]) == ["fwdf/flow-solver-v1.0.0.zip"]  # upstream names it
    assert v1["versions"]["index"] == 1
    # the metadata from CITATION.cff (the project's name would be "fwdf/flow-solver: v1.0.0")
    assert v1["metadata"]["title"] == "Flow solver"
    assert v1["metadata"]["version"] == "v1.0.0"  # the file names none: the tag
    [creator] = v1["metadata"]["creators"]
    assert creator["person_or_org"]["identifiers"] == [
        {"scheme": "orcid", "identifier": "0000-0002-1825-0097"}]
    assert creator["affiliations"][0]["name"] == "Helmholtz-Zentrum Dresden-Rossendorf"

    second = push_tag(standin_http, gitlab_standin, 2001, "v1.1.0")
    assert deliver(client, second).status_code == 202
    v2 = published(releases("2001")["v1.1.0"])
    assert v2["versions"]["index"] == 2
    assert v2["parent"]["id"] == v1["parent"]["id"]
    assert v2["parent"]["pids"]["doi"]["identifier"] == concept
    assert v2["pids"]["doi"]["identifier"] not in (concept, v1["pids"]["doi"]["identifier"])

    # GitLab's "Resend request": the same release again gives no second version
    replay = deliver(client, second)
    assert replay.status_code == 409
    assert len(releases("2001")) == 2
    # forged: without the webhook token of the user who switched the project on, or a wrong one
    third = push_tag(standin_http, gitlab_standin, 2001, "v1.2.0")
    bare = urlsplit(third["url"]).path
    gitlab = client.application.test_client()  # GitLab has no RODARE session
    assert deliver(gitlab, third, path=bare).status_code == 401
    assert deliver(gitlab, third, path=f"{bare}?access_token=forged").status_code == 401
    assert deliver(gitlab, third, token="wrong").status_code == 401  # not the hook's secret
    assert "v1.2.0" not in releases("2001")
    assert records_service.search_versions(system_identity, v1["id"]).total == 2


def test_a_bad_metadata_file_stops_the_release_before_anything_is_made(
        anna, client, gitlab_standin, standin_http):
    drafts = RDMDraft.model_cls.query.count()
    delivery = push_tag(standin_http, gitlab_standin, 2002, "v0.0.1",
                        citation="title: Beam tool\nauthors:\n  - given-names: Anna\n")
    assert deliver(client, delivery).status_code == 202
    release = releases("2002")["v0.0.1"]
    assert release.status == ReleaseStatus.FAILED and release.record_id is None
    assert "CITATION.cff: authors[0]: needs a family name" in release.errors["errors"]
    assert RDMDraft.model_cls.query.count() == drafts


def test_without_a_robis_id_the_release_waits_as_a_draft(anna, client, app, gitlab_standin,
                                                         standin_http):
    # beam-tool: no ROBIS id; without CITATION.cff its .zenodo.json describes the release
    zenodo = json.dumps({"title": "Beam tool <script>x</script>", "version": "0.1",
                         "description": "<p>Beams<img src=x onerror=alert(1)></p>",
                         "creators": [{"name": "Schmidt, Anna", "affiliation": "HZDR"}]})
    delivery = push_tag(standin_http, gitlab_standin, 2002, "v0.1.0", citation="",
                        files={".zenodo.json": zenodo})
    with app.extensions["mail"].record_messages() as outbox:
        assert deliver(client, delivery).status_code == 202
    release = releases("2002")["v0.1.0"]
    assert release.status == ReleaseStatus.FAILED and release.record_is_draft
    draft = RDMDraft.get_record(release.record_id)
    assert ROBIS_ID not in (draft.get("custom_fields") or {})
    metadata = draft["metadata"]
    assert metadata["version"] == "0.1" and "onerror" not in metadata["description"]
    assert metadata["title"] == "Beam tool <script>x</script>"  # text, as the form keeps it
    assert metadata["creators"][0]["person_or_org"]["given_name"] == "Anna"
    # the owner is told: an e-mail, and the project's page, each with the way to ROBIS
    register = app.config["RODARE_ROBIS_REGISTER_URL"]
    assert [m.recipients for m in outbox] == [[anna.email]]
    assert "ROBIS" in outbox[0].body
    page = client.get("/account/settings/vcs/gitlab/repository/2002").get_data(as_text=True)
    assert "ROBIS" in page and register in page
    assert release.errors["errors"].startswith("Waiting for ROBIS: register")
    assert re.search(r'ui tiny header warning">\s*Waiting\s*<', page)  # not "Failed"

    # a release arriving meanwhile waits behind it: nothing made, the waiting draft untouched
    drafts = RDMDraft.model_cls.query.count()
    assert deliver(client, push_tag(standin_http, gitlab_standin, 2002, "v0.2.0")).status_code == 202
    behind = releases("2002")["v0.2.0"]
    assert behind.status == ReleaseStatus.FAILED and behind.record_id is None
    assert "Waits behind the release v0.1.0" in behind.errors["errors"]
    assert RDMDraft.model_cls.query.count() == drafts
    assert list(RDMDraft.get_record(release.record_id).files.entries) == ["a.schmidt/beam-tool-v0.1.0.zip"]

    # ROBIS gives the id (its callback sets it as the system): the draft publishes by itself,
    # as the owner (through the gate), then the release behind it becomes version 2
    data = records_service.read_draft(system_identity, draft.pid.pid_value).to_dict()
    data["custom_fields"][ROBIS_ID] = "30002"
    records_service.update_draft(system_identity, draft.pid.pid_value, data)
    db.session.expire_all()
    found = releases("2002")
    assert found["v0.1.0"].status == ReleaseStatus.PUBLISHED and not found["v0.1.0"].record_is_draft
    v1 = published(found["v0.1.0"])
    assert v1["pids"]["doi"]["identifier"].startswith("10.5072/")
    assert found["v0.2.0"].status == ReleaseStatus.PUBLISHED, found["v0.2.0"].errors
    v2 = published(found["v0.2.0"])
    assert v2["versions"]["index"] == 2 and v2["parent"]["id"] == v1["parent"]["id"]
    assert list(v2["files"]["entries"]) == ["a.schmidt/beam-tool-v0.2.0.zip"]


def test_a_staff_release_waits_for_an_institute_then_versions_keep_it(
        anna, app, client, hzdr_vocabularies, gitlab_standin, standin_http):
    """HZDR staff name an institute (hzdr/): the first release waits for it as a draft; the
    next version keeps it (upstream would replace the version's custom fields) and publishes."""
    from invenio_accounts.proxies import current_datastore

    role = current_datastore.find_or_create_role(app.config["RODARE_HZDR_STAFF_ROLE"])
    current_datastore.add_role_to_user(current_datastore.get_user(anna.email), role)
    db.session.commit()
    assert deliver(client, push_tag(standin_http, gitlab_standin, 2001, "v2.0.0")).status_code == 202
    release = releases("2001")["v2.0.0"]
    assert release.status == ReleaseStatus.FAILED and release.record_is_draft
    recid = RDMDraft.get_record(release.record_id).pid.pid_value
    data = records_service.read_draft(anna.identity, recid).to_dict()
    assert data["custom_fields"][ROBIS_ID] == "30001"  # the gate is not what holds it
    data["custom_fields"]["hzdr:institutes"] = [{"id": "ifd"}]
    records_service.update_draft(anna.identity, recid, data)
    assert client.post(f"/api/records/{recid}/draft/actions/publish").status_code == 202
    db.session.expire_all()
    assert releases("2001")["v2.0.0"].status == ReleaseStatus.PUBLISHED

    assert deliver(client, push_tag(standin_http, gitlab_standin, 2001, "v2.1.0")).status_code == 202
    second = releases("2001")["v2.1.0"]
    assert second.status == ReleaseStatus.PUBLISHED, second.errors
    v2 = published(second)
    assert v2["versions"]["index"] == 2
    assert [i["id"] for i in v2["custom_fields"]["hzdr:institutes"]] == ["ifd"]
    assert v2["custom_fields"][ROBIS_ID] == "30001"


def switch_on(client, project):
    """Switch one of Anna's other projects on (again: the hook gets the webhook token of
    this test's link, as ``anna``'s projects)."""
    assert client.post(f"/api/user/vcs/gitlab/repositories/{project}/enable").status_code == 201


def flip(monkeypatch, app, key, value):
    """A setting of the UI app and of the API app (webhooks and REST run there)."""
    for flask_app in (app, app.wsgi_app.mounts["/api"]):
        monkeypatch.setitem(flask_app.config, key, value)


def test_the_projects_robis_id_publishes_the_waiting_release(
        anna, app, client, gitlab_standin, standin_http, people, monkeypatch):
    """Versions that must register anew (no inheritance): the owner sets the project's ROBIS
    id (REST), checked with ROBIS; the release that waits for it publishes."""
    flip(monkeypatch, app, "RODARE_ROBIS_INHERIT_ON_NEW_VERSION", False)
    robis = app.config["RODARE_ROBIS_LOOKUP_URL"]
    assert deliver(client, push_tag(standin_http, gitlab_standin, 2002, "v0.3.0")).status_code == 202
    release = releases("2002")["v0.3.0"]
    assert release.status == ReleaseStatus.FAILED and release.record_is_draft
    url = "/api/user/vcs/gitlab/repositories/2002/robis-id"
    for sent, status in ((["x"], 400), ("12a", 400), ("99999", 400)):
        answer = client.put(url, json={"robis_id": sent})
        assert answer.status_code == status, (sent, answer.get_data(as_text=True))
        assert answer.json["errors"][0]["field"] == "robis_id"
    flip(monkeypatch, app, "RODARE_ROBIS_LOOKUP_URL", "http://127.0.0.1:9/robis")
    assert client.put(url, json={"robis_id": "30001"}).status_code == 503  # ROBIS down
    flip(monkeypatch, app, "RODARE_ROBIS_LOOKUP_URL", robis)
    outsider = app.test_client()
    assert outsider.put(url, json={"robis_id": "30001"}).status_code == 401
    login_user_via_session(outsider, email=people["stranger"].email)
    assert outsider.put(url, json={"robis_id": "30001"}).status_code == 404  # not theirs

    answer = client.put(url, json={"robis_id": "Publ-30001"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.json["robis_id"] == "30001" and answer.json["waiting_release"] is None
    assert answer.json["releases"]["v0.3.0"] == "published"
    db.session.expire_all()
    assert published(releases("2002")["v0.3.0"])["custom_fields"][ROBIS_ID] == "30001"
    assert client.get(url).json["robis_id"] == "30001"
    page = client.get("/account/settings/vcs/gitlab/repository/2002").get_data(as_text=True)
    assert "ROBIS id of this project" in page and 'value="30001"' in page  # the page's field


def test_robis_unreachable_the_release_waits_and_is_retried(
        anna, app, client, gitlab_standin, standin_http, monkeypatch):
    from rodare_rdm.vcs.tasks import retry_waiting_releases

    flip(monkeypatch, app, "RODARE_ROBIS_INHERIT_ON_NEW_VERSION", False)
    robis = app.config["RODARE_ROBIS_LOOKUP_URL"]
    flip(monkeypatch, app, "RODARE_ROBIS_LOOKUP_URL", "http://127.0.0.1:9/robis")
    # flow-solver's CITATION.cff names 30001, which ROBIS cannot confirm now
    assert deliver(client, push_tag(standin_http, gitlab_standin, 2001, "v9.0.0")).status_code == 202
    release = releases("2001")["v9.0.0"]
    assert release.status == ReleaseStatus.FAILED and release.record_is_draft
    assert "ROBIS could not be reached to confirm the publication id 30001" in release.errors["errors"]
    retry_waiting_releases.delay()  # still down: it keeps waiting
    db.session.expire_all()
    assert releases("2001")["v9.0.0"].status == ReleaseStatus.FAILED
    flip(monkeypatch, app, "RODARE_ROBIS_LOOKUP_URL", robis)
    retry_waiting_releases.delay()  # the beat's next run
    db.session.expire_all()
    release = releases("2001")["v9.0.0"]
    assert release.status == ReleaseStatus.PUBLISHED, release.errors
    assert published(release)["custom_fields"][ROBIS_ID] == "30001"


def test_a_discarded_waiting_draft_lets_the_queue_go_on(anna, app, client, gitlab_standin,
                                                        standin_http, monkeypatch):
    from rodare_rdm.vcs.tasks import retry_waiting_releases

    flip(monkeypatch, app, "RODARE_ROBIS_INHERIT_ON_NEW_VERSION", False)
    url = "/api/user/vcs/gitlab/repositories/2002/robis-id"
    assert client.put(url, json={"robis_id": None}).json["robis_id"] is None
    for tag in ("v0.5.0", "v0.6.0"):
        assert deliver(client, push_tag(standin_http, gitlab_standin, 2002, tag)).status_code == 202
    first = releases("2002")["v0.5.0"]
    assert first.record_is_draft and releases("2002")["v0.6.0"].record_id is None
    recid = RDMDraft.get_record(first.record_id).pid.pid_value
    assert client.delete(f"/api/records/{recid}/draft").status_code == 204  # the owner discards it
    retry_waiting_releases.delay()
    db.session.expire_all()
    second = releases("2002")["v0.6.0"]
    assert second.record_is_draft and second.errors["errors"].startswith("Waiting for ROBIS")


def test_the_projects_access_level_and_institute(
        anna, app, client, people, hzdr_vocabularies, gitlab_standin, standin_http):
    """The owner sets probe-kit restricted with an HZDR institute (checked as the deposit form
    checks them): its first release, an HZDR staff member's, publishes by itself, restricted
    (metadata public, files 403 for a stranger); embargoed, the next version is embargoed."""
    from invenio_accounts.proxies import current_datastore

    role = current_datastore.find_or_create_role(app.config["RODARE_HZDR_STAFF_ROLE"])
    current_datastore.add_role_to_user(current_datastore.get_user(anna.email), role)
    db.session.commit()
    switch_on(client, "2005")
    url = "/api/user/vcs/gitlab/repositories/2005/settings"
    assert client.get(url).json["access_level"] == "open"  # unless the project says otherwise
    for sent, field in (({"access_level": "secret"}, "access_level"), ([1], "access_level"),
                        ({"access_level": "embargoed"}, "embargo_until"),
                        ({"access_level": "embargoed", "embargo_until": "2001-01-01"}, "embargo_until"),
                        ({"access_level": "embargoed", "embargo_until": "2999-01-01"}, "embargo_until"),
                        ({"access_level": "embargoed", "embargo_until": "<b>"}, "embargo_until"),
                        ({"institute": "nope"}, "institute"), ({"institute": ["ifd"]}, "institute")):
        answer = client.put(url, json=sent)
        assert answer.status_code == 400, (sent, answer.get_data(as_text=True))
        assert answer.json["errors"][0]["field"] == field
    stranger = app.test_client()
    login_user_via_session(stranger, email=people["stranger"].email)
    assert stranger.put(url, json={"access_level": "open"}).status_code == 404  # not theirs
    answer = client.put(url, json={"access_level": "restricted", "institute": "ifd"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert (answer.json["access_level"], answer.json["institute"]) == ("restricted", "ifd")

    assert deliver(client, push_tag(standin_http, gitlab_standin, 2005, "v1.0.0")).status_code == 202
    release = releases("2005")["v1.0.0"]
    assert release.status == ReleaseStatus.PUBLISHED, release.errors  # no waiting for an institute
    v1 = published(release)
    assert v1["access"]["files"] == "restricted" and v1["access"]["record"] == "public"
    assert v1["custom_fields"]["rodare:access_level"] == "restricted"
    assert [i["id"] for i in v1["custom_fields"]["hzdr:institutes"]] == ["ifd"]
    key = next(iter(v1["files"]["entries"]))
    assert stranger.get(f"/api/records/{v1['id']}").status_code == 200
    assert stranger.get(f"/api/records/{v1['id']}/files/{key}/content").status_code == 403

    until = (date.today() + timedelta(days=200)).isoformat()
    assert client.put(url, json={"access_level": "embargoed", "embargo_until": until}).status_code == 200
    assert deliver(client, push_tag(standin_http, gitlab_standin, 2005, "v1.1.0")).status_code == 202
    v2 = published(releases("2005")["v1.1.0"])
    assert v2["access"]["embargo"]["active"] and v2["access"]["embargo"]["until"] == until
    assert v2["custom_fields"]["rodare:access_level"] == "embargoed"
    page = client.get("/account/settings/vcs/gitlab/repository/2005").get_data(as_text=True)
    assert 'id="rodare-vcs-access-level"' in page and f'value="{until}"' in page  # the page's fields
    assert '<option value="embargoed" selected>' in page


def test_the_administrators_see_every_release(anna, client, as_user, gitlab_standin, standin_http):
    """The administration page lists each release with its project, state, owner and record;
    a waiting one as waiting with its message; others get 403."""
    assert deliver(client, push_tag(standin_http, gitlab_standin, 2001, "v3.0.0")).status_code == 202
    v3 = published(releases("2001")["v3.0.0"])
    page = as_user("admin").get("/administration/software-releases")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    row = re.search(r"<tr[^>]*>\s*<td>fwdf/flow-solver.*?<code>v3\.0\.0</code>(.*?)</tr>", body, re.S)
    assert row, body
    assert 'data-state="published"' in row.group(1) and anna.email in row.group(1)
    assert f'href="/records/{v3["id"]}"' in row.group(1)
    assert v3["pids"]["doi"]["identifier"] in row.group(1)
    assert as_user("stranger").get("/administration/software-releases").status_code == 403
    assert client.get("/administration/software-releases").status_code == 403  # the owner too


def fault(http, standin, project_id, status):
    """The stand-in's archives of the project answer ``status`` (404, 500; "" ends it)."""
    answer = http.post(f"{standin}/-/standin/projects/{project_id}/archive-fault",
                       data={"status": status})
    assert answer.status_code == 204


@pytest.mark.parametrize("status", ["404", "500"])
def test_an_archive_that_cannot_be_downloaded_fails_the_release(
        anna, client, as_user, gitlab_standin, standin_http, status):
    """GitLab answers the archive with 404/500: the release ends failed with the reason on the
    project's page and the administration page; no draft, no record, no file is left."""
    switch_on(client, "2005")
    drafts, records = RDMDraft.model_cls.query.count(), RDMRecord.model_cls.query.count()
    files = FileInstance.query.count()
    tag = f"v9.{status}"
    delivery = push_tag(standin_http, gitlab_standin, 2005, tag)
    fault(standin_http, gitlab_standin, 2005, status)
    try:
        answer = deliver(client, delivery)
        assert answer.status_code == 202, answer.get_data(as_text=True)
    finally:
        fault(standin_http, gitlab_standin, 2005, "")
    release = releases("2005")[tag]
    assert release.status == ReleaseStatus.FAILED and release.record_id is None
    words = {"404": "(the repository answered 404): the tag or the project has been deleted",
             "500": "could not be downloaded (500); RODARE tries again"}[status]
    assert words in release.errors["errors"]
    assert (RDMDraft.model_cls.query.count(), RDMRecord.model_cls.query.count(),
            FileInstance.query.count()) == (drafts, records, files)
    page = client.get("/account/settings/vcs/gitlab/repository/2005").get_data(as_text=True)
    assert words in page
    admin = as_user("admin").get("/administration/software-releases").get_data(as_text=True)
    assert re.search(rf'<code>{re.escape(tag)}</code>.*?data-state="failed">.*?{re.escape(words)}',
                     admin, re.S)


def test_a_deleted_repository_fails_the_release(anna, client, as_user, gitlab_standin,
                                                standin_http):
    """The project is deleted at GitLab before RODARE fetches the release: failed, with the
    reason on both pages; nothing made. (probe-kit is gone afterwards.)"""
    switch_on(client, "2005")
    drafts, records = RDMDraft.model_cls.query.count(), RDMRecord.model_cls.query.count()
    delivery = push_tag(standin_http, gitlab_standin, 2005, "v9.9.9")
    assert standin_http.post(f"{gitlab_standin}/-/standin/projects/2005/delete").status_code == 204
    answer = deliver(client, delivery)
    assert answer.status_code == 202, answer.get_data(as_text=True)
    release = releases("2005")["v9.9.9"]
    assert release.status == ReleaseStatus.FAILED and release.record_id is None, release.errors
    assert "the repository no longer has this project" in release.errors["errors"]
    assert (RDMDraft.model_cls.query.count(), RDMRecord.model_cls.query.count()) == (drafts, records)
    admin = as_user("admin").get("/administration/software-releases").get_data(as_text=True)
    assert re.search(r'<code>v9\.9\.9</code>.*?data-state="failed">', admin, re.S)
    page = client.get("/account/settings/vcs/gitlab/repository/2005").get_data(as_text=True)
    assert "the repository no longer has this project" in page


def test_datacite_down_the_release_publishes_and_the_doi_follows(
        anna, client, local_datacite, indexed_vocabularies, gitlab_standin, standin_http):
    """DataCite is down during a release: the version is published (its DOI reserved); the DOI
    retry (docs/doi.md) registers it once DataCite is back. (indexed_vocabularies: the DataCite
    metadata looks the resource type up in the index, which an earlier test's search_clear
    emptied.)"""
    delivery = push_tag(standin_http, gitlab_standin, 2001, "v5.0.0")
    local_datacite.stop()
    try:
        assert deliver(client, delivery).status_code == 202
    finally:
        local_datacite.start()
    release = releases("2001")["v5.0.0"]
    assert release.status == ReleaseStatus.PUBLISHED, release.errors
    doi = published(release)["pids"]["doi"]["identifier"]
    assert db.session.get(DOIState, doi).status == "failed"
    assert PersistentIdentifier.get("doi", doi).status == "K"  # reserved
    with time_machine.travel(utcnow() + timedelta(minutes=2), tick=True):
        retry_due_dois()
    state = db.session.get(DOIState, doi)
    assert state.status == "registered", (state.attempts, state.last_error, state.next_attempt)
    assert PersistentIdentifier.get("doi", doi).status == "R"

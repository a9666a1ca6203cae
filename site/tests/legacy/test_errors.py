"""Errors as legacy clients know them: 400 naming the field, 401, 403, 404, never a 500."""

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as records_service


def _fields(res):
    assert res.status_code == 400, res.json
    assert res.json["status"] == 400 and res.json["message"] == "Validation error."
    return [e["field"] for e in res.json["errors"]]


@pytest.mark.parametrize("metadata, field", [
    ({"colour": "blue"}, "metadata.colour"),
    ({"title": ["not", "a", "string"]}, "metadata.title"),
    ({"creators": [{"name": "A", "email": "a@hzdr.de"}]}, "metadata.creators.0.email"),
    ({"upload_type": "spreadsheet"}, "metadata.upload_type"),
    ({"access_right": "embargoed"}, "metadata.embargo_date"),
    ({"access_right": "embargoed", "embargo_date": "2001-01-01"}, "metadata.embargo_date"),
    ({"license": "no-such-licence"}, "metadata.license"),
    ({"communities": [{"identifier": "no-such-community"}]}, "metadata.communities.0.identifier"),
    ({"pub_id": "99999"}, "metadata.pub_id"),
    ({"doi": "10.9999/elsewhere"}, "metadata.doi"),
])
def test_bad_metadata_is_a_400_naming_the_field(owner_api, metadata, field):
    assert field in _fields(owner_api.post("/api/deposit/depositions", json={"metadata": metadata}))
    dep = owner_api.create({"title": "kept"})
    assert field in _fields(owner_api.put(dep["links"]["self"], json={"metadata": metadata}))
    assert owner_api.get(dep["links"]["self"]).json["title"] == "kept"  # nothing saved


@pytest.mark.parametrize("body", [{"metadata": {}, "extra": 1}, ["metadata"], "text"])
def test_bad_bodies(owner_api, body):
    res = owner_api.post("/api/deposit/depositions", json=body)
    assert res.status_code == 400 and res.json["status"] == 400


def test_the_envelope_of_a_get_may_come_back(owner_api, metadata):
    dep = owner_api.create(metadata)
    again = owner_api.put(dep["links"]["self"], json=dep)
    assert again.status_code == 200, again.json
    assert again.json["metadata"] == dep["metadata"]


def test_not_json(owner_api):
    dep = owner_api.create({})
    res = owner_api.put(dep["links"]["self"], data="{not json", headers={"Content-Type": "application/json"})
    assert res.status_code == 400


def test_someone_elses_deposition(owner_api, stranger_api, metadata):
    dep = owner_api.create(metadata)
    owner_api.upload(dep)
    links = dep["links"]
    assert stranger_api.get(links["self"]).status_code == 403
    assert stranger_api.put(links["self"], json={"metadata": metadata}).status_code == 403
    assert stranger_api.delete(links["self"]).status_code == 403
    assert stranger_api.put(f"{links['bucket']}/evil.txt", data=b"x").status_code == 403
    assert stranger_api.post(links["publish"]).status_code == 403
    record = owner_api.post(links["publish"]).json
    assert stranger_api.get(record["links"]["self"]).status_code == 403  # public, but not theirs
    assert stranger_api.post(record["links"]["newversion"]).status_code == 403
    assert stranger_api.post(record["links"]["edit"]).status_code == 403


def test_unknown_and_anonymous(app, owner_api):
    assert owner_api.get("/api/deposit/depositions/99999999").status_code == 404
    assert owner_api.put("/api/files/not-a-bucket/x.txt", data=b"x").status_code == 404
    anonymous = app.test_client()
    assert anonymous.get("/api/deposit/depositions").status_code == 401
    assert anonymous.post("/api/deposit/depositions", json={}).status_code == 401


def test_files_over_quota(owner_api, metadata, set_config):
    set_config("RDM_FILES_DEFAULT_QUOTA_SIZE", 100)
    set_config("RDM_FILES_DEFAULT_MAX_FILE_SIZE", 100)
    dep = owner_api.create(metadata)
    res = owner_api.put(f"{dep['links']['bucket']}/big.bin", data=b"\0" * 500)
    assert "file" in _fields(res)
    assert owner_api.get(dep["links"]["files"]).json == []


def test_publish_without_robis_id_is_the_rest_apis_400(owner_api, owner_client, metadata,
                                                         set_config, minimal_record):
    set_config("RODARE_ROBIS_ENABLED", True)
    dep = owner_api.create(metadata)
    owner_api.upload(dep)
    legacy = owner_api.post(dep["links"]["publish"])
    rest_draft = owner_client.post("/api/records", json={**minimal_record, "files": {"enabled": False}}).json
    rest = owner_client.post(f"/api/records/{rest_draft['id']}/draft/actions/publish")
    assert rest.status_code == legacy.status_code == 400
    rest_error = rest.json["errors"][0]
    assert legacy.json["errors"] == [{"field": rest_error["field"], "message": rest_error["messages"][0]}]
    assert rest_error["field"] == "custom_fields.hzdr:robis_id"
    assert owner_api.get(dep["links"]["self"]).json["state"] == "unsubmitted"


def test_pub_id_confirmed_by_robis_lets_it_publish(owner_api, metadata, set_config):
    set_config("RODARE_ROBIS_ENABLED", True)
    dep = owner_api.create({**metadata, "pub_id": "27151"})
    stored = records_service.read_draft(system_identity, str(dep["id"])).to_dict()
    assert stored["custom_fields"]["hzdr:robis_id"] == "27151"
    assert dep["metadata"]["pub_id"] == "27151"
    owner_api.upload(dep)
    assert owner_api.post(dep["links"]["publish"]).status_code == 202


def test_pub_id_cannot_replace_robis_own(owner_api, metadata):
    dep = owner_api.create({**metadata, "pub_id": "27151"})
    res = owner_api.put(dep["links"]["self"], json={"metadata": {**metadata, "pub_id": "30001"}})
    assert "metadata.pub_id" in _fields(res)


def test_robis_down_is_a_503_not_an_unchecked_id(owner_api, metadata, local_robis, set_config):
    set_config("RODARE_ROBIS_LOOKUP_URL", "http://127.0.0.1:1/robis/api/publications")
    res = owner_api.post("/api/deposit/depositions", json={"metadata": {**metadata, "pub_id": "27151"}})
    assert res.status_code == 503 and res.json["status"] == 503


@pytest.mark.parametrize("metadata", [
    [], "x", {"creators": ["Rosa"]}, {"related_identifiers": {"identifier": "10.1/x"}},
    {"keywords": "plasma"}, {"communities": {"identifier": "rodare"}}, {"grants": "x"},
    {"access_right": 5}, {"license": {}}, {"embargo_date": 20310101, "access_right": "embargoed"},
    {"pub_id": {"id": 1}}, {"prereserve_doi": 1}, {"notes": ["a"]}, {"version": 2},
    {"contributors": [{"name": "A"}]}, {"creators": [{"name": ""}]},
])
def test_no_500_on_odd_input(owner_api, metadata):
    res = owner_api.post("/api/deposit/depositions", json={"metadata": metadata})
    assert res.status_code == 400, res.json
    assert res.json["errors"] and all(e["field"].startswith("metadata") for e in res.json["errors"])


@pytest.mark.parametrize("key", ["dir/file.txt", "..", "a%00b", "x" * 300])
def test_odd_file_names_in_the_bucket(owner_api, key):
    dep = owner_api.create({})
    res = owner_api.put(f"{dep['links']['bucket']}/{key}", data=b"x")
    assert res.status_code in (201, 400, 404), res.get_data(as_text=True)[:200]

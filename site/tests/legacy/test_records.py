"""Reads legacy clients make: ``/api/records`` in the legacy JSON when asked for it by media
type (``application/vnd.zenodo.v1+json``, as Zenodo-RDM), InvenioRDM's JSON otherwise."""

from invenio_rdm_records.proxies import current_rdm_records_service as records_service

LEGACY = {"Accept": "application/vnd.zenodo.v1+json"}


def test_the_fields_hermes_reads(owner_api, metadata):
    record = owner_api.published(metadata)
    res = owner_api.get(f"/api/records/{record['id']}", headers=LEGACY)
    assert res.status_code == 200 and res.mimetype == "application/vnd.zenodo.v1+json"
    data = res.json
    assert data["record_id"] == data["id"] == record["id"]
    assert data["doi"] == record["doi"] and data["doi"].endswith(f"rodare.{record['id']}")
    assert data["conceptrecid"] == record["conceptrecid"] and data["conceptdoi"]
    assert data["metadata"]["version"] == "1.0.0"
    assert data["metadata"]["access_right"] == "open"
    latest = owner_api.client.get(owner_api.path(data["links"]["latest"]))
    assert latest.status_code in (301, 302) and latest.location.endswith(f"/records/{record['id']}")


def test_rdm_json_stays_the_default(owner_api, metadata):
    record = owner_api.published(metadata)
    for headers in ({}, {"Accept": "application/json"}):
        data = owner_api.get(f"/api/records/{record['id']}", headers=headers).json
        assert "record_id" not in data and data["metadata"]["resource_type"]["id"] == "software"


def test_a_search_in_the_legacy_json(owner_api, metadata):
    record = owner_api.published(metadata)
    records_service.indexer.refresh()
    res = owner_api.get("/api/records?q=rodare-demo", headers=LEGACY)
    assert res.status_code == 200
    hits = res.json["hits"]["hits"]
    assert [h["record_id"] for h in hits] == [record["id"]]
    assert hits[0]["metadata"]["title"] == "rodare-demo"


def test_latest_follows_new_versions(owner_api, metadata):
    first = owner_api.published(metadata)
    draft = owner_api.post(first["links"]["newversion"]).json
    owner_api.put(draft["links"]["latest_draft"], json={"metadata": {**metadata, "version": "2.0"}})
    second = owner_api.post(draft["links"]["publish"]).json
    old = owner_api.get(f"/api/records/{first['id']}", headers=LEGACY).json
    res = owner_api.client.get(owner_api.path(old["links"]["latest"]))
    assert res.location.endswith(f"/records/{second['id']}")
    newest = owner_api.get(res.location, headers=LEGACY).json
    assert newest["metadata"]["version"] == "2.0" and newest["conceptrecid"] == first["conceptrecid"]

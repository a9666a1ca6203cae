"""HERMES's ``rodare`` target, call by call (hermes/commands/deposit/invenio.py and rodare.py):
a new version of a record registered in ROBIS, as HERMES makes one. The real HERMES runs
against the live stack in the end-to-end test; this is the same contract in-process."""

from datetime import date

from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

HERMES_DOI = "10.5281/zenodo.13221384"


def _hermes_metadata(community_uuid, version):
    """``_codemeta_to_invenio_deposition`` of the rodare target, None values left out."""
    return {
        "upload_type": "software", "publication_date": date.today().isoformat(),
        "title": "rodare-demo",
        "creators": [{"affiliation": "HZDR", "name": "Rossendorf, Rosa",
                      "orcid": "0000-0002-1825-0097"}],
        "description": "rodare-demo", "access_right": "open", "license": "apache-2.0",
        "prereserve_doi": True,
        "related_identifiers": [
            {"identifier": HERMES_DOI, "relation": "isCompiledBy", "scheme": "doi"},
            {"identifier": "https://www.hzdr.de/publications/Publ-30001", "relation": "isIdenticalTo",
             "scheme": "url"},
        ],
        "communities": [{"identifier": community_uuid}],
        "version": version,
        "pub_id": "30001",
    }


def test_a_release_as_hermes_deposits_it(owner_api, community, set_config):
    set_config("RODARE_ROBIS_ENABLED", True)
    community_uuid = str(current_communities.service.read(system_identity, "rodare").id)
    first = owner_api.published(_hermes_metadata(community_uuid, "1.0.0"))

    # prepare: the record HERMES is configured with, then its latest version (RDM JSON)
    rec = owner_api.get(f"/api/records/{first['id']}")
    moved = owner_api.get(rec.json["links"]["latest"])  # requests follows the redirect
    latest = owner_api.get(moved.location).json
    assert latest["metadata"]["version"] == "1.0.0"
    # create_new_version: the deposition of the latest record, then its newversion link
    links = owner_api.get(f"/api/deposit/depositions/{latest['id']}").json["links"]
    res = owner_api.post(links["newversion"])
    assert res.status_code == 201, res.json
    links.update(res.json["links"])
    # update_metadata, upload_artifacts (the bucket of the PUT's answer), publish
    res = owner_api.put(links["latest_draft"], json={"metadata": _hermes_metadata(community_uuid, "1.1.0")})
    assert res.status_code == 200, res.json
    links.update(res.json["links"])
    assert res.json["metadata"]["prereserve_doi"]["doi"].endswith(f"rodare.{res.json['id']}")
    assert owner_api.put(f"{links['bucket']}/README.md", data=b"# 1.1.0\n").status_code == 201
    res = owner_api.post(links["publish"])
    assert res.status_code == 202, res.json
    links.update(res.json["links"])
    assert owner_api.client.get(owner_api.path(links["record_html"])).status_code == 200

    # post-processing reads record_id, doi, metadata.version
    new = res.json
    assert new["record_id"] != first["record_id"] and new["metadata"]["version"] == "1.1.0"
    assert new["doi"].endswith(f"rodare.{new['id']}") and new["conceptdoi"] == first["conceptdoi"]
    stored = records_service.read(system_identity, str(new["id"])).to_dict()
    assert stored["custom_fields"]["hzdr:robis_id"] == "30001"
    assert stored["custom_fields"]["rodare:access_level"] == "open"
    assert [r["identifier"] for r in stored["metadata"]["related_identifiers"]] == [HERMES_DOI]
    assert new["metadata"]["communities"] == [{"identifier": "rodare"}]
    requests = owner_api.get(f"/api/records/{first['id']}/requests").json["hits"]["hits"]
    assert [r["type"] for r in requests] == ["community-inclusion"]

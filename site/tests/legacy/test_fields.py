"""Fields that act beyond the draft's metadata: access rights (RODARE's levels), the reserved
DOI, communities, sanitised HTML; and the files endpoints by file id."""

import io
from datetime import date, timedelta

import pytest
from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_rdm_records.proxies import current_rdm_records_service as records_service


def _stored(dep):
    return records_service.read_draft(system_identity, str(dep["id"])).to_dict()


@pytest.mark.parametrize("right, extra, files", [
    ("open", {}, "public"),
    ("embargoed", {"embargo_date": (date.today() + timedelta(days=60)).isoformat()}, "restricted"),
    ("restricted", {"access_conditions": "<p>On request</p>"}, "restricted"),
    ("closed", {}, "restricted"),
])
def test_each_access_right_is_a_rodare_level(owner_api, metadata, right, extra, files):
    dep = owner_api.create({**metadata, "access_right": right, **extra})
    stored = _stored(dep)
    assert stored["custom_fields"]["rodare:access_level"] == right
    assert stored["access"]["files"] == files and stored["access"]["record"] == "public"
    assert stored["access"]["embargo"]["active"] is (right == "embargoed")
    assert dep["metadata"]["access_right"] == right
    assert {k: dep["metadata"][k] for k in extra} == extra
    owner_api.upload(dep)
    record = owner_api.post(dep["links"]["publish"])
    assert record.status_code == 202, record.json
    assert record.json["metadata"]["access_right"] == right


def test_hostile_html_is_sanitised_as_by_the_rest_api(owner_api, metadata):
    dep = owner_api.create({**metadata, "description": '<p onclick="x()">A<script>alert(1)</script></p>',
                            "access_right": "restricted",
                            "access_conditions": '<a href="javascript:alert(1)">ask</a><img src=x onerror=alert(1)>'})
    stored = _stored(dep)
    assert "script" not in stored["metadata"]["description"] and "onclick" not in stored["metadata"]["description"]
    conditions = stored["custom_fields"]["rodare:access_conditions"]
    assert "javascript" not in conditions and "onerror" not in conditions


def test_prereserve_doi(owner_api, metadata):
    dep = owner_api.create({**metadata, "prereserve_doi": True})
    reserved = dep["metadata"]["prereserve_doi"]
    assert reserved == {"doi": f"10.5072/rodare.{dep['id']}", "recid": dep["id"]}
    assert dep["doi"] == reserved["doi"]
    owner_api.upload(dep)
    assert owner_api.post(dep["links"]["publish"]).json["doi"] == reserved["doi"]


def test_communities_become_inclusion_requests(owner_api, metadata, community):
    dep = owner_api.create({**metadata, "communities": [{"identifier": "rodare"}]})
    assert dep["metadata"]["communities"] == [{"identifier": "rodare"}]
    owner_api.upload(dep)
    record = owner_api.post(dep["links"]["publish"]).json
    requests = owner_api.get(f"/api/records/{record['id']}/requests").json["hits"]["hits"]
    assert [(r["type"], r["status"]) for r in requests] == [("community-inclusion", "submitted")]
    assert record["metadata"]["communities"] == [{"identifier": "rodare"}]


def test_a_community_by_its_uuid_as_hermes_sends_it(owner_api, metadata, community):
    dep = owner_api.create({**metadata, "communities": [{"identifier": str(community.id)}]})
    assert dep["metadata"]["communities"] == [{"identifier": "rodare"}]


def test_files_by_id(owner_api, metadata):
    dep = owner_api.create(metadata)
    posted = owner_api.post(dep["links"]["files"], data={"file": (io.BytesIO(b"abc"), "a.txt"),
                                                         "name": "first.txt"},
                            content_type="multipart/form-data")
    assert posted.status_code == 201, posted.json
    second = owner_api.upload(dep, "second.txt", b"defg")
    one = owner_api.get(posted.json["links"]["self"])
    assert one.status_code == 200, (posted.json, owner_api.get(dep["links"]["files"]).json)
    assert one.json["filename"] == "first.txt"
    assert one.json["checksum"] == "900150983cd24fb0d6963f7d28e17f72"  # md5 of abc

    assert sorted(f["id"] for f in owner_api.get(dep["links"]["files"]).json) == sorted(
        [posted.json["id"], second["id"]])

    renamed = owner_api.put(posted.json["links"]["self"], json={"filename": "renamed.txt"})
    assert renamed.status_code == 200 and renamed.json["filename"] == "renamed.txt"
    assert owner_api.get(renamed.json["links"]["download"]).data == b"abc"
    assert owner_api.delete(renamed.json["links"]["self"]).status_code == 204
    assert [f["filename"] for f in owner_api.get(dep["links"]["files"]).json] == ["second.txt"]
    assert owner_api.get(f"{dep['links']['files']}/no-such-id").status_code == 404


FULL = {
    "upload_type": "publication", "publication_type": "article",
    "title": "Laser-driven protons", "publication_date": "2025-02-03",
    "creators": [{"name": "Rossendorf, Rosa", "affiliation": "HZDR", "orcid": "0000-0002-1825-0097"}],
    "contributors": [{"name": "Curie, Marie", "type": "DataCurator"}],
    "description": "<p>Abstract</p>", "access_right": "restricted",
    "access_conditions": "<p>HZDR collaborators only</p>", "license": "cc-by-4.0",
    "keywords": ["plasma", "laser"],
    "related_identifiers": [
        {"identifier": "10.1234/abc", "relation": "isSupplementTo", "scheme": "doi"},
        {"identifier": "10.1234/alt", "relation": "isAlternateIdentifier", "scheme": "doi"},
    ],
    "communities": [{"identifier": "rodare"}], "version": "2.0", "notes": "Measured at ELBE.",
    "grants": [{"id": "10.13039/501100001656::VH-NG-1234"}], "pub_id": "27151",
}


def test_the_metadata_comes_back_as_sent(owner_api, community, hzdr_vocabularies):
    """Through the API and back: what a client sent is what it reads, and a GET sent back as a
    PUT changes nothing (the mapping round trip, with the services in between)."""
    dep = owner_api.create(FULL)
    metadata = dep["metadata"]
    robis_page = {"identifier": "https://www.hzdr.de/publications/Publ-27151", "scheme": "url",
                  "relation": "isIdenticalTo"}
    assert metadata["related_identifiers"] == [*FULL["related_identifiers"], robis_page]
    assert {k: v for k, v in metadata.items() if k != "related_identifiers"} == {
        **{k: v for k, v in FULL.items() if k != "related_identifiers"}}
    again = owner_api.put(dep["links"]["self"], json=dep)
    assert again.status_code == 200, again.json
    assert again.json["metadata"] == metadata
    stored = _stored(dep)
    assert stored["metadata"]["funding"][0]["funder"]["id"] == "0281dp749"
    assert stored["metadata"]["contributors"][0]["role"]["id"] == "datacurator"


def test_a_community_the_depositor_curates_includes_at_once(owner_api, metadata, people):
    own = current_communities.service.create(
        people["owner"].identity,
        {"access": {"visibility": "public", "review_policy": "open"}, "slug": "fwk",
         "metadata": {"title": "FWK"}})
    record = owner_api.published({**metadata, "communities": [{"identifier": "fwk"}]})
    stored = records_service.read(system_identity, str(record["id"])).to_dict()
    assert stored["parent"]["communities"]["ids"] == [str(own.id)]
    assert record["metadata"]["communities"] == [{"identifier": "fwk"}]

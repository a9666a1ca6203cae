"""The HZDR fields in DataCite (REST, XML valid against the official XSD), oai_dc and JSON-LD."""

import json
from pathlib import Path

import pytest
from datacite import schema45
from lxml import etree
from rodare_rdm.exports.serializers import DataCite45XMLSerializer

XSD = Path(__file__).resolve().parents[3] / "tests" / "schemas" / "datacite" / "kernel-4.5" / "metadata.xsd"
NS = {"dc": "http://purl.org/dc/elements/1.1/", "dcx": "http://datacite.org/schema/kernel-4"}


@pytest.fixture
def record(publish_with, hzdr_fields):
    """A record with every HZDR field."""
    return publish_with(hzdr_fields)


def test_datacite_json(client, record):
    res = client.get(f"/api/records/{record.id}", headers={"Accept": "application/vnd.datacite.datacite+json"})
    assert res.status_code == 200
    data = res.json
    assert schema45.validate(data), list(schema45.validator.iter_errors(data))
    groups = [c for c in data["contributors"] if c.get("contributorType") == "ResearchGroup"]
    assert [g["name"] for g in groups] == [
        "Institute of Ion Beam Physics and Materials Research",
        "Helmholtz Institute Freiberg for Resource Technology"]
    assert groups[0]["affiliation"][0]["affiliationIdentifier"] == "https://ror.org/01zy2cs03"
    assert groups[1]["nameIdentifiers"][0]["nameIdentifier"] == "https://ror.org/04kdb0j04"
    subjects = {(s["subject"], s.get("subjectScheme")) for s in data["subjects"]}
    assert {("Matter", "Helmholtz research fields"),
            ("Dynamics, Mechanisms and Control (DMC)", "Helmholtz PoF IV"),
            ("IBC – Ion Beam Center", "HZDR facilities"),
            ("20231234", "HZDR beam-time proposals")} <= subjects
    assert {"funderName": "Helmholtz Association of German Research Centres",
            "funderIdentifier": "https://ror.org/0281dp749", "funderIdentifierType": "ROR",
            "awardTitle": "PoF IV: Dynamics, Mechanisms and Control (DMC)"} in data["fundingReferences"]
    assert {"date": "2024-03-04/2024-03-08", "dateType": "Collected"} in data["dates"]
    assert {"relatedIdentifier": "https://scicat.hzdr.de/datasets/20.500.12345%2Fabc-def",
            "relatedIdentifierType": "URL", "relationType": "References"} in data["relatedIdentifiers"]


def test_datacite_xml_is_schema_valid(client, record):
    """The XML export of the record as it will be with its DOI (DataCite requires one)."""
    data = client.get(f"/api/records/{record.id}").json
    data["pids"] = {"doi": {"identifier": "10.5072/rodare.1", "provider": "datacite"}}
    doc = etree.fromstring(DataCite45XMLSerializer().serialize_object(data).encode())
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(doc), schema.error_log
    assert doc.find(".//dcx:date[@dateType='Collected']", NS).text == "2024-03-04/2024-03-08"
    assert doc.find(".//dcx:contributor[@contributorType='ResearchGroup']/dcx:contributorName", NS) is not None


def test_oai_dc(client, record):
    res = client.get("/oai2d", query_string={"verb": "GetRecord", "metadataPrefix": "oai_dc",
                                             "identifier": f"oai:rodare.hzdr.de:{record.id}"})
    doc = etree.fromstring(res.data)
    subjects = [e.text for e in doc.iterfind(".//dc:subject", NS)]
    assert "Dynamics, Mechanisms and Control (DMC)" in subjects
    assert "TELBE – superradiant THz sources (ELBE)" in subjects
    assert "HZDR proposal HLD-2024/17" in subjects
    assert [e.text for e in doc.iterfind(".//dc:coverage", NS)] == ["2024-03-04/2024-03-08"]
    assert "https://scicat.hzdr.de/datasets/20.500.12345%2Fabc-def" in [e.text for e in doc.iterfind(".//dc:relation", NS)]
    contributors = [e.text for e in doc.iterfind(".//dc:contributor", NS)]
    assert "Institute of Ion Beam Physics and Materials Research (Helmholtz-Zentrum Dresden-Rossendorf)" in contributors


def test_json_ld(client, record):
    res = client.get(f"/api/records/{record.id}", headers={"Accept": "application/ld+json"})
    data = json.loads(res.data)
    assert [o["name"] for o in data["sourceOrganization"]][0] == "Institute of Ion Beam Physics and Materials Research"
    assert data["temporalCoverage"] == "2024-03-04/2024-03-08"
    assert "IBC – Ion Beam Center" in data["keywords"]
    assert data["isBasedOn"] == ["https://scicat.hzdr.de/datasets/20.500.12345%2Fabc-def"]
    # positive control: the HZDR fields leave the open record's file link in place, and it opens
    content = f"/api/records/{record.id}/files/data.png/content"
    assert [d["contentUrl"] for d in data["distribution"]] == [f"https://127.0.0.1:5000{content}"]
    assert client.get(content).status_code == 200


def test_landing_page_hzdr_section(app, client, record):
    html = client.get(f"/records/{record.id}").get_data(as_text=True)
    assert "Institute of Ion Beam Physics and Materials Research" in html
    assert 'href="https://scicat.hzdr.de/datasets/20.500.12345%2Fabc-def"' in html
    assert "2024-03-04/2024-03-08" in html


def test_record_without_hzdr_fields_is_unchanged(client, publish_with):
    record = publish_with({})
    data = client.get(f"/api/records/{record.id}", headers={"Accept": "application/vnd.datacite.datacite+json"}).json
    assert schema45.validate(data)
    assert not [c for c in data.get("contributors", []) if c.get("contributorType") == "ResearchGroup"]
    assert "fundingReferences" not in data


@pytest.mark.parametrize("prefix", ["datacite", "oai_datacite", "oai_dc"])
def test_oai_lists_carry_the_period(client, record, prefix):
    """OAI-PMH lists read the index, where the EDTF period is stored as a dict."""
    res = client.get("/oai2d", query_string={"verb": "ListRecords", "metadataPrefix": prefix})
    assert res.status_code == 200
    assert b"2024-03-04/2024-03-08" in res.data

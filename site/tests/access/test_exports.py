"""The level in every export: OpenAIRE access rights, embargo end, schema.org, the facet."""

import json
import re

import pytest
from lxml import etree

EUREPO = "info:eu-repo/semantics/{}Access"
NS = {"dc": "http://purl.org/dc/elements/1.1/", "dcx": "http://datacite.org/schema/kernel-4"}


def oai(client, record_id, prefix):
    """GetRecord as a harvester asks for it, parsed."""
    response = client.get("/oai2d", query_string={
        "verb": "GetRecord", "metadataPrefix": prefix,
        "identifier": f"oai:rodare.hzdr.de:{record_id}"})
    assert response.status_code == 200
    return etree.fromstring(response.data)


@pytest.mark.parametrize("level", ["open", "embargoed", "restricted", "closed"])
def test_oai_and_datacite_carry_the_level(app, client, publish_at_level, level):
    """oai_dc dc:rights, DataCite rightsList (OAI and REST), embargo end date."""
    record = publish_at_level(level)
    uri = EUREPO.format(level)

    dc = oai(client, record.id, "oai_dc")
    rights = dc.xpath("//dc:rights/text()", namespaces=NS)
    assert rights[0] == uri and not [r for r in rights[1:] if "eu-repo/semantics" in r]
    dates = dc.xpath("//dc:date/text()", namespaces=NS)
    until = record["access"]["embargo"].get("until")
    assert (f"info:eu-repo/date/embargoEnd/{until}" in dates) == (level == "embargoed")

    for prefix in ("oai_datacite", "datacite"):
        tree = oai(client, record.id, prefix)
        assert tree.xpath("//dcx:rights/@rightsURI", namespaces=NS)[0] == uri

    datacite = client.get(f"/api/records/{record.id}",
                          headers={"Accept": "application/vnd.datacite.datacite+json"}).json
    assert [r["rightsUri"] for r in datacite["rightsList"] if "eu-repo" in r.get("rightsUri", "")] == [uri]
    available = [d["date"] for d in datacite["dates"] if d["dateType"] == "Available"]
    assert available == ([until] if level == "embargoed" else [])

    export = client.get(f"/records/{record.id}/export/datacite-json")
    assert uri in export.get_data(as_text=True)


@pytest.mark.parametrize("level,free", [("open", True), ("closed", False), ("embargoed", False)])
def test_landing_page_jsonld_and_badge(client, publish_at_level, level, free):
    """schema.org says whether the files are free; the page shows the level and file names."""
    record = publish_at_level(level)
    page = client.get(f"/records/{record.id}").get_data(as_text=True)
    jsonld = json.loads(re.search(r"<script type='application/ld\+json'>(.*?)</script>",
                                  page, re.S).group(1))
    assert jsonld["isAccessibleForFree"] is free
    assert ("distribution" in jsonld) is free  # download URLs only where the files are free
    assert f'data-access-level="{level}"' in page
    assert "image.png" in page  # names are metadata, shown at every level
    if level == "embargoed":
        assert "Files open on " + record["access"]["embargo"]["until"] in page
    if level == "closed":
        assert "mailto:rodare@hzdr.de" in page
        assert f"/records/{record.id}/files/image.png" not in page


def test_access_level_facet(client, publish_at_level):
    """The search facet counts records by level."""
    for level in ("open", "closed", "closed", "restricted"):
        publish_at_level(level)
    aggs = client.get("/api/records").json["aggregations"]["access_level"]["buckets"]
    assert {b["key"]: b["doc_count"] for b in aggs} == {"open": 1, "closed": 2, "restricted": 1}
    labels = {b["key"]: b["label"] for b in aggs}
    assert labels["closed"] == "Closed"

"""The level in every export: OpenAIRE access rights, embargo end, schema.org, the facet."""

import json
import re

import pytest
from lxml import etree
from lxml import html as lxml_html

EUREPO = "info:eu-repo/semantics/{}Access"
NS = {"dc": "http://purl.org/dc/elements/1.1/", "dcx": "http://datacite.org/schema/kernel-4"}
LEVELS = ("open", "embargoed", "restricted", "closed")
FILE_LINK = re.compile(r"[^\s\"'<>]*(?:/files/|/preview/|/iiif/|files-archive)[^\s\"'<>]*")
"""A URL that opens a record's files: download, preview, IIIF image or manifest, archive."""
FILE_EXPORTS = {"json-ld": "/api/records/{id}/files/image.png/content",
                "codemeta": "/api/records/{id}/files/image.png/content",
                "marcxml": "/records/{id}/files/image.png",
                "dcat-ap": "/records/{id}/files/image.png",
                "datapackage": "/records/{id}/files/image.png"}
"""The landing page's exports that link an open record's file, and the link they give."""
METADATA_EXPORTS = ("csl", "datacite-json", "datacite-xml", "dublincore", "bibtex", "geojson", "cff")
"""The exports that link no file at any level."""


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


def _links(text):
    """Every file, preview, IIIF or archive URL in a text."""
    return set(FILE_LINK.findall(text))


def _opens(client, url, site):
    """What an anonymous visitor gets from a link: its status."""
    return client.get(url.removeprefix(site).replace("%5E", "^")).status_code


@pytest.mark.parametrize("level", LEVELS)
def test_exports_link_files_only_when_open(app, client, publish_at_level, level):
    """Each export of the landing page links the file exactly when the files are open, and the
    open record's links download it: a withheld level is not "clean" only because no export
    links files at all."""
    record = publish_at_level(level)
    site = app.config["SITE_UI_URL"]
    seen = {}
    for name in (*FILE_EXPORTS, *METADATA_EXPORTS):
        answer = client.get(f"/records/{record.id}/export/{name}")
        assert answer.status_code == 200, name
        seen[name] = _links(answer.get_data(as_text=True))
    want = {name: ({site + path.format(id=record.id)} if level == "open" else set())
            for name, path in FILE_EXPORTS.items() if name in seen}
    assert seen == {**want, **{name: set() for name in METADATA_EXPORTS}}
    for link in set().union(*seen.values()):
        assert _opens(client, link, site) == 200, link


@pytest.mark.parametrize("level", LEVELS)
def test_codemeta_says_when_an_embargo_ends(client, publish_at_level, level):
    """The CodeMeta export of every level answers (upstream's answered 500 for an embargoed
    record); an embargoed record's gives the embargo's end and no file link."""
    record = publish_at_level(level)
    answer = client.get(f"/records/{record.id}/export/codemeta")
    assert answer.status_code == 200
    codemeta = json.loads(answer.get_data(as_text=True))
    assert codemeta["@context"] == "https://doi.org/10.5063/schema/codemeta-2.0"
    assert codemeta["name"] == record["metadata"]["title"]
    until = record["access"]["embargo"].get("until")
    assert codemeta.get("embargoDate") == (until if level == "embargoed" else None)
    if level != "open":
        assert _links(answer.get_data(as_text=True)) == set()


def _rendered_links(page):
    """The file, preview, IIIF and archive URLs the landing page shows or loads (href/src)."""
    doc = lxml_html.fromstring(page)
    return {value for attribute in ("href", "src") for value in doc.xpath(f"//@{attribute}")
            if FILE_LINK.fullmatch(value)}


@pytest.fixture
def small_tiles(app, set_config):
    """IIIF manifests list images larger than one tile: make the 64x48 test image one."""
    set_config("IIIF_TILES_CONVERTER_PARAMS",
               {**app.config["IIIF_TILES_CONVERTER_PARAMS"], "tile_width": 16, "tile_height": 16})


@pytest.mark.parametrize("level", LEVELS)
def test_landing_page_links_files_only_when_open(app, client, publish_at_level, small_tiles, level):
    """The open record's page links the download, the preview and the archive, and each opens;
    a withheld record's page links none of them.

    The record JSON in the page's data attributes keeps upstream's API links at every level
    (archive, thumbnails, IIIF manifest): for a withheld record the archive and thumbnails
    refuse the anonymous visitor and the manifest lists no image; for the open record they
    answer and the manifest lists the image, whose links open."""
    record = publish_at_level(level)
    site, is_open = app.config["SITE_UI_URL"], level == "open"
    page = client.get(f"/records/{record.id}").get_data(as_text=True)
    shown = _rendered_links(page)
    if is_open:
        assert {f"/records/{record.id}/files/image.png?download=1",
                f"/records/{record.id}/preview/image.png?include_deleted=0",
                f"{site}/api/records/{record.id}/files-archive"} <= shown
    else:
        assert shown == set()
    for link in shown:
        assert _opens(client, link, site) == 200, link

    links = json.loads(lxml_html.fromstring(page).xpath("//@data-record-links")[0])
    assert links["archive"] == f"{site}/api/records/{record.id}/files-archive"
    for link in [links["archive"], *links["thumbnails"].values()]:
        assert _opens(client, link, site) == (200 if is_open else 403), link
    manifest = client.get(links["self_iiif_manifest"].removeprefix(site))
    assert manifest.status_code == 200  # the manifest is metadata, as the landing page is
    images = [image["resource"]["@id"] for canvas in manifest.json["sequences"][0]["canvases"]
              for image in canvas["images"]]
    assert images == ([f"{site}/api/iiif/record:{record.id}:image.png/full/full/0/default.png"]
                      if is_open else [])
    for link in images:
        assert _opens(client, link, site) == 200, link

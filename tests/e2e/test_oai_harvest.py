"""Harvest the live instance over HTTPS with Sickle, as OpenAIRE and B2FIND do.

One corpus of records at every access level is harvested in full in every format, each
payload validated against its schema (tests/schemas, offline through its XML
catalog); then records change over REST (an edit, a lifted embargo, a new community, a
new version, a deletion) and an incremental harvest (``from``) returns exactly those.
The stack answers lists two records a page (tests/e2e/conftest.py), so every harvest
runs through resumption tokens.
"""

import datetime
import os
import time
import uuid

import pytest
import requests
from lxml import etree
from rdflib import RDF, Graph, Namespace
from sickle import Sickle
from sickle.iterator import OAIResponseIterator
from sickle.oaiexceptions import (
    BadArgument,
    BadResumptionToken,
    BadVerb,
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoRecordsMatch,
)

from stack.supervisor import REPO

SCHEMAS = REPO / "tests" / "schemas"
NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "d": "http://datacite.org/schema/kernel-4",
    "od": "http://schema.datacite.org/oai/oai-1.1/",
    "marc": "http://www.loc.gov/MARC21/slim",
}
FORMATS = ("oai_dc", "oai_datacite", "datacite", "marcxml", "dcat")
LEVELS = ("open", "embargoed", "restricted", "closed")
CERT = {}


def in_days(days):
    """The date ``days`` from today."""
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


@pytest.fixture(scope="module")
def schemas():
    """The envelope and payload schemas, resolved through the local catalog."""
    os.environ["XML_CATALOG_FILES"] = str(SCHEMAS / "oai-pmh" / "catalog.xml")

    def load(*path):
        return etree.XMLSchema(etree.parse(str(SCHEMAS.joinpath(*path))))

    return {
        "envelope": load("oai-pmh", "all.xsd"),
        "oai_dc": load("oai-pmh", "oai_dc.xsd"),
        "datacite": load("datacite", "kernel-4.5", "metadata.xsd"),
        "oai_datacite": load("datacite", "oai_datacite-1.1.xsd"),
    }


@pytest.fixture(scope="module")
def endpoint(live_stack):
    """The OAI-PMH base URL."""
    CERT["path"] = live_stack.certificate
    return f"{live_stack.url}/oai2d"


@pytest.fixture(scope="module")
def sickle(endpoint, live_stack):
    """A Sickle client that trusts the stack's self-signed certificate."""
    return Sickle(endpoint, verify=live_stack.certificate, max_retries=2)


def oai_id(record):
    """The OAI identifier of a REST record."""
    return f"oai:rodare.hzdr.de:{record['id']}"


def _level_record(publish_record, title, level, until=None):
    custom = {"rodare:access_level": level}
    access = {"embargo": {"until": until or in_days(60), "reason": "Patent filing"}} if level == "embargoed" else {}
    if level == "restricted":
        custom["rodare:access_conditions"] = "Collaborators of the ELBE beamtime only."
    return publish_record(title, access=access, custom_fields=custom,
                          filename="counts.csv", content=b"channel,counts\n1,17\n")


@pytest.fixture(scope="module")
def corpus(publish_record, api):
    """Records at every level, the ones the incremental harvest will change, a community."""
    tag = uuid.uuid4().hex[:6]
    made = {level: _level_record(publish_record, f"OAI {level} {tag}", level) for level in LEVELS}
    for name in ("edit", "join", "version", "delete"):
        made[name] = _level_record(publish_record, f"OAI {name} {tag}", "open")
    made["lift"] = _level_record(publish_record, f"OAI lift {tag}", "embargoed")
    community = api.post(f"{api.base}/communities", json={
        "slug": f"oai-{tag}", "access": {"visibility": "public"},
        "metadata": {"title": f"OAI harvest community {tag}"}})
    assert community.status_code == 201, community.text
    made["community"] = community.json()
    return made


def get(endpoint, method="GET", **params):
    """Raw request; every answer, errors included, is an HTTP 200 OAI-PMH document."""
    if method == "POST":
        response = requests.post(endpoint, data=params, verify=CERT["path"])
    else:
        response = requests.get(endpoint, params=params, verify=CERT["path"])
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)


def assert_valid(schema, tree):
    """Validate with a readable error."""
    assert schema.validate(tree), schema.error_log.filter_from_errors()


def check_payload(prefix, payload, schemas):
    """Each format against its schema (DCAT-AP, being RDF, by parsing it as RDF)."""
    if prefix == "oai_dc":
        assert_valid(schemas["oai_dc"], etree.ElementTree(payload))
    elif prefix == "datacite":
        assert_valid(schemas["datacite"], etree.ElementTree(payload))
    elif prefix == "oai_datacite":
        assert_valid(schemas["oai_datacite"], etree.ElementTree(payload))
        assert_valid(schemas["datacite"], etree.ElementTree(payload.find("od:payload", NS)[0]))
    elif prefix == "marcxml":
        assert payload.tag == f"{{{NS['marc']}}}record"
        assert len(payload.findtext("marc:leader", namespaces=NS)) == 24
        assert all(len(f.get("tag")) == 3 for f in payload.findall("marc:datafield", NS))
    else:
        graph = Graph().parse(data=etree.tostring(payload), format="xml")
        assert list(graph.subjects(RDF.type, Namespace("http://www.w3.org/ns/dcat#").Dataset))


def test_identify(sickle, endpoint, schemas):
    """Identify names the repository, declares persistent deletions and its identifiers."""
    identify = sickle.Identify()
    assert identify.repositoryName == "RODARE"
    assert identify.protocolVersion == "2.0"
    assert identify.deletedRecord == "persistent"
    assert identify.adminEmail == "rodare@hzdr.de"
    prefixes = {f.metadataPrefix for f in sickle.ListMetadataFormats()}
    assert set(FORMATS) <= prefixes
    for verb in ("Identify", "ListMetadataFormats", "ListSets"):
        assert_valid(schemas["envelope"], get(endpoint, verb=verb))


@pytest.mark.parametrize("prefix", FORMATS)
def test_full_harvest_in_every_format(sickle, endpoint, corpus, schemas, prefix):
    """Every record of the corpus, each payload valid; the access right of each level in
    the formats that carry it; no link to the files of records that withhold them."""
    records = {r.header.identifier: r for r in sickle.ListRecords(metadataPrefix=prefix)}
    wanted = {oai_id(corpus[name]) for name in (*LEVELS, "edit", "join", "version", "lift")}
    assert wanted <= set(records)
    for name in (*LEVELS, "lift"):
        record = records[oai_id(corpus[name])]
        payload = record.xml.find("o:metadata", NS)[0]
        check_payload(prefix, payload, schemas)
        level = "embargoed" if name == "lift" else name
        eurepo = f"info:eu-repo/semantics/{level}Access"
        if prefix == "oai_dc":
            assert payload.findtext("dc:rights", namespaces=NS) == eurepo
        if prefix in ("oai_datacite", "datacite"):
            assert eurepo in [r.get("rightsURI") for r in payload.iterfind(".//d:rights", NS)]
        if level != "open":
            assert b"/files/counts.csv" not in etree.tostring(payload)
    page = get(endpoint, verb="ListRecords", metadataPrefix=prefix)
    assert_valid(schemas["envelope"], page)
    token = page.find(".//o:resumptionToken", NS)
    assert token.get("cursor") == "0" and int(token.get("completeListSize")) >= len(wanted)


def test_harvest_by_post(endpoint, corpus, live_stack):
    """OAI-PMH 3.1.1.2: a harvester may POST every request, tokens included."""
    by_post = Sickle(endpoint, http_method="POST", verify=live_stack.certificate)
    seen = {h.identifier for h in by_post.ListIdentifiers(metadataPrefix="oai_dc")}
    assert {oai_id(corpus[level]) for level in LEVELS} <= seen


def test_errors(sickle, endpoint, corpus, schemas):
    """The protocol's error codes (each an HTTP 200 in a valid envelope), also for the
    requests that used to crash or be misread."""
    with pytest.raises(BadArgument):
        sickle.ListRecords(metadataPrefix="oai_dc", until="not-a-date")
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier="oai:rodare.hzdr.de:nonexistent", metadataPrefix="oai_dc")
    with pytest.raises(CannotDisseminateFormat):
        sickle.GetRecord(identifier=oai_id(corpus["open"]), metadataPrefix="oai_datacite3")
    with pytest.raises(NoRecordsMatch):
        sickle.ListRecords(metadataPrefix="oai_dc", **{"from": "2999-01-01"})
    with pytest.raises(BadResumptionToken):
        sickle.ListRecords(resumptionToken="not-a-token")
    with pytest.raises(BadVerb):  # the iterator is where Sickle reads the error code
        OAIResponseIterator(sickle, {"verb": "NoSuchVerb"})
    for params, code in (
        ({"junk": ""}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2002-02-05",
          "until": "2002-02-06T05:35:00Z"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
        ({"verb": "GetRecord", "identifier": "\x00", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "no-such-set"}, "noRecordsMatch"),
    ):
        for method in ("GET", "POST"):
            tree = get(endpoint, method, **params)
            assert_valid(schemas["envelope"], tree)
            assert tree.find("o:error", NS).get("code") == code, (method, params)


def _response_date(endpoint):
    return get(endpoint, verb="Identify").findtext("o:responseDate", namespaces=NS)


def _changed_since(sickle, since, **params):
    try:
        return {h.identifier: h for h in sickle.ListIdentifiers(metadataPrefix="oai_datacite",
                                                                 **{"from": since}, **params)}
    except NoRecordsMatch:
        return {}


def test_incremental_harvest(sickle, endpoint, api, corpus):
    """After a full harvest, changes over REST; ``from`` then returns exactly those records:
    the edited, the lifted, the one added to a community, the new version and the deleted
    one (as a deleted header)."""
    before = {h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_datacite")}
    assert oai_id(corpus["delete"]) in before
    harvested_at = _response_date(endpoint)
    while _response_date(endpoint) <= harvested_at:  # changes must fall after that second
        time.sleep(0.2)
    since = _response_date(endpoint)

    record = corpus["edit"]
    draft = api.post(f"{api.base}/records/{record['id']}/draft").json()
    draft["metadata"]["title"] += " (edited)"
    assert api.put(f"{api.base}/records/{record['id']}/draft", json=draft).ok
    assert api.post(f"{api.base}/records/{record['id']}/draft/actions/publish").status_code == 202
    assert api.post(f"{api.base}/records/{corpus['lift']['id']}/embargo/end").ok
    added = api.post(f"{api.base}/records/{corpus['join']['id']}/communities",
                     json={"communities": [{"id": corpus["community"]["id"]}]})
    assert added.ok and not added.json().get("errors"), added.text
    request = added.json()["processed"][0]["request"]
    if request["status"] != "accepted":  # the community's owner accepts the inclusion
        accepted = api.post(request["links"]["actions"]["accept"], json={})
        assert accepted.ok and accepted.json()["status"] == "accepted", accepted.text
    new = api.post(f"{api.base}/records/{corpus['version']['id']}/versions").json()
    assert api.post(f"{api.base}/records/{new['id']}/draft/actions/files-import").ok
    new["metadata"]["publication_date"] = in_days(0)
    assert api.put(f"{api.base}/records/{new['id']}/draft", json=new).ok
    assert api.post(f"{api.base}/records/{new['id']}/draft/actions/publish").status_code == 202
    deleted = api.delete(f"{api.base}/records/{corpus['delete']['id']}/delete", json={"note": "Duplicate"})
    assert deleted.ok, deleted.text

    expected = {oai_id(corpus[n]) for n in ("edit", "lift", "join", "delete")} | {oai_id(new)}
    deadline = time.monotonic() + 90  # the community change reaches the index via the bulk queue
    changed = _changed_since(sickle, since)
    # The superseded version's payloads do not change; whether upstream re-commits it
    # (moving its datestamp) is upstream's business, so it may or may not be listed.
    superseded = oai_id(corpus["version"])
    while set(changed) - {superseded} != expected and time.monotonic() < deadline:
        time.sleep(1)
        changed = _changed_since(sickle, since)
    changed.pop(superseded, None)
    names = {oai_id(corpus[n]): n for n in corpus if n != "community"} | {oai_id(new): "new version"}
    missing = {names.get(i, i): api.get(f"{api.base}/records/{i.rsplit(':', 1)[1]}").json().get("updated")
               for i in expected - set(changed)}
    assert set(changed) == expected, (since, missing, [names.get(i, i) for i in set(changed) - expected])
    assert changed[oai_id(corpus["delete"])].deleted
    assert not changed[oai_id(corpus["edit"])].deleted
    spec = f"user-{corpus['community']['slug']}"
    assert spec in changed[oai_id(corpus["join"])].setSpecs
    assert set(_changed_since(sickle, since, set=spec)) == {oai_id(corpus["join"])}
    day = since[:10]
    assert expected <= set(_changed_since(sickle, day)), "day granularity covers the whole day"
    lifted = sickle.GetRecord(identifier=oai_id(corpus["lift"]), metadataPrefix="oai_dc")
    assert lifted.metadata["rights"][0] == "info:eu-repo/semantics/openAccess"

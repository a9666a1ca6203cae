"""Harvest the live instance over HTTPS with Sickle, as OpenAIRE and B2FIND do.

Every response is validated against the OAI-PMH 2.0 XSD (and oai_dc payloads against
oai_dc.xsd) from the shared schema folder, offline through its XML catalog.
"""

import os

import pytest
import requests
from lxml import etree
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

SCHEMAS = REPO.parent / "shared" / "schemas" / "oai-pmh"


@pytest.fixture(scope="module")
def schemas():
    """The OAI-PMH envelope and oai_dc schemas, resolved through the local catalog."""
    os.environ["XML_CATALOG_FILES"] = str(SCHEMAS / "catalog.xml")
    return {
        "envelope": etree.XMLSchema(etree.parse(str(SCHEMAS / "OAI-PMH.xsd"))),
        "oai_dc": etree.XMLSchema(etree.parse(str(SCHEMAS / "oai_dc.xsd"))),
    }


CERT = {}


@pytest.fixture(scope="module")
def endpoint(live_stack):
    """The OAI-PMH base URL."""
    CERT["path"] = live_stack.certificate
    return f"{live_stack.url}/oai2d"


@pytest.fixture(scope="module")
def harvested(publish_record):
    """Five public records: more than two pages at OAISERVER_PAGE_SIZE=2."""
    return [publish_record(f"OAI harvest record {i}", date=f"202{i}-01-01") for i in range(5)]


@pytest.fixture(scope="module")
def sickle(endpoint, live_stack):
    """A Sickle client that trusts the stack's self-signed certificate."""
    return Sickle(endpoint, verify=live_stack.certificate, max_retries=2)


def get(endpoint, **params):
    """Raw GET, for schema validation of the whole response (errors too travel as 200)."""
    response = requests.get(endpoint, params=params, verify=CERT["path"])
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)


def assert_valid(schema, tree):
    """Validate with a readable error."""
    assert schema.validate(tree), schema.error_log.filter_from_errors()


def test_identify_and_formats(sickle, endpoint, schemas):
    """Identify names the repository; the usual metadata formats are offered."""
    identify = sickle.Identify()
    assert identify.repositoryName == "RODARE"
    assert identify.protocolVersion == "2.0"
    prefixes = {f.metadataPrefix for f in sickle.ListMetadataFormats()}
    assert {"oai_dc", "datacite", "oai_datacite"} <= prefixes
    for verb in ("Identify", "ListMetadataFormats", "ListSets"):
        assert_valid(schemas["envelope"], get(endpoint, verb=verb))


def test_list_sets(sickle, harvested):
    """The OpenAIRE sets are there for harvesters."""
    specs = {s.setSpec for s in sickle.ListSets()}
    assert {"openaire", "openaire_data"} <= specs


def test_list_records_through_resumption_tokens(sickle, endpoint, harvested, schemas):
    """ListRecords pages with resumption tokens and returns every published record."""
    ids = {r["id"] for r in harvested}
    records = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=True))
    seen = {r.header.identifier.rsplit(":", 1)[-1] for r in records}
    assert ids <= seen
    first_page = get(endpoint, verb="ListRecords", metadataPrefix="oai_dc")
    assert_valid(schemas["envelope"], first_page)
    ns = {"o": "http://www.openarchives.org/OAI/2.0/"}
    token = first_page.find(".//o:resumptionToken", ns)
    assert token is not None and token.text
    second = get(endpoint, verb="ListRecords", resumptionToken=token.text)
    assert_valid(schemas["envelope"], second)
    for dc in first_page.iterfind(".//{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"):
        assert_valid(schemas["oai_dc"], etree.ElementTree(dc))
    # Datasets belong to the openaire_data set in the record headers.
    dataset = next(r for r in records if r.header.identifier.endswith(harvested[0]["id"]))
    assert "openaire_data" in dataset.header.setSpecs


def test_list_identifiers_and_get_record(sickle, endpoint, harvested, schemas):
    """ListIdentifiers and GetRecord answer for a published record."""
    identifiers = [h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc")]
    oai_id = f"oai:rodare.hzdr.de:{harvested[1]['id']}"
    assert oai_id in identifiers
    record = sickle.GetRecord(identifier=oai_id, metadataPrefix="oai_dc")
    assert record.metadata["title"] == ["OAI harvest record 1"]
    assert_valid(schemas["envelope"], get(endpoint, verb="GetRecord", identifier=oai_id,
                                          metadataPrefix="oai_dc"))
    datacite = sickle.GetRecord(identifier=oai_id, metadataPrefix="datacite")
    assert "OAI harvest record 1" in datacite.raw


def test_errors(sickle, endpoint, harvested, schemas):
    """The protocol's error codes, each in a valid envelope."""
    with pytest.raises(BadArgument):
        sickle.ListRecords(metadataPrefix="oai_dc", until="not-a-date")
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier="oai:rodare.hzdr.de:nonexistent", metadataPrefix="oai_dc")
    with pytest.raises(CannotDisseminateFormat):
        sickle.GetRecord(identifier=f"oai:rodare.hzdr.de:{harvested[0]['id']}",
                         metadataPrefix="no_such_format")
    with pytest.raises(NoRecordsMatch):
        sickle.ListRecords(metadataPrefix="oai_dc", **{"from": "2999-01-01"})
    with pytest.raises(BadResumptionToken):
        sickle.ListRecords(resumptionToken="not-a-token")
    with pytest.raises(BadVerb):  # the iterator is where Sickle reads the error code
        OAIResponseIterator(sickle, {"verb": "NoSuchVerb"})
    for params in (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "not-a-date"},
        {"verb": "GetRecord", "identifier": "oai:rodare.hzdr.de:nonexistent", "metadataPrefix": "oai_dc"},
        {"verb": "GetRecord", "identifier": "oai:rodare.hzdr.de:x", "metadataPrefix": "nope"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"},
        {"verb": "NoSuchVerb"},
    ):
        assert_valid(schemas["envelope"], get(endpoint, **params))

"""Every error condition of OAI-PMH 2.0 (section 3.6), by GET and by POST.

Each answer is an HTTP 200 OAI-PMH document valid against the schema (checked by the
``oai`` fixture) with the error code the specification prescribes. After badVerb and
badArgument the ``<request>`` element carries no attributes (section 3.2).
"""

from datetime import date, timedelta

import pytest
import time_machine
from lxml import etree

from .conftest import NS, error_code, oai_id, token_of

ID = "oai:rodare.hzdr.de:abcde-12345"

CASES = [
    # badVerb: missing, junk only, repeated, unknown, wrong case
    ("", "badVerb"),
    ("junk", "badVerb"),
    ("verb=Identify&verb=Identify", "badVerb"),
    ("verb=Identify&verb=ListSets", "badVerb"),
    ("verb=NoSuchVerb", "badVerb"),
    ("verb=identify", "badVerb"),
    ("verb=", "badVerb"),
    # badArgument: illegal, missing, repeated, beside an exclusive one, bad dates
    ("verb=Identify&junk=1", "badArgument"),
    ("verb=Identify&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords", "badArgument"),
    ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
    ("verb=GetRecord&identifier=" + ID, "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=a&set=b", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x", "badArgument"),
    ("verb=ListSets&resumptionToken=x&junk=1", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2002-02-05&until=2002-02-06T05:35:00Z", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2002-02-05T05:35:00Z&until=2002-02-06", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2002-02-06&until=2002-02-05", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=not-a-date", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&until=2020-02-30", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=01/02/2020", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00%2B02:00", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00.123Z", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00Z", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=%00", "badArgument"),
    ("verb=ListIdentifiers&metadataPrefix=", "badArgument"),
    ("verb=ListIdentifiers&metadataPrefix=a%20b", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=user-%00", "badArgument"),
    # badResumptionToken
    ("verb=ListRecords&resumptionToken=not-a-token", "badResumptionToken"),
    ("verb=ListIdentifiers&resumptionToken=", "badResumptionToken"),
    ("verb=ListSets&resumptionToken=%00", "badResumptionToken"),
    # cannotDisseminateFormat
    ("verb=ListRecords&metadataPrefix=no_such_format", "cannotDisseminateFormat"),
    ("verb=GetRecord&metadataPrefix=oai_datacite3&identifier=" + ID, "cannotDisseminateFormat"),
    # idDoesNotExist: unknown, illegal, another repository's, NUL
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + ID, "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=%00", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:rodare.hzdr.de:%00", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:zenodo.org:1", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=%F0%9F%92%A9", "idDoesNotExist"),
    ("verb=ListMetadataFormats&identifier=" + ID, "idDoesNotExist"),
    # noRecordsMatch: an empty repository, a future range, an unknown set
    ("verb=ListRecords&metadataPrefix=oai_dc", "noRecordsMatch"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2999-01-01", "noRecordsMatch"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=no-such-set", "noRecordsMatch"),
    # noSetHierarchy: no set at all yet
    ("verb=ListSets", "noSetHierarchy"),
]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(("query", "code"), CASES)
def test_error(oai, custom_field_mappings, method, query, code):
    """The prescribed code in an HTTP 200 answer, never a 5xx."""
    tree = oai(method, raw=query)
    assert error_code(tree) == code, query
    request = tree.find("oai:request", NS)
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}
    else:
        assert request.get("verb")


def test_post_answers_like_get(oai, custom_field_mappings):
    """A form POST is a full OAI-PMH request (section 3.1.1.2)."""
    tree = oai("POST", verb="Identify")
    assert error_code(tree) is None
    assert tree.findtext("oai:Identify/oai:repositoryName", namespaces=NS) == "RODARE"
    assert tree.find("oai:request", NS).get("verb") == "Identify"


@pytest.fixture
def two_pages(publish_at_level, app, monkeypatch):
    """Three records at page size two: a token after the first page."""
    monkeypatch.setitem(app.config, "OAISERVER_PAGE_SIZE", 2)
    return [publish_at_level("open") for _ in range(3)]


def test_expired_token(oai, two_pages, app, monkeypatch):
    """A token older than OAISERVER_RESUMPTION_TOKEN_EXPIRE_TIME is badResumptionToken."""
    monkeypatch.setitem(app.config, "OAISERVER_RESUMPTION_TOKEN_EXPIRE_TIME", 3600)
    token = token_of(oai(verb="ListIdentifiers", metadataPrefix="oai_dc")).text
    with time_machine.travel(date.today() + timedelta(days=2)):
        tree = oai(verb="ListIdentifiers", resumptionToken=token)
    assert error_code(tree) == "badResumptionToken"


def test_slow_harvester_keeps_its_token(oai, two_pages):
    """The configured lifetime (a week) outlives a harvester that needs hours per page."""
    token = token_of(oai(verb="ListIdentifiers", metadataPrefix="oai_dc")).text
    with time_machine.travel(date.today() + timedelta(days=3)):
        tree = oai(verb="ListIdentifiers", resumptionToken=token)
    assert error_code(tree) is None and len(tree.findall(".//oai:header", NS)) == 1


def test_token_of_another_verb(oai, two_pages):
    """A ListIdentifiers token does not resume ListRecords."""
    token = token_of(oai(verb="ListIdentifiers", metadataPrefix="oai_dc")).text
    assert error_code(oai(verb="ListRecords", resumptionToken=token)) == "badResumptionToken"


def test_tampered_token(oai, two_pages):
    """A token changed by one character is refused."""
    token = token_of(oai(verb="ListRecords", metadataPrefix="oai_dc")).text
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert error_code(oai(verb="ListRecords", resumptionToken=tampered)) == "badResumptionToken"


def test_metadata_formats_of_a_record(oai, two_pages):
    """ListMetadataFormats for a known identifier lists the formats."""
    tree = oai(verb="ListMetadataFormats", identifier=oai_id(two_pages[0]))
    assert error_code(tree) is None, etree.tostring(tree)
    prefixes = {e.text for e in tree.iterfind(".//oai:metadataPrefix", NS)}
    assert {"oai_dc", "oai_datacite", "datacite", "marcxml", "dcat"} <= prefixes

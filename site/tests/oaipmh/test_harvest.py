"""Harvests as OpenAIRE and B2FIND run them: every record and access level, paging,
deleted records, sets, incremental harvests that see exactly what changed, and list pages
serialised in one pass that say byte for byte what each record alone says.

Time travel (``time_machine``) dates the records; the database stores what Python gives
it, so datestamps are exact and ``from``/``until`` can be asserted to the record.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from invenio_access.permissions import system_identity
from invenio_db import db
from invenio_rdm_records.oai import oai_datacite_etree as upstream_oai_datacite_etree
from invenio_rdm_records.proxies import current_rdm_records
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_rdm_records.services.tasks import update_expired_embargos
from lxml import etree
from sqlalchemy import event

from rodare_rdm.oaipmh import formats
from rodare_rdm.oaipmh import records as oai_records

from .conftest import NS, assert_valid, error_code, file_links, identifiers, oai_id, reindex, token_of

LEVELS = ("open", "embargoed", "restricted", "closed")
EUREPO = "info:eu-repo/semantics/{}Access"
FILE_FORMATS = {"marcxml", "marc21", "dcat"}
"""The formats that link an open record's files (MARC 856 $u, dcat:downloadURL); the others
link none at any level."""


def test_identify(oai, schemas, publish_at_level):
    """Who runs RODARE, how it dates and keeps deleted records, and its identifier scheme."""
    record = publish_at_level("open")
    identify = oai(verb="Identify").find("oai:Identify", NS)
    text = {child.tag.split("}")[1]: child.text for child in identify}
    assert text["repositoryName"] == "RODARE"
    assert text["baseURL"].endswith("/oai2d")
    assert text["adminEmail"] == "rodare@hzdr.de"
    assert text["deletedRecord"] == "persistent"
    assert text["granularity"] == "YYYY-MM-DDThh:mm:ssZ"
    description = identify.find("oai:description/id:oai-identifier", NS)
    assert description is not None
    schemas["oai-identifier"].assertValid(description)
    assert description.findtext("id:repositoryIdentifier", namespaces=NS) == "rodare.hzdr.de"
    header = oai(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(record)).find(".//oai:header", NS)
    assert text["earliestDatestamp"] <= header.findtext("oai:datestamp", namespaces=NS)


def test_every_level_is_harvested_with_its_access_right(oai, publish_at_level):
    """Metadata is public at every level; the access right says which level it is."""
    records = {level: publish_at_level(level) for level in LEVELS}
    listed = oai(verb="ListRecords", metadataPrefix="oai_dc")
    assert {oai_id(r) for r in records.values()} == set(identifiers(listed))
    for level, record in records.items():
        tree = oai(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(record))
        assert tree.findtext(".//dc:rights", namespaces=NS) == EUREPO.format(level)
        tree = oai(verb="GetRecord", metadataPrefix="oai_datacite", identifier=oai_id(record))
        uris = [r.get("rightsURI") for r in tree.iterfind(".//datacite:rights", NS)]
        assert EUREPO.format(level) in uris


def _payload(tree):
    return tree.find(".//oai:metadata", NS)[0]


def _check_marcxml(payload):
    """MARC21 slim: the namespace, a 24-character leader, tagged control and data fields."""
    assert payload.tag == f"{{{NS['marc']}}}record"
    leader = payload.findtext("marc:leader", namespaces=NS)
    assert leader is not None and len(leader) == 24
    fields = payload.findall("marc:datafield", NS)
    assert fields and all(len(f.get("tag")) == 3 and f.get("ind1") is not None for f in fields)
    assert all(f.findall("marc:subfield", NS) for f in fields)
    titles = [s.text for f in fields if f.get("tag") == "245" for s in f.findall("marc:subfield", NS)]
    assert "Beamline data from ELBE" in titles


def _check_dcat(payload):
    """DCAT-AP in RDF/XML that parses as RDF and describes one dcat:Dataset."""
    from lxml import etree
    from rdflib import RDF, Graph, Namespace

    graph = Graph().parse(data=etree.tostring(payload), format="xml")
    assert list(graph.subjects(RDF.type, Namespace(NS["dcat"]).Dataset))


@pytest.mark.parametrize("level", LEVELS)
def test_every_format_is_valid(app, oai, schemas, publish_at_level, level):
    """oai_dc, datacite, oai_datacite, marcxml and dcat each valid for a record at each level.

    No payload of a record with withheld files links to a file, an IIIF image or an archive;
    the open record's MARC and DCAT payloads link its file, and that link downloads it, so the
    refusal above is not true only because no format links files at all."""
    from lxml import etree

    record = publish_at_level(level)
    download = f"{app.config['SITE_UI_URL']}/records/{record.id}/files/image.png"
    for prefix in ("oai_dc", "datacite", "datacite4", "oai_datacite", "oai_datacite4", "marcxml", "marc21", "dcat"):
        tree = oai(verb="GetRecord", metadataPrefix=prefix, identifier=oai_id(record))
        assert error_code(tree) is None, prefix
        payload = _payload(tree)
        if prefix == "oai_dc":
            schemas["oai_dc"].assertValid(etree.ElementTree(payload))
        elif prefix.startswith("datacite"):
            schemas["datacite"].assertValid(etree.ElementTree(payload))
        elif prefix.startswith("oai_datacite"):
            schemas["oai_datacite"].assertValid(etree.ElementTree(payload))
            resource = payload.find("oai_datacite:payload", NS)[0]
            schemas["datacite"].assertValid(etree.ElementTree(resource))
            assert payload.findtext("oai_datacite:datacentreSymbol", namespaces=NS)
        elif prefix.startswith("marc"):
            _check_marcxml(payload)
        else:
            _check_dcat(payload)
        opens = {download} if level == "open" and prefix in FILE_FORMATS else set()
        assert file_links(payload) == opens, prefix
    if level == "open":
        answer = app.test_client().get(download.removeprefix(app.config["SITE_UI_URL"]))
        assert answer.status_code == 200 and answer.data.startswith(b"\x89PNG"), answer.status


@pytest.mark.parametrize("prefix", sorted(FILE_FORMATS))
def test_lists_link_only_the_open_records_files(app, oai, publish_at_level, prefix):
    """ListRecords serialises from the index, not the database as GetRecord does: there too
    only the open record's payload links a file, and it does."""
    records = {level: publish_at_level(level) for level in LEVELS}
    listed = oai(verb="ListRecords", metadataPrefix=prefix)
    payloads = {r.findtext("oai:header/oai:identifier", namespaces=NS): r.find("oai:metadata", NS)
                for r in listed.iterfind(".//oai:record", NS)}
    site = app.config["SITE_UI_URL"]
    assert {level: file_links(payloads[oai_id(record)]) for level, record in records.items()} == {
        level: {f"{site}/records/{record.id}/files/image.png"} if level == "open" else set()
        for level, record in records.items()}


@pytest.fixture
def page_size(app, monkeypatch):
    """Page size two."""
    monkeypatch.setitem(app.config, "OAISERVER_PAGE_SIZE", 2)
    return 2


@pytest.mark.parametrize("verb", ["ListRecords", "ListIdentifiers"])
def test_exact_multiple_ends_with_a_valid_last_page(oai, publish_at_level, page_size, verb):
    """Four records, two a page: page two carries the empty token, there is no page three."""
    ids = {oai_id(publish_at_level("open")) for _ in range(4)}
    first = oai(verb=verb, metadataPrefix="oai_dc")
    token = token_of(first)
    assert (token.get("cursor"), token.get("completeListSize")) == ("0", "4")
    assert token.text and token.get("expirationDate")
    second = oai(verb=verb, resumptionToken=token.text)
    last = token_of(second)
    assert (last.get("cursor"), last.get("completeListSize"), last.text) == ("2", "4", None)
    assert set(identifiers(first)) | set(identifiers(second)) == ids
    assert len(identifiers(first)) == len(identifiers(second)) == 2


def test_remainder_and_single_page(oai, publish_at_level, page_size, app, monkeypatch):
    """Three records: two, then one with the empty token; a one-page list has no token."""
    ids = {oai_id(publish_at_level("open")) for _ in range(3)}
    first = oai(verb="ListIdentifiers", metadataPrefix="oai_dc")
    second = oai(verb="ListIdentifiers", resumptionToken=token_of(first).text)
    assert set(identifiers(first)) | set(identifiers(second)) == ids
    assert token_of(second).text is None and token_of(second).get("cursor") == "2"
    monkeypatch.setitem(app.config, "OAISERVER_PAGE_SIZE", 3)
    one = oai(verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert set(identifiers(one)) == ids and token_of(one) is None


def test_repeated_token_returns_the_same_page(oai, publish_at_level, page_size):
    """Idempotent tokens (section 3.5.1): the retry of a lost page gets that page."""
    for _ in range(5):
        publish_at_level("open")
    token = token_of(oai(verb="ListRecords", metadataPrefix="oai_dc")).text
    once = oai(verb="ListRecords", resumptionToken=token)
    again = oai(verb="ListRecords", resumptionToken=token)
    assert list(identifiers(once)) == list(identifiers(again))
    assert token_of(once).get("cursor") == token_of(again).get("cursor") == "2"


def test_by_post(oai, publish_at_level, page_size):
    """A whole harvest by POST, tokens included."""
    ids = {oai_id(publish_at_level("open")) for _ in range(3)}
    first = oai("POST", verb="ListIdentifiers", metadataPrefix="oai_dc")
    second = oai("POST", verb="ListIdentifiers", resumptionToken=token_of(first).text)
    assert set(identifiers(first)) | set(identifiers(second)) == ids


def test_deleted_record_stays_as_a_deleted_header(oai, publish_at_level):
    """A deleted record: status="deleted", no metadata, in lists and GetRecord alike."""
    kept, gone = publish_at_level("open"), publish_at_level("closed")
    records_service.delete_record(system_identity, gone.id, {"note": "Duplicate", "is_visible": True})
    reindex()
    headers = identifiers(oai(verb="ListIdentifiers", metadataPrefix="oai_dc"))
    assert headers[oai_id(gone)].get("status") == "deleted"
    assert headers[oai_id(kept)].get("status") is None
    listed = oai(verb="ListRecords", metadataPrefix="oai_datacite")
    records = {r.findtext("oai:header/oai:identifier", namespaces=NS): r for r in listed.iterfind(".//oai:record", NS)}
    assert records[oai_id(gone)].find("oai:metadata", NS) is None
    assert records[oai_id(kept)].find("oai:metadata", NS) is not None
    got = oai(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(gone))
    assert got.find(".//oai:header", NS).get("status") == "deleted"
    assert got.find(".//oai:metadata", NS) is None


def test_sets(oai, publish_at_level, community, openaire_data):
    """Community sets are user-<slug>; openaire_data holds datasets at every level."""
    member = publish_at_level("closed", community=community)
    outsider = publish_at_level("restricted")
    specs = {s.findtext("oai:setSpec", namespaces=NS) for s in oai(verb="ListSets").iterfind(".//oai:set", NS)}
    assert {"user-rodare", "openaire", "openaire_data"} <= specs
    headers = identifiers(oai(verb="ListIdentifiers", metadataPrefix="oai_dc"))
    sets = {i: sorted(s.text for s in h.findall("oai:setSpec", NS)) for i, h in headers.items()}
    assert sets == {oai_id(member): ["openaire_data", "user-rodare"], oai_id(outsider): ["openaire_data"]}
    selected = oai(verb="ListIdentifiers", metadataPrefix="oai_datacite", set="user-rodare")
    assert set(identifiers(selected)) == {oai_id(member)}


T0 = datetime(2031, 1, 10, 8, 0, tzinfo=UTC)
T1 = T0 + timedelta(days=100)


def _edit(identity, record, change):
    """Edit a published record and publish the change."""
    draft = records_service.edit(identity, record.id)
    records_service.update_draft(identity, draft.id, change(draft.to_dict()))
    return records_service.publish(identity, draft.id)


def test_incremental_harvest_sees_exactly_the_changes(oai, publish_at_level, level_data, community, people):
    """from=<day of the changes> returns exactly the records whose harvestable state changed:
    a metadata edit, a new access level, a lifted embargo, a new community, a new version
    and a deletion; untouched records stay out. until= before the changes returns the rest."""
    owner = people["owner"].identity
    with time_machine.travel(T0, tick=True):
        names = ("untouched", "edited", "relevelled", "embargoed", "joined", "versioned", "deleted")
        start = {"embargoed": "embargoed", "relevelled": "closed"}
        made = {name: publish_at_level(start.get(name, "open")) for name in names}
    with time_machine.travel(T1, tick=True):
        _edit(owner, made["edited"], lambda d: {**d, "metadata": {**d["metadata"], "title": "Edited title"}})
        _edit(owner, made["relevelled"], lambda d: {**d, **level_data("open"), "metadata": d["metadata"]})
        update_expired_embargos.delay()
        current_rdm_records.record_communities_service.add(
            system_identity, made["joined"].id, {"communities": [{"id": community.id}]})
        draft = records_service.new_version(owner, made["versioned"].id)
        records_service.import_files(owner, draft.id)
        records_service.update_draft(owner, draft.id, {
            **draft.to_dict(), "metadata": {**draft.to_dict()["metadata"], "publication_date": "2031-04-20"}})
        new_version = records_service.publish(owner, draft.id)
        records_service.delete_record(system_identity, made["deleted"].id, {"note": "Withdrawn"})
        reindex()

    changed = {oai_id(made[n]) for n in ("edited", "relevelled", "embargoed", "joined", "deleted")}
    changed.add(oai_id(new_version))
    # The superseded version's payloads do not change; upstream may re-commit it (moving
    # its datestamp) or not, so it is left out of both sides.
    superseded = oai_id(made["versioned"])
    everything = {oai_id(r) for r in made.values()} | {oai_id(new_version)}
    everything.discard(superseded)

    def listed(**params):
        return set(identifiers(oai(verb="ListIdentifiers", **params))) - {superseded}

    for granularity in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ"):
        since = (T1 - timedelta(minutes=1)).strftime(granularity)
        assert listed(metadataPrefix="oai_datacite", **{"from": since}) == changed, granularity
    before = (T1 - timedelta(days=1)).strftime("%Y-%m-%d")
    assert listed(metadataPrefix="oai_dc", until=before) == everything - changed
    until_t0_day = listed(metadataPrefix="oai_dc", until=T0.strftime("%Y-%m-%d"))
    assert until_t0_day == everything - changed, "until covers the whole day"
    joined = oai(verb="ListRecords", metadataPrefix="oai_dc", set="user-rodare", **{"from": T1.strftime("%Y-%m-%d")})
    assert set(identifiers(joined)) == {oai_id(made["joined"])}
    lifted = oai(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(made["embargoed"]))
    assert lifted.findtext(".//dc:rights", namespaces=NS) == EUREPO.format("open")
    relevelled = oai(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(made["relevelled"]))
    assert relevelled.findtext(".//dc:rights", namespaces=NS) == EUREPO.format("open")


# One pass per page (exports/page.py, oaipmh/formats.py)
# ======================================================

RICH = {
    "resource_type": {"id": "publication-article"},
    "additional_titles": [{"title": "Neutron yields, second look", "type": {"id": "alternative-title"}}],
    "additional_descriptions": [{"description": "Measured at ELBE.", "type": {"id": "methods"}}],
    "contributors": [{"person_or_org": {"type": "personal", "family_name": "Kontakt", "given_name": "Karl"},
                      "role": {"id": "contactperson"}}],
    "dates": [{"date": "2023-01/2023-03", "type": {"id": "collected"}, "description": "Beam time"}],
    "related_identifiers": [{"identifier": "10.1234/cited", "scheme": "doi",
                             "relation_type": {"id": "iscitedby"}, "resource_type": {"id": "dataset"}}],
}
"""What a rich record reads from vocabularies: resource type, title, description and date
types, a contributor's role, a relation type and a related resource type."""

PAGE_FORMATS = ("oai_dc", "datacite", "oai_datacite")


@pytest.fixture
def page_of_records(running_app, minimal_record, people, custom_field_mappings, export_vocabularies):
    """Five records: a rich one in three versions (the middle one has neighbours on both
    sides), a software record and a plain dataset."""
    owner = people["owner"].identity

    def publish(**metadata):
        data = {**minimal_record, "metadata": {**minimal_record["metadata"], **metadata}}
        return records_service.publish(owner, records_service.create(owner, data).id)

    versions = [publish(**RICH)]
    for n in (2, 3):
        draft = records_service.new_version(owner, versions[-1].id).to_dict()
        records_service.update_draft(owner, draft["id"], {
            **draft, "metadata": {**draft["metadata"], "publication_date": f"2024-0{n}-01"}})
        versions.append(records_service.publish(owner, draft["id"]))
    made = [*versions, publish(resource_type={"id": "software"}), publish()]
    reindex()
    return made


def _record_blocks(response):
    """{OAI identifier: the bytes of its ``<record>`` element} of an answer, as sent."""
    blocks = re.findall(rb"<record>.*?</record>", response.data, flags=re.DOTALL)
    return {re.search(rb"<identifier>(.*?)</identifier>", b).group(1).decode(): b for b in blocks}


def test_a_page_says_byte_for_byte_what_each_record_alone_says(app, schemas, page_of_records):
    """A ListRecords page, serialised in one pass, sends each ``<record>`` exactly as
    GetRecord sends it serialised alone (vocabularies and version neighbours read per
    record), in oai_dc, datacite and oai_datacite; every payload is valid against its XSD, and
    the oai_datacite envelope is the one upstream builds. (One test for the three formats:
    the records take seconds to make.)"""
    client = app.test_client()
    for prefix in PAGE_FORMATS:
        listed = client.get("/oai2d", query_string={"verb": "ListRecords", "metadataPrefix": prefix})
        page_blocks = _record_blocks(listed)
        assert set(page_blocks) == {oai_id(record) for record in page_of_records}, prefix
        for identifier, block in page_blocks.items():
            alone = client.get("/oai2d", query_string={
                "verb": "GetRecord", "metadataPrefix": prefix, "identifier": identifier})
            assert _record_blocks(alone) == {identifier: block}, prefix
        middle = page_blocks[oai_id(page_of_records[1])]
        if prefix != "oai_dc":
            assert middle.count(b'relationType="IsNewVersionOf"') == 1
            assert middle.count(b'relationType="IsPreviousVersionOf"') == 1
        for payload in etree.fromstring(listed.data).iterfind(".//oai:metadata", NS):
            if prefix == "oai_dc":
                assert_valid(schemas["oai_dc"], etree.ElementTree(payload[0]))
            elif prefix == "datacite":
                assert_valid(schemas["datacite"], etree.ElementTree(payload[0]))
            else:
                assert_valid(schemas["oai_datacite"], etree.ElementTree(payload[0]))
                assert_valid(schemas["datacite"], etree.ElementTree(payload[0].find("oai_datacite:payload", NS)[0]))
    source = oai_records.find(oai_id(page_of_records[0]))["_source"]
    theirs = upstream_oai_datacite_etree(None, {"_source": source})
    payload = theirs.find("payload")
    payload.remove(payload[0])
    payload.append(formats.datacite_etree(None, {"_source": source}))
    assert etree.tostring(formats.oai_datacite_etree(None, {"_source": source})) == etree.tostring(theirs)


def test_a_page_asks_the_database_as_often_for_five_records_as_for_two(app, page_of_records, monkeypatch):
    """What the dumpers read besides the record (version neighbours) is read for the page:
    the number of SQL statements of a list page does not grow with its records, in each
    format. (A first harvest fills upstream's cache of vocabulary entries, which reads each
    entry's type once.)"""
    statements = []

    def count(*args):
        statements.append(1)

    client = app.test_client()
    for prefix in PAGE_FORMATS:
        monkeypatch.setitem(app.config, "OAISERVER_PAGE_SIZE", 100)
        client.get("/oai2d", query_string={"verb": "ListRecords", "metadataPrefix": prefix})
        asked = {}
        for size in (2, 5):
            monkeypatch.setitem(app.config, "OAISERVER_PAGE_SIZE", size)
            statements.clear()
            event.listen(db.engine, "before_cursor_execute", count)
            try:
                answer = client.get("/oai2d", query_string={"verb": "ListRecords", "metadataPrefix": prefix})
            finally:
                event.remove(db.engine, "before_cursor_execute", count)
            assert len(_record_blocks(answer)) == size
            asked[size] = len(statements)
        assert asked[2] == asked[5], (prefix, asked)

"""oai_dc dumped from the index document says byte for byte what upstream's way said: the
document turned into the REST representation first (``oai_result_item(...).to_dict()``).

Records of every shape RODARE holds: each access level, with and without DOI, HZDR fields,
the ROBIS id, journal and meeting, subjects, creators with affiliations and identifiers,
funding, related and alternate identifiers, languages, a vocabulary and a custom licence,
dates, locations, versions, a community. Each is compared alone and inside a page (the
vocabulary memo of ``exports.page``), and whole answers (ListRecords, with a set, GetRecord)
are compared with the serializer swapped.
"""

import re
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from dcxml import simpledc
from flask import g
from flask_principal import AnonymousIdentity
from invenio_access.permissions import any_user, system_identity
from invenio_db import db
from invenio_oaiserver.utils import serializer
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_search import current_search
from invenio_vocabularies.proxies import current_service as vocabulary_service
from lxml import etree
from sqlalchemy import event

from rodare_rdm.oaipmh import formats
from rodare_rdm.oaipmh import records as oai_records

from .conftest import oai_id, reindex
from .test_harvest import RICH

REPO = Path(__file__).resolve().parents[3]

RICHER = {
    **RICH,
    "description": "<p>Neutron yields &amp; <b>fluxes</b> at ELBE &lt;2024&gt;</p>",
    "additional_descriptions": [{"description": "Measured at <i>ELBE</i>.", "type": {"id": "methods"}}],
    "creators": [
        {"person_or_org": {"type": "personal", "family_name": "Rossendorf", "given_name": "Rosa",
                           "identifiers": [{"scheme": "orcid", "identifier": "0000-0002-1825-0097"}]},
         "affiliations": [{"id": "01zy2cs03"}, {"name": "TU Dresden"}]},
        {"person_or_org": {"type": "organizational", "name": "ELBE team"}},
    ],
    "subjects": [{"subject": "neutrons"}, {"subject": "Kernphysik"}],
    "languages": [{"id": "eng"}, {"id": "deu"}],
    "rights": [{"id": "cc-by-4.0"},
               {"title": {"en": "Own terms"}, "link": "https://www.hzdr.de/terms"}],
    "identifiers": [{"identifier": "https://www.hzdr.de/db/Cms?pOid=1", "scheme": "url"}],
    "funding": [{"funder": {"id": "01zy2cs03"}},
                {"funder": {"name": "Deutsche Forschungsgemeinschaft"},
                 "award": {"title": {"en": "Neutrons"}, "number": "DFG-123"}}],
    "locations": {"features": [{"geometry": {"type": "Point", "coordinates": [13.95, 51.06]},
                                "place": "Rossendorf", "description": "ELBE hall"}]},
    "formats": ["text/csv", "image/png"],
    "version": "v2",
}
"""Every Dublin Core element a deposit can fill, beside RICH's vocabulary-typed ones."""

CUSTOM = {
    "hzdr:institutes": [{"id": "iim"}, {"id": "hif"}],
    "hzdr:programme": {"id": "matter-mml-dmc"},
    "hzdr:facilities": [{"id": "ibc"}],
    "hzdr:proposals": ["20231234"],
    "hzdr:experiment_period": "2024-03-04/2024-03-08",
    "hzdr:scicat_datasets": ["20.500.12345/abc-def"],
    "hzdr:robis_id": "38012",
    "journal:journal": {"title": "Phys. Rev. C", "volume": "109", "issue": "3", "pages": "034601"},
    "meeting:meeting": {"acronym": "NN2024", "title": "Nucleus-Nucleus", "place": "Whistler",
                        "dates": "2024-08-18/2024-08-23"},
}


@pytest.fixture(scope="module")
def languages(vocabularies):
    """English and German from app_data (the languages a record here names)."""
    entries = yaml.safe_load((REPO / "app_data" / "vocabularies" / "languages.yaml").read_text())
    vocabulary_service.create_type(system_identity, "languages", "lng")
    for entry in entries:
        if entry["id"] in ("eng", "deu"):
            vocabulary_service.create(system_identity, {**entry, "type": "languages"})
    current_search.flush_and_refresh("vocabularies")


@pytest.fixture
def shaped_records(running_app, people, png, level_data, custom_field_mappings, hzdr_vocabularies,
                   export_vocabularies, languages, community):
    """Records of every shape; ``{name: published record}`` (deposited by an administrator,
    who may set the ROBIS id)."""
    owner = people["admin"].identity

    def publish(level, metadata=None, custom=None, pids=None):
        data = level_data(level)
        data["metadata"] = {**data["metadata"], **(metadata or {})}
        data["custom_fields"] = {**data["custom_fields"], **(custom or {})}
        if pids is not None:
            data["pids"] = pids
        draft = records_service.create(owner, data)
        files = records_service.draft_files
        files.init_files(owner, draft.id, [{"key": "image.png"}])
        files.set_file_content(owner, draft.id, "image.png", BytesIO(png(8, 8)))
        files.commit_file(owner, draft.id, "image.png")
        return records_service.publish(owner, draft.id)

    made = {level: publish(level) for level in ("open", "embargoed", "restricted", "closed")}
    made.update({f"rich-{level}": publish(level, RICHER, CUSTOM) for level in ("open", "embargoed", "closed")})
    made["software"] = publish("open", {"resource_type": {"id": "software"}})
    draft = records_service.new_version(owner, made["rich-open"].id).to_dict()
    records_service.update_draft(owner, draft["id"], {
        **draft, "metadata": {**draft["metadata"], "publication_date": "2025-01-01", "version": "v3"}})
    records_service.import_files(owner, draft["id"])
    made["rich-v3"] = records_service.publish(owner, draft["id"])
    member = made["member"] = publish("restricted", RICHER)
    parent = member._record.parent
    parent.communities.add(community._record, default=True)
    parent.commit()
    db.session.commit()
    records_service.indexer.index(member._record)
    reindex()
    return made


def _anonymous():
    identity = AnonymousIdentity()
    identity.provides.add(any_user)
    return identity


def upstream_way(pid, record, **kwargs):
    """oai_dc as it was made: the document loaded into a record, dumped by the service's
    REST schema, and that dumped by the level-aware Dublin Core serializer."""
    item = records_service.oai_result_item(g.identity, record["_source"])
    return simpledc.dump_etree(formats._DUBLINCORE.dump_obj(item.to_dict()))


upstream_way.export = "dublincore"


def _without_doi(source):
    """The document of the same record had DOI registration been off."""
    return {**source, "pids": {k: v for k, v in source["pids"].items() if k != "doi"},
            "parent": {**source["parent"], "pids": {k: v for k, v in source["parent"].get("pids", {}).items()
                                                    if k != "doi"}}}


def test_each_record_alone_and_in_a_page_is_what_upstreams_way_says(app, shaped_records):
    """Every shape, with and without DOI, alone and in one page: the same bytes."""
    with_doi = [oai_records.find(oai_id(r))["_source"] for r in shaped_records.values()]
    assert all("doi" in s["pids"] and "doi" in s["parent"]["pids"] for s in with_doi)
    sources = [*with_doi, *map(_without_doi, with_doi)]
    with app.test_request_context():
        g.identity = _anonymous()
        alone = [(etree.tostring(upstream_way(None, {"_source": s})),
                  etree.tostring(formats.dublincore_etree(None, {"_source": s}))) for s in sources]
        with formats.page("oai_dc", sources):
            in_page = [etree.tostring(formats.dublincore_etree(None, {"_source": s})) for s in sources]
    assert [new for _, new in alone] == [old for old, _ in alone]
    assert in_page == [old for old, _ in alone]
    # The shapes are really there (the comparison above is not of empty records).
    text = b"".join(old for old, _ in alone)
    for expected in (b"info:eu-repo/date/embargoEnd/", b"https://doi.org/10.", b"/communities/rodare",
                     b"https://creativecommons.org/licenses/by/4.0/legalcode", b"https://www.hzdr.de/terms",
                     b"<dc:language>deu</dc:language>", b"Phys. Rev. C, 109(3), 034601",
                     b"NN2024, Nucleus-Nucleus", b"HZDR proposal 20231234", b"2024-03-04/2024-03-08",
                     b"Neutron yields", b"info:eu-repo/semantics/closedAccess",
                     b"info:eu-repo/semantics/restrictedAccess", b"Kernphysik", b"text/csv"):
        assert expected in text, expected


def _without_response_date(data):
    """An answer without what differs between two requests: the response date, the token's
    time stamp and its expiration date."""
    data = re.sub(rb"<responseDate>[^<]*</responseDate>", b"", data)
    data = re.sub(rb'expirationDate="[^"]*"', b"", data)
    return re.sub(rb"(resumptionToken=\"|<resumptionToken[^>]*>)[^\"<]*", rb"\1", data)


@pytest.fixture
def upstream_serializer(app, monkeypatch):
    """Swap oai_dc's serializer for upstream's way (``swap()``), and back at the end."""
    formats_config = app.config["OAISERVER_METADATA_FORMATS"]

    def swap():
        monkeypatch.setitem(formats_config, "oai_dc", {**formats_config["oai_dc"], "serializer": upstream_way})
        serializer.cache_clear()

    yield swap
    serializer.cache_clear()


def test_whole_answers_are_what_upstreams_way_sends(app, shaped_records, upstream_serializer, monkeypatch):
    """ListRecords (pages of three, and a set), GetRecord of every record: the same bytes
    (but the response date) as with upstream's way of dumping."""
    client = app.test_client()
    monkeypatch.setitem(app.config, "OAISERVER_PAGE_SIZE", 3)

    def answers():
        got = []
        for params in ({"metadataPrefix": "oai_dc"}, {"metadataPrefix": "oai_dc", "set": "user-rodare"}):
            while params:
                data = client.get("/oai2d", query_string={"verb": "ListRecords", **params}).data
                got.append(_without_response_date(data))
                token = re.search(rb"<resumptionToken[^>]*>([^<]+)</resumptionToken>", data)
                params = {"resumptionToken": token.group(1).decode()} if token else None
        for record in shaped_records.values():
            got.append(_without_response_date(client.get("/oai2d", query_string={
                "verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": oai_id(record)}).data))
        return got

    ours = answers()
    upstream_serializer()
    theirs = answers()
    assert ours == theirs
    assert sum(a.count(b"<record>") for a in ours) == 2 * len(shaped_records) + 1


def test_an_oai_dc_page_of_every_shape_asks_the_database_as_often_for_nine_records_as_for_two(
        app, shaped_records, monkeypatch):
    """No statement per record: a page of records of every shape (versions, a community,
    vocabularies) costs the database as many statements at nine records as at two."""
    client = app.test_client()
    client.get("/oai2d", query_string={"verb": "ListRecords", "metadataPrefix": "oai_dc"})  # warm caches
    asked = {}
    for size in (2, 9):
        monkeypatch.setitem(app.config, "OAISERVER_PAGE_SIZE", size)
        statements = []

        def count(*args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            answer = client.get("/oai2d", query_string={"verb": "ListRecords", "metadataPrefix": "oai_dc"})
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert answer.data.count(b"<record>") == size
        asked[size] = len(statements)
    assert asked[2] == asked[9], asked

"""Factories for the OAI-PMH tests: a harvester's view of /oai2d, schemas, sets, records.

Records at every access level come from ``site/tests/conftest.py`` (``publish_at_level``).
"""

import os
import re
from pathlib import Path

import invenio_rdm_records
import pytest
from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_rdm_records.proxies import current_oaipmh_server_service
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[3] / "tests" / "schemas"  # README there
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "datacite": "http://datacite.org/schema/kernel-4",
    "oai_datacite": "http://schema.datacite.org/oai/oai-1.1/",
    "marc": "http://www.loc.gov/MARC21/slim",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}


@pytest.fixture(scope="session")
def schemas():
    """XML schemas of the envelope and every payload, resolved offline (catalog.xml)."""
    os.environ["XML_CATALOG_FILES"] = str(SCHEMAS / "oai-pmh" / "catalog.xml")

    def load(*path):
        return etree.XMLSchema(etree.parse(str(SCHEMAS.joinpath(*path))))

    return {
        "envelope": load("oai-pmh", "all.xsd"),
        "oai_dc": load("oai-pmh", "oai_dc.xsd"),
        "datacite": load("datacite", "kernel-4.5", "metadata.xsd"),
        "oai_datacite": load("datacite", "oai_datacite-1.1.xsd"),
        "oai-identifier": load("oai-pmh", "oai-identifier.xsd"),
    }


def assert_valid(schema, tree):
    """Validate with the schema's own error messages on failure."""
    assert schema.validate(tree), schema.error_log.filter_from_errors()


@pytest.fixture
def oai(app, schemas):
    """Ask /oai2d as a harvester does (GET, or POST with ``method="POST"``).

    Checks what holds for every answer: HTTP 200, XML, valid against the OAI-PMH schema.
    Returns the parsed document.
    """
    client = app.test_client()

    def _ask(method="GET", raw=None, **params):
        if method == "POST":
            response = client.post("/oai2d", data=raw if raw is not None else params,
                                   content_type="application/x-www-form-urlencoded")
        else:
            response = client.get("/oai2d" + (f"?{raw}" if raw is not None else ""),
                                  query_string=None if raw is not None else params)
        assert response.status_code == 200, response.get_data(as_text=True)[:2000]
        assert response.mimetype == "text/xml"
        tree = etree.fromstring(response.data)
        assert_valid(schemas["envelope"], tree)
        return tree

    return _ask


def error_code(tree):
    """The code of an answer's error, or None."""
    element = tree.find("oai:error", NS)
    return None if element is None else element.get("code")


def identifiers(tree):
    """{identifier: header element} of every header in an answer."""
    return {h.findtext("oai:identifier", namespaces=NS): h for h in tree.iter(f"{{{NS['oai']}}}header")}


def oai_id(record):
    """The OAI identifier of a published record (service result or record)."""
    return f"oai:rodare.hzdr.de:{record.id if hasattr(record, 'id') else record['id']}"


FILE_LINK = re.compile(r"[^\s\"'<>]*(?:/files/|/iiif/|files-archive)[^\s\"'<>]*")
"""A URL that opens a record's files: a file download, an IIIF image or manifest, an archive."""


def file_links(tree):
    """Every file, IIIF or archive URL in an element (attributes and text alike)."""
    return set(FILE_LINK.findall(etree.tostring(tree, encoding="unicode")))


def token_of(tree):
    """The resumptionToken element of a list answer, or None."""
    return tree.find(".//oai:resumptionToken", NS)


@pytest.fixture
def community(running_app, people):
    """The public community ``rodare`` (B2FIND harvests its set ``user-rodare``)."""
    return current_communities.service.create(
        people["community-owner"].identity,
        {"access": {"visibility": "public"}, "slug": "rodare",
         "metadata": {"title": "Rossendorf Data Repository"}},
    )


@pytest.fixture
def openaire_data(running_app, db):
    """The ``openaire_data`` set of app_data/oai_sets.yaml."""
    import yaml

    path = Path(__file__).resolve().parents[3] / "app_data" / "oai_sets.yaml"
    for entry in yaml.safe_load(path.read_text()):
        current_oaipmh_server_service.create(system_identity, entry)


@pytest.fixture
def oai_set(running_app, db):
    """A factory for custom OAI sets, created through the OAI-PMH set service."""

    def _oai_set(spec, search_pattern):
        return current_oaipmh_server_service.create(
            system_identity,
            {"spec": spec, "name": spec, "search_pattern": search_pattern},
        )

    return _oai_set


def reindex():
    """Let the bulk queue (parent commits) reach the index, then refresh."""
    records_service.indexer.process_bulk_queue()
    records_service.indexer.refresh()


UPSTREAM_VOCABULARIES = Path(invenio_rdm_records.__file__).parent / "fixtures" / "data" / "vocabularies"
"""invenio-rdm-records' own vocabulary fixtures (what ``invenio rdm-records fixtures`` loads)."""


@pytest.fixture(scope="module")
def export_vocabularies(vocabularies):
    """Upstream's relation, date, description and title types, contributor roles and two more
    resource types: what a rich record's DataCite and Dublin Core read from vocabularies."""
    import yaml
    from invenio_search import current_search
    from invenio_vocabularies.proxies import current_service as vocabulary_service

    def entries(name, ids=None):
        loaded = yaml.safe_load((UPSTREAM_VOCABULARIES / name).read_text())
        return [e for e in loaded if ids is None or e["id"] in ids]

    for type_id, pid_type, name in (("relationtypes", "rlt", "relation_types.yaml"),
                                    ("datetypes", "dat", "date_types.yaml"),
                                    ("descriptiontypes", "dty", "description_types.yaml"),
                                    ("titletypes", "ttyp", "title_types.yaml"),
                                    ("contributorsroles", "cor", "roles.yaml")):
        vocabulary_service.create_type(system_identity, type_id, pid_type)
        for entry in entries(name):
            vocabulary_service.create(system_identity, {**entry, "type": type_id})
    for entry in entries("resource_types.yaml", {"publication-article", "software"}):
        vocabulary_service.create(system_identity, {**entry, "type": "resourcetypes"})
    current_search.flush_and_refresh("vocabularies")

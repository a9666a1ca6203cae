"""The DataCite XML export validates against the official kernel-4.5 XSD, for a rich record."""

from pathlib import Path

import pytest
from invenio_access.permissions import system_identity
from invenio_records_resources.proxies import current_service_registry
from invenio_vocabularies.proxies import current_service as vocabulary_service
from lxml import etree

XSD = Path(__file__).resolve().parents[3] / "tests" / "schemas" / "datacite" / "kernel-4.5" / "metadata.xsd"


@pytest.fixture(scope="module")
def kernel45():
    """The official DataCite 4.5 schema (tests/schemas)."""
    return etree.XMLSchema(etree.parse(str(XSD)))


def test_datacite_xml_export_is_schema_valid(app, publish, kernel45, dois_of, datacite):
    """Creators with ORCID and ROR affiliation, funding, subjects, related ids, versions."""
    vocabulary_service.create_type(system_identity, "relationtypes", "rlt")
    vocabulary_service.create(system_identity, {
        "id": "isidenticalto", "type": "relationtypes", "title": {"en": "Is identical to"},
        "props": {"datacite": "IsIdenticalTo"}})
    registry = current_service_registry
    registry.get("affiliations").create(system_identity, {
        "id": "01zy2cs03", "name": "Helmholtz-Zentrum Dresden-Rossendorf", "acronym": "HZDR",
        "identifiers": [{"scheme": "ror", "identifier": "01zy2cs03"}]})
    registry.get("funders").create(system_identity, {
        "id": "0281dp749", "name": "Helmholtz Association", "country": "DE",
        "identifiers": [{"scheme": "ror", "identifier": "0281dp749"}]})
    record = publish(
        creators=[{
            "person_or_org": {"type": "personal", "family_name": "Rossendorf", "given_name": "Rosa",
                              "identifiers": [{"scheme": "orcid", "identifier": "0000-0002-1825-0097"}]},
            "affiliations": [{"id": "01zy2cs03"}],
        }],
        subjects=[{"subject": "Plasma physics"}],
        related_identifiers=[{"identifier": "https://www.hzdr.de/publications/Publ-27151",
                              "scheme": "url", "relation_type": {"id": "isidenticalto"}}],
        funding=[{"funder": {"id": "0281dp749"},
                  "award": {"title": {"en": "Matter and Technologies"}, "number": "PoF IV"}}],
        description="Data from the ELBE beamline.",
    )
    version_doi, concept_doi = dois_of(record)
    registered = datacite.doi(version_doi)  # the same metadata passed DataCite's JSON schema
    assert registered["state"] == "findable"
    assert registered["creators"][0]["affiliation"][0]["affiliationIdentifier"] == "https://ror.org/01zy2cs03"
    response = app.test_client().get(f"/records/{record.id}/export/datacite-xml")
    assert response.status_code == 200
    document = etree.fromstring(response.data)
    kernel45.assertValid(document)
    ns = {"d": "http://datacite.org/schema/kernel-4"}
    assert document.findtext("d:identifier", namespaces=ns) == version_doi
    publisher = document.find("d:publisher", namespaces=ns)
    assert publisher.get("publisherIdentifier") == "https://ror.org/01zy2cs03"
    assert document.find(".//d:nameIdentifier[@nameIdentifierScheme='ORCID']", namespaces=ns) is not None
    assert document.findtext(".//d:relatedIdentifier[@relationType='IsVersionOf']", namespaces=ns) == concept_doi
    assert document.findtext(".//d:fundingReference/d:funderName", namespaces=ns) == "Helmholtz Association"
    assert document.find(".//d:affiliation[@affiliationIdentifierScheme='ROR']", namespaces=ns) is not None
    assert document.findtext(".//d:subject", namespaces=ns) == "Plasma physics"

"""Posters and presentations get DOIs: DataCite knows no general type Poster or Presentation."""

import pytest
from invenio_access.permissions import system_identity
from invenio_vocabularies.proxies import current_service as vocabulary_service
from lxml import etree

from test_datacite_xml import XSD

POSTER = {
    # as invenio-rdm-records' resource type vocabulary has it
    "id": "poster", "type": "resourcetypes", "title": {"en": "Poster"},
    "props": {"csl": "speech", "datacite_general": "Poster", "datacite_type": "Poster",
              "openaire_resourceType": "0004", "openaire_type": "publication",
              "eurepo": "info:eu-repo/semantics/conferencePoster",
              "schema.org": "https://schema.org/CreativeWork", "subtype": "", "type": "poster"},
    "tags": ["depositable", "linkable"],
}


@pytest.fixture(scope="module")
def poster_type(app, vocabularies):
    """Upstream's poster resource type, with its general type Poster; a relation type."""
    vocabulary_service.create(system_identity, POSTER)
    vocabulary_service.create_type(system_identity, "relationtypes", "rlt")
    vocabulary_service.create(system_identity, {
        "id": "cites", "type": "relationtypes", "title": {"en": "Cites"},
        "props": {"datacite": "Cites"}})
    vocabulary_service.indexer.refresh()


def test_poster_is_registered_as_text_with_its_specific_type(app, publish, dois_of, datacite,
                                                             poster_type):
    """The DOI is findable at DataCite (which refuses Poster) with Text/Poster; the XML is valid."""
    record = publish(resource_type={"id": "poster"}, related_identifiers=[{
        "identifier": "10.14278/rodare.1", "scheme": "doi",
        "relation_type": {"id": "cites"}, "resource_type": {"id": "poster"}}])
    version_doi, concept_doi = dois_of(record)
    for doi in (version_doi, concept_doi):
        registered = datacite.doi(doi)
        assert registered["state"] == "findable"
        assert registered["types"]["resourceTypeGeneral"] == "Text"
        assert registered["types"]["resourceType"] == "Poster"
    related = datacite.doi(version_doi)["relatedIdentifiers"]
    assert [r["resourceTypeGeneral"] for r in related if r["relatedIdentifier"] == "10.14278/rodare.1"] == ["Text"]

    response = app.test_client().get(f"/records/{record.id}/export/datacite-xml")
    document = etree.fromstring(response.data)
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(document)
    resource_type = document.find("{http://datacite.org/schema/kernel-4}resourceType")
    assert (resource_type.get("resourceTypeGeneral"), resource_type.text) == ("Text", "Poster")


def test_dataset_keeps_its_general_type(app, publish, dois_of, datacite):
    """A general type DataCite knows is passed on unchanged (the positive control)."""
    record = publish()
    version_doi, _concept = dois_of(record)
    assert datacite.doi(version_doi)["types"]["resourceTypeGeneral"] == "Dataset"

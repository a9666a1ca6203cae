"""Concept and version DOIs at the local DataCite, over real HTTP, through a record's life.

| step                  | DataCite afterwards                                             |
|-----------------------|-----------------------------------------------------------------|
| first publish         | both DOIs findable, URLs of the landing pages, full metadata    |
| new version           | a new version DOI; the concept lists every version (HasVersion) |
| metadata edit         | same DOIs, new metadata, nothing new registered                 |
| deletion (admin)      | both DOIs hidden (state registered, not findable)               |
"""

from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from rodare_rdm.doi.models import DOIState


def _related(attributes, relation):
    return sorted(r["relatedIdentifier"] for r in attributes.get("relatedIdentifiers", [])
                  if r["relationType"] == relation)


def test_first_publish_registers_concept_and_version_doi(app, publish, datacite, db, dois_of):
    """Two findable DOIs {prefix}/rodare.{id}: the version's and the concept's, integer ids."""
    record = publish()
    recid, concept_id = record.id, record.to_dict()["parent"]["id"]
    assert recid.isdigit() and concept_id.isdigit()
    assert int(recid) > app.config["RODARE_DOI_RECID_FLOOR"]
    assert int(concept_id) > app.config["RODARE_DOI_RECID_FLOOR"]
    version_doi, concept_doi = dois_of(record)
    assert version_doi == f"10.5072/rodare.{recid}"
    assert concept_doi == f"10.5072/rodare.{concept_id}"

    version, concept = datacite.doi(version_doi), datacite.doi(concept_doi)
    assert version["state"] == concept["state"] == "findable"
    # upstream's DOI landing URLs; they redirect to the version / the newest version
    assert version["url"] == f"https://127.0.0.1:5000/doi/{version_doi}"
    assert concept["url"] == f"https://127.0.0.1:5000/doi/{concept_doi}"
    assert version["titles"] == [{"title": "Beamline data from ELBE"}]
    assert version["publisher"] == {
        "name": "Helmholtz-Zentrum Dresden-Rossendorf",
        "publisherIdentifier": "https://ror.org/01zy2cs03",
        "publisherIdentifierScheme": "ROR", "schemeUri": "https://ror.org/"}
    assert version["types"]["resourceTypeGeneral"] == "Dataset"
    assert _related(version, "IsVersionOf") == [concept_doi]
    assert _related(concept, "HasVersion") == [version_doi]
    assert {r.doi: r.status for r in DOIState.query.filter(
        DOIState.doi.in_([version_doi, concept_doi]))} == {
        version_doi: "registered", concept_doi: "registered"}


def test_new_version_gets_its_doi_and_the_concept_lists_all(publish, people, datacite, dois_of):
    """Version 2: its own DOI; concept metadata from v2 listing both; v1 <-> v2 linked."""
    owner = people["owner"].identity
    first = publish()
    draft = records_service.new_version(owner, first.id)
    records_service.update_draft(owner, draft.id, {
        **draft.to_dict(), "metadata": {**draft.to_dict()["metadata"],
                                        "title": "Beamline data from ELBE, v2",
                                        "publication_date": "2024-06-01"}})
    second = records_service.publish(owner, draft.id)

    v1, concept_doi = dois_of(first)
    v2, concept_doi_2 = dois_of(second)
    assert concept_doi_2 == concept_doi and v2 != v1 and v2 == f"10.5072/rodare.{second.id}"
    concept = datacite.doi(concept_doi)
    assert concept["titles"] == [{"title": "Beamline data from ELBE, v2"}]
    assert _related(concept, "HasVersion") == sorted([v1, v2])
    newer, older = datacite.doi(v2), datacite.doi(v1)
    assert newer["state"] == "findable"
    assert _related(newer, "IsVersionOf") == [concept_doi]
    assert _related(newer, "IsNewVersionOf") == [v1]
    assert _related(older, "IsPreviousVersionOf") == [v2]


def test_metadata_edit_updates_without_a_new_doi(publish, people, datacite, dois_of):
    """Edit + publish: the same DOIs carry the new title; no DOI was created."""
    owner = people["owner"].identity
    record = publish()
    version_doi, concept_doi = dois_of(record)
    before = len(datacite.requests())
    draft = records_service.edit(owner, record.id)
    records_service.update_draft(owner, draft.id, {
        **draft.to_dict(), "metadata": {**draft.to_dict()["metadata"], "title": "Corrected title"}})
    edited = records_service.publish(owner, draft.id)

    assert dois_of(edited) == (version_doi, concept_doi)
    assert datacite.doi(version_doi)["titles"] == [{"title": "Corrected title"}]
    assert datacite.doi(concept_doi)["titles"] == [{"title": "Corrected title"}]
    new_requests = datacite.requests()[before:]
    assert new_requests and all(r["method"] == "PUT" for r in new_requests)


def test_deletion_hides_both_dois(publish, datacite, db, dois_of, delete_record):
    """An administrator deletes the record: both DOIs leave DataCite's search (hidden)."""
    record = publish()
    version_doi, concept_doi = dois_of(record)
    delete_record(record.id)

    assert datacite.doi(version_doi)["state"] == "registered"
    assert datacite.doi(concept_doi)["state"] == "registered"
    assert db.session.get(DOIState, version_doi).status == "hidden"
    assert db.session.get(DOIState, concept_doi).status == "hidden"


def test_an_id_taken_out_of_turn_above_the_floor_is_never_handed_out_again(app, publish, db):
    """A migrated id above RODARE_DOI_RECID_FLOOR moves the sequence: new deposits go on above it."""
    from rodare_rdm.doi.records import assigned_ids

    taken = app.config["RODARE_DOI_RECID_FLOOR"] + 5000
    with assigned_ids(record=taken, concept=taken - 1):
        migrated = publish()
    assert migrated.id == str(taken)
    assert migrated.to_dict()["parent"]["id"] == str(taken - 1)
    after = publish()
    assert int(after.to_dict()["parent"]["id"]) > taken
    assert int(after.id) > taken

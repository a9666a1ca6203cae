"""The legacy fields with a home in InvenioRDM (issue 22): dates, language, subjects,
references, locations and the journal/conference/thesis/imprint fields, both ways; bad values
refused with their field. Pure: no app, no database."""

from datetime import date

import pytest

from rodare_rdm.legacy.mapping import LegacyValidationError, merge, to_legacy, to_rdm

LANGUAGES = {"deu", "eng", "pol", "ell", "jpn"}

HOMES = {
    "upload_type": "publication",
    "publication_type": "thesis",
    "title": "Dissertation über Flüssigmetall",
    "keywords": ["Strömung"],
    "dates": [{"start": "2019-03-01", "end": "2019-08-31", "type": "Collected",
               "description": "Messkampagne am Rossendorfer Ring"},
              {"start": "2020-01-01", "end": "2020-01-01", "type": "Valid"}],
    "language": "ger",
    "subjects": [{"term": "Magnetohydrodynamik"}, {"term": "Flüssigmetall"}],
    "references": ["Müller, A. (2018). Strömungen in Galinstan. Phys. Fluids 30, 1."],
    "locations": [{"lat": 51.06, "lon": 13.95, "place": "Dresden-Rossendorf",
                   "description": "Gebäude 801, Halle Süd"},
                  {"place": "Łódź"}],
    "journal_title": "Zeitschrift für Strömungsmechanik", "journal_volume": "12",
    "journal_issue": "3", "journal_pages": "101–120",
    "conference_title": "Tagung Magnetofluiddynamik", "conference_acronym": "MFD",
    "conference_dates": "3.–5. Mai 2019", "conference_place": "Görlitz",
    "conference_url": "https://mfd.example.org/2019", "conference_session": "II",
    "conference_session_part": "1",
    "thesis_university": "Technische Universität Dresden",
    "thesis_supervisors": [{"name": "Schäfer, Peter", "affiliation": "HZDR"}],
    "imprint_isbn": "978-3-16-148410-0",
    "imprint_place": "Köln", "partof_title": "Beiträge zur Strömungslehre", "partof_pages": "7–19",
}


def _rdm(metadata):
    return to_rdm(metadata, today=date(2026, 1, 2),
                  resolve_language=lambda code: code if code in LANGUAGES else None)


def test_each_field_has_its_home():
    mapped = _rdm(HOMES)
    metadata, custom = mapped.draft["metadata"], mapped.draft["custom_fields"]
    assert metadata["dates"] == [
        {"date": "2019-03-01/2019-08-31", "type": {"id": "collected"},
         "description": "Messkampagne am Rossendorfer Ring"},
        {"date": "2020-01-01", "type": {"id": "valid"}}]
    assert metadata["languages"] == [{"id": "deu"}]
    assert metadata["subjects"] == [
        {"subject": "Strömung"}, {"subject": "Magnetohydrodynamik"}, {"subject": "Flüssigmetall"}]
    assert metadata["references"] == [
        {"reference": "Müller, A. (2018). Strömungen in Galinstan. Phys. Fluids 30, 1."}]
    assert metadata["locations"] == {"features": [
        {"geometry": {"type": "Point", "coordinates": [13.95, 51.06]},
         "place": "Dresden-Rossendorf", "description": "Gebäude 801, Halle Süd"},
        {"place": "Łódź"}]}
    assert "publisher" not in metadata
    assert metadata["contributors"] == [{
        "person_or_org": {"type": "personal", "family_name": "Schäfer", "given_name": "Peter"},
        "affiliations": [{"name": "HZDR"}], "role": {"id": "supervisor"}}]
    assert custom["journal:journal"] == {"title": "Zeitschrift für Strömungsmechanik", "volume": "12",
                                         "issue": "3", "pages": "101–120"}
    assert custom["meeting:meeting"] == {
        "title": "Tagung Magnetofluiddynamik", "acronym": "MFD", "dates": "3.–5. Mai 2019",
        "place": "Görlitz", "url": "https://mfd.example.org/2019", "session": "II", "session_part": "1"}
    assert custom["thesis:thesis"] == {"university": "Technische Universität Dresden"}
    assert custom["imprint:imprint"] == {"title": "Beiträge zur Strömungslehre", "pages": "7–19",
                                         "isbn": "978-3-16-148410-0", "place": "Köln"}


def test_round_trip_of_the_homes():
    """legacy → RDM → legacy → RDM: the same RDM data (supervisors come back as contributors
    of type Supervisor, ``ger`` as ``deu``, subjects as keywords)."""
    first = _rdm(HOMES)
    back = to_legacy(first.draft)
    assert back["language"] == "deu"
    assert back["contributors"][0]["type"] == "Supervisor"
    assert back["dates"][1] == {"start": "2020-01-01", "end": "2020-01-01", "type": "Valid"}
    assert back["locations"][0]["lat"] == 51.06 and back["journal_title"] == HOMES["journal_title"]
    assert _rdm(back).draft == first.draft


def test_the_imprint_publisher_has_no_home():
    """It would become the DOI's publisher, which stays the repository."""
    with pytest.raises(LegacyValidationError) as error:
        _rdm({"imprint_publisher": "Verlag Größe & Söhne"})
    assert [e["field"] for e in error.value.errors] == ["metadata.imprint_publisher"]


@pytest.mark.parametrize("dates, value", [
    ([{"start": "2019-01-01", "type": "Collected"}], "2019-01-01"),
    ([{"end": "2019-01-01", "type": "withdrawn"}], "2019-01-01"),
])
def test_a_one_sided_range_keeps_its_date(dates, value):
    assert _rdm({"dates": dates}).draft["metadata"]["dates"][0]["date"] == value


@pytest.mark.parametrize("metadata, field", [
    ({"language": "xx"}, "metadata.language"),
    ({"language": "klingon"}, "metadata.language"),
    ({"language": "tlh"}, "metadata.language"),
    ({"language": ["deu"]}, "metadata.language"),
    ({"dates": [{"start": "31.12.2019", "type": "Collected"}]}, "metadata.dates.0.start"),
    ({"dates": [{"start": "2019-02-01", "end": "2019-01-01", "type": "Valid"}]}, "metadata.dates.0.end"),
    ({"dates": [{"start": "2019-02-01", "type": "Birthday"}]}, "metadata.dates.0.type"),
    ({"dates": [{"start": "2019-02-01"}]}, "metadata.dates.0.type"),
    ({"dates": [{"type": "Valid"}]}, "metadata.dates.0.start"),
    ({"dates": [{"start": "2019-02-01", "type": "Valid", "colour": "red"}]}, "metadata.dates.0.colour"),
    ({"subjects": [{"identifier": "4037100-8", "scheme": "gnd"}]}, "metadata.subjects.0.term"),
    ({"subjects": [{"term": "x", "identifier": "4037100-8", "scheme": "gnd"}]},
     "metadata.subjects.0.identifier"),
    ({"subjects": [{"term": "x", "identifier": "4037100-8", "scheme": "gnd"}]},
     "metadata.subjects.0.scheme"),
    ({"references": ["ok", 3]}, "metadata.references.1"),
    ({"locations": [{"lat": 91, "lon": 0, "place": "x"}]}, "metadata.locations.0.lat"),
    ({"locations": [{"lat": 51.0, "place": "x"}]}, "metadata.locations.0.lon"),
    ({"locations": [{"lat": "51", "lon": "13"}]}, "metadata.locations.0.lat"),
    ({"locations": [{}]}, "metadata.locations.0.place"),
    ({"imprint_isbn": "12345"}, "metadata.imprint_isbn"),
    ({"conference_url": "javascript:alert(1)"}, "metadata.conference_url"),
    ({"journal_title": 7}, "metadata.journal_title"),
    ({"thesis_supervisors": [{"affiliation": "HZDR"}]}, "metadata.thesis_supervisors.0.name"),
])
def test_bad_values_refused_with_their_field(metadata, field):
    with pytest.raises(LegacyValidationError) as error:
        _rdm(metadata)
    assert field in [e["field"] for e in error.value.errors]


def test_a_put_replaces_what_it_carries_and_keeps_the_rest():
    existing = {"metadata": {"title": "old", "languages": [{"id": "eng"}],
                             "dates": [{"date": "2001", "type": {"id": "created"}}]},
                "custom_fields": {"journal:journal": {"title": "Old Journal"},
                                  "thesis:thesis": {"university": "TU Dresden"}}}
    merged = merge(existing, _rdm({"title": "new", "language": "pol",
                                   "journal_title": "Nowy Dziennik Łódzki"}))
    assert merged["metadata"]["languages"] == [{"id": "pol"}]
    assert merged["metadata"]["dates"] == existing["metadata"]["dates"]
    assert merged["custom_fields"]["journal:journal"] == {"title": "Nowy Dziennik Łódzki"}
    assert merged["custom_fields"]["thesis:thesis"] == {"university": "TU Dresden"}


@pytest.mark.parametrize("draft, left_out", [
    ({"metadata": {"dates": [{"date": "2019", "type": {"id": "created"}}]}}, "dates"),
    ({"metadata": {"languages": [{"id": "deu"}, {"id": "eng"}]}}, "language"),
    ({"metadata": {"references": [{"reference": "R", "identifier": "10.1/x", "scheme": "doi"}]}},
     "references"),
    ({"metadata": {"locations": {"features": [{"identifiers": [{"scheme": "geonames", "identifier": "1"}],
                                               "place": "Dresden"}]}}}, "locations"),
    ({"custom_fields": {"journal:journal": {"title": "J", "issn": "0378-5955"}}}, "journal_title"),
    ({"custom_fields": {"thesis:thesis": {"university": "TU", "department": "Physik"}}},
     "thesis_university"),
])
def test_what_legacy_cannot_say_whole_is_left_out_and_kept_on_put(draft, left_out):
    """A client that reads and sends back must not lose the part legacy has no field for."""
    assert left_out not in to_legacy(draft)
    merged = merge(draft, _rdm(to_legacy(draft)))
    assert merged["metadata"] == {**draft.get("metadata", {}), **merged["metadata"]}
    for name, value in (draft.get("custom_fields") or {}).items():
        assert merged["custom_fields"][name] == value
    for name, value in (draft.get("metadata") or {}).items():
        assert merged["metadata"][name] == value

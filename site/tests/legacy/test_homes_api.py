"""The legacy fields with a home in InvenioRDM through the deposit API (issue 22): a HERMES
or script deposition carrying them publishes, the legacy JSON gives them back, and a bad value
is a 400 naming its field."""

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

HOMES = {
    "upload_type": "publication", "publication_type": "thesis",
    "language": "ger",
    "dates": [{"start": "2019-03-01", "end": "2019-08-31", "type": "Collected",
               "description": "Messkampagne, Größe 3 µm"}],
    "references": ["Kowalski, J.: Pomiary w Łodzi. Fiz. 12 (2019)."],
    "locations": [{"lat": 51.0626, "lon": 13.9495, "place": "Dresden-Rossendorf",
                   "description": "Gebäude 801"}],
    "journal_title": "Zeitschrift für Strömungsmechanik", "journal_volume": "12",
    "conference_title": "Frühjahrstagung", "conference_url": "https://dpg.example.org/2019",
    "thesis_university": "Technische Universität Dresden",
    "thesis_supervisors": [{"name": "Schäfer, Peter", "affiliation": "HZDR"}],
    "partof_title": "Jahrbuch für Strahlenphysik", "imprint_isbn": "978-3-16-148410-0",
}


def test_a_deposition_with_the_homes_publishes_and_reads_back(owner_api, metadata):
    record = owner_api.published({**metadata, **HOMES})
    back = record["metadata"]
    assert back["language"] == "deu"
    assert back["dates"] == [{**HOMES["dates"][0]}]
    assert back["references"] == HOMES["references"]
    assert back["locations"] == HOMES["locations"]
    assert (back["journal_title"], back["conference_url"], back["thesis_university"],
            back["partof_title"]) == (HOMES["journal_title"], HOMES["conference_url"],
                                      HOMES["thesis_university"], HOMES["partof_title"])
    assert {"name": "Schäfer, Peter", "affiliation": "HZDR", "type": "Supervisor"} in back["contributors"]
    rdm = records_service.read(system_identity, str(record["id"])).to_dict()
    assert rdm["metadata"]["languages"][0]["id"] == "deu"
    assert rdm["metadata"]["dates"][0]["date"] == "2019-03-01/2019-08-31"
    assert rdm["custom_fields"]["journal:journal"] == {"title": HOMES["journal_title"], "volume": "12"}
    assert rdm["custom_fields"]["imprint:imprint"] == {"title": HOMES["partof_title"],
                                                       "isbn": "978-3-16-148410-0"}


@pytest.mark.parametrize("field, value, error", [
    ("language", "tlh", "metadata.language"),
    ("dates", [{"start": "31.12.2018", "type": "Collected"}], "metadata.dates.0.start"),
    ("locations", [{"lat": 95, "lon": 13, "place": "x"}], "metadata.locations.0.lat"),
    ("imprint_isbn", "123", "metadata.imprint_isbn"),
    ("conference_url", "javascript:alert(1)", "metadata.conference_url"),
    ("imprint_publisher", "Verlag", "metadata.imprint_publisher"),
    ("subjects", [{"term": "Plasma", "identifier": "4046249-7", "scheme": "gnd"}],
     "metadata.subjects.0.identifier"),
])
def test_a_bad_value_is_a_400_naming_its_field(owner_api, metadata, field, value, error):
    res = owner_api.post("/api/deposit/depositions", json={"metadata": {**metadata, field: value}})
    assert res.status_code == 400, res.json
    assert error in [e["field"] for e in res.json["errors"]]


def test_a_put_replaces_what_it_carries_and_keeps_the_rest(owner_api, metadata):
    dep = owner_api.create({**metadata, "language": "deu", "journal_title": "Zeitschrift für Physik"})
    res = owner_api.put(dep["links"]["self"], json={"metadata": {**metadata, "language": "pol"}})
    assert res.status_code == 200, res.json
    assert res.json["metadata"]["language"] == "pol"
    assert res.json["metadata"]["journal_title"] == "Zeitschrift für Physik"


def test_the_landing_page_shows_them_escaped(owner_api, metadata):
    """Upstream's details sidebar shows journal, thesis, conference and languages; what a
    depositor wrote is text there, never markup."""
    hostile = "<script>alert(1)</script>Zeitschrift für Physik"
    record = owner_api.published({**metadata, **HOMES, "journal_title": hostile})
    page = owner_api.client.get(f"/records/{record['id']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "Zeitschrift für Physik" in html and "Technische Universität Dresden" in html
    assert "Frühjahrstagung" in html

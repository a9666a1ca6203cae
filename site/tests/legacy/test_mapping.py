"""The two-way mapping (``rodare_rdm.legacy.mapping``) on its own: no app, no database, as the
migration (issue 22) will call it."""

from datetime import date

import pytest

from rodare_rdm.legacy.mapping import LegacyValidationError, merge, to_legacy, to_rdm

FULL = {
    "upload_type": "publication",
    "publication_type": "thesis",
    "title": "A thesis",
    "creators": [{"name": "Rossendorf, Rosa", "affiliation": "HZDR", "orcid": "0000-0002-1825-0097"},
                 {"name": "ELBE team"}],
    "contributors": [{"name": "Curie, Marie", "type": "Supervisor", "gnd": "118677764"}],
    "description": "<p>Abstract</p>",
    "publication_date": "2024-05-13",
    "access_right": "restricted",
    "access_conditions": "<p>HZDR collaborators only</p>",
    "license": "cc-by-4.0",
    "keywords": ["plasma", "laser"],
    "related_identifiers": [
        {"identifier": "10.1234/abc", "relation": "isSupplementTo", "scheme": "doi"},
        {"identifier": "https://example.org/data", "relation": "references", "resource_type": "dataset",
         "scheme": "url"},
        {"identifier": "10.1234/alt", "relation": "isAlternateIdentifier", "scheme": "doi"},
        {"identifier": "https://www.hzdr.de/publications/Publ-27151", "relation": "isIdenticalTo",
         "scheme": "url"},
    ],
    "communities": [{"identifier": "rodare"}],
    "version": "2.0",
    "notes": "Measured at ELBE.",
    "grants": [{"id": "10.13039/501100001656::VH-NG-1234"}],
    "pub_id": "27151",
}

FUNDERS = {"10.13039/501100001656": "0281dp749"}


def _rdm(metadata, **kw):
    return to_rdm(metadata, resolve_funder=FUNDERS.get, today=date(2026, 1, 2), **kw)


def _stored(mapped):
    """The draft as the service would hold it after the ROBIS id was attached."""
    draft = mapped.draft
    return {**draft, "custom_fields": {**draft["custom_fields"], "hzdr:robis_id": mapped.pub_id}}


def test_every_field_maps_onto_rdm():
    mapped = _rdm(FULL)
    metadata = mapped.draft["metadata"]
    assert metadata["resource_type"] == {"id": "publication-dissertation"}
    assert metadata["creators"][0] == {
        "person_or_org": {"type": "personal", "family_name": "Rossendorf", "given_name": "Rosa",
                          "identifiers": [{"scheme": "orcid", "identifier": "0000-0002-1825-0097"}]},
        "affiliations": [{"name": "HZDR"}]}
    assert metadata["contributors"][0]["role"] == {"id": "supervisor"}
    assert metadata["rights"] == [{"id": "cc-by-4.0"}]
    assert metadata["subjects"] == [{"subject": "plasma"}, {"subject": "laser"}]
    assert metadata["related_identifiers"][0] == {
        "identifier": "10.1234/abc", "scheme": "doi", "relation_type": {"id": "issupplementto"}}
    assert metadata["identifiers"] == [{"identifier": "10.1234/alt", "scheme": "doi"}]
    assert metadata["additional_descriptions"] == [{"description": "Measured at ELBE.",
                                                    "type": {"id": "other"}}]
    assert metadata["funding"] == [{"funder": {"id": "0281dp749"},
                                    "award": {"number": "VH-NG-1234", "title": {"en": "VH-NG-1234"}}}]
    assert mapped.draft["custom_fields"] == {"rodare:access_level": "restricted",
                                             "rodare:access_conditions": "<p>HZDR collaborators only</p>"}
    assert mapped.draft["access"] == {"record": "public", "files": "restricted",
                                      "embargo": {"active": False}}
    assert (mapped.communities, mapped.pub_id) == (["rodare"], "27151")


def test_round_trip():
    """legacy → RDM → legacy → RDM gives the same RDM data: nothing lost on the way."""
    first = _rdm(FULL)
    back = to_legacy(_stored(first), communities=first.communities,
                     funder_doi={v: k for k, v in FUNDERS.items()}.get)
    assert back["pub_id"] == "27151" and back["publication_type"] == "thesis"
    second = _rdm(back)
    assert second.draft == first.draft
    assert (second.communities, second.pub_id) == (first.communities, first.pub_id)


@pytest.mark.parametrize("right, files, embargo, extra", [
    ("open", "public", {"active": False}, {}),
    ("embargoed", "restricted", {"active": True, "until": "2031-01-01"}, {"embargo_date": "2031-01-01"}),
    ("restricted", "restricted", {"active": False}, {"access_conditions": "On request"}),
    ("closed", "restricted", {"active": False}, {}),
])
def test_each_access_right(right, files, embargo, extra):
    mapped = _rdm({"access_right": right, **extra})
    assert mapped.draft["custom_fields"]["rodare:access_level"] == right
    assert mapped.draft["access"] == {"record": "public", "files": files, "embargo": embargo}
    assert to_legacy(mapped.draft)["access_right"] == right
    assert {k: to_legacy(mapped.draft)[k] for k in extra} == extra


@pytest.mark.parametrize("right, licence", [("open", "cc-by-4.0"), ("embargoed", "cc-by-4.0"),
                                            ("restricted", None), ("closed", None)])
def test_default_licence_as_legacy_zenodo(right, licence):
    extra = {"embargo_date": "2031-01-01"} if right == "embargoed" else {}
    rights = _rdm({"access_right": right, **extra}).draft["metadata"].get("rights")
    assert rights == ([{"id": licence}] if licence else None)
    assert _rdm({"upload_type": "dataset"}).draft["metadata"]["rights"] == [{"id": "cc0-1.0"}]


@pytest.mark.parametrize("metadata, field", [
    ({"colour": "blue"}, "metadata.colour"),
    ({"title": 5}, "metadata.title"),
    ({"creators": "Rosa"}, "metadata.creators"),
    ({"creators": [{"name": "A", "email": "a@hzdr.de"}]}, "metadata.creators.0.email"),
    ({"creators": [{"affiliation": "HZDR"}]}, "metadata.creators.0.name"),
    ({"creators": [{"name": "A", "orcid": "1234"}]}, "metadata.creators.0.orcid"),
    ({"contributors": [{"name": "A", "type": "Boss"}]}, "metadata.contributors.0.type"),
    ({"upload_type": "spreadsheet"}, "metadata.upload_type"),
    ({"upload_type": "publication"}, "metadata.publication_type"),
    ({"upload_type": "image", "image_type": "selfie"}, "metadata.image_type"),
    ({"upload_type": "dataset", "publication_type": "article"}, "metadata.publication_type"),
    ({"publication_date": "13.05.2024"}, "metadata.publication_date"),
    ({"access_right": "secret"}, "metadata.access_right"),
    ({"access_right": "embargoed"}, "metadata.embargo_date"),
    ({"embargo_date": "2031-01-01"}, "metadata.embargo_date"),
    ({"access_conditions": "x"}, "metadata.access_conditions"),
    ({"license": 3}, "metadata.license"),
    ({"keywords": ["a", 1]}, "metadata.keywords.1"),
    ({"related_identifiers": [{"identifier": "10.1/x", "relation": "likes"}]},
     "metadata.related_identifiers.0.relation"),
    ({"related_identifiers": [{"identifier": "not an id", "relation": "cites"}]},
     "metadata.related_identifiers.0.identifier"),
    ({"related_identifiers": [{"identifier": "10.1/x", "relation": "cites", "scheme": "isbn"}]},
     "metadata.related_identifiers.0.scheme"),
    ({"communities": [{"id": "rodare"}]}, "metadata.communities.0.id"),
    ({"communities": ["rodare"]}, "metadata.communities.0"),
    ({"grants": [{"id": "10.13039/999::1"}]}, "metadata.grants.0.id"),
    ({"prereserve_doi": "yes"}, "metadata.prereserve_doi"),
    ({"pub_id": "Publ-27151"}, "metadata.pub_id"),
    ({"pub_id": True}, "metadata.pub_id"),
    ({"pub_id": "1", "related_identifiers": [
        {"identifier": "https://www.hzdr.de/publications/Publ-2", "relation": "isIdenticalTo"}]},
     "metadata.related_identifiers"),
])
def test_refused_with_the_field(metadata, field):
    with pytest.raises(LegacyValidationError) as error:
        _rdm(metadata)
    assert field in [e["field"] for e in error.value.errors]
    assert all(e["message"] for e in error.value.errors)


def test_every_problem_is_reported_at_once():
    with pytest.raises(LegacyValidationError) as error:
        _rdm({"colour": 1, "title": [], "access_right": "x"})
    assert {e["field"] for e in error.value.errors} == {"metadata.colour", "metadata.title",
                                                         "metadata.access_right"}


def test_scheme_detected_when_not_given():
    related = _rdm({"related_identifiers": [
        {"identifier": "10.5281/zenodo.1", "relation": "cites"},
        {"identifier": "https://example.org/x", "relation": "cites"},
        {"identifier": "arXiv:2101.00001", "relation": "cites"},
    ]}).draft["metadata"]["related_identifiers"]
    assert [r["scheme"] for r in related] == ["doi", "url", "arxiv"]


def test_pub_id_from_the_robis_page_hermes_writes():
    mapped = _rdm({"related_identifiers": [
        {"identifier": "https://www.hzdr.de/publications/Publ-30001", "relation": "isIdenticalTo",
         "scheme": "url"}]})
    assert mapped.pub_id == "30001"
    assert "related_identifiers" not in mapped.draft["metadata"]
    assert _rdm({"pub_id": 30001}).pub_id == "30001"


def test_merge_keeps_what_legacy_does_not_hold():
    existing = {
        "pids": {"doi": {"identifier": "10.5072/rodare.10003", "provider": "datacite"}},
        "metadata": {"title": "old", "languages": [{"id": "eng"}],
                     "subjects": [{"id": "fos-1"}, {"subject": "old keyword"}],
                     "additional_descriptions": [{"description": "m", "type": {"id": "methods"}},
                                                 {"description": "old note", "type": {"id": "other"}}]},
        "custom_fields": {"hzdr:institutes": [{"id": "fwk"}], "rodare:access_conditions": "old",
                          "rodare:access_level": "restricted"},
    }
    merged = merge(existing, _rdm({"title": "new", "keywords": ["k"], "notes": "n"}))
    assert merged["pids"] == existing["pids"]
    assert merged["metadata"]["title"] == "new" and merged["metadata"]["languages"] == [{"id": "eng"}]
    assert merged["metadata"]["subjects"] == [{"id": "fos-1"}, {"subject": "k"}]
    assert [d["description"] for d in merged["metadata"]["additional_descriptions"]] == ["m", "n"]
    assert merged["custom_fields"] == {"hzdr:institutes": [{"id": "fwk"}], "rodare:access_level": "open"}

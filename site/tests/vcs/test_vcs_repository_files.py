"""What a release reads from the repository's files: its metadata (CITATION.cff,
.zenodo.json, codemeta.json: each source, the precedence, hostile or broken files with a
message naming file and field) and its ROBIS id (CITATION.cff as HERMES writes it,
.rodare.json).

All of it is the researcher's text: hostile input gives no id, or a named refusal, never a crash.
Pure functions: one module, so the suite builds its application once for them.
"""

import json

import pytest

from rodare_rdm.vcs.metadata import (
    ReleaseMetadataError,
    from_citation_cff,
    from_codemeta,
    from_zenodo_json,
    metadata_from_files,
)
from rodare_rdm.vcs.release import robis_id_from_citation, robis_id_from_rodare_json

CFF = """cff-version: 1.2.0
title: Flow solver
abstract: "Two-phase flows <script>alert(1)</script> & more.\\n\\nSecond paragraph."
version: 2.1
date-released: 2026-11-30
license: MIT
keywords: [CFD, two-phase]
authors:
  - family-names: Schmidt
    given-names: Anna
    name-particle: von
    orcid: https://orcid.org/0000-0002-1825-0097
    affiliation: Helmholtz-Zentrum Dresden-Rossendorf
  - name: HZDR Computational Science Group
"""

ZENODO = {
    "title": "Beam tool", "version": "0.3", "upload_type": "software",
    "description": "<p>Beams <img src=x onerror=alert(1)><b>fast</b></p>",
    "creators": [{"name": "Schmidt, Anna", "orcid": "0000-0002-1825-0097",
                  "affiliation": "HZDR"}, {"name": "Müller, Bernd"}],
    "license": {"id": "Apache-2.0"}, "keywords": ["beams"], "publication_date": "2026-01-02",
}

CODEMETA = {
    "@context": "https://w3id.org/codemeta/3.0", "name": "Beam tool", "version": "0.4",
    "description": "Beams < 1 GeV", "license": "https://spdx.org/licenses/GPL-3.0-or-later",
    "keywords": "beams, accelerators", "datePublished": "2026-02-03",
    "author": [{"@type": "Person", "givenName": "Anna", "familyName": "Schmidt",
                "@id": "https://orcid.org/0000-0002-1825-0097",
                "affiliation": {"@type": "Organization", "name": "HZDR"}},
               {"@type": "Organization", "name": "HZDR"}],
}


def test_metadata_from_citation_cff():
    metadata = from_citation_cff(CFF)
    assert metadata["title"] == "Flow solver"
    assert metadata["version"] == "2.1"  # YAML's number is the version as written
    assert metadata["publication_date"] == "2026-11-30"
    assert metadata["licenses"] == ["MIT"]
    assert metadata["subjects"] == [{"subject": "CFD"}, {"subject": "two-phase"}]
    assert "<script>" not in metadata["description"]
    assert metadata["description"].startswith("<p>Two-phase flows &lt;script&gt;")
    assert metadata["description"].endswith("<p>Second paragraph.</p>")
    anna, group = metadata["creators"]
    assert anna == {"person_or_org": {
        "type": "personal", "family_name": "von Schmidt", "given_name": "Anna",
        "identifiers": [{"scheme": "orcid", "identifier": "0000-0002-1825-0097"}]},
        "affiliations": [{"name": "Helmholtz-Zentrum Dresden-Rossendorf"}]}
    assert group == {"person_or_org": {"type": "organizational",
                                       "name": "HZDR Computational Science Group"}}


def test_metadata_from_zenodo_json():
    metadata = from_zenodo_json(json.dumps(ZENODO))
    assert metadata["title"] == "Beam tool" and metadata["version"] == "0.3"
    assert "onerror" not in metadata["description"] and "<b>fast</b>" in metadata["description"]
    assert [c["person_or_org"]["family_name"] for c in metadata["creators"]] == ["Schmidt", "Müller"]
    assert metadata["creators"][0]["person_or_org"]["given_name"] == "Anna"
    assert metadata["creators"][0]["affiliations"] == [{"name": "HZDR"}]
    assert metadata["licenses"] == ["Apache-2.0"]
    assert metadata["publication_date"] == "2026-01-02"


def test_metadata_from_codemeta():
    metadata = from_codemeta(json.dumps(CODEMETA))
    assert metadata["title"] == "Beam tool" and metadata["version"] == "0.4"
    assert metadata["description"] == "<p>Beams &lt; 1 GeV</p>"
    assert metadata["licenses"] == ["GPL-3.0-or-later"]
    assert metadata["subjects"] == [{"subject": "beams"}, {"subject": "accelerators"}]
    anna, hzdr = metadata["creators"]
    assert anna["person_or_org"]["identifiers"][0]["identifier"] == "0000-0002-1825-0097"
    assert anna["affiliations"] == [{"name": "HZDR"}]
    assert hzdr["person_or_org"] == {"type": "organizational", "name": "HZDR"}


@pytest.mark.parametrize("present, source", [
    ({"CITATION.cff", ".zenodo.json", "codemeta.json"}, "CITATION.cff"),
    ({".zenodo.json", "codemeta.json"}, ".zenodo.json"),
    ({"codemeta.json"}, "codemeta.json"),
    (set(), None),
])
def test_precedence(present, source):
    files = {"CITATION.cff": CFF, ".zenodo.json": json.dumps(ZENODO),
             "codemeta.json": json.dumps(CODEMETA)}
    found, metadata = metadata_from_files(lambda name: files[name] if name in present else None)
    assert found == source
    assert metadata.get("version") == {"CITATION.cff": "2.1", ".zenodo.json": "0.3",
                                       "codemeta.json": "0.4", None: None}[source]


@pytest.mark.parametrize("parse, text, names", [
    (from_citation_cff, "title: [unclosed\n", ("CITATION.cff", "YAML", "line")),
    (from_citation_cff, "!!python/object/apply:os.system ['true']\n", ("CITATION.cff", "YAML")),
    (from_citation_cff, "- a list\n", ("CITATION.cff", "mapping")),
    (from_citation_cff, "title: {a: b}\n", ("CITATION.cff", "title")),
    (from_citation_cff, "authors: [Anna]\n", ("CITATION.cff", "authors[0]")),
    (from_citation_cff, "authors:\n  - given-names: Anna\n", ("authors[0]", "family name")),
    (from_citation_cff, "authors:\n  - family-names: S\n    orcid: 1234\n", ("authors[0].orcid",)),
    (from_citation_cff, "date-released: yesterday\n", ("date-released",)),
    (from_citation_cff, "license: MIT; rm -rf /\n", ("license", "SPDX")),
    (from_citation_cff, "title: " + "x" * 10001 + "\n", ("title", "longer")),  # id: huge
    (from_zenodo_json, "{not json", (".zenodo.json", "JSON")),
    (from_zenodo_json, '{"creators": [{"name": "A", "orcid": "0000-0000-0000-0000"}]}',
     ("creators[0].orcid", "ORCID")),
    (from_zenodo_json, '{"keywords": 3}', ("keywords", "list")),
    (from_codemeta, "[]", ("codemeta.json", "object")),
    (from_codemeta, '{"author": [{"@type": "Organization", "name": "X", '
                    '"@id": "https://orcid.org/0000-0002-1825-0097"}]}', ("author[0]", "person")),
], ids=lambda value: value.__name__ if callable(value) else "")
def test_bad_files_name_file_and_field(parse, text, names):
    with pytest.raises(ReleaseMetadataError) as error:
        parse(text)
    for name in names:
        assert name in str(error.value)


@pytest.mark.parametrize("text, expected", [
    ("identifiers:\n  - type: url\n    value: https://www.hzdr.de/publications/Publ-27151\n", "27151"),
    ("identifiers:\n  - type: other\n    value: '30001'\n    description: ROBIS publication id\n", "30001"),
    ("identifiers:\n  - type: other\n    value: Publ-30001\n    description: HZDR ROBIS\n", "30001"),
    ("identifiers:\n  - type: doi\n    value: 10.14278/rodare.1\n"
     "  - type: url\n    value: https://www.hzdr.de/publications/Publ-31000\n", "31000"),
    ("identifiers:\n  - type: other\n    value: '30001'\n", None),  # a number alone names nothing
    ("identifiers:\n  - type: url\n    value: https://example.org/publications/Publ-1x\n", None),
    ("identifiers: 27151\n", None),
    ("identifiers:\n  - [1, 2]\n  - value: {a: b}\n", None),
    ("- just\n- a list\n", None),
    ("title: [unclosed\n", None),
    ("!!python/object/apply:os.system ['true']\n", None),
    ("", None),
])
def test_robis_id_from_citation_cff(text, expected):
    assert robis_id_from_citation(text) == expected


@pytest.mark.parametrize("text, expected", [
    ('{"pub_id": "27579"}', "27579"),
    ('{"pub_id": 27579, "communities": [{"identifier": "fwc"}]}', "27579"),
    ('{"pub_id": "Publ-27579"}', "27579"),
    ('{"pub_id": "27579; drop"}', None),
    ('["pub_id", 27579]', None),
    ("not json", None),
    ('{"pub_id": null}', None),
])
def test_robis_id_from_rodare_json(text, expected):
    assert robis_id_from_rodare_json(text) == expected

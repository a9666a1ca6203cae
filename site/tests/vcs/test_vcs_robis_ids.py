"""Where a release's ROBIS id is read from: CITATION.cff (as HERMES writes it) and .rodare.json.

Both files come from the researcher's repository: hostile text gives no id, never an error.
"""

import pytest

from rodare_rdm.vcs.release import robis_id_from_citation, robis_id_from_rodare_json


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
def test_citation_cff(text, expected):
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
def test_rodare_json(text, expected):
    assert robis_id_from_rodare_json(text) == expected

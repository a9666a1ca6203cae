"""The benchmark's corpus copies carry DOIs that are DOIs (stack/bench/corpus.py)."""

import idutils
import pytest

from stack.bench.corpus import doi_of


@pytest.mark.parametrize("source, expected", [
    ("10.5072/rodare.17", "10.5072/rodare.900017"),  # RODARE's DATACITE_FORMAT
    ("10.5072/17", "10.5072/900017"),  # stock's "{prefix}/{id}"
    ("10.14278/rodare.a.17", "10.14278/rodare.a.900017"),
])
def test_a_copy_gets_the_sources_doi_shape_with_its_own_id(source, expected):
    copy = doi_of(source, "900017")
    assert copy == expected
    assert idutils.normalize_doi(copy) == expected


def test_a_copied_document_renames_whole_identifiers_only():
    from datetime import datetime, timezone

    from stack.bench.corpus import copy_document

    source = {"id": "17", "uuid": "u-17", "pid": {"pk": 3}, "version_id": 4,
              "created": "then", "updated": "then",
              "pids": {"doi": {"identifier": "10.5072/rodare.17"}},
              "parent": {"id": "16", "uuid": "p-16", "pid": {"pk": 2}, "version_id": 5,
                         "created": "then", "updated": "then"},
              "metadata": {"title": "Run 17 of 17", "version": "17"}}
    renamed = {"17": "900017", "16": "900016", "u-17": "u-new", "p-16": "p-new",
               "10.5072/rodare.17": "10.5072/rodare.900017"}
    now = datetime(2026, 12, 5, tzinfo=timezone.utc)
    doc = copy_document(source, renamed, (30, 29), now)
    assert (doc["id"], doc["uuid"], doc["parent"]["id"], doc["parent"]["uuid"]) == (
        "900017", "u-new", "900016", "p-new")
    assert doc["pids"]["doi"]["identifier"] == "10.5072/rodare.900017"
    assert (doc["pid"]["pk"], doc["parent"]["pid"]["pk"]) == (30, 29)
    assert doc["metadata"]["title"] == "Run 17 of 17"  # a number inside text stays
    assert doc["metadata"]["version"] == "900017"  # a whole value equal to the id does not:
    # the check against upstream's indexer (check_copies) stops the run if that matters.
    assert doc["version_id"] == doc["parent"]["version_id"] == 1
    assert doc["created"] == doc["parent"]["updated"] == now.isoformat()
    assert source["id"] == "17"  # the source is left as it was

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

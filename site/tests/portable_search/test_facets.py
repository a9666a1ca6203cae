"""G1/G5: the publication-date facet counts years as a date_range histogram does."""

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as service

from rodare_rdm.portable_search.facets import edtf_years


@pytest.mark.parametrize(
    "value,years",
    [
        ("2020", [2020]),
        ("2020-05", [2020]),
        ("2020-05-17", [2020]),
        ("2018/2020", [2018, 2019, 2020]),
        ("2019-11/2020-02", [2019, 2020]),
        ("not a date", []),
    ],
)
def test_edtf_years(value, years):
    """Every year an EDTF date or interval overlaps, as OpenSearch buckets a range."""
    assert list(edtf_years(value)) == years


def _publish(record, date):
    data = {**record, "metadata": {**record["metadata"], "publication_date": date}}
    return service.publish(system_identity, service.create(system_identity, data).id)


def test_publication_date_facet_and_filter(running_app, minimal_record, db, search_clear):
    """Search answers (no 400) with year buckets, gaps filled, and filters by year."""
    _publish(minimal_record, "2019-03-01")
    _publish(minimal_record, "2021")
    _publish(minimal_record, "2020/2021")
    service.indexer.refresh()

    result = service.search(system_identity).to_dict()
    buckets = result["aggregations"]["publication_date"]["buckets"]
    assert [(b["key"], b["doc_count"]) for b in buckets] == [
        ("2019", 1),
        ("2020", 1),
        ("2021", 2),
    ]
    assert result["hits"]["total"] == 3

    filtered = service.search(system_identity, params={"facets": {"publication_date": ["2021"]}})
    assert filtered.total == 2
    years = {
        b["key"]: b["is_selected"]
        for b in filtered.to_dict()["aggregations"]["publication_date"]["buckets"]
    }
    assert years["2021"] is True and years["2019"] is False

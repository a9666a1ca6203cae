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


DATES = ["2019-03-01", "2021", "2020/2021", "2015/2016", "2023-12-31/2024-01-01", "2021-07"]


def _expected_years(dates):
    counts = {}
    for value in dates:
        for year in edtf_years(value):
            counts[year] = counts.get(year, 0) + 1
    return [(f"{y:04d}", counts.get(y, 0)) for y in range(min(counts), max(counts) + 1)]


@pytest.mark.parametrize("span", [
    "database",  # the configured facet's span: every published date
    [],  # no span: the terms aggregation alone
    ["2020"],  # most records outside the span
    ["1990", "2030"],  # a span wider than the records
    ["2016-05", "2023"],  # records reaching out at both ends
])
def test_publication_years_are_exact_whatever_the_span(running_app, minimal_record, db,
                                                       search_clear, span):
    """Counted per year with filters, records outside the span added from their dates:
    the same buckets as a range histogram (every year a date overlaps), in every case."""
    from invenio_rdm_records.records.api import RDMRecord
    from invenio_search import current_search_client
    from invenio_search.utils import prefix_index
    from opensearch_dsl import Q, Search

    from rodare_rdm.portable_search.facets import PublicationDateFacet, publication_date

    for value in DATES:
        _publish(minimal_record, value)
    service.indexer.refresh()
    facet = publication_date if span == "database" else PublicationDateFacet(
        field="metadata.publication_date_range", keyword_field="metadata.publication_date",
        values=lambda: span)
    form = facet.get_aggregation().to_dict()
    assert ("terms" in form) == (span == [])

    def years(query):
        search = Search(using=current_search_client,
                        index=prefix_index(RDMRecord.index.search_alias)).extra(size=0)
        search = search.query(query)
        search.aggs.bucket("publication_date", facet.get_aggregation())
        data = search.execute().aggregations.publication_date
        return [(b["key"], b["doc_count"]) for b in facet.get_values(data, [])["buckets"]]

    assert years(Q("match_all")) == _expected_years(DATES)
    some = ["2021", "2015/2016"]
    assert years(Q("terms", **{"metadata.publication_date": some})) == _expected_years(some)

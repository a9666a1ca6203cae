"""Every configured sort and facet of the record searches answers correctly over REST.

Reads the sort options and facets from the app's configuration, so an option added there
(or upstream) is covered without touching this test: the public search, the researcher's
dashboard search and a community's record search each answer 200 for every sort, order
by date where the sort says so, and every facet bucket filters to its own count.
"""

from io import BytesIO
from pathlib import Path

import pytest
from invenio_rdm_records.proxies import current_rdm_records_service as service

from rodare_rdm.euroscivoc import loader

EUROSCIVOC = Path(__file__).parents[1] / "euroscivoc" / "data" / "euroscivoc-sample.rdf"


@pytest.fixture
def three_records(running_app, uploader, minimal_record, community, db, search_clear, hzdr_vocabularies):
    """Three published records of the uploader, in the community, created in order; the
    first with a CSV file, the others metadata-only; each with another HZDR institute,
    facility and programme, and EuroSciVoc subjects (the tests' sample loaded)."""
    loader.import_file(EUROSCIVOC)
    records = []
    hzdr = [("iim", "ibc", "matter-mml"), ("hld", "hld", "matter"), ("ifd", "topflow", "energy-nusafe")]
    subjects = ["euroscivoc:1005", "euroscivoc:1003", "euroscivoc:1005"]
    for (title, date), (institute, facility, programme), subject in zip(
            (("Alpha", "2019-02-01"), ("Beta", "2021"), ("Gamma", "2020/2022")), hzdr, subjects):
        custom = {"hzdr:institutes": [{"id": institute}], "hzdr:facilities": [{"id": facility}],
                  "hzdr:programme": {"id": programme}}
        data = {**minimal_record, "custom_fields": custom, "files": {"enabled": title == "Alpha"},
                "metadata": {**minimal_record["metadata"], "title": title,
                             "publication_date": date, "subjects": [{"id": subject}]}}
        draft = service.create(uploader.identity, data)
        if title == "Alpha":
            files = service.draft_files
            files.init_files(uploader.identity, draft.id, [{"key": "yields.csv"}])
            files.set_file_content(uploader.identity, draft.id, "yields.csv", BytesIO(b"a,b\n"))
            files.commit_file(uploader.identity, draft.id, "yields.csv")
        record = service.publish(uploader.identity, draft.id)._record
        record.parent.communities.add(community._record, default=True)
        record.parent.commit()
        db.session.commit()
        service.indexer.index(record)
        records.append(record)
    service.indexer.refresh()
    return records


def _searches(community):
    return {
        "/api/records": "RDM_SEARCH",
        "/api/user/records": "RDM_SEARCH_DRAFTS",
        f"/api/communities/{community.id}/records": "RDM_SEARCH",
    }


def test_every_sort(running_app, client_with_login, community, three_records, search_clear):
    """Each sort option answers; the date sorts order the hits by creation."""
    config = running_app.app.config
    created = [record["id"] for record in three_records]
    for url, search_config in _searches(community).items():
        sorts = config[search_config]["sort"]
        assert {"newest", "oldest"} <= set(sorts)
        for sort in sorts:
            response = client_with_login.get(url, query_string={"sort": sort, "q": "Alpha OR Beta OR Gamma"})
            assert response.status_code == 200, (url, sort, response.json)
            ids = [hit["id"] for hit in response.json["hits"]["hits"]]
            assert sorted(ids) == sorted(created), (url, sort)
            if sort == "newest":
                assert ids == created[::-1], url
            if sort == "oldest":
                assert ids == created, url


def test_every_facet_bucket_filters_to_its_count(running_app, client_with_login, community,
                                                 three_records, search_clear):
    """Every bucket of every facet, used as a filter, finds exactly its doc_count hits."""
    for url, search_config in _searches(community).items():
        result = client_with_login.get(url).json
        facets = running_app.app.config[search_config]["facets"]
        assert set(facets) <= set(result["aggregations"]), url
        for name in facets:
            buckets = result["aggregations"][name]["buckets"]
            assert buckets, (url, name)
            for bucket in buckets:
                filtered = client_with_login.get(url, query_string={name: bucket["key"]}).json
                assert filtered["hits"]["total"] == bucket["doc_count"], (url, name, bucket)


@pytest.mark.parametrize("url,search_config", [
    ("/api/communities", "COMMUNITIES_SEARCH"),
    ("/api/user/communities", "COMMUNITIES_SEARCH"),
    ("/api/requests/", "REQUESTS_SEARCH"),
    ("/api/user/requests", "REQUESTS_SEARCH"),
])
def test_communities_and_requests_sorts_and_facets(running_app, client_with_login, url,
                                                   search_config, review_request, search_clear):
    """Community and request searches answer every sort and filter by every facet bucket."""
    config = running_app.app.config[search_config]
    for sort in config["sort"]:
        response = client_with_login.get(url, query_string={"sort": sort})
        assert response.status_code == 200, (sort, response.json)
        assert response.json["hits"]["total"] == 1, sort
    result = client_with_login.get(url).json
    for name in config["facets"]:
        for bucket in result["aggregations"][name]["buckets"]:
            filtered = client_with_login.get(url, query_string={name: bucket["key"]}).json
            assert filtered["hits"]["total"] == bucket["doc_count"], (name, bucket)


@pytest.mark.parametrize("settle", [0, 600])
def test_counted_facets_equal_terms_aggregations(running_app, three_records, search_clear,
                                                 monkeypatch, settle):
    """G7: each facet counted with filters gives upstream's terms-aggregation buckets; the
    file types with filters once their list is complete (test_tracked_values.py), which
    may be a superset of this index's, else with terms: the same buckets either way."""
    from invenio_rdm_records.records.api import RDMRecord
    from invenio_records_resources.services.records.facets import NestedTermsFacet, TermsFacet
    from invenio_search import current_search_client
    from invenio_search.utils import prefix_index
    from opensearch_dsl import Search

    from rodare_rdm.portable_search.counted import CountedNestedTermsFacet, CountedTermsFacet

    counted = {name: spec["facet"] for name, spec in running_app.app.config["RDM_FACETS"].items()
               if isinstance(spec["facet"], (CountedTermsFacet, CountedNestedTermsFacet))}
    assert {"access_level", "resource_type", "hzdr_institute", "hzdr_facility",
            "hzdr_research_field", "file_type"} <= set(counted)
    monkeypatch.setitem(running_app.app.config, "RODARE_SEARCH_CACHE_SETTLE", settle)
    service.indexer.refresh()  # a write: the index settles for ``settle`` seconds
    file_types = counted["file_type"].get_aggregation().to_dict()
    assert "filters" in file_types or settle  # settled: the list is completed at once
    assert "terms" in file_types or "csv" in file_types["filters"]["filters"]

    def buckets(facet, name):
        search = Search(using=current_search_client,
                        index=prefix_index(RDMRecord.index.search_alias)).extra(size=0)
        search.aggs.bucket(name, facet.get_aggregation())
        return facet.get_values(getattr(search.execute().aggregations, name), [])

    for name, facet in counted.items():
        if isinstance(facet, CountedNestedTermsFacet):
            terms = NestedTermsFacet(field=facet._field, subfield=facet._subfield)
        else:
            terms = TermsFacet(field=facet._params["field"])
        expected = buckets(terms, name)
        assert expected["buckets"], name
        assert buckets(facet, name) == expected, name

"""Facets of the search page: institute, facility (instruments count for it), research field."""


def _buckets(res, facet):
    return {b["key"]: (b["doc_count"], b["label"]) for b in res.json["aggregations"][facet]["buckets"]}


def test_facet_counts_and_filters(client, publish_with):
    publish_with({"hzdr:institutes": [{"id": "iim"}], "hzdr:facilities": [{"id": "ibc"}],
                  "hzdr:programme": {"id": "matter-mml-dmc"}})
    publish_with({"hzdr:institutes": [{"id": "iim"}, {"id": "radiation-physics"}],
                  "hzdr:facilities": [{"id": "elbe-telbe"}, {"id": "elbe-nelbe"}],
                  "hzdr:programme": {"id": "matter-mt-ard"}})
    publish_with({"hzdr:institutes": [{"id": "radiation-physics"}], "hzdr:facilities": [{"id": "elbe"}],
                  "hzdr:programme": {"id": "health-cancer"}})
    publish_with({})

    res = client.get("/api/records", query_string={"size": 10})
    assert res.status_code == 200
    assert res.json["hits"]["total"] == 4
    assert _buckets(res, "hzdr_institute") == {
        "iim": (2, "Institute of Ion Beam Physics and Materials Research"),
        "radiation-physics": (2, "Institute of Radiation Physics"),
    }
    # Two ELBE instruments in one record count once for ELBE.
    assert _buckets(res, "hzdr_facility") == {
        "elbe": (2, "ELBE – Center for High-Power Radiation Sources"),
        "ibc": (1, "IBC – Ion Beam Center"),
    }
    assert _buckets(res, "hzdr_research_field") == {"matter": (2, "Matter"), "health": (1, "Health")}

    elbe = client.get("/api/records", query_string={"hzdr_facility": "elbe"}).json
    assert elbe["hits"]["total"] == 2
    matter_iim = client.get("/api/records", query_string={
        "hzdr_research_field": "matter", "hzdr_institute": "radiation-physics"}).json
    assert matter_iim["hits"]["total"] == 1


def test_fields_are_searchable_by_query(client, publish_with):
    """A researcher types a proposal id or a facility name into the search box."""
    publish_with({"hzdr:proposals": ["20231234"], "hzdr:facilities": [{"id": "hld"}]})
    publish_with({"hzdr:proposals": ["99990000"]})
    found = client.get("/api/records", query_string={"q": 'custom_fields.hzdr\\:proposals:"20231234"'}).json
    assert found["hits"]["total"] == 1
    by_title = client.get("/api/records", query_string={
        "q": 'custom_fields.hzdr\\:facilities.title.en:"Magnetic"'}).json
    assert by_title["hits"]["total"] == 1

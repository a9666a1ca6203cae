"""Old RODARE page URLs answer 301 with the page that answers them now
(``rodare_rdm.legacy.redirects``), and the target answers."""

from urllib.parse import parse_qs, urlsplit

import pytest
from invenio_rdm_records.proxies import current_rdm_records_service as records_service


@pytest.fixture
def ui(app, running_app, custom_field_mappings):
    """An anonymous client of the UI app."""
    return app.test_client()


@pytest.fixture
def record(people, minimal_record, custom_field_mappings):
    """A published record of the owner."""
    owner = people["owner"].identity
    draft = records_service.create(owner, minimal_record)
    return records_service.publish(owner, draft.id)


def _moved(response):
    assert response.status_code == 301, (response.status_code, response.get_data(as_text=True)[:200])
    return response.headers["Location"]


def _parts(location):
    url = urlsplit(location)
    return url.path, parse_qs(url.query)


# /deposit
# --------


def test_my_deposits(ui):
    assert _moved(ui.get("/deposit")) == "/me/uploads"
    assert _moved(ui.get("/deposit/?page=3")) == "/me/uploads?page=3"


def test_a_new_deposit(ui):
    assert _moved(ui.get("/deposit/new")) == "/uploads/new"
    assert _moved(ui.get("/deposit/new?c=fwk")) == "/uploads/new?community=fwk"


def test_an_open_draft_is_edited(ui, people, minimal_record):
    draft = records_service.create(people["owner"].identity, minimal_record)
    assert _moved(ui.get(f"/deposit/{draft.id}")) == f"/uploads/{draft.id}"


def test_a_published_record_is_shown(ui, record):
    assert _moved(ui.get(f"/deposit/{record.id}")) == f"/records/{record.id}"
    assert ui.get(f"/records/{record.id}").status_code == 200


def test_a_record_being_edited_is_edited(ui, record, people):
    records_service.edit(people["owner"].identity, record.id)
    assert _moved(ui.get(f"/deposit/{record.id}/")) == f"/uploads/{record.id}"


@pytest.mark.parametrize("recid", ["999999999", "abc", "１２", "12%00"])
def test_an_unknown_deposit(ui, recid):
    assert ui.get(f"/deposit/{recid}").status_code == 404


# /record/<id>/export/<format>
# ----------------------------


@pytest.mark.parametrize("legacy, rdm", [
    ("json", "json"), ("hjson", "json"), ("csl", "csl"), ("hx", "bibtex"), ("bibtex", "bibtex"),
    ("xd", "dublincore"), ("dc", "dublincore"), ("dcite4", "datacite-xml"), ("dcite3", "datacite-xml"),
    ("xm", "marcxml"), ("schemaorg_jsonld", "json-ld"), ("dcat", "dcat-ap"),
])
def test_an_export_in_a_legacy_format(ui, record, legacy, rdm):
    location = _moved(ui.get(f"/record/{record.id}/export/{legacy}"))
    assert location == f"/records/{record.id}/export/{rdm}"
    assert ui.get(location).status_code == 200


def test_an_export_legacy_zenodo_had_dropped(ui, record):
    assert ui.get(f"/record/{record.id}/export/xw").status_code == 410


@pytest.mark.parametrize("path", ["/record/{id}/export/nope", "/record/x{id}/export/json"])
def test_an_unknown_export(ui, record, path):
    assert ui.get(path.format(id=record.id)).status_code == 404


# Communities and the old search
# ------------------------------


@pytest.mark.parametrize("path", ["/collection/user-fwk", "/communities/about/fwk/", "/communities/fwk/search"])
def test_a_community_s_old_pages(ui, curated_community, path):
    location = _moved(ui.get(path))
    assert location == "/communities/fwk/records"
    assert ui.get(location).status_code == 200


def test_a_community_s_old_search(ui, curated_community):
    assert _moved(ui.get("/communities/fwk/search?q=beam")) == "/communities/fwk/records?q=beam"


def test_a_community_s_page_is_where_it_was(ui, curated_community):
    """``/communities/<id>/`` is InvenioRDM's community home: no redirect of ours is needed."""
    response = ui.get("/communities/fwk/", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == "/communities/fwk/records"


def test_the_old_search_of_a_community(ui, curated_community):
    location = _moved(ui.get("/search?communities=fwk&q=beam&page=2&size=20"))
    assert _parts(location) == ("/communities/fwk/records", {"q": ["beam"], "page": ["2"], "size": ["20"]})


def test_the_old_search_of_several_communities(ui, record, curated_community, people, db):
    """The query the redirect builds finds the records of those communities only."""
    location = _moved(ui.get("/search?communities=fwk&communities=ire&q=Beamline"))
    path, args = _parts(location)
    assert path == "/search"
    query = args["q"][0]
    assert query == '(Beamline) AND parent.communities.entries.slug:("fwk" OR "ire")'
    found = lambda: {hit["id"] for hit in records_service.search(people["owner"].identity, params={"q": query})}
    assert found() == set()
    parent = record._record.parent
    parent.communities.add(curated_community._record, default=True)
    parent.commit()
    db.session.commit()
    records_service.indexer.index(record._record)
    records_service.indexer.refresh()
    assert found() == {record.id}


def test_the_search_without_communities_is_invenio_s(ui):
    assert ui.get("/search?q=beam").status_code == 200

"""``/api/licenses`` in legacy Zenodo's shape (``rodare_rdm.legacy.licenses``): the lookup
HERMES makes with the last segment of a CodeMeta licence URL, in whatever case it has, and
the search legacy clients page through."""

import pytest
from invenio_access.permissions import system_identity
from invenio_search import current_search
from invenio_vocabularies.proxies import current_service as vocabulary_service

MORE_LICENSES = [
    {"id": "mit", "title": {"en": "MIT License"}, "tags": ["recommended", "all", "software"],
     "props": {"url": "https://opensource.org/license/mit", "scheme": "spdx", "osi_approved": "y"}},
    {"id": "apache-2.0", "title": {"en": "Apache License 2.0"}, "tags": ["all", "software"],
     "props": {"url": "https://opensource.org/license/apache-2-0", "scheme": "spdx", "osi_approved": "y"}},
    {"id": "mit-0", "title": {"en": "MIT No Attribution"}, "tags": ["all", "software"],
     "props": {"url": "https://opensource.org/license/mit-0", "scheme": "spdx", "osi_approved": "y"}},
]


@pytest.fixture(scope="module")
def licenses(vocabularies):
    """Three licences more than the suite's cc-by-4.0, as invenio-rdm-records' fixtures have them."""
    for entry in MORE_LICENSES:
        vocabulary_service.create(system_identity, {**entry, "type": "licenses"})
    current_search.flush_and_refresh("vocabularies")


@pytest.fixture
def api(app, running_app, licenses, indexed_vocabularies):
    """An anonymous client of the REST app: licences need no login."""
    return app.test_client()


@pytest.mark.parametrize("asked", ["mit", "MIT", "Mit"])
def test_hermes_looks_a_licence_up_by_its_spdx_id_in_any_case(api, asked):
    res = api.get(f"/api/licenses/{asked}")
    assert res.status_code == 200
    assert res.json == {
        "id": "mit", "created": res.json["created"], "updated": res.json["updated"],
        "links": {"self": "https://127.0.0.1:5000/api/licenses/mit"},
        "metadata": {"id": "mit", "title": "MIT License", "url": "https://opensource.org/license/mit",
                     "status": "active", "osd_conformance": "approved", "domain_software": True,
                     "domain_data": False, "domain_content": False},
    }


def test_what_hermes_reads_from_the_answer(api):
    """HERMES sends ``metadata.id`` of the answer as the deposition's ``license``."""
    assert api.get("/api/licenses/Apache-2.0").json["metadata"]["id"] == "apache-2.0"
    data_licence = api.get("/api/licenses/CC-BY-4.0").json["metadata"]
    assert data_licence["id"] == "cc-by-4.0"
    assert (data_licence["domain_software"], data_licence["osd_conformance"]) == (False, "not reviewed")


@pytest.mark.parametrize("asked", ["gpl-99", "", "mit%00", "..%2Fmit"])
def test_an_unknown_licence(api, asked):
    res = api.get(f"/api/licenses/{asked}" if asked else "/api/licenses/no-such-licence")
    assert res.status_code in (400, 404)
    assert res.json["status"] == res.status_code


def test_search_by_query(api):
    res = api.get("/api/licenses?q=mit")
    assert res.status_code == 200
    ids = [hit["metadata"]["id"] for hit in res.json["hits"]["hits"]]
    assert set(ids) == {"mit", "mit-0"} and res.json["hits"]["total"] == 2
    assert res.json["links"]["self"] == "https://127.0.0.1:5000/api/licenses/?q=mit&page=1&size=10"


def test_search_pages(api):
    """Four licences, two a page: two pages linked to each other."""
    first = api.get("/api/licenses/?size=2").json
    assert first["hits"]["total"] == 4 and len(first["hits"]["hits"]) == 2
    assert "prev" not in first["links"]
    second = api.get(first["links"]["next"].removeprefix("https://127.0.0.1:5000")).json
    assert "next" not in second["links"] and second["links"]["prev"].endswith("page=1&size=2")
    seen = [hit["id"] for page in (first, second) for hit in page["hits"]["hits"]]
    assert sorted(seen) == ["apache-2.0", "cc-by-4.0", "mit", "mit-0"]


@pytest.mark.parametrize("args", ["page=0", "page=x", "size=0", "size=101", "size=-1", "page=²"])
def test_search_refuses_a_bad_page_or_size(api, args):
    res = api.get(f"/api/licenses?{args}")
    assert res.status_code == 400 and res.json["status"] == 400


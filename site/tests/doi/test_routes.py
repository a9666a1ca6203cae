"""Record, file and DOI routes with bad, unknown, legacy or deleted ids: 4xx, never a 500.

Also the old RODARE URLs (/record/<id>, /record/<id>/files/<name>) and the DOI landing URLs
DataCite points at (/doi/<doi>)."""

import pytest
from invenio_db import db

BAD_IDS = ["%00", "abc", "-1", "1.5", "9" * 30, "x" * 300, "%E2%82%AC", "..%2F..%2Fetc",
           "10.5072%2Frodare.1", "abcde-12345", "%20", "0"]


@pytest.fixture
def api(app):
    """An anonymous client."""
    return app.test_client()


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_record_ids_are_404(api, publish, bad):
    """Every record, file, version and export route; API and UI."""
    record = publish()
    urls = [f"/api/records/{bad}", f"/api/records/{bad}/files", f"/api/records/{bad}/files/a.txt",
            f"/api/records/{bad}/versions", f"/api/records/{bad}/versions/latest",
            f"/api/records/{bad}/draft", f"/api/records/{record.id}/files/{bad}",
            f"/api/records/{record.id}/files/{bad}/content",
            f"/records/{bad}", f"/records/{bad}/files/a.txt", f"/records/{bad}/latest",
            f"/records/{bad}/export/datacite-xml", f"/records/{record.id}/files/{bad}",
            f"/doi/10.5072/{bad}", f"/doi/{bad}", f"/record/{bad}", f"/record/{bad}/files/a.txt"]
    for url in urls:
        status = api.get(url).status_code
        # 403: this record has no files; 3xx: to a page that answers 404 in turn
        assert status in (301, 302, 400, 403, 404, 410), f"{url}: {status}"


def test_control_characters_in_queries_are_400(api, running_app):
    """A NUL in a search query is a bad request, not a database error."""
    assert api.get("/api/records?q=%00").status_code == 400
    assert api.get("/search?q=a%00b").status_code == 400


def test_legacy_rodare_urls_redirect(api, publish):
    """/record/<id> and /record/<id>/files/<name> (old RODARE) lead to the new pages."""
    record = publish()
    landing = api.get(f"/record/{record.id}")
    assert landing.status_code == 301
    assert landing.headers["Location"].endswith(f"/records/{record.id}")
    files = api.get(f"/record/{record.id}/files/data%20set.h5?download=1")
    assert files.status_code == 301
    assert files.headers["Location"].endswith(f"/records/{record.id}/files/data%20set.h5?download=1")


def test_doi_urls_resolve_to_version_and_newest(api, publish, dois_of):
    """The URLs DataCite got: the version DOI to the version, the concept DOI to the newest."""
    record = publish()
    version_doi, concept_doi = dois_of(record)
    to_version = api.get(f"/doi/{version_doi}")
    assert to_version.status_code == 302
    assert to_version.headers["Location"].endswith(f"/records/{record.id}")
    assert api.get(f"/doi/{concept_doi}").status_code in (301, 302)
    assert api.get("/doi/10.5072/rodare.99999999").status_code == 404


def test_deleted_record_is_410_everywhere(api, publish, delete_record, dois_of):
    """A tombstone: API, landing page and the version DOI's URL answer 410 Gone."""
    record = publish()
    version_doi, _ = dois_of(record)
    delete_record(record.id)
    db.session.expire_all()
    assert api.get(f"/api/records/{record.id}").status_code == 410
    assert api.get(f"/records/{record.id}").status_code == 410
    doi = api.get(f"/doi/{version_doi}")
    assert doi.status_code == 410 or (
        doi.status_code == 302 and doi.headers["Location"].endswith(f"/records/{record.id}"))


def test_landing_page_shows_both_dois_and_cite_all_versions(app, publish, dois_of, people):
    """Both DOIs with the hint; administrators also see DataCite's state of each."""
    from invenio_accounts.testutils import login_user_via_session

    record = publish()
    version_doi, concept_doi = dois_of(record)
    db.session.expire_all()
    page = app.test_client().get(f"/records/{record.id}")
    assert page.status_code == 200
    section = page.text.split('id="rodare-dois"', 1)[1].split("</section>", 1)[0]
    assert f'href="https://doi.org/{version_doi}"' in section
    assert f'href="https://doi.org/{concept_doi}"' in section
    assert "Cite all versions?" in section and "rodare-doi-state" not in section

    admin = app.test_client()
    login_user_via_session(admin, email=people["admin"].email)
    admin_page = admin.get(f"/records/{record.id}").text
    assert f'data-doi="{version_doi}" data-status="registered"' in admin_page
    assert f'data-doi="{concept_doi}" data-status="registered"' in admin_page

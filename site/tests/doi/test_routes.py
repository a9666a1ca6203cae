"""Record, file and DOI routes with bad, unknown, legacy or deleted ids: 4xx, never a 500.

Also the DOI landing URLs DataCite points at (/doi/<doi>). The old RODARE URLs and the
control-character guard have their own tests (``site/tests/test_instance_routes.py``)."""

import pytest
from invenio_db import db

BAD_IDS = ["%00", "abc", "-1", "1.5", "9" * 30, "x" * 300, "%E2%82%AC", "..%2F..%2Fetc",
           "10.5072%2Frodare.1", "abcde-12345", "%20", "0", "007",
           "%C2%B2", "%D9%A1%D9%A2", "%EF%BC%91"]  # "²", Arabic-Indic "١٢", fullwidth "１"
"""Ids no record has. The last three are digits to ``str.isdigit`` but not ``[0-9]+``."""

SITE = "https://127.0.0.1:5000"
"""SITE_UI_URL of the tests: redirects that name it are followed, not refused as external."""

# Each route with the answer for an id no record has, after following redirects. The
# files of an existing record: it has no files (metadata only), which upstream answers 403.
BAD_ID_ROUTES = [
    ("/api/records/{bad}", 404), ("/api/records/{bad}/files", 404),
    ("/api/records/{bad}/files/a.txt", 404), ("/api/records/{bad}/versions", 404),
    ("/api/records/{bad}/versions/latest", 404), ("/api/records/{bad}/draft", 404),
    ("/api/records/{rec}/files/{bad}", 403), ("/api/records/{rec}/files/{bad}/content", 403),
    ("/records/{bad}", 404), ("/records/{bad}/files/a.txt", 404), ("/records/{bad}/latest", 404),
    ("/records/{bad}/export/datacite-xml", 404), ("/records/{rec}/files/{bad}", 403),
    ("/doi/10.5072/{bad}", 404), ("/doi/{bad}", 404),
    ("/record/{bad}", 404), ("/record/{bad}/files/a.txt", 404),
]


def _follow(client, url):
    return client.get(url, base_url=SITE, follow_redirects=True)


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_record_ids(api, publish, bad):
    """Every record, file, version and export route, API and UI: the route's own answer."""
    record = publish()
    for route, status in BAD_ID_ROUTES:
        if bad == "%00":
            status = 404  # the control-character guard answers before any route
        url = route.format(bad=bad, rec=record.id)
        assert _follow(api, url).status_code == status, url


def test_doi_urls_resolve_to_version_and_newest(api, publish, dois_of):
    """The URLs DataCite got: the version DOI to the version, the concept DOI to the newest."""
    record = publish()
    version_doi, concept_doi = dois_of(record)
    to_version = api.get(f"/doi/{version_doi}")
    assert to_version.status_code == 302
    assert to_version.headers["Location"].endswith(f"/records/{record.id}")
    to_newest = api.get(f"/doi/{concept_doi}")  # the only version is the newest
    assert to_newest.status_code == 302
    assert to_newest.headers["Location"].endswith(f"/records/{record.id}")
    for doi in (version_doi, concept_doi):
        followed = _follow(api, f"/doi/{doi}")
        assert (followed.status_code, followed.request.path) == (200, f"/records/{record.id}")
    assert api.get("/doi/10.5072/rodare.99999999").status_code == 404


def test_deleted_record_is_410_everywhere(api, publish, delete_record, dois_of):
    """A tombstone: API, landing page and the version DOI's URL answer 410 Gone."""
    record = publish()
    version_doi, _ = dois_of(record)
    delete_record(record.id)
    db.session.expire_all()
    assert api.get(f"/api/records/{record.id}").status_code == 410
    assert api.get(f"/records/{record.id}").status_code == 410
    doi = _follow(api, f"/doi/{version_doi}")
    assert (doi.status_code, doi.request.path) == (410, f"/records/{record.id}")
    assert [step.status_code for step in doi.history] == [302]
    legacy = _follow(api, f"/record/{record.id}")
    assert (legacy.status_code, [step.status_code for step in legacy.history]) == (410, [301])


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

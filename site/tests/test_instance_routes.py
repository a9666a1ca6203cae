"""The instance's own routes (site/rodare_rdm/routes.py): old RODARE URLs, the URL guard.

The same guard also answers every record, file and DOI route with a NUL in its id
(``site/tests/doi/test_routes.py``)."""

import pytest

SITE = "https://127.0.0.1:5000"
"""SITE_UI_URL of the tests: redirects that name it are followed, not refused as external."""


def _follow(client, url):
    return client.get(url, base_url=SITE, follow_redirects=True)


@pytest.mark.parametrize("recid", ["%C2%B2", "%D9%A1%D9%A2", "%EF%BC%91", "%C2%B9%C2%B2"])
def test_legacy_urls_with_non_ascii_digits_are_404(api, publish_at_level, recid):
    """Old RODARE ids are ``[0-9]+``: "²" (a 500 before) or "١٢" never reach a record page."""
    record = publish_at_level("open")
    for url in (f"/record/{recid}", f"/record/{recid}/files/a.txt"):
        res = api.get(url, base_url=SITE)
        assert res.status_code == 404, url
        assert "Location" not in res.headers, url
    assert api.get(f"/record/{record.id}", base_url=SITE).status_code == 301


def test_control_characters_in_queries_are_400(api, running_app):
    """A NUL in a search query is a bad request, not a database error."""
    assert api.get("/api/records?q=%00").status_code == 400
    assert api.get("/search?q=a%00b").status_code == 400


def test_legacy_rodare_urls_redirect(api, publish_at_level):
    """/record/<id> and /record/<id>/files/<name> (old RODARE) lead to the new pages."""
    record = publish_at_level("open")
    landing = api.get(f"/record/{record.id}")
    assert landing.status_code == 301
    assert landing.headers["Location"].endswith(f"/records/{record.id}")
    followed = _follow(api, f"/record/{record.id}")
    assert (followed.status_code, followed.request.path) == (200, f"/records/{record.id}")
    files = api.get(f"/record/{record.id}/files/data%20set.h5?download=1")
    assert files.status_code == 301
    assert files.headers["Location"].endswith(f"/records/{record.id}/files/data%20set.h5?download=1")
    # leading zeros of old links: the same record
    assert _follow(api, f"/record/00{record.id}").request.path == f"/records/{record.id}"

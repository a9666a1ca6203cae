"""Error pages wear RODARE's face: header with the logo, the footer's legal pages, the message."""

import pytest
from invenio_accounts.testutils import login_user_via_session


@pytest.fixture(scope="module")
def failing_page(app):
    """A page that fails, as a bug would (added before the module's first request)."""
    def fail():
        raise RuntimeError("a bug")

    app.add_url_rule("/_test/fails", "rodare_test_fails", fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as production does, not raise
    return "/_test/fails"


@pytest.mark.parametrize("path_of, status, says", [
    (lambda failing: failing, 500, "Internal server error"),
    (lambda failing: "/no/such/page", 404, "Page not found"),
])
def test_error_pages_are_rodare_pages(client, failing_page, database, path_of, status, says):
    answer = client.get(path_of(failing_page))
    assert answer.status_code == status
    assert_rodare_page(answer.get_data(as_text=True), says)


def test_forbidden_page(client, UserFixture, app, db):
    """A researcher who opens the administration panel."""
    researcher = UserFixture(email="r.forscher@hzdr.de", password="forscher-password",
                             active=True, confirmed=True)
    researcher.create(app, db)
    login_user_via_session(client, email=researcher.email)
    answer = client.get("/administration/")
    assert answer.status_code == 403
    assert_rodare_page(answer.get_data(as_text=True), "Permission required")


def assert_rodare_page(page, says):
    assert says in page
    assert "images/rodare-logo.svg" in page  # the header's logo
    assert "/imprint" in page and "/privacy" in page  # the footer's legal pages

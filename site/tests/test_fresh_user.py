"""Each test request is answered for the account whose session it carries.

pytest-invenio keeps one application context open for a whole test module and UI requests run
inside it, so Flask-Login's per-context cache of the signed-in account (``g._login_user``) could
outlive a request: a test's second client, or the next test's first, would be served as the
first. pytest-invenio's ``base_app`` forgets that cache after every UI request
(``delete_user_from_g``); the ROBIS tests saw a bearer token's account outlive its API
request. ``_fresh_user_per_request`` (site/tests/conftest.py) is autouse and forgets the
account after every request on both apps; these tests hold the outcome: each client is
answered as itself, within a test and across tests.
"""

import pytest
from invenio_accounts.testutils import login_user_via_session
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

ORDER = ("owner", "stranger", None, "owner")
"""Who asks, one new client each: the owner, a stranger, an anonymous visitor, the owner."""


@pytest.fixture
def draft(running_app, people, minimal_record, custom_field_mappings, request):
    """The owner's draft, in a module where every test switches users."""
    assert "_fresh_user_per_request" in request.fixturenames
    return records_service.create(people["owner"].identity, minimal_record)


def _ask(app, people, url):
    """The status of ``url`` for each of ORDER, each with a new client."""
    statuses = []
    for name in ORDER:
        client = app.test_client()
        if name is not None:
            login_user_via_session(client, email=people[name].email)
        statuses.append(client.get(url).status_code)
    return statuses


def test_ui_route_serves_each_user_as_themself(app, people, draft):
    """The draft's preview page (UI app): only the owner sees it, the visitor is sent to log in."""
    assert _ask(app, people, f"/records/{draft.id}?preview=1") == [200, 403, 302, 200]


def test_api_route_serves_each_user_as_themself(app, people, draft):
    """The draft over REST (API app, mounted at /api)."""
    assert _ask(app, people, f"/api/records/{draft.id}/draft") == [200, 403, 403, 200]


def test_a_new_test_starts_without_the_last_tests_user(app, people, draft):
    """The previous tests ended signed in as the owner; a stranger here is still a stranger."""
    client = app.test_client()
    login_user_via_session(client, email=people["stranger"].email)
    assert client.get(f"/records/{draft.id}?preview=1").status_code == 403


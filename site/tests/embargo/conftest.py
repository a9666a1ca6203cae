"""Factories for the embargo tests: an embargoed record of the owner, the mail outbox,
signed-in clients and a member of the curated community who is not a curator."""

from datetime import date, timedelta

import pytest
from flask import current_app
from invenio_access.permissions import system_identity
from invenio_accounts.testutils import login_user_via_session
from invenio_communities.proxies import current_communities
from invenio_mail import InvenioMail  # noqa: F401 (the extension whose outbox we read)


@pytest.fixture
def embargoed(publish_at_level):
    """A published record whose files open in 90 days."""
    return publish_at_level("embargoed")


@pytest.fixture
def outbox(app):
    """E-mails sent while the test runs (Flask-Mail records them, sending is suppressed)."""
    with current_app.extensions["mail"].record_messages() as messages:
        yield messages


@pytest.fixture
def in_days():
    """An ISO date ``n`` days from today."""
    return lambda n: (date.today() + timedelta(days=n)).isoformat()


@pytest.fixture
def as_user(app, people):
    """A client signed in as one of ``people``."""

    def _client(name):
        client = app.test_client()
        login_user_via_session(client, email=people[name].email)
        return client

    return _client


@pytest.fixture
def community_member(db, people, curated_community):
    """The grantee joins the curated community as a reader (a member, not a curator)."""
    current_communities.service.members.add(
        system_identity, curated_community.id,
        {"members": [{"type": "user", "id": str(people["grantee"].id)}], "role": "reader"})
    return people["grantee"]

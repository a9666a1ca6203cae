"""Factories for the embargo tests: an embargoed record of the owner, the mail outbox."""

from datetime import date, timedelta

import pytest
from invenio_mail import InvenioMail  # noqa: F401 (the extension whose outbox we read)
from flask import current_app


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

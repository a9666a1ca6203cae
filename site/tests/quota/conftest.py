"""Factories for the quota tests: an upload (draft) of the owner, asking for space over REST,
the mail outbox (clients and people: site/tests/conftest.py)."""

import pytest
from flask import current_app
from invenio_mail import InvenioMail  # noqa: F401 (the extension whose outbox we read)


@pytest.fixture
def outbox(app):
    """E-mails sent while the test runs (Flask-Mail records them, sending is suppressed)."""
    with current_app.extensions["mail"].record_messages() as messages:
        yield messages


@pytest.fixture
def upload(as_user, minimal_record, custom_field_mappings):
    """A new upload of the owner (a draft with files), created over REST: its id."""
    response = as_user("owner").post("/api/records", json={**minimal_record,
                                                           "files": {"enabled": True}})
    assert response.status_code == 201, response.json
    return response.json["id"]


@pytest.fixture
def ask_space():
    """``POST /api/records/<id>/quota-request`` for a new total of ``size`` GB."""

    def _ask(client, record_id, size, language="en"):
        return client.post(f"/api/records/{record_id}/quota-request", json={"quota_size": size},
                           headers={"Accept-Language": language})

    return _ask


@pytest.fixture
def quota_of():
    """The upload's quota and largest file in bytes, as its bucket enforces them."""

    def _quota(record_id):
        from invenio_rdm_records.proxies import current_rdm_records_service as service
        bucket = service.draft_cls.pid.resolve(record_id, registered_only=False).bucket
        return bucket.quota_size, bucket.max_file_size

    return _quota

"""Factories for the deletion tests: a published record of the owner, a deletion over REST,
the local DataCite's state of a DOI (clients and the clock: site/tests/conftest.py)."""

import pytest
import requests


@pytest.fixture
def published(publish_at_level):
    """An open record of the owner, with ``image.png``, published now."""
    return publish_at_level("open")


@pytest.fixture
def ask_deletion():
    """``POST /api/records/<id>/request-deletion`` with a removal reason and a comment."""

    def _ask(client, record_id, reason="test-record"):
        return client.post(f"/api/records/{record_id}/request-deletion", json={
            "reason": reason, "comment": "Uploaded by mistake, the real data is elsewhere."})

    return _ask


@pytest.fixture
def datacite_state(local_datacite):
    """The state DataCite keeps a DOI in (``findable``, ``registered``), or None."""

    def _state(doi):
        http = requests.Session()
        http.trust_env = False
        response = http.get(f"{local_datacite.url}dois/{doi}")
        return response.json()["data"]["attributes"]["state"] if response.ok else None

    return _state

"""Factories for the DOI tests: the local DataCite's view of a DOI, outages, publishing."""

import json
from pathlib import Path

import pytest
import requests
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as records_service


class DataCiteView:
    """What the local DataCite received: its REST API (GET) and its files on disk."""

    def __init__(self, server):
        """Read through ``server`` (conftest.LocalDataCite)."""
        self.server = server
        self.http = requests.Session()
        self.http.trust_env = False

    def doi(self, doi):
        """A DOI's attributes (GET /dois/<doi>), or None if DataCite does not know it."""
        response = self.http.get(f"{self.server.url}dois/{doi}")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return response.json()["data"]["attributes"]

    def requests(self, doi=None):
        """The write requests it logged (requests.jsonl), optionally those naming ``doi``."""
        log = Path(self.server.folder) / "requests.jsonl"
        entries = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
        return [e for e in entries if doi is None or doi in json.dumps(e)]

    def fail_next(self, count, status=503):
        """An outage drill: the next ``count`` requests answer ``status``."""
        self.http.post(f"{self.server.url}_faults",
                       json={"status": status, "count": count}).raise_for_status()


@pytest.fixture
def datacite(local_datacite):
    """The local DataCite, to look at and to break; always up and healthy afterwards."""
    view = DataCiteView(local_datacite)
    yield view
    if local_datacite.proc is None:
        local_datacite.start()
    view.fail_next(0)


@pytest.fixture
def publish(running_app, minimal_record, people, custom_field_mappings):
    """Publish a metadata-only record of the owner; keyword arguments change its metadata."""

    def _publish(**metadata):
        owner = people["owner"].identity
        data = {**minimal_record, "metadata": {**minimal_record["metadata"], **metadata}}
        draft = records_service.create(owner, data)
        return records_service.publish(owner, draft.id)

    return _publish


def _dois_of(record):
    data = record.to_dict()
    return data["pids"]["doi"]["identifier"], data["parent"]["pids"]["doi"]["identifier"]


@pytest.fixture
def dois_of():
    """A function: (version DOI, concept DOI) of a service result."""
    return _dois_of


@pytest.fixture
def delete_record(running_app, db):
    """A function: an administrator deletes a published record (a tombstone stays)."""
    # the removal reason "spam" comes with the vocabularies (site/tests/conftest.py)

    def _delete(record_id):
        return records_service.delete_record(system_identity, record_id, {
            "removal_reason": {"id": "spam"}, "note": "removed in a test"})

    return _delete

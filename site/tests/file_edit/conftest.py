"""Factories for the file-window tests: a published record of the owner with ``image.png``,
REST file changes, DataCite's log (clients and the clock: site/tests/conftest.py)."""

import json
from pathlib import Path

import pytest


@pytest.fixture
def published(publish_at_level):
    """An open record of the owner, with ``image.png``, published now."""
    return publish_at_level("open")


@pytest.fixture
def change_files():
    """Over REST: edit, unlock, add ``notes.txt``, delete ``image.png``; the responses up to
    the first refusal."""

    def _change(client, record_id):
        base = f"/api/records/{record_id}/draft"
        calls = [
            ("edit", lambda: client.post(base)),
            ("unlock", lambda: client.post(f"/api/records/{record_id}/file-modification", json={})),
            ("init", lambda: client.post(f"{base}/files", json=[{"key": "notes.txt"}])),
            ("content", lambda: client.put(
                f"{base}/files/notes.txt/content", data=b"corrected",
                headers={"Content-Type": "application/octet-stream"})),
            ("commit", lambda: client.post(f"{base}/files/notes.txt/commit")),
            ("delete", lambda: client.delete(f"{base}/files/image.png")),
        ]
        steps = {}
        for name, call in calls:  # up to the first refusal (after it, nothing was stored)
            steps[name] = call()
            if steps[name].status_code >= 400:
                break
        return steps

    return _change


@pytest.fixture
def datacite_writes(local_datacite):
    """The write requests the local DataCite logged that name ``doi``."""

    def _writes(doi):
        log = Path(local_datacite.folder) / "requests.jsonl"
        lines = log.read_text().splitlines() if log.exists() else []
        return [entry for entry in map(json.loads, lines) if doi in json.dumps(entry)]

    return _writes

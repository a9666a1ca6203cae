"""Factories for the fixity tests: a published record with files, bytes flipped on disk,
the mail outbox and the scheduled check."""

from io import BytesIO
from pathlib import Path

import pytest
from flask import current_app
from invenio_files_rest.models import FileInstance
from invenio_mail import InvenioMail  # noqa: F401 (the extension whose outbox we read)
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

from fixity_files import TEXT, file_instance

from rodare_rdm.fixity.tasks import verify_batch

@pytest.fixture
def stored(running_app, minimal_record, people, png, custom_field_mappings):
    """A function publishing a record of the owner with ``beam.png`` and ``notes.txt``."""

    def _publish(title="Beamline data"):
        owner = people["owner"].identity
        data = {**minimal_record, "files": {"enabled": True},
                "metadata": {**minimal_record["metadata"], "title": title}}
        draft = records_service.create(owner, data)
        files = records_service.draft_files
        contents = {"beam.png": png(64, 48), "notes.txt": TEXT}
        files.init_files(owner, draft.id, [{"key": key} for key in contents])
        for key, content in contents.items():
            files.set_file_content(owner, draft.id, key, BytesIO(content))
            files.commit_file(owner, draft.id, key)
        record = records_service.publish(owner, draft.id)
        records_service.indexer.refresh()
        return record

    return _publish


@pytest.fixture
def on_disk():
    """The path of a record's file on disk: ``on_disk(record, "beam.png")``."""
    return lambda record, key: Path(file_instance(record, key).uri)


@pytest.fixture
def flip_byte(on_disk):
    """Flip one bit of the middle byte of a record's file on disk (same size, new content)."""

    def _flip(record, key):
        path = on_disk(record, key)
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))

    return _flip


@pytest.fixture
def check_all(set_config):
    """Run the scheduled task with a batch that covers every file (one run = whole store)."""
    set_config("RODARE_FIXITY_MAX_COUNT", 1000)

    def _run():
        verify_batch()
        return {str(f.id): f.last_check for f in FileInstance.query}

    return _run


@pytest.fixture
def outbox(app):
    """E-mails sent while the test runs (Flask-Mail records them, sending is suppressed)."""
    with current_app.extensions["mail"].record_messages() as messages:
        yield messages

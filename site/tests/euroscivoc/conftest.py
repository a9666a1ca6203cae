"""Factories of the EuroSciVoc tests: the sample file loaded, records with subjects."""

from pathlib import Path

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

from rodare_rdm.euroscivoc.cli import euroscivoc

SAMPLE = Path(__file__).parent / "data" / "euroscivoc-sample.rdf"
"""Eight concepts in EuroSciVoc's RDF/XML, with English, German and French labels."""


@pytest.fixture
def sample():
    """The sample file's path."""
    return SAMPLE


@pytest.fixture
def import_euroscivoc(app, db, custom_field_mappings):
    """``invenio rodare-euroscivoc import ARGS``: the CLI result (rolled back after the test)."""

    def _import(*args):
        return app.test_cli_runner().invoke(euroscivoc, ["import", *map(str, args)])

    return _import


@pytest.fixture
def loaded(import_euroscivoc):
    """The sample loaded."""
    result = import_euroscivoc(SAMPLE)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def publish_subjects(running_app, minimal_record):
    """Publish a record with the given subject ids."""

    def _publish(*ids):
        data = {**minimal_record,
                "metadata": {**minimal_record["metadata"], "subjects": [{"id": i} for i in ids]}}
        draft = records_service.create(system_identity, data)
        record = records_service.publish(system_identity, draft.id)
        records_service.indexer.refresh()
        return record

    return _publish

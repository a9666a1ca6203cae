"""Factories of the HZDR metadata tests: the real vocabularies from app_data, staff, records."""

from io import BytesIO

import pytest
from invenio_accounts.proxies import current_datastore
from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from rodare_rdm.hzdr import fixtures


@pytest.fixture
def hzdr_fields():
    """A full set of HZDR field values."""
    return {
        "hzdr:institutes": [{"id": "iim"}, {"id": "hif"}],
        "hzdr:programme": {"id": "matter-mml-dmc"},
        "hzdr:facilities": [{"id": "ibc"}, {"id": "elbe-telbe"}],
        "hzdr:proposals": ["20231234", "HLD-2024/17"],
        "hzdr:experiment_period": "2024-03-04/2024-03-08",
        "hzdr:scicat_datasets": ["20.500.12345/abc-def"],
    }


@pytest.fixture
def staff_role(app, hzdr_vocabularies):
    """The HZDR staff role (``invenio rodare-hzdr reload`` creates it)."""
    fixtures.ensure_staff_role()
    return app.config["RODARE_HZDR_STAFF_ROLE"]


@pytest.fixture
def make_staff(people, staff_role):
    """Give a person of ``people`` the HZDR staff role."""

    def _make(name):
        user = people[name].user
        current_datastore.add_role_to_user(user, staff_role)
        db.session.commit()
        return user

    return _make


@pytest.fixture
def publish_with(running_app, minimal_record, people, hzdr_vocabularies, png):
    """Publish a record of the owner with the given HZDR custom fields (and a file)."""

    def _publish(custom_fields, identity=None, **extra):
        identity = identity or people["owner"].identity
        data = {**minimal_record, **extra, "files": {"enabled": True},
                "custom_fields": {"rodare:access_level": "open", **custom_fields}}
        draft = records_service.create(identity, data)
        files = records_service.draft_files
        files.init_files(identity, draft.id, [{"key": "data.png"}])
        files.set_file_content(identity, draft.id, "data.png", BytesIO(png(8, 8)))
        files.commit_file(identity, draft.id, "data.png")
        record = records_service.publish(identity, draft.id)
        records_service.indexer.refresh()
        return record

    return _publish

"""Factories for the access-level tests: what a refused request, link or grant must keep.

People, records at a level and a curated community come from ``site/tests/conftest.py``
(the embargo tests use them too); the permission table builds its own records once per
module, shared the way owners share (``test_permission_table.py``)."""

import pytest
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_requests.records.models import RequestMetadata


@pytest.fixture
def sharing_state(db):
    """What a refused request, link or grant must leave as it was: a snapshot function.

    The number of requests (access requests are requests) and the record's parent (its
    grants, links and access-request settings), read afresh from the database.
    """
    def _snapshot(record_id):
        db.session.expire_all()
        parent = records_service.record_cls.pid.resolve(record_id).parent
        return {
            "requests": RequestMetadata.query.count(),
            "parent": {k: v for k, v in parent.items()},
            "parent_revision": parent.revision_id,
        }

    return _snapshot

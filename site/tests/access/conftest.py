"""Factories for the access-level tests: grants, share links, what a refusal must keep.

People, records at a level and a curated community come from ``site/tests/conftest.py``
(the embargo tests use them too)."""

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as records_service


@pytest.fixture
def grant_and_link(people):
    """Grant the grantee 'view' (as an accepted access request does) and make a share link."""

    def _share(record):
        owner = people["owner"].identity
        # the system grants: users' profiles are private, the owner could not look them up
        records_service.access.bulk_create_grants(system_identity, record.id, {"grants": [
            {"subject": {"type": "user", "id": str(people["grantee"].id)}, "permission": "view"}
        ]})
        link = records_service.access.create_secret_link(owner, record.id, {"permission": "view"})
        # the parent's grants and links reach the index through the bulk queue (Celery)
        records_service.indexer.process_bulk_queue()
        records_service.indexer.refresh()
        return link.to_dict()

    return _share


@pytest.fixture
def sharing_state(db):
    """What a refused request, link or grant must leave as it was: a snapshot function.

    The number of requests (access requests are requests) and the record's parent (its
    grants, links and access-request settings), read afresh from the database.
    """
    from invenio_requests.records.models import RequestMetadata

    def _snapshot(record_id):
        db.session.expire_all()
        parent = records_service.record_cls.pid.resolve(record_id).parent
        return {
            "requests": RequestMetadata.query.count(),
            "parent": {k: v for k, v in parent.items()},
            "parent_revision": parent.revision_id,
        }

    return _snapshot

"""Factories for the access-level tests: a community with a curator, grants and share links.

People and records at a level come from ``site/tests/conftest.py`` (the embargo tests
use them too)."""

import pytest
from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_rdm_records.proxies import current_rdm_records_service as records_service


@pytest.fixture
def curated_community(running_app, people):
    """A community with a curator (who is not the record's owner)."""
    community = current_communities.service.create(
        people["community-owner"].identity,
        {"access": {"visibility": "public"}, "slug": "fwk",
         "metadata": {"title": "Institute of Fluid Dynamics"}},
    )
    current_communities.service.members.add(
        system_identity, community.id,
        {"members": [{"type": "user", "id": str(people["curator"].id)}], "role": "curator"},
    )
    return community


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


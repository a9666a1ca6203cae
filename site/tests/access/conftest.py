"""Factories for the access-level tests: people in every role and a record at each level."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from invenio_accounts.testutils import login_user_via_session
from invenio_access.models import ActionUsers
from invenio_access.permissions import superuser_access, system_identity
from invenio_communities.proxies import current_communities
from invenio_users_resources.proxies import current_users_service
from invenio_rdm_records.proxies import current_rdm_records_service as records_service


@pytest.fixture
def people(UserFixture, app, db):
    """Owner, stranger, community curator, administrator and a user with a granted request."""
    made = {}
    for name in ("owner", "stranger", "curator", "admin", "grantee", "community-owner"):
        user = UserFixture(email=f"{name}@hzdr.de", password=f"{name}-password",
                           active=True, confirmed=True)
        user.create(app, db)
        made[name] = user
    db.session.add(ActionUsers.allow(superuser_access, user=made["admin"].user))
    db.session.commit()
    current_users_service.indexer.process_bulk_queue()
    current_users_service.indexer.refresh()
    return made


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


def level_data(minimal_record, level, **access):
    """Record input at ``level``, with an image file."""
    custom = {"rodare:access_level": level}
    if level == "restricted":
        custom["rodare:access_conditions"] = "<p>Only for HZDR collaborators.</p>"
    embargo = {"until": (date.today() + timedelta(days=90)).isoformat(),
               "reason": "Paper under review"} if level == "embargoed" else {}
    return {
        **minimal_record,
        "files": {"enabled": True},
        "access": {"record": "public", "files": "public", **({"embargo": embargo} if embargo else {}), **access},
        "custom_fields": custom,
    }


@pytest.fixture
def custom_field_mappings(search_clear, indexed_vocabularies):
    """Fresh indices (with the custom-field mappings) and the vocabularies back in them."""
    return search_clear


@pytest.fixture
def publish_at_level(running_app, minimal_record, people, png, db, custom_field_mappings):
    """Publish a record of the owner at a level, with ``image.png``, optionally in a community."""

    def _publish(level, community=None):
        owner = people["owner"].identity
        draft = records_service.create(owner, level_data(minimal_record, level))
        files = records_service.draft_files
        files.init_files(owner, draft.id, [{"key": "image.png"}])
        files.set_file_content(owner, draft.id, "image.png", BytesIO(png(64, 48)))
        files.commit_file(owner, draft.id, "image.png")
        record = records_service.publish(owner, draft.id)
        if community is not None:
            parent = record._record.parent
            parent.communities.add(community._record, default=True)
            parent.commit()
            db.session.commit()
            records_service.indexer.index(record._record)
        records_service.indexer.refresh()
        return record

    return _publish


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
def owner_client(app, people, custom_field_mappings):
    """A REST client logged in as the owner."""
    client = app.test_client()
    login_user_via_session(client, email=people["owner"].email)
    return client

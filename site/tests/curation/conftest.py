"""Factories of the curation-check tests: RODARE's communities with their presets, a curator,
drafts submitted to a community over REST."""

import pytest
from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_vocabularies.proxies import current_service as vocabulary_service

from rodare_rdm.curation import presets
from rodare_rdm.hzdr import fixtures as hzdr_fixtures


@pytest.fixture
def rodare_communities(hzdr_vocabularies, people):
    """RODARE's communities as ``invenio rodare-hzdr reload`` and ``rodare-curation preset``
    make them, with a curator in the institute community ``iim``."""
    vocabulary_service.create_type(system_identity, "communitytypes", "comtyp")
    for id_ in ("organization", "topic"):
        vocabulary_service.create(system_identity, {"id": id_, "title": {"en": id_.title()},
                                                    "type": "communitytypes"})
    hzdr_fixtures.ensure_communities(hzdr_vocabularies)
    applied = presets.apply(hzdr_vocabularies)
    service = current_communities.service
    iim = service.read(system_identity, "iim")
    service.members.add(system_identity, iim.id, {
        "members": [{"type": "user", "id": str(people["curator"].id)}], "role": "curator"})
    service.indexer.refresh()
    return applied


@pytest.fixture
def submission(as_user, minimal_record, png):
    """``submission(community, **fields)``: the owner's draft (with ``files``, a list of names)
    asking to join ``community``; returns (client, draft id)."""

    def _make(community, files=(), custom_fields=None, **metadata):
        owner = as_user("owner")
        data = {**minimal_record, "files": {"enabled": bool(files)},
                "metadata": {**minimal_record["metadata"], **metadata},
                "custom_fields": {"rodare:access_level": "open", **(custom_fields or {})}}
        draft = owner.post("/api/records", json=data)
        assert draft.status_code == 201, draft.json
        draft_id = draft.json["id"]
        for name in files:
            base = f"/api/records/{draft_id}/draft/files"
            owner.post(base, json=[{"key": name}])
            owner.put(f"{base}/{name}/content", data=png(8, 8),
                      content_type="application/octet-stream")
            owner.post(f"{base}/{name}/commit")
        community_id = current_communities.service.read(system_identity, community).id
        review = owner.put(f"/api/records/{draft_id}/draft/review", json={
            "receiver": {"community": community_id}, "type": "community-submission"})
        assert review.status_code == 200, review.json
        return owner, draft_id

    return _make


@pytest.fixture
def submit():
    """Submit the draft's review request: the response."""

    def _submit(client, draft_id):
        return client.post(f"/api/records/{draft_id}/draft/actions/submit-review",
                           json={"payload": {"content": "Please review.", "format": "html"}})

    return _submit

"""Factories for the portable-search tests: answers kept at once (``settled``), records
published and indexed (``publish_titled``), a community, a review request on a draft
(published records: ``publish``, index templates: ``index_templates`` in site/tests/conftest.py)."""

import pytest
from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_requests.customizations import CommentEventType
from invenio_requests.proxies import current_events_service
from invenio_search import current_search_client
from invenio_search.utils import prefix_index

from rodare_rdm.portable_search.generation import generation_keys, shared_cache


@pytest.fixture
def settled(running_app, monkeypatch):
    """No settling after writes (osmem shows every write at once): answers are kept."""
    monkeypatch.setitem(running_app.app.config, "RODARE_SEARCH_CACHE_SETTLE", 0)
    return running_app


@pytest.fixture
def publish_titled(minimal_record):
    """Publish a record titled ``title`` (and dated ``publication_date``), indexed with everything its publish queued (the
    other versions' bulk indexing), so that nothing is indexed again behind a test's back."""

    def _publish(title, publication_date=None):
        metadata = {**minimal_record["metadata"], "title": title}
        if publication_date:
            metadata["publication_date"] = publication_date
        data = {**minimal_record, "metadata": metadata}
        draft = records_service.create(system_identity, data)
        record = records_service.publish(system_identity, draft.id)
        records_service.indexer.process_bulk_queue()
        records_service.indexer.refresh()
        return record

    return _publish


@pytest.fixture
def settle_time_passes(running_app):
    """What the end of ``RODARE_SEARCH_CACHE_SETTLE`` does to the records index: its settling
    mark expires (tests that make it settle for ten minutes end the wait this way)."""

    def _expire():
        server = current_search_client.transport.server
        shared_cache().delete(generation_keys(server, prefix_index("rdmrecords-records"))[1])

    return _expire


@pytest.fixture
def community(running_app, uploader):
    """An open community owned by the uploader."""
    return current_communities.service.create(
        uploader.identity,
        {
            "access": {"visibility": "public", "record_policy": "open"},
            "slug": "fwk",
            "metadata": {"title": "Institute of Fluid Dynamics"},
        },
    )


@pytest.fixture
def review_request(community, uploader, minimal_record):
    """An open community-submission request for a draft of the uploader."""
    draft = records_service.create(uploader.identity, minimal_record)
    records_service.review.update(
        uploader.identity,
        draft.id,
        {"receiver": {"community": community.id}, "type": "community-submission"},
    )
    return records_service.review.submit(uploader.identity, draft.id, require_review=True)


@pytest.fixture
def comment(review_request, uploader):
    """A factory for comments on the review request; ``parent`` makes a reply."""

    def _comment(content, parent=None):
        """Create the comment and return its dumped form (string ids)."""
        return current_events_service.create(
            uploader.identity,
            review_request.id,
            {"payload": {"content": content, "format": "html"}},
            CommentEventType,
            parent_id=parent,
        ).to_dict()

    return _comment

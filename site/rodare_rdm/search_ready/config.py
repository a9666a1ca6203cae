"""Defaults of the search readiness feature (RODARE_SEARCH_READY_*)."""

RODARE_SEARCH_READY_MARKER = "search-refilling"
"""The index whose existence says "the indices are being refilled" (under SEARCH_INDEX_PREFIX:
``rodare-search-refilling``).

Whoever refills the indices from the database makes it first and removes it last
(``rodare_rdm.search_ready.marker``): ``python -m stack.instance reindex``, which ``./rodare
up`` runs at every start and after a restart of its in-memory search server, and which an
operator runs on the Docker path (docs/reindex.md). Meanwhile the worker's bulk drain waits
(``rodare_rdm.indexing.tasks``): the refill drains the queues itself and ends only when they
are empty. It is no index of invenio-search's, so ``invenio index destroy``/``init`` leave it
alone; a search server that lost everything has lost the marker too, but then every search
index is missing, which answers 503 as well."""

RODARE_SEARCH_READY_RETRY_AFTER = 30
"""Seconds a client is asked to wait (``Retry-After``) when search is not ready. Where
upstream's rate limiter sends its headers, it keeps the later of this and its own window."""

RODARE_SEARCH_READY_BUSY_RETRY_AFTER = 5
"""Seconds a client is asked to wait (``Retry-After``) after a search the search server did
not answer within the search client's timeout (``SEARCH_CLIENT_CONFIG``): it was busy with
other searches, and a few seconds later it usually is not."""

RODARE_SEARCH_READY_PAGES = (
    "invenio_search_ui.search",
    "invenio_communities.communities_search",
    "invenio_oaiserver.response",
)
"""UI endpoints that answer from the search indices: a 503 page while they are refilled.
(OAI-PMH harvesters honour a 503 with Retry-After and come back.)"""

RODARE_SEARCH_READY_DATABASE_RESOURCES = (
    "draft_files", "draft_media_files", "record_files", "record_media_files", "record_links",
    "record_grants", "record_group_access", "record_user_access", "jobs", "job_runs", "tasks",
    "pages", "banners",
)
"""REST blueprints whose ``search*`` views list database rows, not search hits: they keep
answering during a refill. Every other REST view named ``search*`` waits for the indices."""

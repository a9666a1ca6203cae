"""The search client's transport: a cache of search answers, and the write generations.

``SEARCH_CLIENT_CONFIG["transport_class"]`` (rodare_rdm/config.py) makes opensearch-py send
every request of every process (web, Celery, CLI) through :class:`CachingTransport`:

- a **write** (anything but a read, below) replaces the write generation of the watched
  indices it may touch, after the server answered or failed (``generation.py``), and adds
  the values of the tracked fields it sends to their sets (``tracked.py``); a write of one
  document to a watched index asks the server to refresh it (``refresh=true``, as upstream
  already asks for drafts and deletions), so that the index need not settle: without it,
  every search in the two seconds after each publication was computed anew;
- a **search** of a watched index (``POST /<index>/_search``, no scroll) is answered from the
  shared cache when the same request (URL, parameters and body) was answered at the index's
  current generation; otherwise the server's answer is kept there for
  ``RODARE_SEARCH_CACHE_TTL`` seconds, unless the index is settling. Its aggregations are
  kept apart too (``aggregations.py``): another page, order or facet selection of the same
  search asks the server for its hits alone.

The key is the whole request the service sends, and the body carries the identity's
permission filter (upstream's ``query_filter`` of the policy): two identities share an answer
only when the server would be asked exactly the same thing. What each hit shows to whom is
decided after the search, in Python, as without the cache. One round trip to Redis per
search: the token, the settling mark, the answer and the aggregations are read together.
"""

import hashlib
import json
import zlib

from flask import current_app, has_app_context
from opensearchpy import Transport
from redis.exceptions import RedisError

from .aggregations import complete, counted_part, without_aggregations
from .generation import bump, generation_keys, new_token, shared_cache, watched_indices, \
    written_indices
from .tracked import TrackedValues, tracked_indices

READS = {"_search", "_count", "_msearch", "_mget", "_validate", "_field_caps", "_explain",
         "_analyze", "_termvectors", "_mtermvectors", "_search_shards", "_refresh"}
"""Endpoints whose POST reads (a DELETE of ``_search/scroll`` only frees a scroll context).

A ``_refresh`` changes no document, and it makes nothing visible that a kept answer could
lack: every write through this transport either had its index settle (no answer kept until
OpenSearch's refresh interval passed) or was refreshed before its new token was set.
Upstream's DataCite serializer refreshes the records index at every concept-DOI
registration, a Celery task a moment after each publication: as a write it made every
search after a publication new twice."""


def is_write(method, url):
    """Whether a request may change what a search finds (anything not known as a read)."""
    if method in ("GET", "HEAD"):
        return False
    parts = set(url.strip("/").split("/"))
    return not (parts & READS and method in ("POST", "DELETE"))


DOCUMENT_WRITES = {"_doc", "_create", "_update"}
"""Endpoints that write one document (``/<index>/<endpoint>[/<id>]``)."""


def refreshed(params):
    """Whether a write with these parameters is visible to searches once answered
    (``refresh`` true, empty or ``wait_for``; opensearch-py sends text or bytes)."""
    value = (params or {}).get("refresh")
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return value is not None and str(value).lower() in ("true", "", "wait_for")


def writes_one_document(url):
    """Whether a write request's URL names one document of one index."""
    parts = url.strip("/").split("/")
    return len(parts) in (2, 3) and parts[1] in DOCUMENT_WRITES


def cacheable_index(method, url, params, watched):
    """The watched index a search request reads, or None when it is not cacheable."""
    parts = url.strip("/").split("/")
    if method not in ("GET", "POST") or len(parts) != 2 or parts[1] != "_search":
        return None
    if params and "scroll" in params:
        return None
    return parts[0] if parts[0] in watched else None


def request_key(method, url, params, body, kind="answer"):
    """The cache key of one request: a digest of everything the server is sent but the
    ``preference`` parameter (``kind``: what is kept under it, an answer or aggregations).

    Upstream sets ``preference`` to a hash of each visitor's address and browser, so that one
    visitor's pages come from the same shard copies. It chooses copies, not documents: with
    it in the key no two visitors would ever share an answer. Every visitor now gets the
    same answer for the same request until the next write, which keeps pages consistent too.
    """
    if isinstance(body, (bytes, str)):
        body = body.decode() if isinstance(body, bytes) else body
    else:
        body = json.dumps(body, sort_keys=True, default=str)
    params = sorted((k, v) for k, v in (params or {}).items() if k != "preference")
    text = json.dumps([method, url, params, body], default=str)
    return f"rodare-search:{kind}:" + hashlib.sha256(text.encode()).hexdigest()


def aggregations_key(method, url, params, body):
    """The key of a request's aggregations (the request without what only shapes its hits,
    ``aggregations.py``), or None when it asks none. URL parameters stay in it as they
    are: a request that sends ``size`` as a parameter shares less, never wrongly."""
    counted = counted_part(body)
    return None if counted is None else request_key(method, url, params, counted, kind="aggs")


class CachingTransport(Transport):
    """opensearch-py's transport, with the answer cache and write generations above."""

    @property
    def server(self):
        """The search server(s) this client talks to, as part of every cache key: two stacks
        on one Redis (the benchmark's, a test run's) never share generations."""
        return ",".join(sorted(f"{h.get('host')}:{h.get('port')}" for h in self.hosts))

    def caches(self, index):
        """Whether search answers of ``index`` (a name with prefix) are kept."""
        return (has_app_context() and current_app.config.get("RODARE_SEARCH_CACHE_TTL", 0) > 0
                and index in watched_indices())

    def perform_request(self, method, url, params=None, body=None, **kwargs):
        """Answer from the cache, or ask the server (and keep the answer, or note the write)."""
        if not has_app_context():
            return super().perform_request(method, url, params=params, body=body, **kwargs)
        watched, tracked_names = watched_indices(), tracked_indices()
        if is_write(method, url) and (watched or tracked_names):
            touched = written_indices(url, body, set(watched) | set(tracked_names))
            touched_watched = [index for index in touched if index in watched]
            if touched_watched and writes_one_document(url) and not refreshed(params):
                params = {**(params or {}), "refresh": "true"}
            tracked = TrackedValues(self.server)
            written = tracked.written(method, url, body, touched)
            tracked.before_write(written)
            visible = False
            try:
                response = super().perform_request(method, url, params=params, body=body,
                                                   **kwargs)
                visible = refreshed(params)
                return response
            finally:  # a failed write (a time-out) may still land later: it settles
                bump(self.server, touched_watched, visible=visible)
                tracked.after_write(written)
        if not watched:
            return super().perform_request(method, url, params=params, body=body, **kwargs)
        index = cacheable_index(method, url, params, watched)
        if index is None or not self.caches(index):
            return super().perform_request(method, url, params=params, body=body, **kwargs)
        return self._cached_search(index, method, url, params, body, kwargs)

    def _cached_search(self, index, method, url, params, body, kwargs):
        cache = shared_cache()
        gen_key, settling_key = generation_keys(self.server, index)
        answer_key = request_key(method, url, params, body)
        aggs_key = aggregations_key(method, url, params, body)
        try:
            token, settling, kept, *kept_aggs = cache.get_many(
                gen_key, settling_key, answer_key, *([aggs_key] if aggs_key else []))
            kept_aggs = kept_aggs[0] if kept_aggs else None
            if token is None:
                token = new_token(self.server, index)
        except RedisError:  # the search still works without its cache; nothing is kept
            current_app.logger.warning("search answer cache unreachable", exc_info=True)
            return super().perform_request(method, url, params=params, body=body, **kwargs)
        if settling:
            return super().perform_request(method, url, params=params, body=body, **kwargs)
        if kept is not None and kept[0] == token:
            return _unpack(kept[1])
        if aggs_key and kept_aggs is not None and kept_aggs[0] == token:
            response = super().perform_request(method, url, params=params,
                                               body=without_aggregations(body), **kwargs)
            if isinstance(response, dict):
                response["aggregations"] = _unpack(kept_aggs[1])
        else:
            response = super().perform_request(method, url, params=params, body=body,
                                               **kwargs)
            if aggs_key and complete(response):
                self._keep(cache, aggs_key, token, response["aggregations"])
        if isinstance(response, dict):
            self._keep(cache, answer_key, token, response)
        return response

    @staticmethod
    def _keep(cache, key, token, value):
        """Keep ``value`` under ``key`` at generation ``token``, if it is not too large."""
        packed = zlib.compress(json.dumps(value).encode(), 1)
        if len(packed) > current_app.config["RODARE_SEARCH_CACHE_MAX_BYTES"]:
            return
        try:
            cache.set(key, (token, packed), timeout=current_app.config["RODARE_SEARCH_CACHE_TTL"])
        except RedisError:  # Redis went away since the read: the answer is here
            current_app.logger.warning("search answer not kept", exc_info=True)


def _unpack(packed):
    return json.loads(zlib.decompress(packed))

"""Write generations of the watched indices: what a cached search answer is valid for.

A search answer can be reused exactly as long as nothing was written to the index it read.
Each watched index (``RODARE_SEARCH_CACHE_INDICES``, the published records by default) has a
*generation*, a random token in the shared cache (Redis), replaced after every write that
may touch it (``transport.py`` sees every request any process sends: web, Celery, CLI).
Answers are kept under the token they were computed at, so a write makes all of them
unreachable at once, in every process.

OpenSearch shows a write that was not refreshed about a second later (``refresh_interval``,
1 s by default), osmem at once. So a write also marks its indices as *settling* for
``RODARE_SEARCH_CACHE_SETTLE`` seconds: while an index settles, answers are computed and
returned but never kept, and no answer computed before the write is reachable. A write the
server answered with ``refresh`` (the publication of a record: ``transport.py`` asks it for
every single-document write of a watched index) is visible when its new token is set, so it
does not settle the index: the next answer is kept at once. A token that is missing (Redis
flushed, evicted) is replaced by a new one, never reused.

| state of the index    | search answer                 | kept for later          |
|-----------------------|-------------------------------|-------------------------|
| settled, token T      | from the cache under T, or    | yes, under T            |
|                       | the server's                  |                         |
| settling (a write not | the server's                  | no                      |
| refreshed, in the     |                               |                         |
| last SETTLE s)        |                               |                         |
| not watched           | the server's                  | no                      |
"""

import uuid

from flask import current_app
from invenio_search.utils import prefix_index
from werkzeug.utils import import_string

_GEN = "rodare-search:gen:{}:{}"
_SETTLING = "rodare-search:settling:{}:{}"


def shared_cache():
    """The shared cache (``RODARE_SEARCH_CACHE_BACKEND``, upstream's Redis cache)."""
    backend = current_app.config["RODARE_SEARCH_CACHE_BACKEND"]
    return import_string(backend) if isinstance(backend, str) else backend


def watched_indices():
    """The watched indices' names as the server knows them (with SEARCH_INDEX_PREFIX)."""
    return [prefix_index(name) for name in current_app.config["RODARE_SEARCH_CACHE_INDICES"]]


def generation_keys(server, index):
    """The cache keys of ``index``'s token and settling mark on ``server`` (its hosts)."""
    return _GEN.format(server, index), _SETTLING.format(server, index)


def bump(server, indices, visible=False):
    """A write may have changed ``indices``: settle them, then give each a new token.

    ``visible``: the server refreshed the write before it answered, so searches from now on
    show it and the indices need not settle. Another write's settling mark is left alone.
    """
    settle = current_app.config["RODARE_SEARCH_CACHE_SETTLE"]
    cache = shared_cache()
    for index in indices:
        gen_key, settling_key = generation_keys(server, index)
        if not visible and settle > 0:
            cache.set(settling_key, 1, timeout=settle)
        elif not visible:  # no settling wanted (an index that is always refreshed at once)
            cache.delete(settling_key)
        cache.set(gen_key, uuid.uuid4().hex, timeout=0)


def new_token(server, index):
    """A token for an index that has none (never written since Redis started): a fresh one,
    so that no answer kept under an older token can be reached again."""
    gen_key, _ = generation_keys(server, index)
    cache = shared_cache()
    cache.add(gen_key, uuid.uuid4().hex, timeout=0)
    return cache.get(gen_key)


def written_indices(url, body, watched):
    """Which of the ``watched`` indices a write request (``url``, ``body``) may have touched.

    Conservative: an index counts as touched when its name appears in the URL or the body
    (a bulk request without an index in its URL names one in every action line, or fails),
    and every watched index counts when the URL names none or uses a pattern (``_all``,
    ``*``). Touching too many only costs cache misses; touching too few would give stale
    answers.
    """
    target = url.strip("/").split("/", 1)[0]
    if target != "_bulk" and (not target or target.startswith("_") or "*" in target):
        return list(watched)
    touched = [index for index in watched if index in url]
    if len(touched) < len(watched) and body is not None:
        text = body if isinstance(body, str) else (
            body.decode("utf-8", "replace") if isinstance(body, bytes) else repr(body))
        touched += [index for index in watched if index not in touched and index in text]
    return touched

"""The values a keyword field holds in an index, kept current through every write (G7).

The file-type facet counts its values with one filter each (``counted.py``), which needs the
list of file types the index holds. Asking the index for it is one terms aggregation over
every document: about 1.4 s on osmem at 10,000 records. Kept only until the next write
(the answer cache's generation), that list was lost at every publication, and while
researchers deposit, every search paid the aggregation again.

So the list is kept in Redis as a *superset* of the values the index holds, which is
enough: a value without documents gets a bucket of 0, which the facet drops, as a terms
aggregation never shows it. The set grows with every write and shrinks never:

- every write of a watched index goes through ``CachingTransport`` (``transport.py``). Before
  and after the write, the values of the tracked fields in the documents it sends (index and
  create actions, bulk lines, partial ``doc`` updates) are added to the set;
- a write whose documents cannot be read for their values (a scripted update, update by
  query, reindex, alias changes, anything not known here) gives the index a new *epoch*: the
  sets of older epochs are not read again;
- a set is *complete* once a reader has added the values of a terms aggregation to it, and
  a reader only does that while the index is not settling (``generation.py``: no write in
  the last ``RODARE_SEARCH_CACHE_SETTLE`` seconds, so OpenSearch shows every earlier
  write) and only if the epoch did not change meanwhile. Every write after that reader
  began adds its values once it is done, under the epoch of that moment.

Deletions and removed values only leave a value with no documents, which costs one filter.
Redis losing the keys only means a new epoch and one more terms aggregation. Redis refusing
a write's values after the write fails that write's request, as the generation bump does:
never a list that silently misses a value.
"""

import json
import uuid

import redis
from flask import current_app
from redis.exceptions import RedisError

COMPLETE = "\x00complete"
"""The member that marks a set as complete (no field value is empty, so none equals it)."""

_EPOCH = "rodare-search:values-epoch:{}:{}"
_VALUES = "rodare-search:values:{}:{}:{}:"  # + the epoch
_KEEP = 7 * 24 * 3600  # seconds a set is kept after its last change (then asked again)
_CHUNK = 1000

_ADD = """
local epoch = redis.call('GET', KEYS[1])
if not epoch then return 0 end
if ARGV[3] ~= '' and ARGV[3] ~= epoch then return 0 end
local key = ARGV[1] .. epoch
redis.call('SADD', key, unpack(ARGV, 4))
redis.call('EXPIRE', key, ARGV[2])
return 1
"""
"""Add values to the set of the current epoch (ARGV[3]: only if that is still this epoch)."""

_READ = """
local epoch = redis.call('GET', KEYS[1])
if not epoch then return {} end
return {epoch, redis.call('SMEMBERS', ARGV[1] .. epoch)}
"""

# Requests that add no value to any document of the index they name.
_NO_VALUES = {"_refresh", "_flush", "_forcemerge", "_delete_by_query", "_cache"}


def tracked_indices():
    """The indices with tracked fields, as the server knows them (with SEARCH_INDEX_PREFIX)."""
    from invenio_search.utils import prefix_index

    tracked = current_app.config.get("RODARE_SEARCH_TRACKED_VALUES", {})
    return [prefix_index(name) for name, fields in tracked.items() if fields]


def client():
    """The Redis client of the sets (``CACHE_REDIS_URL``'s database), one per application."""
    state = current_app.extensions["rodare-search"]
    if state.values_redis is None:
        url = (current_app.config.get("RODARE_SEARCH_VALUES_REDIS_URL")
               or current_app.config["CACHE_REDIS_URL"])
        state.values_redis = redis.Redis.from_url(url, decode_responses=True)
    return state.values_redis


def field_values(document, field):
    """The values of a dotted ``field`` in a document (lists are followed at every level)."""
    found = [document]
    for part in field.split("."):
        nxt = []
        for value in found:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and part in item:
                    nxt.append(item[part])
        found = nxt
    flat = []
    for value in found:
        flat.extend(value if isinstance(value, list) else [value])
    return {str(v) for v in flat if v is not None and not isinstance(v, (dict, list))}


def _as_text(body):
    if isinstance(body, bytes):
        return body.decode("utf-8", "replace")
    return body


def _load(body):
    body = _as_text(body)
    return json.loads(body) if isinstance(body, str) else body


def _add_document(found, document, fields):
    for field in fields:
        found[field] |= field_values(document, field)


def _add_update(found, source, fields):
    """A partial update's ``doc`` and ``upsert``; False for a script (values unknown)."""
    if not isinstance(source, dict) or "script" in source:
        return False
    for part in ("doc", "upsert"):
        if isinstance(source.get(part), dict):
            _add_document(found, source[part], fields)
    return True


def _add_bulk(found, body, fields):
    """The documents of a bulk body; False if an action cannot be read for its values."""
    text = _as_text(body)
    lines = [line for line in text.split("\n") if line.strip()]
    i = 0
    while i < len(lines):
        (op, _meta), = _load(lines[i]).items()
        if op == "delete":
            i += 1
            continue
        source = _load(lines[i + 1])
        if op in ("index", "create"):
            _add_document(found, source, fields)
        elif not _add_update(found, source, fields):
            return False
        i += 2
    return True


def written_values(method, url, body, fields):
    """The values of ``fields`` a write request (``method``, ``url``, ``body``) may add to
    the index it names: ``{field: set}`` (empty sets for writes that add none), or None when
    it cannot be told (the index then gets a new epoch)."""
    found = {field: set() for field in fields}
    parts = url.strip("/").split("/")
    if method == "DELETE" or _NO_VALUES & set(parts):
        return found
    if len(parts) == 1 and method == "PUT":  # a new, empty index
        return found
    try:
        if "_bulk" in parts and isinstance(body, (str, bytes)):
            return found if _add_bulk(found, body, fields) else None
        if len(parts) >= 2 and parts[1] in ("_doc", "_create"):
            _add_document(found, _load(body), fields)
            return found
        if len(parts) >= 2 and parts[1] == "_update":
            return found if _add_update(found, _load(body), fields) else None
    except (ValueError, TypeError, AttributeError, IndexError):
        return None
    return None


class TrackedValues:
    """The sets of one search server (``server``, as in the generation keys)."""

    def __init__(self, server):
        """``server``: the hosts' names, so that two stacks on one Redis never share a set."""
        self.server = server

    def _keys(self, index, field):
        return _EPOCH.format(self.server, index), _VALUES.format(self.server, index, field)

    def add(self, index, field, values, epoch=""):
        """Add ``values`` under the current epoch (only if it is ``epoch``, when given)."""
        epoch_key, prefix = self._keys(index, field)
        values = sorted(values)
        for start in range(0, len(values), _CHUNK):  # Lua's unpack() takes a few thousand
            client().eval(_ADD, 1, epoch_key, prefix, _KEEP, epoch, *values[start:start + _CHUNK])

    def renew(self, index):
        """A write whose values are unknown: a new epoch, so no older set is read again."""
        client().set(_EPOCH.format(self.server, index), uuid.uuid4().hex)

    def read(self, index, field):
        """(epoch, values, complete) of the current epoch; a first epoch if there is none."""
        epoch_key, prefix = self._keys(index, field)
        found = client().eval(_READ, 1, epoch_key, prefix)
        if not found:
            client().set(epoch_key, uuid.uuid4().hex, nx=True)
            found = client().eval(_READ, 1, epoch_key, prefix)
        epoch, members = found
        values = set(members)
        complete = COMPLETE in values
        values.discard(COMPLETE)
        return epoch, values, complete

    def complete(self, index, field, epoch, values):
        """Mark ``epoch``'s set complete with ``values`` (a terms aggregation's), unless the
        epoch changed since it was read."""
        self.add(index, field, values, epoch=epoch)
        self.add(index, field, [COMPLETE], epoch=epoch)  # last: all values are in

    def written(self, method, url, body, indices):
        """What a write request may add: ``{index: {field: values} or None}`` for the
        tracked indices among ``indices`` (None: unknown, see :func:`written_values`)."""
        from invenio_search.utils import prefix_index

        tracked = current_app.config.get("RODARE_SEARCH_TRACKED_VALUES", {})
        return {prefix_index(name): written_values(method, url, body, fields)
                for name, fields in tracked.items() if fields and prefix_index(name) in indices}

    def before_write(self, written):
        """Add the values a write is about to send (best effort: :meth:`after_write` is what
        keeps the set right; this narrows the moment between the write and it)."""
        try:
            for index, values in written.items():
                for field, found in (values or {}).items():
                    self.add(index, field, found)
        except RedisError:
            current_app.logger.warning("tracked facet values not added", exc_info=True)

    def after_write(self, written):
        """Add the values a write sent, or renew the epoch where they cannot be told."""
        for index, values in written.items():
            if values is None:
                self.renew(index)
                continue
            for field, found in values.items():
                self.add(index, field, found)

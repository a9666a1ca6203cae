"""Where the facets over open lists of values find their values (G7, ``counted.py``).

File types: :class:`IndexedValues`; publication dates: :class:`PublicationDates`.

A facet over an open list of values (file types, publication dates) cannot be counted with
one filter per value from a vocabulary (``counted.py``): nothing but the index knows which
values occur. The index does, at the cost of one terms aggregation over every document
(about 1.4 s at 10,000 records on osmem). :class:`IndexedValues` asks it once and then keeps
the list current through every write (``tracked.py``: a set in Redis that each write adds
its documents' values to), so that searches count the values with filters, which osmem
answers from its index, also while records are being published.

While no complete list is known (the field is not tracked, Redis is unreachable, or the index
was written in the last ``RODARE_SEARCH_CACHE_SETTLE`` seconds and has no list yet) it
returns None, and the facet asks the terms aggregation itself: exact either way.
"""

import time

from flask import current_app
from invenio_db import db
from invenio_rdm_records.records.models import RDMRecordMetadata
from invenio_search import current_search_client
from invenio_search.utils import prefix_index
from redis.exceptions import RedisError

from .generation import generation_keys, shared_cache
from .tracked import TrackedValues
from .transport import CachingTransport


class IndexedValues:
    """The distinct values of a keyword ``field`` in ``index`` (unprefixed), or None."""

    def __init__(self, field, index="rdmrecords-records", size=10000):
        """``size``: the most values asked; more and the list is not used (None)."""
        self.field, self.index, self.size = field, index, size

    def _tracked(self):
        tracked = current_app.config.get("RODARE_SEARCH_TRACKED_VALUES", {})
        return self.field in tracked.get(self.index, ())

    def __call__(self):
        """The values (a superset of those the index holds), or None when not known now."""
        transport = current_search_client.transport
        if not isinstance(transport, CachingTransport) or not self._tracked():
            return None
        index, sets = prefix_index(self.index), TrackedValues(transport.server)
        try:
            # The settling mark first: a list is only completed from an index that showed
            # every write made before this moment (tracked.py).
            settling = shared_cache().get(generation_keys(transport.server, index)[1])
            epoch, values, complete = sets.read(index, self.field)
        except RedisError:
            return None
        if complete:
            return sorted(values)
        if settling:
            return None
        body = {"size": 0, "aggs": {"values": {"terms": {"field": self.field, "size": self.size}}}}
        found = current_search_client.search(index=index, body=body)["aggregations"]["values"]
        if found.get("sum_other_doc_count"):
            return None
        found = {bucket["key"] for bucket in found["buckets"]}
        try:
            sets.complete(index, self.field, epoch, found)
        except RedisError:
            current_app.logger.warning("facet values not kept", exc_info=True)
        return sorted(found | values)


class PublicationDates:
    """The distinct publication dates of the published records, from the database.

    They only set the span of years the facet counts with filters; what falls outside is
    counted anyway (``facets.PublicationDateFacet``), so a copy that is a few minutes old
    (``RODARE_SEARCH_FACET_VALUES_TTL``, per process) costs nothing in exactness.
    """

    def _read(self):
        date = RDMRecordMetadata.json["metadata"]["publication_date"].as_string()
        return sorted(v for (v,) in db.session.query(date).filter(
            RDMRecordMetadata.json.isnot(None)).distinct() if v)

    def __call__(self):
        """The dates, from this process's copy while it is fresh."""
        store = current_app.extensions["rodare-search"].facet_values
        now = time.monotonic()
        hit = store.get("publication_dates")
        if hit is None or hit[0] <= now:
            ttl = current_app.config["RODARE_SEARCH_FACET_VALUES_TTL"]
            hit = store["publication_dates"] = (now + ttl, self._read())
        return hit[1]

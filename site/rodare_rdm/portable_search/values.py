"""Where the facets over open lists of values find their values (G7, ``counted.py``).

File types: :class:`IndexedValues`; publication dates: :class:`PublicationDates`.

A facet over an open list of values (file types, publication dates) cannot be counted with
one filter per value from a vocabulary (``counted.py``): nothing but the index knows which
values occur. The index does, at the cost of one terms aggregation over every document
(about a second at 10,000 records on osmem). :class:`IndexedValues` asks that once per
write generation of the index (``generation.py``): the request goes through the answer cache
(``transport.py``), so every process reuses it until the next write. Every search in between
counts the values with filters, which osmem answers from its index.

While no settled generation is known (the answer cache is off, or the index was written in
the last ``RODARE_SEARCH_CACHE_SETTLE`` seconds) it returns None, and the facet asks the terms
aggregation itself, as without this module: exact either way.
"""

import time

from flask import current_app
from invenio_db import db
from invenio_rdm_records.records.models import RDMRecordMetadata
from invenio_search import current_search_client
from invenio_search.utils import prefix_index
from redis.exceptions import RedisError

from .generation import generation_keys, shared_cache
from .transport import CachingTransport


class IndexedValues:
    """The distinct values of a keyword ``field`` in ``index`` (unprefixed), or None."""

    def __init__(self, field, index="rdmrecords-records", size=10000):
        """``size``: the most values asked; more and the list is not used (None)."""
        self.field, self.index, self.size = field, index, size

    def _settled(self, transport, index):
        gen_key, settling_key = generation_keys(transport.server, index)
        try:
            token, settling = shared_cache().get_many(gen_key, settling_key)
        except RedisError:
            return False
        return token is not None and not settling

    def __call__(self):
        """The values, or None when they are not known for the current generation."""
        transport = current_search_client.transport
        index = prefix_index(self.index)
        if not isinstance(transport, CachingTransport) or not transport.caches(index):
            return None
        if not self._settled(transport, index):
            return None
        body = {"size": 0, "aggs": {"values": {"terms": {"field": self.field, "size": self.size}}}}
        values = current_search_client.search(index=index, body=body)["aggregations"]["values"]
        if values.get("sum_other_doc_count"):
            return None
        return sorted(bucket["key"] for bucket in values["buckets"])


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

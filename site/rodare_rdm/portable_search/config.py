"""Defaults of the portable-search feature (RODARE_SEARCH_*)."""

RODARE_SEARCH_PUBLICATION_DATE_TERMS = 10000
"""How many distinct publication dates the publication-date facet counts exactly.

The facet asks for a terms aggregation of this size; RODARE holds a few thousand records,
so the default covers every distinct date. A warning is logged when it is exceeded."""

RODARE_SEARCH_FACET_VALUES_TTL = 300
"""Seconds a process keeps the values of a vocabulary that a counted facet counts (G7).

A vocabulary reload (``invenio rodare-hzdr reload``) that adds an entry shows it in the
facets within this time; upstream keeps the facets' labels for an hour."""

RODARE_SEARCH_CACHE_INDICES = ["rdmrecords-records"]
"""Indices (without SEARCH_INDEX_PREFIX) whose search answers are kept (transport.py).

The published records: the front page, the search page and the REST API ask them, most
often with the same request. An empty list switches the answer cache off."""

RODARE_SEARCH_CACHE_TTL = 600
"""Seconds an answer is kept at most. Any write to its index makes it unreachable at once
(generation.py); the limit only bounds the memory that answers nobody asks again take."""

RODARE_SEARCH_CACHE_SETTLE = 2
"""Seconds after a write that was not refreshed (bulk indexing, an alias or mapping change)
during which answers of its index are not kept: OpenSearch shows such a write within
``refresh_interval`` (1 s by default). Keep it above the indices' refresh interval. Writes
of one document of a watched index (a publication, an edit, a deletion) are sent with
``refresh=true`` and do not settle (``transport.py``)."""

RODARE_SEARCH_CACHE_MAX_BYTES = 1000000
"""Largest answer kept, compressed (a page of 10 records with facets is about 10 kB)."""

RODARE_SEARCH_CACHE_BACKEND = "invenio_cache:current_cache"
"""The shared cache where answers and write generations live: upstream's Redis cache."""

RODARE_SEARCH_TRACKED_VALUES = {"rdmrecords-records": ["files.types"]}
"""Keyword fields (per index, without SEARCH_INDEX_PREFIX) whose values every write adds to
a set in Redis (``tracked.py``), so that their facets count with filters between writes too.
The file types: their facet's values are open (any extension) and known only to the index."""

RODARE_SEARCH_VALUES_REDIS_URL = None
"""The Redis of those sets; None: ``CACHE_REDIS_URL``'s."""

"""Defaults of the caching feature (RODARE_CACHING_*)."""

RODARE_CACHING_ACTIONS_TTL = 10
"""Seconds a web or worker process answers invenio-access's action cache from its memory.

Every permission check of every serialised field reads the needs of an action (who holds
``superuser-access``, say) from the action cache; upstream's cache is Redis, so a search
page of 10 hits or an OAI-PMH page of 100 records made hundreds of Redis round trips (about
a quarter of those requests, ``docs/benchmarks/README.md``). Actions are granted at set-up
and rarely after; a grant or revocation reaches the process that made it at once, and every
other process within this many seconds. 0 switches the local layer off."""

RODARE_CACHING_ACTIONS_BACKEND = "invenio_cache:current_cache"
"""The shared cache behind the local layer: upstream's ``ACCESS_CACHE`` of InvenioRDM."""

"""Defaults of the indexing feature (RODARE_INDEXING_*)."""

from datetime import timedelta

RODARE_INDEXING_CATCH_UP_WINDOW = timedelta(days=1)
"""How far back the catch-up (``tasks.catch_up_index``) compares the database with the
index: records, drafts and communities changed within it. An outage of the search server
longer than this needs ``python -m stack.instance reindex`` (docs/reindex.md). Seconds (int)
or a ``timedelta``."""

RODARE_INDEXING_CATCH_UP_MAX = 2000
"""Documents re-indexed per run at most; the next run (5 minutes later) takes the rest."""

RODARE_INDEXING_CATCH_UP_SETTLE = timedelta(minutes=1)
"""Changes younger than this are left to whoever made them: a request or the bulk queue may
still be indexing them. Seconds (int) or a ``timedelta``."""

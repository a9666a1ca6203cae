"""Defaults of the statistics feature (RODARE_STATISTICS_*)."""

from datetime import timedelta

RODARE_STATISTICS_INTERVAL = timedelta(minutes=5)
"""How often the beat runs the statistics pipeline (``tasks.update_statistics``).

A view or download shows on the landing page, in search results and in the REST API after
at most this interval plus the indexer's 10 s drain. Seconds (int) or a ``timedelta``;
production may set ``RODARE_STATISTICS_INTERVAL = 3600`` in ``invenio.cfg`` or
``INVENIO_RODARE_STATISTICS_INTERVAL=3600`` in the environment (docs/statistics.md)."""

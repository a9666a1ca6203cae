"""Usage statistics of the old RODARE, carried over so that the counts continue.

The landing page and the REST API read views and downloads from invenio-stats' aggregation
indices (``stats-record-view-*``, ``stats-file-download-*``), summed per version (``recid``)
and per concept (``parent_recid``). Each migrated version gets one document in each, with
its legacy totals, dated on the legacy record's creation and marked as migrated by its id
``migrated-<recid>`` and ``unique_id`` ``migrated``: the aggregator writes ids of its own
(``<unique_id>-<date>``), so it never overwrites them, and re-running the migration
replaces them instead of adding.
"""

from datetime import datetime

from invenio_search import current_search_client
from invenio_search.utils import prefix_index

MARK = "migrated"


def _doc(record, day, count, unique):
    return {"timestamp": day, "count": count, "unique_count": unique, "record_id": str(record.id),
            "recid": record.pid.pid_value, "parent_id": str(record.parent.id),
            "parent_recid": record.parent.pid.pid_value, "unique_id": MARK,
            "via_api": False, "updated_timestamp": datetime.utcnow().isoformat()}


def carry_over(record, stats, created):
    """Write the legacy ``stats`` (the version's views/downloads) for ``record``."""
    day = created[:10] + "T00:00:00"
    month = created[:7]
    views = _doc(record, day, stats.get("version_views", stats.get("views", 0)),
                 stats.get("version_unique_views", stats.get("unique_views", 0)))
    downloads = {**_doc(record, day, stats.get("version_downloads", stats.get("downloads", 0)),
                        stats.get("version_unique_downloads", stats.get("unique_downloads", 0))),
                 "volume": float(stats.get("version_volume", stats.get("volume", 0))),
                 "file_id": MARK, "file_key": MARK,
                 "bucket_id": str(record.bucket_id) if record.bucket_id else MARK}
    for kind, doc in (("record-view", views), ("file-download", downloads)):
        current_search_client.index(index=prefix_index(f"stats-{kind}-{month}"),
                                    id=f"{MARK}-{record.pid.pid_value}", body=doc)


def refresh():
    """Make the carried-over counts searchable (before the records are indexed again)."""
    current_search_client.indices.refresh(index=prefix_index("stats-*"), allow_no_indices=True,
                                          ignore_unavailable=True)

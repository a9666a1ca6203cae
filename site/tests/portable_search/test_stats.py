"""Usage statistics on the search server: views and downloads are counted end to end.

invenio-stats writes events into monthly indices created from index templates, and its
queries read them through the aliases those templates declare. This walks the whole path
the Celery beat tasks run in production — event queue, event indices, daily aggregations,
the record's ``stats`` and the "most viewed" sort — so a search server that ignores
template aliases or the aggregations invenio-stats uses fails here.
"""

from io import BytesIO

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as service
from invenio_rdm_records.records.stats import Statistics
from invenio_rdm_records.services.tasks import reindex_stats
from invenio_queues.proxies import current_queues
from invenio_search import current_search
from invenio_stats.tasks import aggregate_events, process_events

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def _publish_with_file(record, title, content):
    data = {**record, "files": {"enabled": True},
            "metadata": {**record["metadata"], "title": title}}
    draft = service.create(system_identity, data)
    service.draft_files.init_files(system_identity, draft.id, [{"key": "data.csv"}])
    service.draft_files.set_file_content(system_identity, draft.id, "data.csv", BytesIO(content))
    service.draft_files.commit_file(system_identity, draft.id, "data.csv")
    return service.publish(system_identity, draft.id)


@pytest.fixture
def stats_queues(running_app):
    """The event queues on the broker, as ``invenio queues declare`` leaves them, empty."""
    current_queues.declare()
    for queue in current_queues.queues.values():
        queue.queue.purge()


def test_views_and_downloads_are_counted(running_app, minimal_record, client, db,
                                         index_templates, stats_queues):
    """A landing-page view and a download show up in the record's stats and its sort."""
    viewed = _publish_with_file(minimal_record, "Viewed", b"a,b\n1,2\n")
    unseen = _publish_with_file(minimal_record, "Unseen", b"x\n")
    headers = {"User-Agent": BROWSER}

    assert client.get(f"/records/{viewed.id}", headers=headers).status_code == 200
    download = client.get(f"/records/{viewed.id}/files/data.csv?download=1", headers=headers)
    assert download.status_code == 200 and download.data == b"a,b\n1,2\n"

    process_events(["record-view", "file-download"])
    current_search.flush_and_refresh("*")
    aggregate_events(["record-view-agg", "file-download-agg"])
    current_search.flush_and_refresh("*")

    # The aggregation queries (what the hourly reindex reads) count them ...
    stats = Statistics.get_record_stats(recid=viewed.id, parent_recid=viewed._record.parent["id"])
    assert stats["this_version"]["views"] == 1
    assert stats["this_version"]["downloads"] == 1
    assert stats["this_version"]["data_volume"] == len(b"a,b\n1,2\n")

    # ... and once the hourly task has put them into the record index, the record's
    # stats and the "most viewed" sort show them.
    reindex_stats(["stats-record-view", "stats-file-download"])
    service.indexer.process_bulk_queue()  # beat's indexer task does this every few seconds
    service.indexer.refresh()
    read = service.read(system_identity, viewed.id).to_dict()["stats"]
    assert read["all_versions"]["unique_views"] == 1
    assert service.read(system_identity, unseen.id).to_dict()["stats"]["this_version"]["views"] == 0
    hits = list(service.search(system_identity, sort="mostviewed").hits)
    assert [hit["id"] for hit in hits] == [viewed.id, unseen.id]
    assert hits[0]["stats"]["this_version"]["downloads"] == 1

"""The statistics pipeline, one beat task in place of upstream's three hourly ones.

A view becomes a number in three steps, each reading what the one before wrote:

| step                         | reads                      | writes                          |
|------------------------------|----------------------------|---------------------------------|
| process events (invenio-stats) | the broker's event queues | ``events-stats-*`` (robots out, |
|                              |                            | double clicks collapsed)        |
| aggregate (invenio-stats)    | ``events-stats-*``         | ``stats-*`` (per day and item)  |
| reindex (invenio-rdm-records)| ``stats-*`` changed since  | the records' ``stats`` in the   |
|                              | its last run               | record index (bulk queue)       |

The landing page, search results and the REST API read the ``stats`` dumped into the record
index, so a number changes only after the third step. Upstream schedules the steps apart
(events at :25 and :55, aggregation at :00, reindex every 10 minutes): up to about 75 minutes
from a view to its number, and running the first two by hand changes nothing visible. Here
they run in order in one task, with a refresh after each write, because on OpenSearch a
write is searchable only after its index refreshes (5 s for these indices; osmem shows
writes at once and accepts the refresh): without it, each step would miss what the step
before just wrote until the next run.
"""

from celery import shared_task
from invenio_rdm_records.services.tasks import reindex_stats
from invenio_search.proxies import current_search_client
from invenio_search.utils import prefix_index
from invenio_stats.proxies import current_stats
from invenio_stats.tasks import aggregate_events, process_events


def _refresh(pattern):
    """Make what was just written searchable (no error while no such index exists yet)."""
    current_search_client.indices.refresh(
        index=prefix_index(pattern), allow_no_indices=True, ignore_unavailable=True)


@shared_task(ignore_result=True)
def update_statistics():
    """Process the queued events, aggregate them, put the new numbers into the records."""
    process_events(list(current_stats.events))
    _refresh("events-stats-*")
    aggregate_events(list(current_stats.aggregations))
    _refresh("stats-*")
    indices = sorted({f"stats-{agg.params['event']}" for agg in current_stats.aggregations.values()})
    return reindex_stats(indices)

"""The beat task that drains the indexers' bulk queues (in place of upstream's).

Publishing queues every record of the parent for bulk indexing; the bulk indexer reads each
record from the database when it drains the queue and sends the chunk afterwards. A request
that changes the record in between (a deletion, an edit) indexes the newer revision directly,
so the bulk request carries an older ``external_gte`` version and the search server answers
409. The index already holds the newer document, which is what is wanted; upstream's task
(``invenio_records_resources.tasks.manage_indexer_queues``) still raises ``BulkIndexError``,
logs a failed task and leaves that worker process's broker connection broken for its next
bulk run. This task is upstream's with two differences: the bulk runs ignore status 409 only
(``search_bulk_kwargs``, an argument upstream's indexer takes); every other error still raises.
And it does nothing while the search indices are refilled (``rodare_rdm.search_ready``): the
refill drains the queues itself, and says "search answers again" only once they are empty; a
drain of the worker's beside it could still be sending when the refill ends.
"""

from celery import current_app as current_celery_app
from celery import shared_task
from flask import current_app
from invenio_indexer.proxies import current_indexer_registry
from invenio_indexer.tasks import process_bulk_queue

from ..search_ready.marker import refilling
from .catch_up import catch_up

BULK_KWARGS = {"ignore_status": [409]}
"""Only a stale version is ignored (a list: task arguments travel as JSON)."""


@shared_task(ignore_result=True)
def manage_indexer_queues():
    """Start a bulk indexer for each queue with messages and room for another consumer."""
    if refilling():
        return
    channel = current_celery_app.connection().channel()
    for name, indexer in current_indexer_registry.all().items():
        queue = indexer.mq_queue.bind(channel)
        _, num_messages, num_consumers = queue.queue_declare()
        if num_messages > 0 and num_consumers < current_app.config["INDEXER_MAX_BULK_CONSUMERS"]:
            process_bulk_queue.delay(indexer_name=name, search_bulk_kwargs=BULK_KWARGS)


@shared_task(ignore_result=True)
def catch_up_index():
    """Index what a request committed while the search server could not take it (catch_up.py).

    Every 5 minutes; not while the indices are refilled (the refill indexes everything).
    """
    if refilling():
        return {}
    config = current_app.config
    done = catch_up(config["RODARE_INDEXING_CATCH_UP_WINDOW"],
                    config["RODARE_INDEXING_CATCH_UP_MAX"],
                    config["RODARE_INDEXING_CATCH_UP_SETTLE"])
    if done:
        current_app.logger.warning("Indexed what the index had missed: %s", done)
    return done

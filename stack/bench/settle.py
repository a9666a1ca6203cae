"""Wait for the worker to be idle before a measurement (issue 26, item 7).

The bulk import queues every record for indexing; the worker drains that queue for minutes
after the import returns. A variant measured then shares the two cores with the drain, and
the variant measured second (RODARE, always, before this) paid for it. So each measured step
first waits until the broker holds no task and none is being worked on, quiet for a moment
(beat's periodic tasks come and go), and the wait is reported with the figures.

The embedded stack's broker is Redis (kombu's Redis transport): a queue is a Redis list, a
task taken by the worker but not finished sits in the ``unacked`` hash.
"""

import time

import redis

QUIET_S = 3.0
"""How long the broker must stay empty to count as idle."""

NOT_WORK = b"stats-"
"""invenio-stats' event queues (``stats-record-view``, ...): the benchmark's own page views
land there and wait for the statistics pipeline's next run, on its own schedule; they are no
work of the worker's now."""


def pending(client):
    """Tasks waiting in the worker's queues (the indexer's bulk queue included) plus those a
    worker holds unfinished."""
    waiting = sum(client.llen(key) for key in client.scan_iter(_type="list")
                  if not key.startswith(NOT_WORK))
    return waiting + client.hlen("unacked")


def wait_idle(broker_url, timeout=900.0, quiet=QUIET_S, poll=0.5):
    """Seconds until the broker was idle for ``quiet`` seconds; ``None`` after ``timeout``."""
    client = redis.Redis.from_url(broker_url)
    start = time.monotonic()
    calm_since = None
    while time.monotonic() - start < timeout:
        now = time.monotonic()
        if pending(client):
            calm_since = None
        elif calm_since is None:
            calm_since = now
        elif now - calm_since >= quiet:
            return round(now - start, 1)
        time.sleep(poll)
    return None

"""The benchmark measures a variant only once the worker is idle (stack/bench/settle.py),
against the run's real Redis, in a database of its own."""

import os
import threading
import time

import redis

from stack.bench import settle


def _broker():
    base = os.environ["INVENIO_BROKER_URL"].rsplit("/", 1)[0]
    url = f"{base}/11"
    client = redis.Redis.from_url(url)
    client.flushdb()
    return url, client


def test_waits_while_a_queue_holds_tasks_then_reports_the_wait():
    url, client = _broker()
    client.rpush("indexer", "a record to index")
    assert settle.wait_idle(url, timeout=1.0, quiet=0.2, poll=0.05) is None

    threading.Timer(0.5, client.delete, args=["indexer"]).start()
    waited = settle.wait_idle(url, timeout=10.0, quiet=0.2, poll=0.05)
    assert waited is not None and waited >= 0.6


def test_a_task_a_worker_holds_counts_as_busy():
    url, client = _broker()
    client.hset("unacked", "tag-1", "a task being worked on")
    assert settle.pending(client) == 1
    assert settle.wait_idle(url, timeout=0.5, quiet=0.1, poll=0.05) is None
    client.delete("unacked")
    start = time.monotonic()
    assert settle.wait_idle(url, timeout=5.0, quiet=0.1, poll=0.05) is not None
    assert time.monotonic() - start < 2


def test_page_view_events_waiting_for_the_statistics_run_are_no_work():
    """The bench's own landing-page views queue statistics events that wait for the
    statistics pipeline's schedule: measuring must not wait for them."""
    url, client = _broker()
    client.rpush("stats-record-view", "a page view")
    assert settle.pending(client) == 0
    assert settle.wait_idle(url, timeout=5.0, quiet=0.1, poll=0.05) is not None

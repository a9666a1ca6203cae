"""A broker outage loses no task of a committed request (broker/, docs/reliability.md).

The broker and the fallback are real Redis processes; the tasks are real Celery messages
sent after the commit of upstream's unit of work, as every service sends them.
"""

import json

import pytest
import redis
from celery import Celery
from flask import current_app
from invenio_records_resources.services.uow import TaskOp, UnitOfWork
from kombu import Connection, Queue

from rodare_rdm.broker.ext import with_fallback
from rodare_rdm.broker.fallback import drain
from rodare_rdm.broker.tasks import drain_fallback

QUEUE = "rodare-broker-test"


def _celery(broker_url, fallback_url):
    """A Celery app configured as finalize_app configures the app's."""
    celery = Celery("rodare-broker-test", set_as_current=False)
    celery.conf.broker_url = broker_url
    celery.conf.broker_write_url = with_fallback(broker_url, fallback_url)
    celery.conf.broker_transport_options = current_app.config["CELERY_BROKER_TRANSPORT_OPTIONS"]
    celery.conf.task_publish_retry_policy = {"max_retries": 1, "interval_start": 0}
    celery.conf.task_routes = {"rodare.test.index": {"queue": QUEUE}}

    def task(name):
        def run(value):
            return value
        return celery.task(name=f"rodare.test.{name}", shared=False)(run)

    return celery, task("register_doi"), task("send_mail"), task("index")


def _queued(url, queue):
    """``(task name, args)`` of every message in ``queue``, taken out in order."""
    found = []
    with Connection(url) as connection:
        while (message := Queue(queue, routing_key=queue).bind(connection.default_channel)
               .get(no_ack=True)) is not None:
            found.append((message.headers["task"], json.loads(message.body)[0]))
    return found


def _length(url, queue):
    return redis.Redis.from_url(url).llen(queue)


def test_the_app_sends_to_the_broker_then_the_fallback(app, fallback):
    """With RODARE_BROKER_FALLBACK_URL the write connection fails over; the read one does not."""
    conf = app.extensions["invenio-celery"].celery.conf
    assert conf.broker_write_url == f"{conf.broker_url};{fallback.url}"
    assert (conf.broker_read_url or conf.broker_url) == conf.broker_url  # workers: broker only


def test_a_commit_while_the_broker_is_down_sends_every_task(app, db, broker, fallback):
    """All three tasks of one unit of work reach the fallback, then the broker, unchanged."""
    celery, register_doi, send_mail, index = _celery(broker.url, fallback.url)
    with UnitOfWork(db.session) as uow:  # the broker is down: never started
        uow.register(TaskOp(register_doi, "10.5072/rodare.1"))
        uow.register(TaskOp(send_mail, "owner@hzdr.de"))
        uow.register(TaskOp(index, "1"))
        uow.commit()  # upstream stops at the first send that raises: none does
    assert _length(fallback.url, "celery") == 2 and _length(fallback.url, QUEUE) == 1

    broker.start()
    assert drain(fallback.url, broker.url) == 3
    assert _length(fallback.url, "celery") == 0 and _length(fallback.url, QUEUE) == 0
    assert _queued(broker.url, "celery") == [("rodare.test.register_doi", ["10.5072/rodare.1"]),
                                             ("rodare.test.send_mail", ["owner@hzdr.de"])]
    assert _queued(broker.url, QUEUE) == [("rodare.test.index", ["1"])]


def test_the_drain_keeps_every_message_while_the_broker_is_down(app, broker, fallback):
    """A drain that cannot reach the broker raises and leaves the messages where they were."""
    celery, register_doi, *_ = _celery(broker.url, fallback.url)
    for number in range(3):
        register_doi.delay(f"10.5072/rodare.{number}")
    with pytest.raises(Exception):
        drain(fallback.url, broker.url)
    assert _length(fallback.url, "celery") == 3

    broker.start()
    assert drain(fallback.url, broker.url) == 3
    assert sorted(args for _, args in _queued(broker.url, "celery")) == [
        [f"10.5072/rodare.{number}"] for number in range(3)]  # the one in hand went back last


def test_the_beat_task_drains_into_the_apps_broker(app, broker, fallback):
    """``drain_fallback`` moves the fallback's messages to the broker the workers read."""
    celery, _, _, index = _celery(broker.url, fallback.url)
    index.delay("42")
    app_broker = app.extensions["invenio-celery"].celery.conf.broker_url
    try:
        assert drain_fallback() == 1
        assert _queued(app_broker, QUEUE) == [("rodare.test.index", ["42"])]
    finally:
        redis.Redis.from_url(app_broker).delete(QUEUE)


def test_no_fallback_no_drain(app, monkeypatch):
    """Without a fallback (the embedded default) the task does nothing."""
    monkeypatch.setitem(app.config, "RODARE_BROKER_FALLBACK_URL", None)
    assert drain_fallback() == 0

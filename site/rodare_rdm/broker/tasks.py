"""Celery task: the beat's drain of the fallback into the broker (every 30 s)."""

from celery import current_app as current_celery_app
from celery import shared_task
from flask import current_app

from .fallback import drain


@shared_task(ignore_result=True)
def drain_fallback():
    """Move what waits in ``RODARE_BROKER_FALLBACK_URL`` to the broker; nothing without one.

    It runs in a worker, which reads the broker only: so the broker is up when it runs.
    """
    fallback = current_app.config.get("RODARE_BROKER_FALLBACK_URL")
    if not fallback:
        return 0
    conf = current_celery_app.conf
    broker = (conf.broker_read_url or conf.broker_url).split(";")[0]
    moved = drain(fallback, broker, conf.broker_transport_options,
                  current_app.config["RODARE_BROKER_DRAIN_BATCH"])
    if moved:
        current_app.logger.warning(
            "Moved %d task message(s) that waited in the fallback while the broker was "
            "unreachable (RODARE_BROKER_FALLBACK_URL) to the broker", moved)
    return moved

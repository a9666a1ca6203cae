"""Flask extension of the broker-fallback feature: the write connection's failover."""

from ..extension import FeatureExtension
from . import config


def with_fallback(broker_url, fallback_url):
    """The write URL: the broker first, then the fallback (kombu's failover list)."""
    primary = broker_url.split(";")[0]
    return f"{primary};{fallback_url}"


class RodareBroker(FeatureExtension):
    """The defaults; :func:`finalize_app` points the sends at the broker, then the fallback."""

    name = "broker"
    config = config


def finalize_app(app):
    """Give Celery its write URL once every extension is set up.

    invenio-celery copies the Flask configuration into Celery when it is initialised, before
    an extension's defaults could be computed from the broker's URL; Celery reads its write
    connection lazily, at the first send, which comes after this. The workers keep reading
    the broker only (``broker_read_url`` stays unset).
    """
    fallback = app.config.get("RODARE_BROKER_FALLBACK_URL")
    if not fallback:
        return
    celery = app.extensions["invenio-celery"].celery
    celery.conf.broker_write_url = with_fallback(celery.conf.broker_url, fallback)

"""Which errors mean "a service RODARE needs is down", and one log line per outage.

The drivers' own connection errors, by the service they belong to. A query that is wrong
raises other classes (ProgrammingError, IntegrityError, ResponseError, ...) and stays a 500.
``sqlalchemy.exc.OperationalError`` also covers a server that refuses a connection or drops
it mid-query (restart, failover), and a few transient failures of a live server (a statement
or lock timeout, a serialization failure), for which "try again shortly" is the right answer
too; ``DisconnectionError`` is what the pool's pre-ping raises when it cannot get a live
connection.
"""

import logging
import time

from flask import current_app
from kombu.exceptions import OperationalError as BrokerError
from opensearchpy.exceptions import ConnectionError as SearchConnectionError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.exc import OperationalError as DatabaseError

SERVICES = (
    ("database", (DatabaseError, DisconnectionError)),
    ("redis", (RedisConnectionError, RedisTimeoutError)),
    ("search", (SearchConnectionError,)),  # ConnectionTimeout is a subclass
    ("broker", (BrokerError,)),
)
"""(service, its connection errors), the service named in the log line."""

ERRORS = tuple(cls for _service, classes in SERVICES for cls in classes)
"""Every class that answers the maintenance 503."""

_last_seen = {}
"""service -> when this process last saw it down (monotonic)."""


def service_down(error):
    """The service an error says is down, or None; looks through chained causes too
    (a broker error wrapped by Celery, an error while Flask opened the session)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        for service, classes in SERVICES:
            if isinstance(error, classes):
                return service
        error = error.__cause__ or error.__context__
    return None


def log_outage(service, error, now=None):
    """Warn once when ``service`` goes down, not on every request while it stays down.

    Returns whether this call logged (the first error after a quiet period)."""
    now = time.monotonic() if now is None else now
    quiet = current_app.config["RODARE_MAINTENANCE_LOG_QUIET"]
    last = _last_seen.get(service)
    _last_seen[service] = now
    if last is not None and now - last < quiet:
        return False
    current_app.logger.warning("%s unreachable: answering 503 (maintenance) until it is back: %r",
                               service, error)
    return True


class ServiceDownFilter(logging.Filter):
    """Drops Flask's "Exception on <path>" error, with its traceback, for an error that says a
    service is down: Flask logs it before it calls the 500 handler (a session that cannot be
    opened), and the handler logs the outage once (:func:`log_outage`)."""

    def filter(self, record):
        """False for Flask's log line of a service-down error; True for everything else."""
        exc_info = record.exc_info
        flasks = record.msg.startswith("Exception on ") if isinstance(record.msg, str) else False
        return not (flasks and exc_info and service_down(exc_info[1]))

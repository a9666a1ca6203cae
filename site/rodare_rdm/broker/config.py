"""Defaults of the broker-fallback feature (RODARE_BROKER_*)."""

RODARE_BROKER_FALLBACK_URL = None
"""Where a task goes when the broker cannot be reached: a Redis URL
(``redis://cache:6379/5`` on the Docker path). None: no fallback (the embedded default,
whose broker is Redis). The drain (``tasks.drain_fallback``) moves its messages to the
broker."""

RODARE_BROKER_DRAIN_BATCH = 10000
"""Messages moved per drain run at most; the next run (30 s later) takes the rest."""

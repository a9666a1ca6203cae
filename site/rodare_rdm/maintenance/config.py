"""Defaults of the maintenance feature (RODARE_MAINTENANCE_*)."""

RODARE_MAINTENANCE_RETRY_AFTER = 30
"""Seconds a client is asked to wait (``Retry-After``) while a service RODARE needs is down.
The embedded stack restarts a crashed service within seconds, Docker within a minute."""

RODARE_MAINTENANCE_LOG_QUIET = 60
"""Seconds without an error of a service after which its next error is logged again: one
warning per outage and process, not one per request."""

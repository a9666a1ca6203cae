"""invenio-access's action cache with a short-lived copy in each process.

``ACCESS_CACHE`` (invenio.cfg) names :data:`action_cache`. invenio-access asks it for the
needs and excludes of an action on every ``Permission`` check; the shared cache (Redis)
stays the place where processes meet, and this layer keeps what it read for
``RODARE_CACHING_ACTIONS_TTL`` seconds. Writes and deletes go through to the shared cache
and drop the local copy, so the process that changes a grant sees it at once.

The copies live on the Flask application (``app.extensions``), not in the module, so that
two applications in one process (the UI and REST apps, or the test suite's apps) never
answer from each other's data.
"""

import time

from flask import current_app
from werkzeug.utils import import_string


class ActionCache:
    """A ``get``/``set``/``delete`` cache, as invenio-access expects, with a local layer."""

    def _shared(self):
        backend = current_app.config["RODARE_CACHING_ACTIONS_BACKEND"]
        return import_string(backend) if isinstance(backend, str) else backend

    @staticmethod
    def _local():
        return current_app.extensions["rodare-caching"].actions

    def get(self, key):
        """The local copy while it is fresh, else the shared cache's value (kept locally)."""
        ttl = current_app.config["RODARE_CACHING_ACTIONS_TTL"]
        now = time.monotonic()
        local = self._local()
        hit = local.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = self._shared().get(key)
        if value is not None and ttl > 0:
            local[key] = (now + ttl, value)
        return value

    def set(self, key, value, timeout=None):
        """Store in the shared cache; the next ``get`` keeps a fresh local copy."""
        self._local().pop(key, None)
        if timeout is None:
            return self._shared().set(key, value)
        return self._shared().set(key, value, timeout=timeout)

    def delete(self, key):
        """Forget the action here and in the shared cache (a grant or revocation changed it)."""
        self._local().pop(key, None)
        return self._shared().delete(key)


action_cache = ActionCache()
"""What ``ACCESS_CACHE`` names (an import path, as invenio-access resolves it)."""

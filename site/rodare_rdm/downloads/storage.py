"""Hand a checked download to nginx (``X-Accel-Redirect``) instead of streaming it, and
stream it in large pieces where there is no nginx.

Streaming a file through Python (uwsgi or gunicorn) costs a worker for the whole transfer
and reads at a fraction of the disk's speed (docs/benchmarks). nginx can send the same file
with ``sendfile`` once the app has said yes. So the app still does everything that decides
*whether* and *how* a file is served (permission, access level, embargo, fixity refusal,
statistics event, ``Content-Type``/``Content-Disposition``, conditional answers) by running
upstream's and the fixity feature's ``send_file``; only a 200's body is replaced by the
header that points nginx to the file.

Two conditions keep this safe where there is no such proxy:

- ``RODARE_DOWNLOADS_ACCEL_ROOT`` is set and the file lies under it (a file in another
  location or on object storage is streamed as before);
- the request came through the proxy, which says so with ``X-Sendfile-Type:
  X-Accel-Redirect`` (Rack's convention; nginx adds it to every request it passes). A
  request that reaches the app directly gets the bytes, never an empty body; one that forges
  the header there gets an empty body for a file it was allowed anyway.
"""

import os

from flask import current_app, request
from werkzeug.wsgi import wrap_file

from ..fixity.storage import FixityStorage, fixity_storage_factory

PROXY_HEADER = "X-Sendfile-Type"
PROXY_VALUE = "X-Accel-Redirect"


def accel_location(uri):
    """The proxy's internal URL of the file at ``uri``, or ``None`` if it cannot serve it."""
    root = current_app.config.get("RODARE_DOWNLOADS_ACCEL_ROOT")
    if not root or request.headers.get(PROXY_HEADER) != PROXY_VALUE:
        return None
    root, path = os.path.normpath(root), os.path.normpath(uri)
    if os.path.commonpath([root, path]) != root or path == root:
        return None
    prefix = current_app.config["RODARE_DOWNLOADS_ACCEL_PREFIX"].rstrip("/")
    return f"{prefix}/{os.path.relpath(path, root)}"


def in_chunks(response):
    """``response`` with its open file read in pieces of ``RODARE_DOWNLOADS_CHUNK_SIZE``
    (the server's ``wsgi.file_wrapper``: uwsgi's or gunicorn's, werkzeug's otherwise)."""
    body, size = response.response, current_app.config["RODARE_DOWNLOADS_CHUNK_SIZE"]
    if size and hasattr(body, "read"):
        response.response = wrap_file(request.environ, body, size)
    return response


class AccelStorage(FixityStorage):
    """The fixity feature's storage, whose 200 answers nginx completes."""

    def send_file(self, *args, **kwargs):
        """Upstream's response with its headers and checks; a 200's body left to nginx, or
        streamed in large pieces where nginx cannot send it."""
        location = accel_location(self.fileurl)
        response = super().send_file(*args, **kwargs)
        if response.status_code not in (200, 206):
            return response
        if location is None:
            return in_chunks(response) if response.status_code == 200 else response
        response.close()  # the file upstream opened for the body
        response.response = []
        response.status_code = 200  # nginx answers a Range from the whole file
        response.headers.pop("Content-Range", None)
        response.headers["Content-Length"] = "0"
        response.headers["X-Accel-Redirect"] = location
        return response


def accel_storage_factory(fileinstance=None, **kwargs):
    """The fixity feature's factory with :class:`AccelStorage` (``FILES_REST_STORAGE_FACTORY``)."""
    return fixity_storage_factory(fileinstance=fileinstance, storage_class=AccelStorage, **kwargs)

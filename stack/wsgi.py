"""The WSGI app the embedded default's gunicorn serves: Invenio's UI + API, in larger writes.

invenio-files-rest answers a download with the open file itself as the response body
(``send_stream``), and iterating a file yields *lines*: for binary data a few hundred bytes
each. Every piece becomes one TLS record and one system call, which held a 1 GiB download
to about 20 MiB/s (measured with ``./rodare bench``). :class:`Coalesce` joins small pieces
into writes of at least ``MIN_WRITE`` bytes; pieces that are already large pass through,
so nothing else changes. The fix belongs upstream (``send_stream`` has a chunk size it does
not use); this middleware can go when a release reads files in chunks.

Record file downloads no longer need it: the storage of the downloads feature reads them in
pieces of ``RODARE_DOWNLOADS_CHUNK_SIZE`` (1 MiB), which pass through unchanged. It stays for
every other body upstream streams from an open file.
"""

from invenio_app.wsgi import application as invenio

MIN_WRITE = 256 * 1024


class Coalesce:
    """WSGI middleware: send the body in writes of at least ``min_write`` bytes."""

    def __init__(self, app, min_write=MIN_WRITE):
        """Wrap ``app``."""
        self.app, self.min_write = app, min_write

    def __call__(self, environ, start_response):
        """Call the app now (so it starts the response), join its body's pieces later."""
        return self._joined(self.app(environ, start_response))

    def _joined(self, body):
        try:
            pending, size = [], 0
            for piece in body:
                if not pending and len(piece) >= self.min_write:
                    yield piece
                    continue
                pending.append(piece)
                size += len(piece)
                if size >= self.min_write:
                    yield b"".join(pending)
                    pending, size = [], 0
            if pending:
                yield b"".join(pending)
        finally:
            if hasattr(body, "close"):
                body.close()


application = Coalesce(invenio)
"""What gunicorn serves (``stack.gunicorn_conf.wsgi_app``)."""

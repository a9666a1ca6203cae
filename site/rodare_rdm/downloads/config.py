"""Defaults of the downloads feature (RODARE_DOWNLOADS_*)."""

RODARE_DOWNLOADS_ACCEL_ROOT = None
"""The storage folder that the reverse proxy serves internally (e.g.
``/opt/invenio/var/instance/data`` on the Docker path), or ``None``: the app streams every
file itself, as on the embedded default, which has no proxy. A file stored elsewhere (another
location, object storage) is always streamed by the app."""

RODARE_DOWNLOADS_ACCEL_PREFIX = "/_rodare_files/"
"""The proxy's internal location that maps to ``RODARE_DOWNLOADS_ACCEL_ROOT``
(docker/nginx/conf.d/default.conf: ``internal; alias``). Never reachable from outside."""

RODARE_DOWNLOADS_CHUNK_SIZE = 1024 * 1024
"""Bytes read from the file per piece of a download the app streams itself (the embedded
default, or a file the proxy cannot serve). Upstream's ``send_stream`` hands the open file to
the server, which iterates it line by line: for binary data a few hundred bytes a piece,
each a round through Python (and through TLS on the embedded default's gunicorn). 1 MiB
pieces make that cost per megabyte, not per line (docs/benchmarks/README.md). ``0``: the file
is handed over as upstream does (to compare: ``python -m stack.bench.files``)."""

"""Defaults of the downloads feature (RODARE_DOWNLOADS_*)."""

RODARE_DOWNLOADS_ACCEL_ROOT = None
"""The storage folder that the reverse proxy serves internally (e.g.
``/opt/invenio/var/instance/data`` on the Docker path), or ``None``: the app streams every
file itself, as on the embedded default, which has no proxy. A file stored elsewhere (another
location, object storage) is always streamed by the app."""

RODARE_DOWNLOADS_ACCEL_PREFIX = "/_rodare_files/"
"""The proxy's internal location that maps to ``RODARE_DOWNLOADS_ACCEL_ROOT``
(docker/nginx/conf.d/default.conf: ``internal; alias``). Never reachable from outside."""

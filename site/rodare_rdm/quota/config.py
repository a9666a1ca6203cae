"""Defaults of the storage quota (RODARE_QUOTA_*), copied by the extension with setdefault.

Sizes are in bytes, decimal (1 GB = 10**9), as upstream's quota settings and the deposit
form count them. The extension derives upstream's settings from these (ext.py); the Docker
path's nginx limit on file uploads follows RODARE_QUOTA_MAX_FILE_SIZE (docs/quota.md).
"""

GB = 10**9

RODARE_QUOTA_DEFAULT_SIZE = 50 * GB
"""Space of every new record, all its files together (upstream's RDM_FILES_DEFAULT_QUOTA_SIZE)."""

RODARE_QUOTA_MAX_FILE_SIZE = 50 * GB
"""The largest single file of a new record (RDM_FILES_DEFAULT_MAX_FILE_SIZE). A granted
increase raises it to the record's new quota."""

RODARE_QUOTA_IMMEDIATE_CEILING = 50 * GB
"""Extra space beyond the default that a depositor grants themselves at once, shared by all
their records (upstream's RDM_FILES_DEFAULT_MAX_ADDITIONAL_QUOTA_SIZE). More than that is a
request the administrators accept or decline (Administration → Moderation → Quota requests)."""

RODARE_QUOTA_LARGEST_REQUEST = 1000 * GB
"""The largest quota anyone may ask for (1 TB): beyond it a request is refused as absurd. So
also the largest body a file upload may have at all (FILES_REST_DEFAULT_MAX_FILE_SIZE, and
nginx's client_max_body_size on the upload URLs of the Docker path): each record's own
limits, which a granted request raises, are checked by its bucket, with a message."""

"""Defaults of the DOI feature (RODARE_DOI_*).

DataCite itself is configured with upstream's DATACITE_* keys (prefix, account, format) plus
DATACITE_URL, which our client reads (invenio.cfg; INVENIO_DATACITE_* in deployments).
"""

RODARE_DOI_RECID_FLOOR = 10000
"""New record and concept ids start above this; ids up to it are kept for migrated records."""

RODARE_DOI_DATACITE_TIMEOUT = (5, 30)
"""Connect and read timeout (seconds) of every DataCite request: a slow DataCite is an outage."""

RODARE_DOI_RETRY_DELAY = 60
"""Seconds before the first retry of a DOI that DataCite could not take (outage, 5xx)."""

RODARE_DOI_RETRY_MAX_DELAY = 6 * 3600
"""Back-off doubles the delay per failed attempt up to this many seconds."""

RODARE_DOI_SWEEP_AFTER = 300
"""Seconds after which a reserved DOI of a published record that DataCite never heard of
(its registration task was lost: broker down at the publish) is sent by the retry task.
Long enough that a task merely waiting in the queue (worker restarting) is not overtaken."""

RODARE_DOI_RETRY_MAX_ATTEMPTS = 20
"""After this many failed attempts a DOI waits for ``invenio rodare-doi sync``."""

RODARE_DOI_PUBLISHER = {
    "name": "Helmholtz-Zentrum Dresden-Rossendorf",
    "publisherIdentifier": "https://ror.org/01zy2cs03",
    "publisherIdentifierScheme": "ROR",
    "schemeUri": "https://ror.org/",
}
"""The publisher DataCite gets for RODARE's records (DataCite 4.5 ``publisher`` with ROR)."""

RODARE_DOI_PUBLISHER_ALIASES = ["Rodare", "RODARE", "HZDR", "Helmholtz-Zentrum Dresden-Rossendorf"]
"""Publisher names (the deposit form's default is "Rodare") that mean HZDR's repository."""

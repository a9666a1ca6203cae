"""Defaults of the migration (RODARE_MIGRATION_*), copied by the extension with setdefault."""

RODARE_MIGRATION_PAGE_SIZE = 100
"""Depositions asked of the old RODARE per page (its API takes up to 1000)."""

RODARE_MIGRATION_TIMEOUT = (10, 300)
"""Connect and read timeout (seconds) of each request to the old RODARE."""

RODARE_MIGRATION_CUTOVER_RATE = 5.0
"""DOI updates per second the cut-over sends to DataCite (DataCite asks clients to stay
well below its limit of about 3,000 requests per 5 minutes)."""

RODARE_MIGRATION_REMOVAL_REASON = "retracted"
"""Removal reason (vocabulary ``removalreasons``) of a version the old RODARE had deleted:
it is migrated as a tombstone, so its DOI keeps resolving."""

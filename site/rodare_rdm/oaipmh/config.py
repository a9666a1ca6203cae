"""Defaults of the OAI-PMH feature (RODARE_OAIPMH_*).

Upstream's own keys stay in charge of what they name: ``OAISERVER_PAGE_SIZE`` (records
per list page), ``OAISERVER_RESUMPTION_TOKEN_EXPIRE_TIME`` (token lifetime, seconds),
``OAISERVER_METADATA_FORMATS``, ``OAISERVER_ID_PREFIX``, ``OAISERVER_ADMIN_EMAILS``,
``OAISERVER_REPOSITORY_NAME``, ``OAISERVER_DESCRIPTIONS``.
"""

RODARE_OAIPMH_DELETED_RECORD = "persistent"
"""What Identify declares: deleted records stay as ``<header status="deleted">``
(their tombstones stay in the records index)."""

RODARE_OAIPMH_TOKEN_SALT = "rodare-oaipmh-resumption-token"
"""Signing salt of resumption tokens (the key is ``SECRET_KEY``)."""

RODARE_OAIPMH_SAMPLE_RECORD_ID = "1234"
"""The record id shown in Identify's ``oai-identifier`` sample identifier."""

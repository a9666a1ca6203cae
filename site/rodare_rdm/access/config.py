"""Defaults of the access-levels feature (RODARE_ACCESS_*)."""

RODARE_ACCESS_CONTACT_EMAIL = "rodare@hzdr.de"
"""Whom a visitor of a closed record writes to: the repository forwards to the owners."""

RODARE_ACCESS_DEFAULT_LEVEL = "open"
"""The level a new deposit starts with (HZDR's data policy: open where possible)."""

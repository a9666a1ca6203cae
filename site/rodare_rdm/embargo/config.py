"""Defaults of the embargo feature (RODARE_EMBARGO_*)."""

RODARE_EMBARGO_MAX_YEARS = 5
"""How long after publication an owner may embargo files in all (HZDR data-policy draft);
beyond it only administrators may extend."""

RODARE_EMBARGO_REMINDER_DAYS = 30
"""How many days before an embargo ends its owners get one reminder e-mail."""

RODARE_EMBARGO_REASON_MAX_LENGTH = 1000
"""The longest reason accepted for an extension."""

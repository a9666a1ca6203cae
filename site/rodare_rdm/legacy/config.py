"""Defaults of the legacy deposit API (RODARE_LEGACY_*)."""

RODARE_LEGACY_DEFAULT_LICENSE = "cc-by-4.0"
"""The licence of an open or embargoed deposition that names none (legacy Zenodo gave one
too; datasets get CC0 as there): the deposit form's default."""

RODARE_LEGACY_PUBLISHER = "Rodare"
"""The publisher of depositions made through the legacy API (the deposit form's default)."""

RODARE_LEGACY_MAX_PAGE_SIZE = 100
"""The most depositions one ``GET /api/deposit/depositions`` lists (``size``)."""

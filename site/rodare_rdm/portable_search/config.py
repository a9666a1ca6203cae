"""Defaults of the portable-search feature (RODARE_SEARCH_*)."""

RODARE_SEARCH_PUBLICATION_DATE_TERMS = 10000
"""How many distinct publication dates the publication-date facet counts exactly.

The facet asks for a terms aggregation of this size; RODARE holds a few thousand records,
so the default covers every distinct date. A warning is logged when it is exceeded."""

RODARE_SEARCH_FACET_VALUES_TTL = 300
"""Seconds a process keeps the values of a vocabulary that a counted facet counts (G7).

A vocabulary reload (``invenio rodare-hzdr reload``) that adds an entry shows it in the
facets within this time; upstream keeps the facets' labels for an hour."""

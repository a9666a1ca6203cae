"""Defaults of the exports (RODARE_EXPORTS_*)."""

RODARE_EXPORTS_DUMPERS = {}
"""Extra dumpers per export ("datacite", "dublincore", "schemaorg"): import paths of
``DumperMixin`` classes that the features add to the level-aware serializers. The
``rodare_rdm`` config module sets the features' lists; empty here, so an app without it
(the benchmark's stock variant) exports what upstream exports."""

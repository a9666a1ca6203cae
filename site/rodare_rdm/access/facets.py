"""The "Access level" search facet (replaces upstream's "Access status", which has no closed)."""

from invenio_records_resources.services.records.facets import TermsFacet

from .levels import LEVEL_FIELD, LEVELS, UI

access_level = TermsFacet(
    field=f"custom_fields.{LEVEL_FIELD}",
    label="Access level",
    value_labels={level: UI[level]["title"] for level in LEVELS},
)

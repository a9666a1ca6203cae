"""The "Access level" search facet (replaces upstream's "Access status", which has no closed).

Its four values are known, so it is counted with one filter per level
(portable_search/counted.py, G7).
"""

from invenio_i18n import lazy_gettext as _

from rodare_rdm.portable_search.counted import CountedTermsFacet

from .levels import LEVEL_FIELD, LEVELS, UI

access_level = CountedTermsFacet(
    values=LEVELS,
    field=f"custom_fields.{LEVEL_FIELD}",
    label=_("Access level"),
    value_labels={level: UI[level]["title"] for level in LEVELS},
)

"""Search facets: institute, facility (instruments count for their facility), research field."""

from invenio_i18n import lazy_gettext as _
from invenio_records_resources.services.records.facets import CFTermsFacet
from invenio_vocabularies.services.facets import VocabularyLabels

from .custom_fields import FACILITIES, INSTITUTES, PROGRAMME


def _facet(path, label, vocabulary):
    return {
        "facet": CFTermsFacet(field=path, label=label, value_labels=VocabularyLabels(vocabulary)),
        "ui": {"field": CFTermsFacet.field(path)},
    }


HZDR_FACETS = {
    "hzdr_institute": _facet(f"{INSTITUTES}.id", _("Institute"), "hzdrinstitutes"),
    "hzdr_facility": _facet(f"{FACILITIES}.props.facility", _("Facility"), "hzdrfacilities"),
    "hzdr_research_field": _facet(f"{PROGRAMME}.props.research_field", _("Research field"),
                                  "hzdrresearch"),
}
"""Keys for RDM_FACETS; their names go into RDM_SEARCH["facets"] (invenio.cfg)."""

"""Search facets: institute, facility (instruments count for their facility), research field.

Each counts the values its vocabulary can give, one filter per value
(portable_search/counted.py, G7).
"""

from invenio_i18n import lazy_gettext as _
from invenio_records_resources.services.records.facets import CFTermsFacet
from invenio_vocabularies.services.facets import VocabularyLabels

from rodare_rdm.portable_search.counted import CountedTermsFacet, VocabularyValues

from .custom_fields import FACILITIES, INSTITUTES, PROGRAMME


def _facet(path, label, vocabulary, prop):
    field = CFTermsFacet.field(path)
    return {
        "facet": CountedTermsFacet(values=VocabularyValues(vocabulary, prop), field=field,
                                   label=label, value_labels=VocabularyLabels(vocabulary)),
        "ui": {"field": field},
    }


HZDR_FACETS = {
    "hzdr_institute": _facet(f"{INSTITUTES}.id", _("Institute"), "hzdrinstitutes", "id"),
    "hzdr_facility": _facet(f"{FACILITIES}.props.facility", _("Facility"), "hzdrfacilities",
                            "props.facility"),
    "hzdr_research_field": _facet(f"{PROGRAMME}.props.research_field", _("Research field"),
                                  "hzdrresearch", "props.research_field"),
}
"""Keys for RDM_FACETS; their names go into RDM_SEARCH["facets"] (invenio.cfg)."""

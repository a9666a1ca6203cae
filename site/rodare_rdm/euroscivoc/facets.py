"""The search facet "EuroSciVoc": records by their EuroSciVoc subjects, labelled in the
visitor's language.

Records store a subject's id and its English label (``subject``); the German label lives only
in the vocabulary, so the buckets are labelled from there. The facet counts the concepts the
database holds with one filter each (portable_search/counted.py, G7), so it costs the same on
the embedded search server as a terms aggregation on OpenSearch; until EuroSciVoc is loaded it
counts nothing and the search page leaves it out.
"""

from invenio_db import db
from invenio_i18n import lazy_gettext as _
from invenio_vocabularies.contrib.subjects.models import SubjectsMetadata
from invenio_vocabularies.services.facets import lazy_get_label

from rodare_rdm.portable_search.counted import CountedTermsFacet, VocabularyValues

from .loader import SCHEME

FIELD = "metadata.subjects.id"


class EuroSciVocValues(VocabularyValues):
    """The ids of the EuroSciVoc concepts in the subjects table (kept as VocabularyValues)."""

    def __init__(self):
        """The subjects vocabulary, by id."""
        super().__init__("subjects:" + SCHEME)

    def _read(self):
        rows = db.session.query(SubjectsMetadata.json["id"].as_string()).filter(
            SubjectsMetadata.json["scheme"].as_string() == SCHEME)
        return sorted(id_ for (id_,) in rows)

    def __call__(self):
        """The kept values; while none are kept, the database's: EuroSciVoc loaded after a
        process kept the empty list counts at once, not RODARE_SEARCH_FACET_VALUES_TTL later."""
        return super().__call__() or self._read()


class EuroSciVocLabels:
    """``{id: label}`` in the current language (English when a concept has no German label)."""

    def __call__(self, ids):
        """Labels of the buckets' ids."""
        if not ids:
            return {}
        rows = db.session.query(SubjectsMetadata.json).filter(
            SubjectsMetadata.json["id"].as_string().in_(list(ids)))
        return {json["id"]: lazy_get_label(json.get("title") or {"en": json["subject"]})
                for (json,) in rows}


EUROSCIVOC_FACETS = {
    "euroscivoc": {
        "facet": CountedTermsFacet(
            values=EuroSciVocValues(), field=FIELD, label=_("EuroSciVoc"),
            value_labels=EuroSciVocLabels(), size=20),
        "ui": {"field": "subjects.id"},
    },
}
"""Key for RDM_FACETS; its name goes into RDM_SEARCH["facets"] (site/rodare_rdm/config.py)."""

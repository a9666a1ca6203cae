"""Vocabulary reads that keep dotted property keys as stored (gap G4).

The serializers read one property of a vocabulary entry with
``get_vocabulary_props("resourcetypes", ["props.schema.org"], id)``, which the vocabularies
service sends as the ``_source`` include ``props.schema.org``. The key itself contains a dot.
OpenSearch 2.x returns ``{"props": {"schema.org": ...}}``; osmem re-nests it as
``{"props": {"schema": {"org": ...}}}``, and the JSON-LD export falls back to ``CreativeWork`` and
Signposting to ``AboutPage``. Only the caller knows where a path crosses a dotted key, so the
service asks for the whole top-level field (``props``) instead: both servers return the stored
object unchanged, and callers read the key they need from it. The answer is a superset of the
requested fields, and vocabulary entries are small.

Wired by VOCABULARIES_SERVICE_CONFIG, invenio-vocabularies' key for the generic vocabularies
service; its search options differ from upstream's in ``search_cls`` only.
"""

from invenio_search.api import RecordsSearchV2
from invenio_vocabularies.services.config import (
    VocabulariesServiceConfig as BaseVocabulariesServiceConfig,
)
from invenio_vocabularies.services.config import VocabularySearchOptions as BaseSearchOptions


class TopLevelSourceSearch(RecordsSearchV2):
    """A search whose ``_source`` includes name top-level fields only."""

    def source(self, fields=None, **kwargs):
        """Widen each include in a list to its top-level field, so no path crosses a dotted key."""
        if isinstance(fields, (list, tuple)):
            fields = list(dict.fromkeys(field.split(".", 1)[0] for field in fields))
        return super().source(fields, **kwargs)


class VocabularySearchOptions(BaseSearchOptions):
    """Upstream's vocabulary search options on :class:`TopLevelSourceSearch`."""

    search_cls = TopLevelSourceSearch


class VocabulariesServiceConfig(BaseVocabulariesServiceConfig):
    """Upstream's vocabularies service config with :class:`VocabularySearchOptions`."""

    search = VocabularySearchOptions

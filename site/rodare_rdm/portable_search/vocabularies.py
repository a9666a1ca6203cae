"""Vocabulary reads that return entries as stored, dotted keys included (gap G4).

The serializers read one property of a vocabulary entry with
``get_vocabulary_props("resourcetypes", ["props.schema.org"], id)``, which the vocabularies
service sends as a ``_source`` include list. The key ``schema.org`` contains a dot. OpenSearch 2.x
returns it as stored; osmem, whenever ``_source`` is filtered at all (``props.schema.org``,
``props``, ``props*``, even ``*`` or an exclude), re-nests it as ``{"schema": {"org": ...}}``, and
the JSON-LD export falls back to ``CreativeWork`` and Signposting to ``AboutPage``. Only an
unfiltered ``_source`` comes back as stored on both servers, so a list of includes fetches whole
entries; callers read the fields they asked for from them. Vocabulary entries are small, and
``read_all`` caches its answer.

Wired by VOCABULARIES_SERVICE_CONFIG, invenio-vocabularies' key for the generic vocabularies
service; its search options differ from upstream's in ``search_cls`` only.
"""

from invenio_search.api import RecordsSearchV2
from invenio_vocabularies.services.config import (
    VocabulariesServiceConfig as BaseVocabulariesServiceConfig,
)
from invenio_vocabularies.services.config import VocabularySearchOptions as BaseSearchOptions


class WholeSourceSearch(RecordsSearchV2):
    """A search that answers a list of ``_source`` includes with whole documents."""

    def source(self, fields=None, **kwargs):
        """Leave ``_source`` unfiltered for a list of includes: a superset, keys as stored."""
        if isinstance(fields, (list, tuple)):
            return super().source()
        return super().source(fields, **kwargs)


class VocabularySearchOptions(BaseSearchOptions):
    """Upstream's vocabulary search options on :class:`WholeSourceSearch`."""

    search_cls = WholeSourceSearch


class VocabulariesServiceConfig(BaseVocabulariesServiceConfig):
    """Upstream's vocabularies service config with :class:`VocabularySearchOptions`."""

    search = VocabularySearchOptions

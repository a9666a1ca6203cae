"""One pass over a page of records: what an export reads besides the record is read once per page.

OAI-PMH lists 100 records a page (``OAISERVER_PAGE_SIZE``). Serialised one at a time, each
record asked the vocabularies for its resource type's properties and the database for its
version neighbours, so a page cost a hundred round trips of each. Inside :func:`page`:

| what an export reads           | outside a page                     | inside a page                       |
|--------------------------------|------------------------------------|-------------------------------------|
| a vocabulary entry's props     | upstream's ``get_vocabulary_props``| the same call, once per page for    |
| (resource type, date type ...) | (a cached vocabulary search)       | each (vocabulary, fields, id)       |
|                                | per entry and record               | (``page_schemas.py``)               |
| what a configured dumper reads | per record                         | its ``prefetch(sources)`` reads it  |
| (a version's neighbours)       |                                    | for the whole page first            |

The memo answers what the per-record call would have answered within the same request, so
the output is the same byte for byte (``site/tests/oaipmh/test_harvest.py``). A page is a
``with`` block in one thread (a context variable): nothing outlives it, and the next page,
request or thread reads afresh.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from invenio_rdm_records.resources.serializers.errors import VocabularyItemNotFoundError
from invenio_rdm_records.resources.serializers.utils import get_vocabulary_props

from .dumpers import ConfiguredDumpers

_current = ContextVar("rodare_exports_page", default=None)
"""The memos of the page being serialised in this thread, or None."""


@contextmanager
def page(export, sources):
    """Serialise a page of records for ``export`` ("datacite", "dublincore", "schemaorg").

    ``sources`` are the records' index documents (``_source``): each configured dumper of the
    export that has a ``prefetch(sources)`` reads what it needs for all of them first.
    """
    token = _current.set({})
    try:
        ConfiguredDumpers(export).prefetch(sources)
        yield
    finally:
        _current.reset(token)


def in_page():
    """Whether a page of records is being serialised in this thread."""
    return _current.get() is not None


def memo(name):
    """The current page's memo ``name`` (a dict to fill), or None outside a page."""
    memos = _current.get()
    return None if memos is None else memos.setdefault(name, {})


def vocabulary_props(vocabulary, fields, id_):
    """Upstream's ``get_vocabulary_props``, asked once per page for each entry (and its error)."""
    cache = memo("vocabulary_props")
    if cache is None:
        return get_vocabulary_props(vocabulary, fields, id_)
    key = (vocabulary, tuple(fields), id_)
    if key not in cache:
        try:
            cache[key] = get_vocabulary_props(vocabulary, fields, id_)
        except VocabularyItemNotFoundError as error:
            cache[key] = error
    answer = cache[key]
    if isinstance(answer, VocabularyItemNotFoundError):
        raise answer
    return answer

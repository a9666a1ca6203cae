"""The importer's unit of work: the services' database writes, without their indexing.

Each service call of the import (create, files, publish, edit, delete) registers operations
that index the draft or the record as soon as its transaction commits, and bulk-index the
other versions of the concept. The import writes a version in a few such calls and indexes
every version of the concepts it changed once at its end (``Importer.run``), so each of
these would be done again a moment later: a record was indexed some five times before.

``DeferredIndexUnitOfWork`` keeps every operation as the service registered it (the record
and draft commits, the soft delete of the published draft, the Celery tasks such as the DOI
registration), only without the search-index side: commit and delete operations lose their
indexer, index-only operations (index, index delete, bulk index, refresh) are not run. No
draft written by the import is ever indexed, so none needs removing from the index either.
It is a unit of work of our own, passed to the services' public ``uow`` argument: upstream's
code is unchanged, and any other caller keeps its indexing.

``registered_here``: (record id, parent) pairs whose DOI the importer registers itself in
the same transaction (``importer._register_held``): the legacy DOIs, held from DataCite
until the cut-over. For them upstream's ``register_or_update_pid`` task would only set the
PID's status to registered (``doi/providers.py``, ``held``), after resolving the record,
expanding all its links (a permission check each) and dereferencing its vocabularies: some
30 statements per DOI. Its task operation is left out; every other task runs.
"""

from invenio_drafts_resources.services.records.uow import ParentRecordCommitOp
from invenio_rdm_records.services.pids.tasks import register_or_update_pid
from invenio_records_resources.services.uow import (
    IndexRefreshOp,
    RecordBulkIndexOp,
    RecordCommitOp,
    RecordDeleteOp,
    RecordIndexDeleteOp,
    RecordIndexOp,
    TaskOp,
    UnitOfWork,
)

INDEX_ONLY = (RecordIndexOp, RecordIndexDeleteOp, RecordBulkIndexOp, IndexRefreshOp)


class DeferredIndexUnitOfWork(UnitOfWork):
    """A unit of work whose operations write the database and leave the index alone."""

    def __init__(self, registered_here=(), **kwargs):
        """``registered_here``: (record id, parent) of DOIs the importer registers itself."""
        super().__init__(**kwargs)
        self.registered_here = {(str(recid), bool(parent)) for recid, parent in registered_here}

    def _registered_here(self, op):
        if not isinstance(op, TaskOp) or op._celery_task is not register_or_update_pid:
            return False
        recid, scheme = (list(op._args) + [None, None])[:2]
        parent = op._kwargs.get("parent", False)
        return scheme == "doi" and (str(recid), bool(parent)) in self.registered_here

    def register(self, op):
        """Register ``op`` without its indexing (an index-only operation not at all)."""
        if isinstance(op, INDEX_ONLY) or self._registered_here(op):
            return
        if isinstance(op, ParentRecordCommitOp):
            op._indexer_context = None  # its siblings are indexed by the import's final pass
        elif isinstance(op, (RecordCommitOp, RecordDeleteOp)):
            op._indexer = None
        super().register(op)

"""Record, draft and concept (parent) classes whose ids are integers from one sequence.

Like RODARE and Zenodo: ``/records/10002`` has the concept ``10001``; the DOIs read
``{prefix}/rodare.{id}``. Ids start above RODARE_DOI_RECID_FLOOR, so the records migrated from
the old RODARE keep theirs. Selected in invenio.cfg (RDM_RECORD_CLS, RDM_DRAFT_CLS).

The migration (``rodare_rdm.migration``) gives a record and its concept the ids they had in
the old RODARE: inside ``with assigned_ids(record=..., concept=...)`` the next draft and the
next concept take those ids instead of the sequence's.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app
from invenio_db import db
from invenio_drafts_resources.records.api import DraftRecordIdProviderV2
from invenio_drafts_resources.records.systemfields import ParentField
from invenio_pidstore.models import RecordIdentifier
from invenio_rdm_records.records.api import RDMDraft, RDMParent, RDMRecord
from invenio_records_resources.records.systemfields import PIDField
from sqlalchemy import text


def next_recid():
    """The next integer id of the shared sequence (pidstore_recid), above the floor."""
    recid = RecordIdentifier.next()
    floor = current_app.config["RODARE_DOI_RECID_FLOOR"]
    if recid <= floor:
        db.session.execute(
            text("SELECT setval(pg_get_serial_sequence('pidstore_recid', 'recid'), :floor)"),
            {"floor": floor},
        )
        recid = RecordIdentifier.next()
    return recid


_ASSIGNED = ContextVar("rodare_assigned_ids", default=None)


@contextmanager
def assigned_ids(record=None, concept=None):
    """Let the next draft (``record``) and concept (``concept``) take these ids; each once."""
    ids = {"record": record, "concept": concept}
    token = _ASSIGNED.set(ids)
    try:
        yield ids
    finally:
        _ASSIGNED.reset(token)


def _assigned(kind):
    """The id assigned to the next ``kind`` (and forget it), or None."""
    ids = _ASSIGNED.get()
    value = ids and ids.get(kind)
    if value is not None:
        ids[kind] = None
        if db.session.get(RecordIdentifier, int(value)) is None:
            # Not RecordIdentifier.insert: it moves the sequence (with SQL that SQLAlchemy 2
            # refuses); legacy ids lie below RODARE_DOI_RECID_FLOOR, the sequence above it.
            db.session.add(RecordIdentifier(recid=int(value)))
            _keep_sequence_above(int(value))
        return str(value)
    return None


_SEQUENCE = "pg_get_serial_sequence('pidstore_recid', 'recid')"
_RAISE_SEQUENCE = text(
    f"SELECT setval({_SEQUENCE}, :recid) WHERE :recid > COALESCE("
    f"pg_sequence_last_value(CAST({_SEQUENCE} AS regclass)), 0)"
)


def _keep_sequence_above(recid):
    """An id taken out of turn above the floor moves the sequence past it.

    Legacy ids are expected below ``RODARE_DOI_RECID_FLOOR``; one above it (a legacy system
    with more records, a floor set too low) would otherwise be handed out again by the
    sequence, and every new deposit reaching it would fail on the taken id (upstream's own
    repair in ``RecordIdentifier.next`` runs SQL that SQLAlchemy 2 refuses). The sequence
    only ever moves up here: a sequence is not transactional, so two importers may each
    raise it, never lower it below what the other set.
    """
    if recid > current_app.config["RODARE_DOI_RECID_FLOOR"]:
        db.session.execute(_RAISE_SEQUENCE, {"recid": recid})


class IntegerIdProvider(DraftRecordIdProviderV2):
    """Upstream's draft id provider with integer ids instead of random base32 ones."""

    kind = "record"

    @classmethod
    def generate_id(cls, options=None):
        """An integer id, as a string (pid values are strings)."""
        return _assigned(cls.kind) or str(next_recid())


class ConceptIdProvider(IntegerIdProvider):
    """The same ids for concepts; a migrated concept keeps its legacy id."""

    kind = "concept"


class RodareParent(RDMParent):
    """The concept: one per record, shared by its versions."""

    pid = PIDField("id", provider=ConceptIdProvider, delete=True)


class RodareRecord(RDMRecord):
    """A published version."""

    pid = PIDField("id", provider=IntegerIdProvider, delete=True)
    parent_record_cls = RodareParent
    parent = ParentField(RodareParent, create=False, soft_delete=False, hard_delete=False)


class RodareDraft(RDMDraft):
    """A draft (of a new record, a new version or an edit)."""

    pid = PIDField("id", provider=IntegerIdProvider, delete=False)
    parent_record_cls = RodareParent
    parent = ParentField(RodareParent, create=True, soft_delete=False, hard_delete=True)

"""Record, draft and concept (parent) classes whose ids are integers from one sequence.

Like RODARE and Zenodo: ``/records/10002`` has the concept ``10001``; the DOIs read
``{prefix}/rodare.{id}``. Ids start above RODARE_DOI_RECID_FLOOR, so the records migrated from
the old RODARE keep theirs. Selected in invenio.cfg (RDM_RECORD_CLS, RDM_DRAFT_CLS).
"""

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


class IntegerIdProvider(DraftRecordIdProviderV2):
    """Upstream's draft id provider with integer ids instead of random base32 ones."""

    @classmethod
    def generate_id(cls, options=None):
        """An integer id, as a string (pid values are strings)."""
        return str(next_recid())


class RodareParent(RDMParent):
    """The concept: one per record, shared by its versions."""

    pid = PIDField("id", provider=IntegerIdProvider, delete=True)


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

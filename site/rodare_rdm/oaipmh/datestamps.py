"""Community changes move the OAI datestamps of the records they touch.

A record's datestamp is its ``updated`` (``records.py``); edits, new versions, access-level
changes, lifted embargoes and deletions commit the record and so move it. Adding a record
to a community (or removing it) commits only the parent, yet changes every version's
``setSpec`` list, which selective incremental harvests (``set=user-x&from=...``) must see.
When a parent is committed with other community ids than it had, this receiver of
``after_record_update`` sets ``updated`` of the parent's published records to now, in the
same transaction; the parent commit's own re-indexing then carries the new datestamps.
"""

from datetime import UTC, datetime

from invenio_db import db
from invenio_rdm_records.records.api import RDMParent
from invenio_rdm_records.records.models import RDMRecordMetadata
from sqlalchemy import inspect


def _community_ids(data):
    return sorted(((data or {}).get("communities") or {}).get("ids") or [])


def community_ids_changed(parent):
    """Whether this commit of the parent changes its community ids."""
    history = inspect(parent.model).attrs.json.history
    if not history.deleted:
        return False
    return _community_ids(history.deleted[0]) != _community_ids(parent.model.json)


def touch_records_of_changed_parent(sender, record=None, **kwargs):
    """``after_record_update`` receiver: bump the datestamps after a community change."""
    if not isinstance(record, RDMParent) or not community_ids_changed(record):
        return
    db.session.query(RDMRecordMetadata).filter(
        RDMRecordMetadata.parent_id == record.id,
        RDMRecordMetadata.deletion_status == "P",
    ).update(
        {RDMRecordMetadata.updated: datetime.now(UTC).replace(tzinfo=None)},
        synchronize_session="fetch",
    )

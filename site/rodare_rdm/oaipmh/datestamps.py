"""Community changes move the OAI datestamps of the records they touch.

A record's datestamp is its ``updated`` (``records.py``); edits, new versions, access-level
changes, lifted embargoes and deletions commit the record and so move it. Adding a record
to a community (or removing it) commits only the parent, yet changes every version's
``setSpec`` list, which selective incremental harvests (``set=user-x&from=...``) must see.
Records of invenio-records-resources send no record signals, so this is a SQLAlchemy
``before_update`` listener on the parent's table: when a parent row is written with other
community ids than it had, the same transaction sets ``updated`` of the parent's
published records to now. The parent commit's own re-indexing of all versions
(``ParentRecordCommitOp``) then carries the new datestamps to the index.
"""

from datetime import UTC, datetime

from invenio_rdm_records.records.models import RDMParentMetadata, RDMRecordMetadata
from sqlalchemy import event, select, update
from sqlalchemy.orm import object_session
from sqlalchemy.orm.attributes import set_committed_value


def _community_ids(data):
    return sorted(((data or {}).get("communities") or {}).get("ids") or [])


def community_ids_changed(connection, parent_model):
    """Whether the pending write of a parent row changes its community ids (read the row as
    stored: the ORM keeps no old value of the JSON column after Record.commit replaces it)."""
    parents = RDMParentMetadata.__table__
    stored = connection.execute(select(parents.c.json).where(parents.c.id == parent_model.id)).scalar()
    return _community_ids(stored) != _community_ids(parent_model.json)


def touch_records_of_changed_parent(mapper, connection, parent_model):
    """``before_update`` of a parent row: bump its records' datestamps on a community change."""
    if not community_ids_changed(connection, parent_model):
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    records = RDMRecordMetadata.__table__
    connection.execute(
        update(records)
        .where(records.c.parent_id == parent_model.id, records.c.deletion_status == "P")
        .values(updated=now)
    )
    session = object_session(parent_model)
    for obj in list(session.identity_map.values()) if session else []:
        if isinstance(obj, RDMRecordMetadata) and obj.parent_id == parent_model.id:
            set_committed_value(obj, "updated", now)


def register():
    """Listen to parent rows (once per process; every app shares the mapper)."""
    if not event.contains(RDMParentMetadata, "before_update", touch_records_of_changed_parent):
        event.listen(RDMParentMetadata, "before_update", touch_records_of_changed_parent)

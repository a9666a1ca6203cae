"""A version's neighbours: the DOIs of the previous and the next published version.

DataCite links versions both ways (IsNewVersionOf / IsPreviousVersionOf) besides the concept
links upstream writes (IsVersionOf / HasVersion); the dumper and the component read this.
"""

from invenio_db import db
from invenio_pidstore.models import PersistentIdentifier
from invenio_rdm_records.records.models import RDMRecordMetadata


def _parent_uuid(record):
    parent = getattr(record, "parent", None)
    if parent is not None and getattr(parent, "id", None) is not None:
        return parent.id
    parent_id = (record.get("parent") or {}).get("id")
    if not parent_id:
        return None
    pid = PersistentIdentifier.query.filter_by(pid_type="recid", pid_value=str(parent_id)).one_or_none()
    return pid.object_uuid if pid is not None else None


def neighbours(record):
    """{-1: previous version's JSON, +1: next version's JSON} among published, not deleted."""
    index = (getattr(getattr(record, "versions", None), "index", None)  # a record
             or (record.get("versions") or {}).get("index"))  # its JSON (exports, OAI-PMH)
    parent_uuid = _parent_uuid(record)
    if not index or parent_uuid is None:
        return {}
    models = db.session.query(RDMRecordMetadata).filter(
        RDMRecordMetadata.parent_id == parent_uuid,
        RDMRecordMetadata.index.in_([index - 1, index + 1]),
        RDMRecordMetadata.deletion_status == "P",
    )
    return {model.index - index: model.json for model in models if model.json}


def doi_of(data):
    """The DOI of a record's JSON, if it has one."""
    return ((data or {}).get("pids") or {}).get("doi", {}).get("identifier")

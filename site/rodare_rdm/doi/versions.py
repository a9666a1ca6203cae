"""A version's neighbours: the DOIs of the previous and the next published version.

DataCite links versions both ways (IsNewVersionOf / IsPreviousVersionOf) besides the concept
links upstream writes (IsVersionOf / HasVersion); the dumper and the component read this.
For a page of records (OAI-PMH, ``exports.page``) :func:`prefetch` reads every record's
neighbours in two queries before the first record is dumped, instead of two per record.
"""

from invenio_db import db
from invenio_pidstore.models import PersistentIdentifier
from invenio_rdm_records.records.models import RDMRecordMetadata
from sqlalchemy import tuple_

from ..exports.page import memo

MEMO = "doi.neighbours"
"""The page memo: ``{(parent id, version index): neighbours}`` of the page's records."""


def _parent_uuid(record):
    parent = getattr(record, "parent", None)
    if parent is not None and getattr(parent, "id", None) is not None:
        return parent.id
    parent_id = (record.get("parent") or {}).get("id")
    if not parent_id:
        return None
    pid = PersistentIdentifier.query.filter_by(pid_type="recid", pid_value=str(parent_id)).one_or_none()
    return pid.object_uuid if pid is not None else None


def _index(record):
    return (getattr(getattr(record, "versions", None), "index", None)  # a record
            or (record.get("versions") or {}).get("index"))  # its JSON (exports, OAI-PMH)


def _key(source):
    """The page memo's key of a record's JSON: its parent's id and its version index."""
    return ((source.get("parent") or {}).get("id"), (source.get("versions") or {}).get("index"))


def _rows(pairs):
    """``(parent uuid, index, json)`` of the published, not deleted versions at ``pairs``."""
    return db.session.query(RDMRecordMetadata.parent_id, RDMRecordMetadata.index,
                            RDMRecordMetadata.json).filter(
        tuple_(RDMRecordMetadata.parent_id, RDMRecordMetadata.index).in_(list(pairs)),
        RDMRecordMetadata.deletion_status == "P",
    )


def prefetch(sources):
    """Read the neighbours of every record JSON in ``sources`` into the current page's memo."""
    found = memo(MEMO)
    if found is None:
        return
    keys = {(parent, index) for parent, index in map(_key, sources)
            if parent and index and (parent, index) not in found}
    if not keys:
        return
    pids = PersistentIdentifier.query.filter(
        PersistentIdentifier.pid_type == "recid",
        PersistentIdentifier.pid_value.in_(sorted({str(parent) for parent, _ in keys})))
    uuids = {pid.pid_value: pid.object_uuid for pid in pids}
    wanted = {(uuids[str(parent)], index + offset)
              for parent, index in keys if str(parent) in uuids for offset in (-1, 1)}
    versions = {(parent, index): json for parent, index, json in _rows(wanted) if json} if wanted else {}
    for parent, index in keys:
        uuid = uuids.get(str(parent))
        found[(parent, index)] = {} if uuid is None else {
            offset: versions[(uuid, index + offset)]
            for offset in (-1, 1) if (uuid, index + offset) in versions}


def neighbours(record):
    """{-1: previous version's JSON, +1: next version's JSON} among published, not deleted."""
    found = memo(MEMO)
    if found is not None and isinstance(record, dict) and _key(record) in found:
        return found[_key(record)]
    index = _index(record)
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

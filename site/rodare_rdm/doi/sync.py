"""Bring one DOI, or every DOI, in step with DataCite: used by the retry task and the CLI."""

from invenio_access.permissions import system_identity
from invenio_db import db
from invenio_pidstore.errors import PIDDeletedError, PIDDoesNotExistError
from invenio_pidstore.models import PersistentIdentifier, PIDStatus
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_rdm_records.records.models import RDMParentMetadata, RDMRecordMetadata

from .models import DOIState
from .providers import datacite_providers


def _version_id(pid):
    """(recid of the version to send, is concept DOI) for a DataCite DOI, or None."""
    record_model = db.session.get(RDMRecordMetadata, pid.object_uuid)
    if record_model is not None:
        return records_service.record_cls(record_model.data, model=record_model)["id"], False
    if db.session.get(RDMParentMetadata, pid.object_uuid) is None:
        return None
    parent = records_service.record_cls.parent_record_cls.get_record(pid.object_uuid)
    latest = records_service.record_cls.get_latest_by_parent(parent)
    return (latest["id"], True) if latest is not None else None


def sync_doi(doi):
    """Send one DOI's current state to DataCite (findable with metadata, or hidden).

    Returns the DOI's state row afterwards (``registered``, ``hidden`` or ``failed``).
    """
    pid = PersistentIdentifier.get("doi", doi)
    found = _version_id(pid)
    if found is None:
        return None
    recid, is_parent = found
    provider = datacite_providers(is_parent)
    try:
        record = records_service.record_cls.pid.resolve(recid, registered_only=False)
        deleted = record.deletion_status.is_deleted
    except (PIDDeletedError, PIDDoesNotExistError):
        deleted = True
    if deleted or pid.status == PIDStatus.DELETED:
        provider.hide(pid, recid, is_parent)
        db.session.commit()
    else:
        records_service.pids.register_or_update(
            system_identity, recid, "doi", parent=is_parent)
    return db.session.get(DOIState, doi)


def datacite_dois():
    """Every DOI of our DataCite provider that should be at DataCite."""
    return (PersistentIdentifier.query
            .filter(PersistentIdentifier.pid_type == "doi",
                    PersistentIdentifier.pid_provider == "datacite",
                    PersistentIdentifier.status.in_(
                        [PIDStatus.RESERVED, PIDStatus.REGISTERED, PIDStatus.DELETED]))
            .order_by(PersistentIdentifier.pid_value).all())

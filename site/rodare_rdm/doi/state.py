"""Record what DataCite made of a DOI (models.DOIState), with the back-off of failed ones."""

from datetime import timedelta

from datacite.errors import DataCiteError
from flask import current_app
from invenio_db import db
from invenio_pidstore.models import PersistentIdentifier, PIDStatus
from invenio_rdm_records.records.models import RDMRecordMetadata

from .client import DataCiteInvalid, DataCiteUnavailable
from .models import FAILED, DOIState, utcnow


def _row(doi, recid, is_parent):
    row = db.session.get(DOIState, doi)
    if row is None:
        row = DOIState(doi=doi, recid=str(recid or ""), is_parent=is_parent, attempts=0)
        db.session.add(row)
    if recid:
        row.recid = str(recid)
    row.is_parent = is_parent
    row.updated = utcnow()
    return row


def succeeded(doi, recid, is_parent, status):
    """DataCite has the DOI as we want it (``registered`` or ``hidden``)."""
    row = _row(doi, recid, is_parent)
    row.status, row.last_error, row.retryable = status, None, False
    row.attempts, row.next_attempt = 0, None


def describe(error):
    """One line an administrator can act on."""
    if isinstance(error, DataCiteInvalid):
        return "DataCite rejected the metadata: " + "; ".join(
            f"{e.get('source') or 'metadata'}: {e.get('title')}" for e in error.errors)
    if isinstance(error, DataCiteUnavailable):
        return str(error)
    if not isinstance(error, DataCiteError):
        return f"The DataCite metadata could not be made ({type(error).__name__}): {error}"
    return f"DataCite error ({type(error).__name__}): {error}"


def failed(doi, recid, is_parent, error, retryable=None):
    """DataCite did not take it: keep the error; schedule a retry if it was an outage."""
    row = _row(doi, recid, is_parent)
    row.status, row.last_error = FAILED, describe(error)
    row.retryable = isinstance(error, DataCiteUnavailable) if retryable is None else retryable
    row.attempts = (row.attempts or 0) + 1
    config = current_app.config
    if row.retryable and row.attempts < config["RODARE_DOI_RETRY_MAX_ATTEMPTS"]:
        delay = min(config["RODARE_DOI_RETRY_DELAY"] * 2 ** (row.attempts - 1),
                    config["RODARE_DOI_RETRY_MAX_DELAY"])
        row.next_attempt = utcnow() + timedelta(seconds=delay)
    else:
        row.next_attempt = None
    current_app.logger.warning("DOI %s: %s", doi, row.last_error)


def never_sent(now=None, limit=100):
    """Reserved DOIs DataCite never heard of, reserved longer than RODARE_DOI_SWEEP_AFTER ago.

    A publish reserves its DOIs and, after its commit, sends their registration as a Celery
    task. With the broker down at that moment the task is lost (the request answers 503,
    maintenance/), but the DOIs stay reserved with no state row: this finds them, the version
    DOI by its published record and the concept DOI by a published version of its parent
    (a draft's reserved DOI waits for its publish).
    """
    published = db.session.query(RDMRecordMetadata.id).filter(
        db.or_(RDMRecordMetadata.id == PersistentIdentifier.object_uuid,
               RDMRecordMetadata.parent_id == PersistentIdentifier.object_uuid)).exists()
    since = (now or utcnow()) - timedelta(seconds=current_app.config["RODARE_DOI_SWEEP_AFTER"])
    return (PersistentIdentifier.query
            .outerjoin(DOIState, DOIState.doi == PersistentIdentifier.pid_value)
            .filter(PersistentIdentifier.pid_type == "doi",
                    PersistentIdentifier.pid_provider == "datacite",
                    PersistentIdentifier.status == PIDStatus.RESERVED,
                    PersistentIdentifier.updated <= since,
                    DOIState.doi.is_(None), published)
            .order_by(PersistentIdentifier.updated).limit(limit).all())


def due(now=None):
    """DOIs whose retry is due."""
    return (DOIState.query.filter(DOIState.status == FAILED, DOIState.retryable.is_(True),
                                  DOIState.next_attempt <= (now or utcnow()))
            .order_by(DOIState.next_attempt).all())

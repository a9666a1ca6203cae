"""Extend an embargo, or end it early, on a published record: no new version, no new DOI.

Rules (the refusals are ``ValidationError`` with the field that is wrong, so REST answers
400 with a message and nothing is changed):

=============================== ===========================================================
request                         refused when
=============================== ===========================================================
extend to ``until``             not embargoed; ``until`` not after today; not after the
                                current end; beyond RODARE_EMBARGO_MAX_YEARS after
                                publication, unless the identity may
                                ``extend_embargo_beyond_maximum`` (administrators)
end early                       not embargoed
=============================== ===========================================================

Who may ask at all: those who ``manage`` the record (owners, curators of its communities)
and administrators. The record's row is locked while it changes, and the record commit
checks its version, so an extension and the nightly lift never interleave: one of them
commits, the other sees the outcome (not embargoed any more) or fails on the version.
"""

from datetime import date

from flask import current_app
from invenio_db import db
from invenio_db.uow import unit_of_work
from invenio_i18n import lazy_gettext as _
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_rdm_records.records.systemfields.access.embargo import Embargo
from invenio_rdm_records.services.pids.tasks import register_or_update_pid
from invenio_records_resources.services.errors import PermissionDeniedError
from invenio_records_resources.services.uow import RecordCommitOp, TaskOp
from marshmallow import ValidationError

from ..access.levels import EMBARGOED, LEVEL_FIELD, OPEN, level_of
from ..access.models import AccessLevelChange
from .models import END, EXTEND, EmbargoEvent


def _fail(field, message):
    raise ValidationError({field: [str(message)]})


def locked_record(pid_value):
    """The published record, its database row locked until the transaction ends."""
    record = records_service.record_cls.pid.resolve(pid_value)
    model = (records_service.record_cls.model_cls.query
             .filter_by(id=record.id).with_for_update().one())
    db.session.refresh(model)
    return records_service.record_cls(model.data, model=model)


def current_until(record):
    """The end date of an active embargo, or None."""
    embargo = record.access.embargo
    return embargo.until.date() if embargo.active and embargo.until else None


def years_after(day):
    """RODARE_EMBARGO_MAX_YEARS after ``day``: the latest end date owners may set."""
    years = current_app.config["RODARE_EMBARGO_MAX_YEARS"]
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def maximum_until(record):
    """The latest end date owners may set: RODARE_EMBARGO_MAX_YEARS after publication."""
    return years_after(record.created.date())


def beyond_maximum_message(limit):
    """Why an end date after ``limit`` is refused (extension, deposit form, REST)."""
    return str(_("Embargoes end at the latest on {date} ({years} years after publication); "
                 "only administrators may extend beyond it.")
               .format(date=limit.isoformat(), years=current_app.config["RODARE_EMBARGO_MAX_YEARS"]))


def _require_embargoed(record):
    until = current_until(record)
    if level_of(record) != EMBARGOED or until is None:
        _fail("until", _("This record is not under embargo."))
    return until


def _event(identity, record, action, old, new, reason=None):
    db.session.add(EmbargoEvent(
        record_pid=record.pid.pid_value, parent_id=record.parent.id,
        user_id=identity.id if isinstance(identity.id, int) else None,
        action=action, old_until=old, new_until=new, reason=reason,
    ))


def _commit(record, uow):
    """Index the record and refresh its DataCite metadata (when it has a DataCite DOI)."""
    uow.register(RecordCommitOp(record, indexer=records_service.indexer))
    if (record.get("pids") or {}).get("doi", {}).get("provider") == "datacite":
        uow.register(TaskOp(register_or_update_pid, record["id"], "doi", parent=False))


def _same_on_draft(record, change, uow):
    """Apply ``change`` to the record's open edit draft too, if it has the same embargo."""
    if not record.has_draft:
        return
    draft = records_service.draft_cls.pid.resolve(record["id"], registered_only=False)
    if draft.access == record.access:
        change(draft)
        uow.register(RecordCommitOp(draft, indexer=records_service.indexer))


@unit_of_work()
def extend(identity, pid_value, until, reason=None, uow=None):
    """Move the embargo end of a published record later."""
    record = locked_record(pid_value)
    if not records_service.check_permission(identity, "manage", record=record):
        raise PermissionDeniedError("extend_embargo")
    old = _require_embargoed(record)
    if until <= date.today():
        _fail("until", _("The new end date must be in the future."))
    if until <= old:
        _fail("until", _("The new end date must be later than the current one ({date}).")
              .format(date=old.isoformat()))
    limit = maximum_until(record)
    if until > limit and not records_service.check_permission(
        identity, "extend_embargo_beyond_maximum", record=record
    ):
        _fail("until", beyond_maximum_message(limit))
    reason = reason or record.access.embargo.reason

    def change(item):
        item.access.embargo = Embargo(until=until.isoformat(), reason=reason, active=True)

    _same_on_draft(record, change, uow)
    change(record)
    _event(identity, record, EXTEND, old, until, reason)
    _commit(record, uow)
    return record


@unit_of_work()
def end(identity, pid_value, uow=None):
    """End the embargo now: the files open and the level becomes open."""
    record = locked_record(pid_value)
    if not records_service.check_permission(identity, "manage", record=record):
        raise PermissionDeniedError("end_embargo")
    old = _require_embargoed(record)

    def change(item):
        item.access.embargo = Embargo()
        item.access.protection.set(record="public", files="public")
        item["custom_fields"] = {**(item.get("custom_fields") or {}), LEVEL_FIELD: OPEN}

    _same_on_draft(record, change, uow)
    change(record)
    _event(identity, record, END, old, date.today())
    AccessLevelChange.add(identity, record, EMBARGOED, OPEN)
    _commit(record, uow)
    return record


def history(record):
    """The embargo's events, oldest first."""
    return [e.dump() for e in EmbargoEvent.query.filter_by(parent_id=record.parent.id)
            .order_by(EmbargoEvent.created, EmbargoEvent.id)]

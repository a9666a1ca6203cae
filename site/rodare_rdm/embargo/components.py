"""Service components of the embargo: its cap on every path, and the owners told of the lift.

RODARE_EMBARGO_MAX_YEARS holds wherever an embargo end date is written, not only on the
extension endpoint:

======================= ======================================= ===========================
path                    counted from                            beyond the cap
======================= ======================================= ===========================
new deposit             today (the earliest publication)        draft saves with the
new version             today; the predecessor's date is kept   message beside
edit of a published     its publication (as the extension)      ``access.embargo.until``;
record                  ; its current date is kept              publish is a 400
extension endpoint      its publication (``service.extend``)    400
======================= ======================================= ===========================

Only those who may ``extend_embargo_beyond_maximum`` (administrators, not the system that
services such as ROBIS act as) go beyond it; an end date an administrator set survives the
owner's later edits and new versions.
"""

from datetime import date

from invenio_drafts_resources.services.records.components import ServiceComponent
from invenio_i18n import lazy_gettext as _
from marshmallow import ValidationError

from .mail import queue
from .models import LIFT, EmbargoEvent
from .service import beyond_maximum_message, current_until, maximum_until, years_after

FIELD = "access.embargo.until"


def _until_of(access):
    """The end date an access dict asks for, if its embargo is active."""
    embargo = (access or {}).get("embargo") or {}
    until = embargo.get("until")
    if not embargo.get("active") or not until:
        return None
    try:
        return date.fromisoformat(str(until)[:10])
    except ValueError:  # upstream's schema reports a malformed date
        return None


class EmbargoCapComponent(ServiceComponent):
    """RODARE_EMBARGO_MAX_YEARS on deposits, edits and new versions (table in the module)."""

    def _prior(self, draft):
        """What the draft replaces: its published self, or the latest published version."""
        records = self.service.record_cls
        if draft.is_published:
            return records.get_record(draft.id)
        return records.get_latest_by_parent(draft.parent)

    def _limit(self, draft, prior):
        """The latest end date the draft may carry without an administrator."""
        limit = maximum_until(prior) if draft.is_published else years_after(date.today())
        kept = current_until(prior) if prior is not None else None
        return max(limit, kept) if kept else limit

    def _refusal(self, identity, draft, access):
        """The message for an end date beyond the cap, or None."""
        until = _until_of(access)
        if until is None:
            return None
        limit = self._limit(draft, self._prior(draft))
        if until <= limit or self.service.check_permission(
            identity, "extend_embargo_beyond_maximum", record=draft
        ):
            return None
        return beyond_maximum_message(limit)

    def _report(self, identity, draft, access, errors):
        """Add the refusal to the draft's errors: it still saves, the form shows why."""
        message = self._refusal(identity, draft, access)
        if message and errors is not None:
            errors.append({"field": FIELD, "messages": [message]})

    def create(self, identity, data=None, record=None, errors=None, **kwargs):
        """A new deposit (REST or form)."""
        self._report(identity, record, data.get("access"), errors)

    def update_draft(self, identity, data=None, record=None, errors=None, **kwargs):
        """A saved draft: a deposit, an edit or a new version."""
        self._report(identity, record, data.get("access"), errors)

    def read_draft(self, identity, draft=None, errors=None, **kwargs):
        """The form opened again shows the message too."""
        self._report(identity, draft, draft.get("access"), errors)

    def publish(self, identity, draft=None, record=None, **kwargs):
        """The gate: nothing beyond the cap is published by anyone but administrators."""
        message = self._refusal(identity, draft, draft.get("access"))
        if message:
            raise ValidationError({FIELD: [message]})


class EmbargoLiftComponent(ServiceComponent):
    """Record the lift in the embargo's history and e-mail the owners."""

    def lift_embargo(self, identity, draft=None, record=None, **kwargs):
        """Upstream's ``lift_embargo`` opened the files of ``record``."""
        until = record.access.embargo.until
        until = until.date() if until else None
        self.uow.session.add(EmbargoEvent(
            record_pid=record.pid.pid_value, parent_id=record.parent.id, user_id=None,
            action=LIFT, old_until=until, new_until=None,
        ))
        queue(self.uow, record, "lifted.txt", _("The files of your RODARE record are open now"),
              until=until.isoformat() if until else "")

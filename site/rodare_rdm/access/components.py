"""Service component: one explicit level, stock access fields that agree with it.

It runs *before* upstream's components and normalises the incoming payload, so that
upstream's AccessComponent and CustomFieldsComponent store a consistent pair.

Which value wins when a client sends both the level and stock fields:

================================ ==========================================================
payload                          result
================================ ==========================================================
level changed (or new)           the level; stock fields follow it
level unchanged or absent        stock fields (a stock client edited them): level derived,
                                 ``closed`` kept while files stay restricted
================================ ==========================================================

Who may change a level (besides who may save the draft at all):

================================ ==========================================================
change                           allowed to
================================ ==========================================================
loosen, away from ``closed``     those who ``manage`` the record (owners, curators of its
                                 communities, administrators); not a reviewing curator
loosen otherwise                 anyone who may save the draft
tighten a published record       owners within the grace period; ``tighten_access_level``
================================ ==========================================================

Invalid input raises a ``ValidationError`` with the field's path: the REST API answers 400
with per-field messages and the deposit form shows them beside the fields.
"""

from datetime import date, datetime, timezone

from flask import current_app
from invenio_drafts_resources.services.records.components import ServiceComponent
from invenio_i18n import lazy_gettext as _
from marshmallow import ValidationError

from .levels import (
    CLOSED,
    CONDITIONS_FIELD,
    EMBARGOED,
    LEVEL_FIELD,
    OPEN,
    RESTRICTED,
    agrees,
    derive,
    is_tightening,
    level_of,
)
from .models import AccessLevelChange
from .sanitise import sanitise_conditions


def _fail(field, message):
    raise ValidationError({field: [str(message)]})


def resolve(payload, stored_level):
    """The level a payload asks for, given the level stored before it."""
    sent = (payload.get("custom_fields") or {}).get(LEVEL_FIELD)
    access = payload.get("access")
    if sent and (sent != stored_level or access is None):
        return sent
    if sent and agrees(sent, access):
        return sent
    derived = derive(access)
    if stored_level == CLOSED and derived == RESTRICTED:
        return CLOSED
    return derived


def access_for(level, access):
    """Stock access fields for ``level``, keeping the payload's embargo date and reason."""
    access = dict(access or {})
    if access.get("record") == "restricted":
        _fail("access.record", _("Metadata is always public at RODARE: choose an access "
                                 "level for the files instead."))
    embargo = dict(access.get("embargo") or {})
    if level == EMBARGOED:
        until = embargo.get("until")
        if not until or date.fromisoformat(str(until)[:10]) <= date.today():
            _fail("access.embargo.until", _("An embargoed record needs an embargo end "
                                            "date in the future."))
        embargo["active"] = True
    else:
        embargo = {"active": False}
    return {
        **access,
        "record": "public",
        "files": "public" if level == OPEN else "restricted",
        "embargo": embargo,
    }


class AccessLevelComponent(ServiceComponent):
    """Keep the explicit level and stock access in step; record every change of level."""

    def _normalise(self, identity, data, stored_level, errors):
        if errors:
            for error in errors:
                if error.get("field") == f"custom_fields.{LEVEL_FIELD}":
                    _fail(error["field"], error["messages"][0])
        level = resolve(data, stored_level) or current_app.config["RODARE_ACCESS_DEFAULT_LEVEL"]
        data["access"] = access_for(level, data.get("access"))
        custom = dict(data.get("custom_fields") or {})
        custom[LEVEL_FIELD] = level
        if level != RESTRICTED:
            custom.pop(CONDITIONS_FIELD, None)
        data["custom_fields"] = custom
        return level

    def create(self, identity, data=None, record=None, errors=None, **kwargs):
        """A new draft: the level sent, or the one its stock fields describe."""
        self._normalise(identity, data, None, errors)

    def update_draft(self, identity, data=None, record=None, errors=None, **kwargs):
        """An edited draft: see the table in the module docstring."""
        level = self._normalise(identity, data, level_of(record), errors)
        was = [level_of(record)]
        if record.is_published:
            published = self.service.record_cls.get_record(record.id)
            self._check_tightening(identity, published, level)
            was.append(level_of(published))
        self._check_loosening_closed(identity, record, was, level)

    def publish(self, identity, draft=None, record=None, **kwargs):
        """Check the level once more, apply it to the parent, and record the change."""
        level = level_of(draft)
        if not agrees(level, draft.get("access")) or draft.get("access", {}).get("record") != "public":
            _fail(f"custom_fields.{LEVEL_FIELD}", _("The access fields do not match the "
                                                    "access level: save the draft again."))
        old = level_of(record) if record.get("access") else None
        if old:
            self._check_tightening(identity, record, level)
            self._check_loosening_closed(identity, draft, [old], level)
        self._apply_to_parent(draft, level)
        if old != level:
            AccessLevelChange.add(identity, draft, old, level)

    def lift_embargo(self, identity, draft=None, record=None, **kwargs):
        """Upstream's scheduled task opened the files: the level says so too."""
        for item in (record, draft):
            if item is not None and level_of(item) == EMBARGOED:
                item["custom_fields"] = {**(item.get("custom_fields") or {}), LEVEL_FIELD: OPEN}
        AccessLevelChange.add(identity, record, EMBARGOED, OPEN)

    def _check_tightening(self, identity, record, level):
        """Tightening a published record's level: within the grace period, or by admins."""
        old = level_of(record)
        if not is_tightening(old, level):
            return
        grace = current_app.config["RDM_RECORDS_RESTRICTION_GRACE_PERIOD"]
        if record.created.replace(tzinfo=timezone.utc) + grace > datetime.now(timezone.utc):
            return
        if self.service.check_permission(identity, "tighten_access_level", record=record):
            return
        _fail(f"custom_fields.{LEVEL_FIELD}", _(
            "The files of this record can no longer be withheld from more people "
            "(from {old} to {new}): the grace period after publication is over. "
            "Please contact the repository administrators."
        ).format(old=old, new=level))

    def _check_loosening_closed(self, identity, record, was, level):
        """Away from ``closed``: only those who manage the record.

        Others who may save its draft (a curator reviewing its submission) must not give
        its files to more people.
        """
        if CLOSED not in was or level == CLOSED:
            return
        if self.service.check_permission(identity, "manage", record=record):
            return
        _fail(f"custom_fields.{LEVEL_FIELD}", _(
            "Only those who manage this record may give its files to more people than its "
            "closed level does."))

    def _apply_to_parent(self, draft, level):
        """Access requests are open on restricted records only, with the owner's conditions."""
        settings = draft.parent.access.settings
        settings.allow_user_requests = level == RESTRICTED
        settings.allow_guest_requests = level == RESTRICTED
        conditions = (draft.get("custom_fields") or {}).get(CONDITIONS_FIELD)
        if level == RESTRICTED:
            # a draft saved before the conditions were sanitised may still hold markup
            settings.accept_conditions_text = sanitise_conditions(conditions) or None
        draft.parent.commit()

"""HZDR rules on deposits: known vocabulary ids; HZDR staff name at least one institute.

A malformed HZDR value or an unknown institute, programme or facility id is refused with
a 400 naming the field, and the stored draft keeps its values. (Upstream saves a draft
without the malformed value and lists it under ``errors``, and answers an unknown id with a
400 that names no field, so the form could not show it.)

============ ================================================================
when         what happens to a staff deposit without an institute
============ ================================================================
save draft   saved; the form shows the message beside the field
publish      refused with a 400 naming ``custom_fields.hzdr:institutes``
============ ================================================================

Staff are the owners with the role ``RODARE_HZDR_STAFF_ROLE``; whoever publishes (the owner,
or a curator accepting the record into a community), the owner's role decides.
"""

import re

from flask import current_app
from invenio_accounts.models import User
from invenio_db import db
from invenio_drafts_resources.services.records.components import ServiceComponent
from invenio_i18n import lazy_gettext as _
from invenio_pidstore.errors import PIDDoesNotExistError
from marshmallow import ValidationError

from .custom_fields import HZDR_CUSTOM_FIELDS, INSTITUTES, PropsVocabularyCF

MESSAGE = _("HZDR staff must name at least one HZDR institute or central department.")


def owner_is_staff(record):
    """Whether the record's owner holds the HZDR staff role."""
    owner = record.parent.access.owned_by
    user_id = getattr(owner, "owner_id", None) if owner else None
    if user_id is None or not re.fullmatch(r"[0-9]+", str(user_id)):
        return False
    user = db.session.get(User, int(user_id))
    role = current_app.config["RODARE_HZDR_STAFF_ROLE"]
    return bool(user) and any(r.name == role for r in user.roles)


def check_vocabulary_ids(record):
    """Raise a field error for every HZDR vocabulary id that does not exist."""
    custom_fields = record.get("custom_fields") or {}
    errors = {}
    for cf in HZDR_CUSTOM_FIELDS:
        if not isinstance(cf, PropsVocabularyCF) or not custom_fields.get(cf.name):
            continue
        value = custom_fields[cf.name]
        for entry in value if isinstance(value, list) else [value]:
            try:
                cf.pid_field.resolve(entry.get("id"))
            except PIDDoesNotExistError:
                errors.setdefault(f"custom_fields.{cf.name}", []).append(
                    str(_("Unknown value: %(id)s.", id=entry.get("id"))))
    if errors:
        raise ValidationError(errors)


def _missing(record):
    custom_fields = record.get("custom_fields") or {}
    return not custom_fields.get(INSTITUTES) and owner_is_staff(record)


class HzdrPolicyComponent(ServiceComponent):
    """Require an institute on deposits of HZDR staff.

    Runs after upstream's components, so the draft already holds the owner and the
    custom fields of this request.
    """

    def create(self, identity, data=None, record=None, errors=None, **kwargs):
        """A new draft: the message shows on the form, the draft is saved."""
        self._check_draft(record, errors)

    def update_draft(self, identity, data=None, record=None, errors=None, **kwargs):
        """An edited draft: the message shows on the form, the draft is saved."""
        self._check_draft(record, errors)

    def publish(self, identity, draft=None, record=None, **kwargs):
        """Publishing: refused with a field message."""
        if _missing(draft):
            raise ValidationError({f"custom_fields.{INSTITUTES}": [str(MESSAGE)]})

    def _check_draft(self, record, errors):
        refused = {}
        for error in errors or []:
            if error.get("field", "").startswith("custom_fields.hzdr:"):
                refused.setdefault(error["field"], []).extend(error.get("messages") or [])
        if refused:
            raise ValidationError(refused)
        check_vocabulary_ids(record)
        if errors is not None and _missing(record):
            errors.append({"field": f"custom_fields.{INSTITUTES}", "messages": [str(MESSAGE)]})

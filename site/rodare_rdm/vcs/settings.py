"""A project's access level and HZDR institute (``PUT .../repositories/<id>/settings``), and
how its releases' drafts take them.

Upstream's release makes every draft with open access (``RDMVCSRelease.publish`` writes
``access`` itself). While RODARE's release makes a draft, :data:`RELEASE_SETTINGS` holds the
project's settings; :class:`ReleaseSettingsComponent` (before the access level's component)
puts them into the payload, so the access level, the embargo checks and the HZDR rules
judge them as they judge the deposit form's.
"""

from contextvars import ContextVar
from datetime import date

from invenio_access.permissions import system_identity
from invenio_i18n import lazy_gettext as _
from invenio_pidstore.errors import PIDDoesNotExistError
from invenio_records_resources.services.records.components import ServiceComponent
from invenio_vocabularies.proxies import current_service as vocabulary_service
from marshmallow import ValidationError
from sqlalchemy.exc import NoResultFound

from ..access.levels import EMBARGOED, LEVEL_FIELD, LEVELS, OPEN
from ..embargo.service import years_after
from ..hzdr.custom_fields import INSTITUTES

FIELDS = ("access_level", "embargo_until", "institute")
"""What ``PUT .../settings`` takes (a missing key leaves the setting as it is)."""

RELEASE_SETTINGS = ContextVar("rodare_vcs_release_settings", default=None)
"""The settings of the project whose release is making its draft (set by ``RodareVCSRelease``)."""


def _institute(value):
    """The institute id if the hzdrinstitutes vocabulary has it."""
    if not isinstance(value, str) or not 0 < len(value) <= 64:
        raise ValidationError({"institute": [str(_("Choose one of HZDR's institutes."))]})
    try:
        vocabulary_service.read(system_identity, ("hzdrinstitutes", value))
    except (PIDDoesNotExistError, NoResultFound):
        raise ValidationError({"institute": [str(_("Choose one of HZDR's institutes."))]})
    return value


def validate(body, current):
    """The settings a PUT body asks for, over ``current`` (a dict of :data:`FIELDS`).

    Raises ValidationError with the field's messages: an unknown level, an embargo without
    an end date in the future or beyond RODARE_EMBARGO_MAX_YEARS (as the deposit form), an
    institute HZDR does not have.
    """
    if not isinstance(body, dict):
        raise ValidationError({"access_level": [str(_("Send a JSON object."))]})
    wanted = {**current, **{k: body[k] for k in FIELDS if k in body}}
    level = wanted["access_level"] or OPEN
    if level not in LEVELS:
        raise ValidationError({"access_level": [str(_(
            "Must be one of: open, embargoed, restricted, closed."))]})
    until = None
    if level == EMBARGOED:
        until = wanted["embargo_until"]
        try:
            until = until if isinstance(until, date) else date.fromisoformat(str(until or ""))
        except ValueError:
            until = None
        if until is None or until <= date.today():
            raise ValidationError({"embargo_until": [str(_(
                "An embargoed record needs an embargo end date in the future."))]})
        limit = years_after(date.today())
        if until > limit:
            raise ValidationError({"embargo_until": [str(_(
                "An embargo ends at the latest on %(date)s.", date=limit.isoformat()))]})
    institute = wanted["institute"] or None
    return {"access_level": level, "embargo_until": until,
            "institute": _institute(institute) if institute else None}


def as_json(row):
    """The settings as the endpoint and the page show them."""
    return {"access_level": (row and row.access_level) or OPEN,
            "embargo_until": row.embargo_until.isoformat() if row and row.embargo_until else None,
            "institute": row.institute if row else None}


class ReleaseSettingsComponent(ServiceComponent):
    """The project's settings in the payload of its release's draft (none outside a release)."""

    def _apply(self, data):
        settings = RELEASE_SETTINGS.get()
        if settings is None or data is None:
            return
        level = settings["access_level"]
        access = {"record": "public", "files": "public" if level == OPEN else "restricted"}
        if level == EMBARGOED:
            access["embargo"] = {"active": True, "until": settings["embargo_until"].isoformat()}
        data["access"] = access
        custom = dict(data.get("custom_fields") or {})
        custom[LEVEL_FIELD] = level
        if settings["institute"]:
            custom[INSTITUTES] = [{"id": settings["institute"]}]
        data["custom_fields"] = custom

    def create(self, identity, data=None, **kwargs):
        """A project's first release."""
        self._apply(data)

    def update_draft(self, identity, data=None, **kwargs):
        """A new version's draft, filled with the release's payload."""
        self._apply(data)

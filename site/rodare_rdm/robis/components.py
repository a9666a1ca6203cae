"""The ROBIS gate on publishing, and the ROBIS id of new versions.

================================ =========================================================
who publishes                    without a ROBIS id
================================ =========================================================
owner (form or REST API)         400 on ``custom_fields.hzdr:robis_id``: register in ROBIS
curator ("accept and publish")   the same 400: the record must be registered first
administrator                    published; the landing page says it has no ROBIS id
the system (a migration, an      published (imports from the old RODARE bring their ids;
import, a task)                  the gate is for people)
``RODARE_ROBIS_ENABLED = False`` published
owner not HZDR staff, with       published (a guest's deposit is no HZDR publication)
``RODARE_ROBIS_STAFF_ONLY``
================================ =========================================================

Only ROBIS sets the id (its callback runs as the system) and administrators may change it:
a client that sends another id gets a 400; a client that leaves it out keeps it. The
component therefore runs before upstream's custom-fields component, which stores the payload.
"""

from flask import current_app
from invenio_access import Permission
from invenio_access.permissions import superuser_access, system_process
from invenio_administration.permissions import administration_access_action
from invenio_drafts_resources.services.records.components import ServiceComponent
from invenio_i18n import lazy_gettext as _
from marshmallow import ValidationError

from ..hzdr.components import owner_is_staff
from .ids import ROBIS_ID


def robis_id_of(record):
    """The ROBIS id of a record or draft, or None."""
    return (record.get("custom_fields") or {}).get(ROBIS_ID)


def is_administrator(identity):
    """Administrators may publish without a ROBIS id."""
    return Permission(superuser_access, administration_access_action).allows(identity)


def _may_set(identity):
    return system_process in identity.provides or is_administrator(identity)


class RobisGateComponent(ServiceComponent):
    """Refuse to publish without a ROBIS id; carry the id to new versions (configurable)."""

    def create(self, identity, data=None, record=None, **kwargs):
        """A new draft gets its ROBIS id from ROBIS, not from the depositor."""
        self._keep(identity, data, None)

    def update_draft(self, identity, data=None, record=None, **kwargs):
        """An edit keeps the ROBIS id that ROBIS set."""
        self._keep(identity, data, robis_id_of(record))

    def _keep(self, identity, data, stored):
        if data is None or _may_set(identity):
            return
        custom_fields = data.setdefault("custom_fields", {})
        if not isinstance(custom_fields, dict):
            return  # the schema refuses it
        sent = custom_fields.get(ROBIS_ID)
        if sent and sent != stored:
            raise ValidationError({f"custom_fields.{ROBIS_ID}": [str(_(
                "The ROBIS id is set by ROBIS: register the publication there "
                "(“Register in ROBIS” on the deposit form)."))]})
        if stored:
            custom_fields[ROBIS_ID] = stored
        else:
            custom_fields.pop(ROBIS_ID, None)

    def publish(self, identity, draft=None, record=None, **kwargs):
        """The gate, on every path that publishes (form, REST, community acceptance)."""
        if (not current_app.config["RODARE_ROBIS_ENABLED"] or robis_id_of(draft)
                or is_administrator(identity) or system_process in identity.provides):
            return
        if current_app.config["RODARE_ROBIS_STAFF_ONLY"] and not owner_is_staff(draft):
            return
        register = current_app.config["RODARE_ROBIS_REGISTER_URL"]
        raise ValidationError({f"custom_fields.{ROBIS_ID}": [str(_(
            "Register this publication in ROBIS, HZDR's publication database, before publishing: "
            "choose \u201cRegister in ROBIS\u201d on the deposit form (%(url)s).", url=register))]})

    def new_version(self, identity, draft=None, record=None, **kwargs):
        """Upstream copies the custom fields; drop the id when versions must register anew."""
        if not current_app.config["RODARE_ROBIS_INHERIT_ON_NEW_VERSION"]:
            (draft.get("custom_fields") or {}).pop(ROBIS_ID, None)

"""Upstream's deletion policies, their grace period read from RODARE_DELETION_GRACE_DAYS.

===================== ======================================== ============================
who, when             ``POST /api/records/<id>/request-deletion`` tombstone says
===================== ======================================== ============================
owner, within grace   request accepted at once: deleted         policy ``rodare-deletion-
                                                                grace-period-v1``, owner
owner, after grace    request open, for the administrators      removed by the accepting
                                                                administrator
anyone else           403                                       —
administrators        ``DELETE /api/records/<id>/delete`` (upstream's) at any time
===================== ======================================== ============================

``RDM_IMMEDIATE_RECORD_DELETION_POLICIES`` holds objects built when the config module is
imported, before ``invenio.cfg`` exists; upstream's fix their period in ``__init__``. These
subclasses ask the setting each time, so the landing page's dialog, the refusal and the
tombstone's text follow one value. The owner rule and the date check stay upstream's.
"""

from datetime import timedelta

from flask import current_app
from invenio_i18n import gettext as _
from invenio_rdm_records.services.request_policies import GracePeriodPolicy, RequestDeletionPolicy


def grace_days():
    """The grace period in days (RODARE_DELETION_GRACE_DAYS)."""
    return current_app.config["RODARE_DELETION_GRACE_DAYS"]


class OwnerDeletionPolicy(GracePeriodPolicy):
    """Owners delete their record themselves within the grace period."""

    id = "rodare-deletion-grace-period-v1"

    def __init__(self):
        """Nothing fixed: the period comes from the settings when asked."""

    @property
    def grace_period(self):
        """Upstream's ``evaluate`` adds this to the record's creation date."""
        return timedelta(days=grace_days())

    @property
    def description(self):
        """The deletion dialog's explanation."""
        return _("You can delete your records within {days} days of publishing.").format(
            days=grace_days())

    @property
    def tombstone_description(self):
        """What the tombstone says about who deleted the record and why they could."""
        return _("Record owners can delete their records within {days} days of "
                 "publishing.").format(days=grace_days())


class OwnerDeletionRequestPolicy(RequestDeletionPolicy):
    """After the grace period owners ask the administrators (upstream's rule: always)."""

    id = "rodare-deletion-request-v1"

    def __init__(self):
        """Nothing fixed: the period comes from the settings when asked."""

    @property
    def description(self):
        """The deletion dialog's explanation once the grace period is over."""
        return _("The record was published more than {days} days ago: the administrators "
                 "decide on your request. Please say why it should be deleted.").format(
            days=grace_days())

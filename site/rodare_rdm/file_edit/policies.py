"""The window as upstream's file-modification policy, its length read from the settings.

``RDM_IMMEDIATE_FILE_MODIFICATION_POLICIES`` holds policy *objects*, built when the config
module is imported, before ``invenio.cfg`` or the extension's defaults exist. Upstream's
``FileModificationGracePeriodPolicy`` fixes its period in ``__init__``; this subclass asks
``RODARE_FILE_EDIT_DAYS`` each time, so one setting moves the policy, the publish check and
what the form and landing page show. The owner rule and the date check stay upstream's.
"""

from datetime import timedelta, timezone

from flask import current_app
from invenio_i18n import gettext as _
from invenio_rdm_records.services.request_policies import FileModificationGracePeriodPolicy


def window_days():
    """The window's length in days (RODARE_FILE_EDIT_DAYS)."""
    return current_app.config["RODARE_FILE_EDIT_DAYS"]


def window_end(record):
    """When the version's window closes: its first publication plus the window (UTC)."""
    created = record.created.replace(tzinfo=timezone.utc)
    return created + timedelta(days=window_days())


class FileEditWindowPolicy(FileModificationGracePeriodPolicy):
    """Owners may unlock the files for RODARE_FILE_EDIT_DAYS after publication."""

    id = "rodare-file-edit-window-v1"

    def __init__(self):
        """Nothing fixed: the period comes from the settings when asked."""

    @property
    def grace_period(self):
        """Upstream's ``evaluate`` adds this to the record's creation date."""
        return timedelta(days=window_days())

    @property
    def description(self):
        """Shown with the request that unlocks the files, in the reader's language."""
        return _("You can change the files of your records within {days} days of publishing.").format(
            days=window_days())

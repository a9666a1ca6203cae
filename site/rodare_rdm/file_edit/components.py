"""The publish check: changed files of a published version go out within the window only.

Upstream's ``RDMDraftFilesComponent`` has the same check, but lets everyone through who may
``manage_files``, which owners may whenever metadata-only records are allowed; so without
this component an owner who unlocked the files on day 29 could publish new files on day 90.

===================================== =========================================
the draft                             publish
===================================== =========================================
new record, or files still locked     upstream's rules only
files unlocked, within the window     goes through: same DOI, DataCite and
                                      OAI-PMH updated by upstream's components
files unlocked, window closed         400 on ``files``: discard the draft, make
                                      a new version
``modify_locked_files`` (administrators, the system) at any time
===================================== =========================================
"""

from datetime import datetime, timezone

from invenio_i18n import gettext as _
from invenio_records_resources.services.records.components import ServiceComponent
from marshmallow import ValidationError

from .policies import window_days, window_end


class FileEditWindowComponent(ServiceComponent):
    """Refuse publishing unlocked files after RODARE_FILE_EDIT_DAYS, pointing to a new version."""

    def publish(self, identity, draft=None, record=None, **kwargs):
        """Raise a 400 when the window closed while the files were unlocked."""
        if not record.is_published or draft.files.bucket.locked:
            return
        if datetime.now(timezone.utc) < window_end(record):
            return
        if self.service.check_permission(identity, "modify_locked_files", record=draft):
            return
        raise ValidationError(
            _("Files can be changed for {days} days after publication only, and that time is "
              "over. Discard this draft and create a new version "
              "(\"New version\", POST /api/records/{id}/versions) to add, replace or delete "
              "files.").format(days=window_days(), id=record.pid.pid_value),
            field_name="files",
        )

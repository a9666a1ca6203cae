"""A release's draft published by hand marks the release published (upstream's component),
and ROBIS's id arriving on a waiting draft publishes it; run only while the feature is on.

Upstream's ``VCSComponent`` looks every published record's release up in invenio-vcs's
tables. While the feature is off nothing of it should touch a publish: an instance whose
database has not got those tables yet (``invenio alembic upgrade heads``) keeps publishing.
"""

from flask import current_app
from invenio_access.permissions import system_process
from invenio_rdm_records.services.components.vcs import VCSComponent
from invenio_records_resources.services.uow import TaskOp
from invenio_vcs.models import Release, ReleaseStatus

from ..robis.ids import ROBIS_ID


class ReleaseStateComponent(VCSComponent):
    """Upstream's release bookkeeping on publish, and the waiting releases, when
    RODARE_VCS_ENABLED (``vcs/waiting.py``)."""

    def update_draft(self, identity, data=None, record=None, **kwargs):
        """ROBIS gave a waiting release's draft its id (its callback runs as the system):
        publish it (after this commit)."""
        if (not current_app.config.get("RODARE_VCS_ENABLED") or record is None
                or system_process not in identity.provides):
            return
        custom_fields = (data or {}).get("custom_fields")
        if not isinstance(custom_fields, dict) or not custom_fields.get(ROBIS_ID):
            return
        release = Release.get_for_record(record.id, only_draft=True)
        if release is not None and release.status == ReleaseStatus.FAILED:
            from .tasks import resume_release

            self.uow.register(TaskOp(resume_release, str(release.id)))

    def publish(self, identity, draft=None, record=None, **kwargs):
        """Mark the release of a hand-published draft published; then start the release
        queued behind it (after this commit)."""
        if not current_app.config.get("RODARE_VCS_ENABLED"):
            return
        release = Release.get_for_record(record.model.id, only_draft=True) if record else None
        super().publish(identity, draft=draft, record=record)
        if release is not None and release.status == ReleaseStatus.PUBLISHED:
            from .tasks import start_queued

            self.uow.register(TaskOp(start_queued, str(release.repository_id)))

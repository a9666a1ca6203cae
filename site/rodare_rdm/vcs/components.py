"""A release's draft published by hand marks the release published: upstream's component, run
only while the feature is on.

Upstream's ``VCSComponent`` looks every published record's release up in invenio-vcs's
tables. While the feature is off nothing of it should touch a publish: an instance whose
database has not got those tables yet (``invenio alembic upgrade heads``) keeps publishing.
"""

from flask import current_app
from invenio_rdm_records.services.components.vcs import VCSComponent


class ReleaseStateComponent(VCSComponent):
    """Upstream's release bookkeeping on publish, when RODARE_VCS_ENABLED."""

    def publish(self, identity, draft=None, record=None, **kwargs):
        """Mark the release of a hand-published draft published (feature on only)."""
        if current_app.config.get("RODARE_VCS_ENABLED"):
            super().publish(identity, draft=draft, record=record)

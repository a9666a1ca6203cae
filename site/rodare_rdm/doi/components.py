"""Keep the previous version's DataCite record in step when a new version is published."""

from invenio_drafts_resources.services.records.components import ServiceComponent
from invenio_rdm_records.services.pids.tasks import register_or_update_pid
from invenio_records_resources.services.uow import TaskOp

from .versions import neighbours


class VersionLinksComponent(ServiceComponent):
    """After a publish, re-send the previous version's DOI: it gains IsPreviousVersionOf."""

    def publish(self, identity, draft=None, record=None):
        """Queue the previous version's DataCite update (runs after commit, in Celery)."""
        previous = neighbours(record).get(-1)
        doi = ((previous or {}).get("pids") or {}).get("doi", {})
        if doi.get("provider") == "datacite":
            self.uow.register(TaskOp(register_or_update_pid, previous["id"], "doi", parent=False))

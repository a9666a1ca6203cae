"""Service component: tell the owners when the nightly task lifted their embargo."""

from invenio_drafts_resources.services.records.components import ServiceComponent
from invenio_i18n import lazy_gettext as _

from .mail import queue
from .models import LIFT, EmbargoEvent


class EmbargoLiftComponent(ServiceComponent):
    """Record the lift in the embargo's history and e-mail the owners."""

    def lift_embargo(self, identity, draft=None, record=None, **kwargs):
        """Upstream's ``lift_embargo`` opened the files of ``record``."""
        until = record.access.embargo.until
        until = until.date() if until else None
        self.uow.session.add(EmbargoEvent(
            record_pid=record.pid.pid_value, parent_id=record.parent.id, user_id=None,
            action=LIFT, old_until=until, new_until=None,
        ))
        queue(self.uow, record, "lifted.txt", _("The files of your RODARE record are open now"),
              until=until.isoformat() if until else "")

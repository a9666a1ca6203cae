"""Upstream's quota-increase request, telling the depositor by e-mail what the administrators
decided (``RDM_QUOTA_INCREASE_REQUEST_CLS``).

================================ ============================== ==========================
how the request ends             who                            e-mail to its creator
================================ ============================== ==========================
accepted at once (self-service)  the system, within the ceiling none: the form shows it
accepted                         an administrator               "more space granted"
declined                         an administrator               "request declined"
================================ ============================== ==========================
"""

from invenio_access.permissions import system_identity
from invenio_i18n import gettext
from invenio_i18n import lazy_gettext as _
from invenio_rdm_records.requests.quota_increase import AcceptAction, CreateAction, QuotaIncrease
from invenio_requests.customizations import actions

from .mail import queue_decision


class SizedCreateAction(CreateAction):
    """Upstream's title ("Quota increase request for …"), with the size asked for: upstream's
    request pages and the administrators' list show the title, not the payload."""

    def execute(self, identity, uow):
        """Name the request after the record and the size."""
        super().execute(identity, uow)
        size = (self.request.get("payload") or {}).get("quota_size")
        if size:
            self.request["title"] = gettext("%(title)s: %(size)s GB",
                                            title=self.request["title"], size=size)


class NotifyingAcceptAction(AcceptAction):
    """Upstream's accept (the record's new quota), and the depositor's e-mail."""

    def execute(self, identity, uow, **kwargs):
        """Apply the quota; an administrator's decision is e-mailed after the commit."""
        super().execute(identity, uow, **kwargs)
        if identity != system_identity:
            queue_decision(uow, self.request, "accepted")


class NotifyingDeclineAction(actions.DeclineAction):
    """Upstream's decline, and the depositor's e-mail."""

    def execute(self, identity, uow, **kwargs):
        """Close the request; the depositor learns of it by e-mail after the commit."""
        super().execute(identity, uow, **kwargs)
        queue_decision(uow, self.request, "declined")


class RodareQuotaIncrease(QuotaIncrease):
    """Upstream's quota-increase request type with its decisions e-mailed."""

    name = _("Quota increase")
    available_actions = {
        **QuotaIncrease.available_actions,
        "create": SizedCreateAction,
        "accept": NotifyingAcceptAction,
        "decline": NotifyingDeclineAction,
    }

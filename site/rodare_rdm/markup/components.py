"""Requests service component: a request's description is stored sanitised.

Upstream's request pages (``invenio_requests/macros/request_header.html``, the user
dashboard) render ``request.description | safe``, but the request schema only normalises
unicode. The creator sets the description (when opening a community review, and with
``PUT /api/requests/<id>`` while the request is open), and the receivers read it.
"""

from invenio_records_resources.services.records.components import ServiceComponent

from .html import sanitised_html


class RequestDescriptionComponent(ServiceComponent):
    """Sanitise ``description`` before upstream's data component stores it."""

    def _clean(self, data):
        if data and data.get("description"):
            data["description"] = sanitised_html(data["description"])

    def create(self, identity, data=None, **kwargs):
        """A new request."""
        self._clean(data)

    def update(self, identity, data=None, **kwargs):
        """A request edited by its creator or receiver."""
        self._clean(data)

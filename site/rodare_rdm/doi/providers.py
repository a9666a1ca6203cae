"""DOI providers: version and concept DOIs ``{prefix}/rodare.{id}`` at DataCite.

Upstream's provider configuration, composed once here and selected in invenio.cfg:
RDM_PERSISTENT_IDENTIFIER_PROVIDERS (version DOI, OAI id, external DOIs) and
RDM_PARENT_PERSISTENT_IDENTIFIER_PROVIDERS (concept DOI), both with our DataCite provider
under upstream's name ``datacite``, so upstream's RDM_PERSISTENT_IDENTIFIERS and its
parent condition ("concept DOI when the version DOI is DataCite's") apply unchanged.

Our provider differs from upstream's in what happens when DataCite does not take a request:

| situation                     | upstream                          | here                           |
|-------------------------------|-----------------------------------|--------------------------------|
| DataCite down / 5xx / timeout | error logged (or task crashes),   | DOI stays reserved, state      |
|                               | DOI marked registered anyway      | ``failed``, retried with back-off |
| 422 invalid metadata          | error logged                      | state ``failed`` + DataCite's  |
|                               |                                   | messages for the administrator |
| record deleted (tombstone)    | concept DOI re-published          | both DOIs hidden               |
| DOI already at DataCite       | POST fails                        | updated instead                |
| DOI migrated from the old     | (no such case)                    | registered here without a call;|
| RODARE, before the cut-over   |                                   | DataCite untouched (models.py) |
"""

from datacite.errors import DataCiteError, DataCiteNotFoundError
from flask import current_app
from invenio_db import db
from invenio_i18n import lazy_gettext as _
from invenio_pidstore.models import PIDStatus
from invenio_rdm_records.config import (
    RDM_PERSISTENT_IDENTIFIER_PROVIDERS as _upstream_providers,
)
from invenio_rdm_records.config import (
    RDM_PERSISTENT_IDENTIFIERS as _upstream_identifiers,
)
from invenio_rdm_records.services.pids.providers import DataCitePIDProvider
from invenio_rdm_records.services.pids.providers.base import PIDProvider
from invenio_rdm_records.utils import ChainObject

from ..exports.serializers import DataCite45JSONSerializer
from . import state
from .client import DataCiteInvalid, RodareDataCiteClient
from .models import HIDDEN, MIGRATED, REGISTERED, DOIState


def _version(record):
    """The version a (concept) DOI's metadata comes from."""
    return record._child if isinstance(record, ChainObject) else record


def _withdrawn(pid, record):
    """Whether DataCite should not list the DOI: restricted or deleted record."""
    version = _version(record)
    deletion = getattr(version, "deletion_status", None)
    return (pid.is_deleted() or version["access"]["record"] == "restricted"
            or bool(deletion and deletion.is_deleted))


def held(pid):
    """Whether the DOI came from the old RODARE and waits for the cut-over: no DataCite call."""
    row = db.session.get(DOIState, pid.pid_value)
    return row is not None and row.status == MIGRATED


class RodareDataCitePIDProvider(DataCitePIDProvider):
    """Upstream's DataCite provider that keeps each DOI's DataCite state (models.DOIState)."""

    def __init__(self, id_, concept=False, **kwargs):
        """``concept``: this provider serves concept (parent) DOIs."""
        super().__init__(id_, **kwargs)
        self.concept = concept

    def _where(self, record):
        return _version(record).get("id"), self.concept

    def _publish(self, pid, record, url, create):
        """Send the full metadata and make the DOI findable; False if DataCite refused."""
        recid, is_parent = self._where(record)
        try:
            doc = self.serializer.dump_obj(record)
        except Exception as error:  # e.g. a vocabulary the search cannot give right now
            current_app.logger.exception("DataCite metadata of %s could not be made", pid.pid_value)
            state.failed(pid.pid_value, recid, is_parent, error, retryable=True)
            return False
        try:
            if create:
                try:
                    self.client.api.public_doi(metadata=doc, url=url, doi=pid.pid_value)
                except DataCiteInvalid as error:
                    if not any("already been taken" in (e.get("title") or "") for e in error.errors):
                        raise
                    create = False  # sent before, but we did not learn it: update instead
            if not create:
                self.client.api.update_doi(doi=pid.pid_value, url=url,
                                           metadata={**doc, "event": "publish"})
        except DataCiteError as error:
            state.failed(pid.pid_value, recid, is_parent, error)
            return False
        state.succeeded(pid.pid_value, recid, is_parent, REGISTERED)
        return True

    def hide(self, pid, recid=None, is_parent=False):
        """Take the DOI out of DataCite's search (it keeps resolving, to the tombstone)."""
        if held(pid):
            return True
        try:
            self.client.api.hide_doi(pid.pid_value)
        except DataCiteNotFoundError:
            pass  # never reached DataCite: nothing to hide
        except DataCiteError as error:
            state.failed(pid.pid_value, recid, is_parent, error)
            return False
        state.succeeded(pid.pid_value, recid, is_parent, HIDDEN)
        return True

    def register(self, pid, record, **kwargs):
        """Register at DataCite first; only then is the PID registered locally."""
        if held(pid):
            return PIDProvider.register(self, pid)
        if _withdrawn(pid, record):
            if pid.is_reserved() or pid.is_new():
                return False  # upstream: restricted records get no DOI at DataCite
            return self.hide(pid, *self._where(record))
        if not self._publish(pid, record, kwargs["url"], create=True):
            return False
        return PIDProvider.register(self, pid)

    def update(self, pid, record, url=None, **kwargs):
        """New metadata (edit, new version, embargo lift); hidden if withdrawn."""
        if held(pid):
            return True
        if _withdrawn(pid, record):
            return self.hide(pid, *self._where(record))
        if not self._publish(pid, record, url, create=False):
            return False
        if pid.is_deleted():
            return pid.sync_status(PIDStatus.REGISTERED)
        return True

    def delete(self, pid, soft_delete=False, record=None, **kwargs):
        """Hide a registered DOI (deletion by an administrator); drop a reserved one."""
        if pid.is_registered():
            self.hide(pid, record.get("id") if record is not None else None, self.concept)
        return PIDProvider.delete(self, pid, soft_delete=soft_delete, **kwargs)


def _client():
    return RodareDataCiteClient("datacite", config_prefix="DATACITE")


VERSION_DOI = RodareDataCitePIDProvider(
    "datacite", client=_client(), serializer=DataCite45JSONSerializer(), label=_("DOI"))
CONCEPT_DOI = RodareDataCitePIDProvider(
    "datacite", client=_client(), serializer=DataCite45JSONSerializer(is_parent=True),
    label=_("Concept DOI"), concept=True)

PERSISTENT_IDENTIFIER_PROVIDERS = [
    VERSION_DOI, *(p for p in _upstream_providers if p.name != "datacite")]
"""Version DOIs at DataCite, then upstream's other providers (Crossref, external DOIs, OAI)."""

PARENT_PERSISTENT_IDENTIFIER_PROVIDERS = [CONCEPT_DOI]
"""The concept DOI, minted on first publish, updated with every version."""

PERSISTENT_IDENTIFIERS = {
    **_upstream_identifiers,
    "doi": {**_upstream_identifiers["doi"], "ui": {"default_selected": "no"}},
}
"""Upstream's, with the deposit form's DOI question answered "No, I need one" by default."""


def datacite_providers(parent):
    """Our DataCite provider for version (``parent=False``) or concept DOIs."""
    return CONCEPT_DOI if parent else VERSION_DOI

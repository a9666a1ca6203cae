"""Depositions on InvenioRDM's records service: every write is the service's, as the caller.

What the legacy API adds around the service calls, in the order a PUT does it:

1. the body: ``{"metadata": {...}}``; the read-only envelope a client got from a GET (``id``,
   ``links``, ``files``, ``state``, ...) may come back and is ignored, anything else is a 400;
2. the mapping (``mapping.py``), the licence and the communities looked up: 400s by field;
3. ``pub_id``: ROBIS confirms it (``rodare_rdm.robis.lookup``), else 400 on ``pub_id``, 503
   if ROBIS cannot tell; the id is then attached as the system, as ROBIS's own callback does
   (``robis/views.py``): the ROBIS gate lets only ROBIS set it;
4. ``update_draft`` as the caller, in one unit of work with the id and the DOI reservation
   (``prereserve_doi``): a 400 rolls all of it back, legacy Zenodo saved nothing either.

Drafts the services save with gaps (no title yet) are fine until publish, as in legacy
Zenodo; the service's other errors are 400s.
"""

from flask import current_app
from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_i18n import lazy_gettext as _
from invenio_pidstore.errors import PIDDoesNotExistError
from invenio_rdm_records.proxies import current_rdm_records
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_records_resources.services.uow import UnitOfWork
from invenio_vocabularies.contrib.funders.api import Funder
from invenio_vocabularies.proxies import current_service as vocabulary_service
from sqlalchemy.exc import NoResultFound

from ..robis import lookup
from ..robis.ids import ROBIS_ID
from .custom_fields import COMMUNITIES_FIELD
from .errors import LegacyError, field_errors
from .mapping import LegacyValidationError, merge, to_rdm

ENVELOPE = frozenset({"id", "record_id", "conceptrecid", "doi", "doi_url", "conceptdoi", "created",
                      "modified", "updated", "owner", "state", "submitted", "title", "files",
                      "links", "record_url"})
"""What a GET answers besides ``metadata``: read-only, so a client may send it back."""

MISSING = "Missing data for required field."
GAPS = frozenset({"files.enabled"})
"""Errors of a draft that publish checks again: files are uploaded after the metadata."""


def _fail(field, message):
    raise LegacyValidationError([{"field": field, "message": str(message)}])


def funder_of_doi(doi):
    """The funder id of a Crossref funder DOI, from the funders vocabulary (HZDR's few)."""
    for model in Funder.model_cls.query.all():
        if any(i.get("identifier") == doi for i in (model.json or {}).get("identifiers") or []):
            return Funder(model.data, model=model).pid.pid_value
    return None


def language_of(code):
    """The id of an ISO 639-3 code in the languages vocabulary, or None if it has none."""
    try:
        return vocabulary_service.read(system_identity, ("languages", code)).id
    except (PIDDoesNotExistError, NoResultFound):
        return None


def map_body(body):
    """The mapped metadata of a request body; LegacyValidationError if anything is wrong."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        _fail("", _("The body must be a JSON object."))
    unknown = sorted(set(body) - ENVELOPE - {"metadata"})
    if unknown:
        raise LegacyValidationError([{"field": name, "message": str(_("Unknown field."))}
                                     for name in unknown])
    config = current_app.config
    metadata = body.get("metadata")
    mapped = to_rdm({} if metadata is None else metadata, default_license=config["RODARE_LEGACY_DEFAULT_LICENSE"],
                    robis_url=config["RODARE_ROBIS_PUBLICATION_URL"], resolve_funder=funder_of_doi,
                    resolve_language=language_of)
    mapped.draft["metadata"].setdefault("publisher", config["RODARE_LEGACY_PUBLISHER"])
    mapped.draft["files"] = {"enabled": True}
    _check_licence(mapped)
    mapped.communities = _community_slugs(mapped.communities)
    if mapped.pub_id and not lookup.verify_publication(mapped.pub_id):
        _fail("metadata.pub_id", _("ROBIS does not know the publication %(id)s: register it in "
                                   "ROBIS first.", id=mapped.pub_id))
    return mapped


def _check_licence(mapped):
    for rights in mapped.draft["metadata"].get("rights") or []:
        try:
            vocabulary_service.read(system_identity, ("licenses", rights["id"]))
        except Exception:  # noqa: BLE001 - PIDDoesNotExistError or NoResultFound
            _fail("metadata.license", _("Unknown licence: %(id)s.", id=rights["id"]))


def _community_slugs(identifiers):
    slugs, errors = [], []
    for index, identifier in enumerate(identifiers):
        try:
            slugs.append(current_communities.service.read(system_identity, identifier)["slug"])
        except Exception:  # noqa: BLE001 - unknown id or slug, deleted community
            errors.append({"field": f"metadata.communities.{index}.identifier",
                           "message": str(_("Unknown community: %(id)s.", id=identifier))})
    if errors:
        raise LegacyValidationError(errors)
    return slugs


def _refuse_errors(item):
    """A 400 for the service's errors other than gaps a draft may have."""
    errors = [e for e in item.errors or [] if e.get("field") not in GAPS
              and any(m != MISSING for m in e.get("messages") or [])]
    if errors:
        raise LegacyValidationError(field_errors(errors))


def _with_extras(data, mapped):
    custom = {k: v for k, v in data.get("custom_fields", {}).items() if k != COMMUNITIES_FIELD}
    if mapped.communities:
        custom[COMMUNITIES_FIELD] = mapped.communities
    return {**data, "custom_fields": custom}


def writable(data):
    """A read draft as input again: licences by id only (the service refuses id and title)."""
    metadata = dict(data.get("metadata") or {})
    if metadata.get("rights"):
        metadata["rights"] = [{"id": r["id"]} if r.get("id") else r for r in metadata["rights"]]
    return {**data, "metadata": metadata}


def _attach_and_reserve(identity, id_, mapped, uow):
    draft = records_service.read_draft(identity, id_).to_dict()
    stored = (draft.get("custom_fields") or {}).get(ROBIS_ID)
    if mapped.pub_id and stored and stored != mapped.pub_id:
        _fail("metadata.pub_id", _("The record is registered in ROBIS as Publ-%(id)s already.", id=stored))
    if mapped.pub_id and not stored:
        draft["custom_fields"] = {**draft.get("custom_fields", {}), ROBIS_ID: mapped.pub_id}
        _refuse_errors(records_service.update_draft(system_identity, id_, writable(draft), uow=uow))
    doi = ((draft.get("pids") or {}).get("doi") or {}).get("identifier")
    if mapped.doi and mapped.doi != doi:
        _fail("metadata.doi", _("RODARE registers the DOI of every record: it cannot be set."))
    if mapped.prereserve_doi and not doi:
        records_service.pids.create(identity, id_, "doi", provider="datacite", uow=uow)


def create(identity, body):
    """A new deposition from a POST body."""
    mapped = map_body(body)
    with UnitOfWork() as uow:
        item = records_service.create(identity, _with_extras(mapped.draft, mapped), uow=uow)
        _refuse_errors(item)
        _attach_and_reserve(identity, item.id, mapped, uow)
        uow.commit()
    return read(identity, item.id)


def update(identity, id_, body):
    """A PUT: the legacy fields replaced, the rest of the draft kept (``mapping.merge``)."""
    mapped = map_body(body)
    existing, _record = read(identity, id_)
    if not existing.get("is_draft"):
        raise LegacyError(400, _("The deposition is published: edit it first (actions/edit)."))
    with UnitOfWork() as uow:
        item = records_service.update_draft(
            identity, id_, _with_extras(merge(writable(existing), mapped), mapped), uow=uow)
        _refuse_errors(item)
        _attach_and_reserve(identity, id_, mapped, uow)
        uow.commit()
    return read(identity, id_)


def read(identity, id_):
    """(service dict, record) of a deposition: its draft, else its published record.

    Someone else's deposition is a 403 even when its record is public: the deposit API is
    for those who may edit it (``read_draft``), as in legacy Zenodo.
    """
    try:
        item = records_service.read_draft(identity, id_)
    except (NoResultFound, PIDDoesNotExistError):
        record = records_service.record_cls.pid.resolve(id_)
        records_service.require_permission(identity, "read_draft", record=record)
        item = records_service.read(identity, id_)
    return item.to_dict(), item._record


def delete(identity, id_):
    """Delete a deposition never published (legacy: published ones cannot be deleted)."""
    data, _record = read(identity, id_)
    if data.get("is_published"):
        raise LegacyError(403, _("A published deposition cannot be deleted."))
    records_service.delete_draft(identity, id_)


def publish(identity, id_):
    """Publish, then ask the communities the deposition named to include it."""
    draft, _record = read(identity, id_)
    asked = (draft.get("custom_fields") or {}).get(COMMUNITIES_FIELD) or []
    record = records_service.publish(identity, id_)
    included = set((record.to_dict().get("parent") or {}).get("communities", {}).get("ids") or [])
    wanted = [c for c in asked if str(current_communities.service.read(system_identity, c).id)
              not in included]
    if wanted:
        _processed, errors = current_rdm_records.record_communities_service.add(
            identity, id_, {"communities": [{"id": c} for c in wanted]})
        for error in errors:
            current_app.logger.info("Legacy deposit %s, community %s: %s", id_,
                                    error.get("community_id"), error.get("message"))
    return read(identity, id_)


def edit(identity, id_):
    """Open a published record's draft."""
    records_service.edit(identity, id_)
    return read(identity, id_)


def discard(identity, id_):
    """Drop a published record's draft (its changes); a deposition never published is deleted."""
    data, _record = read(identity, id_)
    records_service.delete_draft(identity, id_)
    return read(identity, id_) if data.get("is_published") else None


def new_version(identity, id_):
    """A draft of a new version, with the files of the version it starts from (as legacy)."""
    with UnitOfWork() as uow:
        item = records_service.new_version(identity, id_, uow=uow)
        uow.commit()
    draft = item._record
    if not draft.files.entries and draft.files.enabled:
        try:
            records_service.import_files(identity, item.id)
        except Exception as error:  # noqa: BLE001 - e.g. the previous version had no files
            current_app.logger.info("Legacy new version %s: no files imported (%s)", item.id, error)
    return read(identity, item.id)

"""The legacy JSON of depositions and records, with links that work on this instance.

A deposition is a draft, or a published record without a draft (legacy ids are RDM ids: a
draft and its record share one integer id, ``doi/records.py``):

============ ============================ =======================================
state        RDM                          ``submitted``
============ ============================ =======================================
unsubmitted  a draft never published      false
inprogress   a published record's draft   true
done         a published record           true
============ ============================ =======================================

``links`` (``self``, ``html``, ``bucket``, ``files``, ``publish``, ``edit``, ``discard``,
``newversion``, ``latest_draft``, ``latest_draft_html``; once published ``record``,
``record_html``, ``latest``, ``latest_html``, ``doi``) point to this layer's routes
(``views.py``), InvenioRDM's REST API and its pages.
"""

import json

from flask import current_app
from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_vocabularies.contrib.funders.api import Funder

from .custom_fields import COMMUNITIES_FIELD
from .mapping import to_legacy


def _urls():
    config = current_app.config
    return config["SITE_API_URL"].rstrip("/"), config["SITE_UI_URL"].rstrip("/")


def _slugs(data):
    """Community identifiers of a deposition: those it is in, then those it asked for."""
    slugs = []
    for community_id in ((data.get("parent") or {}).get("communities") or {}).get("ids") or []:
        try:
            slugs.append(current_communities.service.read(system_identity, community_id)["slug"])
        except Exception:  # noqa: BLE001 - a deleted community is no longer listed
            continue
    asked = (data.get("custom_fields") or {}).get(COMMUNITIES_FIELD) or []
    return [*slugs, *(c for c in asked if c not in slugs)]


def record_links(recid, doi=None):
    """The links of a published record."""
    api, ui = _urls()
    links = {
        "self": f"{api}/records/{recid}", "html": f"{ui}/records/{recid}",
        "record": f"{api}/records/{recid}", "record_html": f"{ui}/records/{recid}",
        "latest": f"{api}/records/{recid}/versions/latest",
        "latest_html": f"{ui}/records/{recid}/latest",
        "files": f"{api}/records/{recid}/files",
    }
    if doi:
        links["doi"] = f"https://doi.org/{doi}"
    return links


def deposition_links(recid, published, bucket_id=None, latest_draft=None, doi=None, is_draft=True):
    """The links of a deposition (``html``: the form of a draft, else the record's page)."""
    api, ui = _urls()
    base = f"{api}/deposit/depositions/{recid}"
    latest_draft = latest_draft or recid
    html = f"{ui}/uploads/{recid}" if is_draft else f"{ui}/records/{recid}"
    links = {
        "self": base, "html": html, "files": f"{base}/files",
        "publish": f"{base}/actions/publish", "edit": f"{base}/actions/edit",
        "discard": f"{base}/actions/discard", "newversion": f"{base}/actions/newversion",
        "latest_draft": f"{api}/deposit/depositions/{latest_draft}",
        "latest_draft_html": f"{ui}/uploads/{latest_draft}",
    }
    if bucket_id:
        links["bucket"] = f"{api}/files/{bucket_id}"
    if published:
        links.update({k: v for k, v in record_links(recid, doi).items() if k not in ("self", "html", "files")})
    return links


def file_entries(record):
    """``{key: {key, file_id, size, checksum}}`` of a record's uploaded files, in their order.

    The service's dump of a draft leaves out the file ids, which legacy clients name files by.
    """
    entries = {}
    for key, file_record in record.files.entries.items():
        version = file_record.object_version
        if version is not None and version.file is not None:
            entries[key] = {"key": key, "file_id": str(version.file_id),
                            "size": version.file.size, "checksum": version.file.checksum}
    order = [k for k in (record.files.order or []) if k in entries]
    return {k: entries[k] for k in [*order, *sorted(set(entries) - set(order))]}


def file_json(recid, entry, draft=True):
    """One file of a deposition, as legacy Zenodo listed it."""
    api, _ui = _urls()
    checksum = entry.get("checksum") or ""
    content = (f"{api}/records/{recid}/draft/files/{entry['key']}/content" if draft
               else f"{api}/records/{recid}/files/{entry['key']}/content")
    return {
        "id": entry.get("file_id"),
        "filename": entry["key"],
        "filesize": entry.get("size"),
        "checksum": checksum.removeprefix("md5:"),
        "links": {"self": f"{api}/deposit/depositions/{recid}/files/{entry.get('file_id')}",
                  "download": content},
    }


def _envelope(data, metadata):
    pids = data.get("pids") or {}
    parent = data.get("parent") or {}
    doi = (pids.get("doi") or {}).get("identifier")
    recid = int(data["id"])
    out = {
        "id": recid,
        "record_id": recid,
        "conceptrecid": str(parent.get("id") or ""),
        "doi": doi or "",
        "conceptdoi": ((parent.get("pids") or {}).get("doi") or {}).get("identifier") or "",
        "created": data.get("created"),
        "modified": data.get("updated"),
        "title": metadata.get("title", ""),
        "metadata": metadata,
    }
    if doi:
        out["doi_url"] = f"https://doi.org/{doi}"
    owner = ((parent.get("access") or {}).get("owned_by") or {}).get("user")
    if owner:
        out["owner"] = int(owner)
    return out


def _metadata(data, prereserved=None):
    funders = _funder_dois()
    metadata = to_legacy(data, communities=_slugs(data),
                         robis_url=current_app.config["RODARE_ROBIS_PUBLICATION_URL"],
                         funder_doi=funders.get)
    if prereserved:
        metadata["prereserve_doi"] = {"doi": prereserved, "recid": int(data["id"])}
    return metadata


def _funder_dois():
    """{funder id: Crossref funder DOI} of the funders vocabulary (few: HZDR's list)."""
    dois = {}
    for model in Funder.model_cls.query.all():
        for identifier in (model.json or {}).get("identifiers") or []:
            if identifier.get("scheme") == "doi":
                dois[Funder(model.data, model=model).pid.pid_value] = identifier["identifier"]
    return dois


def deposition(data, record):
    """The legacy JSON of a deposition: ``data`` is the service's dict of ``record``."""
    published = bool(data.get("is_published"))
    is_draft = bool(data.get("is_draft"))
    doi = ((data.get("pids") or {}).get("doi") or {}).get("identifier")
    prereserved = doi if is_draft and not published else None
    out = _envelope(data, _metadata(data, prereserved))
    out["state"] = ("inprogress" if is_draft else "done") if published else "unsubmitted"
    out["submitted"] = published
    out["files"] = [file_json(data["id"], e, draft=is_draft) for e in file_entries(record).values()]
    out["links"] = deposition_links(
        data["id"], published, bucket_id=getattr(record, "bucket_id", None) if is_draft else None,
        latest_draft=latest_draft_id(record), doi=doi, is_draft=is_draft)
    return out


def latest_draft_id(record):
    """The id of the newest draft of the record's concept (a new version's, or its own)."""
    next_draft = getattr(getattr(record, "versions", None), "next_draft_id", None)
    if next_draft:
        try:
            return records_service.draft_cls.get_record(next_draft).pid.pid_value
        except Exception:  # noqa: BLE001 - the draft was published or discarded since
            return None
    return None


def legacy_record(data):
    """The legacy JSON of a published record (``/api/records`` in the legacy media type)."""
    doi = ((data.get("pids") or {}).get("doi") or {}).get("identifier")
    out = _envelope(data, _metadata(data))
    out["links"] = record_links(data["id"], doi)
    out["files"] = [file_json(data["id"], e, draft=False)
                    for e in ((data.get("files") or {}).get("entries") or {}).values()]
    return out


MIMETYPE = "application/vnd.zenodo.v1+json"
"""The media type (``Accept``) of the legacy record JSON, Zenodo-RDM's: RDM_RECORDS_SERIALIZERS
lists it (rodare_rdm/config.py); InvenioRDM's own JSON stays the default."""


class LegacyRecordJSONSerializer:
    """``/api/records`` and ``/api/records/<id>`` in the legacy JSON (content negotiation)."""

    def serialize_object(self, obj):
        """One record."""
        return json.dumps(legacy_record(obj))

    def serialize_object_list(self, obj_list):
        """A search: the hits, with the total (as legacy Zenodo's ``hits``)."""
        hits = obj_list.get("hits") or {}
        return json.dumps({"hits": {"hits": [legacy_record(h) for h in hits.get("hits") or []],
                                    "total": hits.get("total")},
                           "links": obj_list.get("links") or {}})

"""The verification: the old and the new record compared for every legacy record.

================== ===================================================================
check              identical when
================== ===================================================================
record             the id exists: published, or a tombstone for a version the old
                   RODARE deleted
concept, version   the concept id is the legacy ``conceptrecid``
DOIs               version and concept DOI are the legacy ones, registered here
files              the same names with the same MD5 checksums
access             the level is the legacy ``access_right`` (an ended embargo: open)
owner              the owner's e-mail is the legacy owner's
OAI-PMH            ``oai:<OAISERVER_ID_PREFIX>:<id>``; sets ``user-<slug>`` of the
                   legacy communities; the datestamp not before the legacy one
statistics         views and downloads at least the legacy counts
================== ===================================================================
"""

from datetime import date, datetime

from flask import current_app
from invenio_access.permissions import system_identity
from invenio_accounts.models import User
from invenio_communities.proxies import current_communities
from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

from .importer import _published


def _level(meta, today):
    if meta.get("access_right") == "embargoed" and meta.get("embargo_date"):
        if date.fromisoformat(meta["embargo_date"]) <= today:
            return "open"
    return meta.get("access_right") or "open"


def _naive(value):
    moment = datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=None) if moment.tzinfo else moment


def check(deposit, legacy_record, emails, today=None):
    """The differences between a legacy version and its record here ([] if identical)."""
    recid = str(deposit["record_id"])
    meta = deposit["metadata"]
    record = _published(recid)
    if record is None:
        return ["record: missing"]
    if legacy_record is None:
        return [] if record.deletion_status.is_deleted else ["record: deleted in the old RODARE, live here"]
    if record.deletion_status.is_deleted:
        return ["record: a tombstone here, live in the old RODARE"]
    problems = []

    def same(what, new, old):
        if new != old:
            problems.append(f"{what}: {new!r} here, {old!r} in the old RODARE")

    same("concept", record.parent.pid.pid_value, str(deposit["conceptrecid"]))
    same("DOI", (record.pids.get("doi") or {}).get("identifier"), deposit["doi"])
    same("concept DOI", (record.parent.pids.get("doi") or {}).get("identifier"), deposit.get("conceptdoi"))
    files = {f.key: f.file.checksum for f in record.files.values()} if record.files.enabled else {}
    same("files", files, {f["filename"]: f"md5:{f['checksum']}" for f in deposit.get("files") or []})
    same("access", (record.get("custom_fields") or {}).get("rodare:access_level"),
         _level(meta, today or date.today()))
    owner = record.parent.access.owned_by
    owner_email = None
    if owner and owner.owner_id is not None:
        user = db.session.get(User, int(owner.owner_id))
        owner_email = user.email if user else None
    same("owner", owner_email, (emails.get(str(deposit.get("owner"))) or "").lower() or None)
    prefix = current_app.config["OAISERVER_ID_PREFIX"]
    same("OAI identifier", (record.pids.get("oai") or {}).get("identifier"), f"oai:{prefix}:{recid}")
    slugs = set()
    for community_id in record.parent.communities.ids:
        slugs.add(current_communities.service.read(system_identity, community_id)["slug"])
    same("OAI sets", sorted(f"user-{s}" for s in slugs),
         sorted(f"user-{c['identifier']}" for c in meta.get("communities") or []))
    if _naive(record.updated) < _naive(legacy_record["updated"]):
        problems.append(f"OAI datestamp: {record.updated} here is before {legacy_record['updated']}")
    stats = records_service.read(system_identity, recid).to_dict().get("stats", {}).get("this_version", {})
    legacy_stats = legacy_record.get("stats") or {}
    for name in ("views", "downloads"):
        old = legacy_stats.get(f"version_{name}", legacy_stats.get(name, 0))
        if (stats.get(name) or 0) < old:
            problems.append(f"{name}: {stats.get(name)} here, {old} in the old RODARE")
    return problems


def verify(source, users):
    """``{recid: [differences]}`` for every legacy deposition of ``source``."""
    emails = {str(u["id"]): u["email"] for u in users}
    results = {}
    for deposit in source.depositions():
        if deposit.get("state") != "done":
            continue
        results[str(deposit["record_id"])] = check(deposit, source.record(deposit["record_id"]), emails)
    return results

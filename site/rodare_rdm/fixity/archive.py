"""“Download all” (the zip of a record's files): refused before the zip starts streaming.

Upstream streams the zip after the 200 is sent and opens each file on the way, so the
storage's refusal would only cut the download short. Before the view runs, this asks the
same file service the view asks (with the request's identity, so permissions hold; a
refused or unknown record is left to the view's 403/404) and answers 503 when any of the
files failed its last check or is missing.
"""

from flask import g, request
from invenio_rdm_records.proxies import current_rdm_records

from .errors import FileIntegrityError

SERVICES = {
    "record_files": lambda ext: ext.records_service.files,
    "draft_files": lambda ext: ext.records_service.draft_files,
    "record_media_files": lambda ext: ext.records_media_files_service.files,
    "draft_media_files": lambda ext: ext.records_media_files_service.draft_files,
}


def check_archive():
    """Before ``<files blueprint>.read_archive``: 503 when a file of the zip failed."""
    if not (request.endpoint or "").endswith(".read_archive") or \
            request.blueprint not in SERVICES:
        return None
    service = SERVICES[request.blueprint](current_rdm_records)
    try:
        files = service.read_archive(g.identity, request.view_args["pid_value"])
    except Exception:  # not allowed, unknown, too large: the view answers that
        return None
    for item in files._results:
        instance = item.object_version and item.object_version.file
        if instance is None:
            continue
        missing = not instance.storage().exists()
        if missing or instance.last_check is False:
            raise FileIntegrityError(missing=missing)
    return None

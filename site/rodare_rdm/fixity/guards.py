"""Two views that serve a file's bytes *after* their answer began: refused before they run.

- "Download all" (``<files blueprint>.read_archive``): upstream streams the zip after the
  200 is sent and opens each file on the way, so the storage's refusal would only cut the
  download short.
- The landing page's preview (``record_file_preview``) of an image renders a page whose
  image comes from IIIF: the storage refuses the image, but the page around it would show a
  broken picture instead of the message.

Before either view runs, the hook asks the same file service the view asks, with the
request's identity (permissions hold; a refused or unknown record or file is left to the
view's 403/404), and answers 503 when a file failed its last check or is missing.
"""

from flask import g, request
from invenio_rdm_records.proxies import current_rdm_records

from .errors import FileIntegrityError

ARCHIVES = {
    "record_files": lambda ext: ext.records_service.files,
    "draft_files": lambda ext: ext.records_service.draft_files,
    "record_media_files": lambda ext: ext.records_media_files_service.files,
    "draft_media_files": lambda ext: ext.records_media_files_service.draft_files,
}
PREVIEW = "invenio_app_rdm_records.record_file_preview"


def refuse_failed(file_records):
    """Raise the 503 when one of ``file_records`` (record file entries) failed or is gone."""
    for item in file_records:
        instance = item.object_version and item.object_version.file
        if instance is None:
            continue
        missing = not instance.storage().exists()
        if missing or instance.last_check is False:
            raise FileIntegrityError(missing=missing)


def _files_of_request():
    """The file entries the current request's view will serve, or ``[]``."""
    endpoint, args = request.endpoint or "", request.view_args or {}
    if endpoint.endswith(".read_archive") and request.blueprint in ARCHIVES:
        service = ARCHIVES[request.blueprint](current_rdm_records)
        return service.read_archive(g.identity, args["pid_value"])._results
    if endpoint == PREVIEW:
        service = current_rdm_records.records_service
        files = service.draft_files if request.args.get("preview") else service.files
        return [files.read_file_metadata(g.identity, args["pid_value"], args["filename"])._file]
    return []


def check_files():
    """Before those views: 503 when a file they would serve failed its check."""
    try:
        files = _files_of_request()
    except Exception:  # not allowed, unknown, too large: the view answers that
        return None
    refuse_failed(files)
    return None

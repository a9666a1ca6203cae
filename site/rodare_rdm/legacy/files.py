"""The files of a deposition, through the draft files service (init, content, commit).

Legacy files are named by id (the file instance's) in ``/files/<file_id>`` and by key in the
bucket API; both reach the same draft files. Content is streamed from the request into the
storage, never read whole: ``PUT /api/files/<bucket>/<key>`` takes up to
FILES_REST_DEFAULT_MAX_FILE_SIZE, as InvenioRDM's own content upload does, and the bucket's
quota holds (400 on ``file`` beyond it). A key that exists is replaced, as legacy buckets did
(HERMES uploads its files again on every version).
"""

import uuid

from flask import g, jsonify, request
from invenio_i18n import lazy_gettext as _
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_records_resources.resources.files.resource import set_max_content_length
from invenio_records_resources.services.errors import FailedFileUploadException
from invenio_records_resources.services.uow import UnitOfWork
from werkzeug.utils import secure_filename

from .deposits import read
from .errors import LegacyError
from .serializers import file_entries, file_json


def draft_files():
    """The draft files service (of the records service the app configured)."""
    return records_service.draft_files


def _entries(pid_value, published_too=False):
    data, record = read(g.identity, pid_value)
    if not data.get("is_draft") and not published_too:
        raise LegacyError(400, _("The deposition is published: edit it or make a new version "
                                 "to change its files."))
    return file_entries(record)


def _key_of(pid_value, file_id, published_too=False):
    for key, entry in _entries(pid_value, published_too).items():
        if entry.get("file_id") == file_id:
            return key
    raise LegacyError(404, _("No such file."))


def store(pid_value, key, stream, length):
    """Put ``stream`` under ``key`` on the draft (replacing a file of that key)."""
    if not key:
        raise LegacyError(400, _("Validation error."), [{"field": "filename",
                                                        "message": str(_("A file needs a name."))}])
    existing = _entries(pid_value)
    with UnitOfWork() as uow:
        if key in existing:
            draft_files().delete_file(g.identity, pid_value, key, uow=uow)
        draft_files().init_files(g.identity, pid_value, [{"key": key}], uow=uow)
        result = draft_files().set_file_content(g.identity, pid_value, key, stream,
                                              content_length=length, uow=uow)
        if result.to_dict().get("errors"):
            raise FailedFileUploadException(recid=pid_value, file=result.to_dict(), file_key=key)
        item = draft_files().commit_file(g.identity, pid_value, key, uow=uow)
        uow.commit()
    return file_json(pid_value, item.to_dict())


def list_files(pid_value):
    """The files of a deposition, in their order."""
    data, record = read(g.identity, pid_value)
    return jsonify([file_json(pid_value, e, draft=data.get("is_draft"))
                    for e in file_entries(record).values()]), 200


def add_file(pid_value):
    """Upload one file as multipart form data (``file``, optional ``name``)."""
    upload = request.files.get("file")
    if upload is None:
        raise LegacyError(400, _("Validation error."), [{"field": "file",
                                                        "message": str(_("No file sent."))}])
    key = secure_filename(request.form.get("name") or upload.filename or "")
    return jsonify(store(pid_value, key, upload.stream, None)), 201


def file_by_id(pid_value, file_id):
    """One file."""
    data, record = read(g.identity, pid_value)
    key = _key_of(pid_value, file_id, published_too=True)
    return jsonify(file_json(pid_value, file_entries(record)[key], draft=data.get("is_draft"))), 200


def rename_file(pid_value, file_id):
    """Rename a file (``{"filename": ...}``): its content under the new name."""
    body = request.get_json(silent=True)
    name = body.get("filename") if isinstance(body, dict) else None
    if not isinstance(name, str) or not secure_filename(name):
        raise LegacyError(400, _("Validation error."), [{"field": "filename", "message": str(
            _("Not a valid file name."))}])
    key = _key_of(pid_value, file_id)
    new_key = secure_filename(name)
    if new_key == key:
        return file_by_id(pid_value, file_id)
    if new_key in _entries(pid_value):
        raise LegacyError(400, _("Validation error."), [{"field": "filename", "message": str(
            _("A file of that name exists already."))}])
    content = draft_files().get_file_content(g.identity, pid_value, key)
    with content.get_stream("rb") as stream:
        renamed = store(pid_value, new_key, stream, None)
    draft_files().delete_file(g.identity, pid_value, key)
    return jsonify(renamed), 200


def remove_file(pid_value, file_id):
    """Delete a file of a draft."""
    draft_files().delete_file(g.identity, pid_value, _key_of(pid_value, file_id))
    return "", 204


def _draft_of_bucket(bucket_id):
    model_cls = records_service.draft_cls.model_cls
    try:
        model = model_cls.query.filter_by(bucket_id=str(uuid.UUID(bucket_id))).one_or_none()
    except ValueError:  # not a UUID
        model = None
    if model is None or model.is_deleted:
        raise LegacyError(404, _("No such bucket."))
    return records_service.draft_cls(model.data, model=model).pid.pid_value


@set_max_content_length
def bucket_put(bucket_id, key):
    """Stream the body into the draft that owns the bucket, under ``key``."""
    pid_value = _draft_of_bucket(bucket_id)
    return jsonify(store(pid_value, key, request.stream, request.content_length)), 201


def bucket_delete(bucket_id, key):
    """Remove ``key`` from the draft that owns the bucket."""
    pid_value = _draft_of_bucket(bucket_id)
    if key not in _entries(pid_value):
        raise LegacyError(404, _("No such file."))
    draft_files().delete_file(g.identity, pid_value, key)
    return "", 204

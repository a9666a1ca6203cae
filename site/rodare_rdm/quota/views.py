"""REST: ``POST /api/records/<id>/quota-request`` (the upload form's "Request more space").

===================================== ====================================================
who, what size (GB, the record's total) answer
===================================== ====================================================
owner, within RODARE_QUOTA_IMMEDIATE_ upstream's quota increase, accepted at once: 200
CEILING (administrators: any size)    with the accepted request; the bucket is larger
owner, beyond it                      a quota-increase request for the administrators:
                                      201 with the open request; they are e-mailed
anyone else                           403 with a message
no such record                        404 with a message
not a whole number, not larger than   400 with the field's message
the quota, above RODARE_QUOTA_LARGEST_
REQUEST
===================================== ====================================================

Upstream's own ``POST /api/records/<id>/quota-increase`` (which the form does not call) gets
the same size check before it runs (``check_upstream_size``): its ``int()`` answered a 500
to a word and granted a negative size.
"""

import re

from flask import Blueprint, current_app, g, jsonify, request
from invenio_db import db
from invenio_i18n import gettext as _
from invenio_pidstore.errors import PIDDeletedError, PIDDoesNotExistError, PIDUnregistered
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_records_resources.services.uow import UnitOfWork
from invenio_requests.proxies import current_requests_service as requests_service

from .mail import queue_submitted
from .requests import RodareQuotaIncrease

GB = 10**9
WHOLE = re.compile(r"[0-9]{1,15}")
"""A whole number of GB as digits (not "²", not thousands of digits int() refuses)."""


def _error(status, message, field=None):
    """A JSON error as upstream's REST layer answers them, with the field when there is one."""
    body = {"status": status, "message": message}
    if field:
        body["errors"] = [{"field": field, "messages": [message]}]
    return jsonify(body), status


def _resolve(pid_value):
    """The record or draft, as upstream's quota increase finds it (record first)."""
    try:
        return records_service.record_cls.pid.resolve(pid_value)
    except (PIDDoesNotExistError, PIDUnregistered):  # not published (yet): the draft
        return records_service.draft_cls.pid.resolve(pid_value, registered_only=False)


def size_error(value, record):
    """What is wrong with ``value`` as a record's new total in GB, or None."""
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not WHOLE.fullmatch(
            str(value)):
        return _("Give the record's new total size as a whole number of gigabytes.")
    size, current = int(value), (record.bucket.quota_size or 0) if record.bucket else 0
    largest = current_app.config["RODARE_QUOTA_LARGEST_REQUEST"]
    if size * GB <= current:
        return _("The record already holds %(current)s GB: ask for more than that.",
                 current=current // GB)
    if size * GB > largest:
        return _("At most %(largest)s GB can be requested.", largest=largest // GB)
    return None


def _immediate(record, size):
    """Upstream's verdict on ``size`` GB (the record's total) for the signed-in depositor:
    (owner or administrator, within the ceiling), read as upstream's service reads it."""
    bucket, original = record.bucket, record.bucket.quota_size
    bucket.quota_size = size * GB
    try:
        result = records_service.config.quota_increase_policy.evaluate(g.identity, record)
    finally:
        bucket.quota_size = original
    return result["immediate_quota_increase"]


def _read_size(pid_value):
    """(record, size in GB, None) for the request's body, or (None, None, the 404/400)."""
    try:
        record = _resolve(pid_value)
    except (PIDDoesNotExistError, PIDDeletedError):
        return None, None, _error(404, _("There is no upload with this id."))
    data = request.get_json(silent=True)
    value = data.get("quota_size") if isinstance(data, dict) else None
    if message := size_error(value, record):
        return None, None, _error(400, message, "quota_size")
    return record, int(value), None


def request_more_space(pid_value):
    """The record's quota raised at once within the ceiling, else asked of the administrators."""
    record, size, refusal = _read_size(pid_value)
    if refusal:
        return refusal
    verdict = _immediate(record, size)
    if not verdict.valid_user:
        return _error(403, _("Only the upload's owners can ask for more space."))
    if verdict.allowed:
        result = records_service.quota_increase(g.identity, pid_value, {"quota_size": str(size)})
        return jsonify(result.to_dict()), 200
    with UnitOfWork(db.session) as uow:
        created = requests_service.create(
            g.identity, {"payload": {"quota_size": str(size)}}, RodareQuotaIncrease,
            receiver=None, creator=g.identity.user, topic=record, uow=uow)
        submitted = requests_service.execute_action(g.identity, created.id, "submit", uow=uow)
        queue_submitted(uow, submitted._request)
        uow.commit()
    return jsonify(submitted.to_dict()), 201


def check_upstream_size():
    """Refuse a bad size before upstream's own quota-increase endpoint reads it."""
    if request.endpoint != "records.quota_increase" or request.method != "POST":
        return None
    return _read_size(request.view_args["pid_value"])[2]


def create_api_blueprint(app):
    """The REST endpoint, the size check of upstream's, and the e-mails' templates (the
    administrators decide through the REST API)."""
    blueprint = Blueprint("rodare_quota", __name__, template_folder="templates")
    blueprint.add_url_rule("/records/<pid_value>/quota-request", "request_more_space",
                           request_more_space, methods=["POST"])
    blueprint.before_app_request(check_upstream_size)
    return blueprint


"""REST boundary of the access levels: input checks upstream lacks, and the level history.

``check_access_requests`` runs before the upstream endpoints that open a way to the files:

==================================== ==================================================
endpoint                             refused with 400 when
==================================== ==================================================
POST .../access/request              a field is missing or malformed (upstream: 500);
                                     the record is not ``restricted``
                                     the owners switched requests off
POST/PUT/PATCH .../access/links      the record is ``closed`` (no share links for files)
POST/PUT/PATCH .../access/grants,    the record is ``closed`` and the grant is not
PATCH .../access/{users,groups}/<id> ``manage`` (no view, preview or edit grants)
PUT .../access                       the settings allow access requests and the record
                                     is not ``restricted``
==================================== ==================================================

Links, grants and settings belong to the parent, whichever version or draft the URL names,
so these are judged through the parent: the id may be a record, an edit draft, a new
version or a first draft, and the strictest level among it, its draft and the parent's
latest published version decides (``sharing_level``). Access requests are made to published
records only.
"""

from flask import Blueprint, g, jsonify, request
from invenio_i18n import lazy_gettext as _
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from marshmallow import Schema, fields, validate

from .levels import CLOSED, LEVELS, RESTRICTED, level_of
from .ui import level_history as history_of


class AccessRequestBody(Schema):
    """What an access request must carry (upstream's schema has no required fields)."""

    email = fields.Email(required=True)
    full_name = fields.String(validate=validate.Length(max=255))  # may be empty for users
    message = fields.String()
    consent_to_share_personal_data = fields.String(
        required=True, validate=validate.OneOf(["true", "false"])
    )
    permission = fields.String()


def bad_request(errors):
    """Invenio's shape of a validation error."""
    return jsonify({
        "status": 400,
        "message": str(_("A validation error occurred.")),
        "errors": [{"field": f, "messages": [str(m) for m in ms]} for f, ms in errors.items()],
    }), 400


GUARDED = ("records.create_access_request", "records.update_access_settings")
"""Endpoints checked besides the share-link and grant ones (``SHARING``)."""

SHARING = ("record_links.", "record_grants.", "record_user_access.", "record_group_access.")
"""Blueprints whose writes give people a way to the files."""


def _record(pid_value):
    try:
        return records_service.record_cls.pid.resolve(pid_value)
    except Exception:  # unknown or unpublished id: upstream answers it (404)
        return None


def _draft(pid_value):
    try:
        return records_service.draft_cls.pid.resolve(pid_value, registered_only=False)
    except Exception:  # no draft of that id
        return None


def sharing_level(pid_value):
    """The strictest level among what a link or grant made through ``pid_value`` reaches.

    The record, its draft (edit, new version or first draft) and the parent's latest
    published version; None for an unknown id (upstream answers 404).
    """
    found = [item for item in (_record(pid_value), _draft(pid_value)) if item is not None]
    if not found:
        return None
    latest = records_service.record_cls.get_latest_by_parent(found[0].parent)
    levels = [level_of(item) for item in [*found, *([latest] if latest is not None else [])]]
    return max(levels, key=LEVELS.index)


def _granted_permissions(body):
    """The permissions a grant request body asks for (one grant or a list)."""
    if not isinstance(body, dict):
        return set()
    grants = body.get("grants") if isinstance(body.get("grants"), list) else [body]
    return {grant.get("permission") for grant in grants if isinstance(grant, dict)}


def check_access_requests():
    """``before_request`` hook of the API app; see the table in the module docstring."""
    endpoint = request.endpoint or ""
    if request.method not in ("POST", "PUT", "PATCH") or not (
        endpoint in GUARDED or endpoint.startswith(SHARING)
    ):
        return None  # every other API request pays nothing for this hook
    pid_value = (request.view_args or {}).get("pid_value")
    if endpoint == "records.create_access_request":
        record = _record(pid_value)
        level = level_of(record) if record is not None else None
    else:
        level = sharing_level(pid_value)
    if endpoint == "records.create_access_request":
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return bad_request({"_schema": [_("The request body must be a JSON object.")]})
        errors = AccessRequestBody().validate(body)
        if not g.identity.id and not body.get("full_name"):  # guests must say who they are
            errors["full_name"] = [_("Missing data for required field.")]
        if errors:
            return bad_request(errors)
        if level and level != RESTRICTED:
            return bad_request({"access_level": [_(
                "Access requests are possible for restricted records only; this record's "
                "files are {level}.").format(level=level)]})
        settings = record.parent.access.settings if record is not None else None
        if settings and not (settings.allow_user_requests if g.identity.id
                             else settings.allow_guest_requests):
            return bad_request({"access_level": [_(
                "The owners of this record do not take access requests now.")]})
    elif endpoint.startswith("record_links.") and level == CLOSED:
        return bad_request({"access_level": [_(
            "The files of a closed record cannot be shared by link.")]})
    elif endpoint.startswith(SHARING) and level == CLOSED and (
        _granted_permissions(request.get_json(silent=True)) - {"manage"}
    ):
        return bad_request({"access_level": [_(
            "The files of a closed record cannot be shared: only its owners, the curators of "
            "its communities and the administrators get them.")]})
    elif endpoint == "records.update_access_settings" and level and level != RESTRICTED:
        body = request.get_json(silent=True)
        wrong = {
            key: [_("Only restricted records take access requests; this record is "
                    "{level}.").format(level=level)]
            for key in ("allow_user_requests", "allow_guest_requests")
            if isinstance(body, dict) and body.get(key) is True
        }
        if wrong:
            return bad_request(wrong)
    return None


def create_api_blueprint(app):
    """``GET /api/records/<id>/access/level-history``: for those who manage the record."""
    blueprint = Blueprint("rodare_access", __name__)

    @blueprint.route("/records/<pid_value>/access/level-history")
    def read_level_history(pid_value):
        try:
            record = records_service.record_cls.pid.resolve(pid_value)
        except Exception:  # unknown or unregistered id
            return jsonify({"status": 404, "message": "Record not found."}), 404
        if not records_service.check_permission(g.identity, "manage", record=record):
            return jsonify({"status": 403, "message": str(_("Permission denied."))}), 403
        return jsonify({"hits": history_of(record)})

    blueprint.before_app_request(check_access_requests)
    return blueprint


def create_ui_blueprint(app):
    """Make the feature's templates (the landing page) visible to Flask."""
    return Blueprint("rodare_access_ui", __name__, template_folder="templates")

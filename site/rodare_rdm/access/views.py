"""REST boundary of the access levels: input checks upstream lacks, and the level history.

``check_access_requests`` runs before the upstream endpoints that open a way to the files:

==================================== ==================================================
endpoint                             refused with 400 when
==================================== ==================================================
POST .../access/request              a field is missing or malformed (upstream: 500);
                                     the record is not ``restricted``
POST/PUT/PATCH .../access/links      the record is ``closed`` (no share links for files)
PUT .../access                       the record is ``closed`` and the settings allow
                                     access requests
==================================== ==================================================
"""

from flask import Blueprint, g, jsonify, request
from invenio_i18n import lazy_gettext as _
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from marshmallow import Schema, fields, validate

from .levels import CLOSED, RESTRICTED, level_of
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


def _level(pid_value):
    try:
        return level_of(records_service.record_cls.pid.resolve(pid_value))
    except Exception:  # an unknown id: upstream answers it (404)
        return None


def check_access_requests():
    """``before_request`` hook of the API app; see the table in the module docstring."""
    endpoint = request.endpoint or ""
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    pid_value = (request.view_args or {}).get("pid_value")
    if endpoint == "records.create_access_request":
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return bad_request({"_schema": [_("The request body must be a JSON object.")]})
        errors = AccessRequestBody().validate(body)
        if not g.identity.id and not body.get("full_name"):  # guests must say who they are
            errors["full_name"] = [_("Missing data for required field.")]
        if errors:
            return bad_request(errors)
        level = _level(pid_value)
        if level and level != RESTRICTED:
            return bad_request({"access_level": [_(
                "Access requests are possible for restricted records only; this record's "
                "files are {level}.").format(level=level)]})
    elif endpoint.startswith("record_links.") and _level(pid_value) == CLOSED:
        return bad_request({"access_level": [_(
            "The files of a closed record cannot be shared by link.")]})
    elif endpoint == "records.update_access_settings" and _level(pid_value) == CLOSED:
        settings = ((request.get_json(silent=True) or {}).get("settings") or {})
        wrong = {
            f"settings.{key}": [_("A closed record takes no access requests.")]
            for key in ("allow_user_requests", "allow_guest_requests") if settings.get(key)
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

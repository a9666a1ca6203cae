"""REST actions on a published record's embargo, for the landing page, ROBIS and scripts.

``POST /api/records/<id>/embargo/extend``  ``{"until": "YYYY-MM-DD", "reason": "..."}``
``POST /api/records/<id>/embargo/end``     (no body)
``GET  /api/records/<id>/embargo/history`` for those who manage the record

Answers: 200 with the record; 400 with ``errors`` per field; 403; 404.
"""

from flask import Blueprint, current_app, g, jsonify, request
from invenio_i18n import lazy_gettext as _
from invenio_pidstore.errors import PIDDoesNotExistError, PIDUnregistered
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_records_resources.services.errors import PermissionDeniedError
from marshmallow import Schema, ValidationError, fields, validates

from . import service


class ExtendBody(Schema):
    """The body of an extension."""

    until = fields.Date(required=True)
    reason = fields.String()

    @validates("reason")
    def _short_enough(self, value, **kwargs):
        limit = current_app.config["RODARE_EMBARGO_REASON_MAX_LENGTH"]
        if len(value) > limit:
            raise ValidationError(str(_("At most {limit} characters.").format(limit=limit)))


def _answer(action):
    """Run ``action``; map its outcome to the REST answer."""
    try:
        record = action()
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        return jsonify({
            "status": 400, "message": str(_("A validation error occurred.")),
            "errors": [{"field": f, "messages": [str(m) for m in (ms if isinstance(ms, list) else [ms])]}
                       for f, ms in messages.items()],
        }), 400
    except PermissionDeniedError:
        return jsonify({"status": 403, "message": str(_("Permission denied."))}), 403
    except (PIDDoesNotExistError, PIDUnregistered):
        return jsonify({"status": 404, "message": str(_("Record not found."))}), 404
    return jsonify(records_service.read(g.identity, record.pid.pid_value).to_dict())


def _body():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError({"_schema": [str(_("The request body must be a JSON object."))]})
    return ExtendBody().load(body)


def create_api_blueprint(app):
    """The embargo actions under /api/records/<id>/embargo/."""
    blueprint = Blueprint("rodare_embargo", __name__, template_folder="templates")

    @blueprint.route("/records/<pid_value>/embargo/extend", methods=["POST"])
    def extend_embargo(pid_value):
        def action():
            data = _body()
            return service.extend(g.identity, pid_value, data["until"], data.get("reason"))
        return _answer(action)

    @blueprint.route("/records/<pid_value>/embargo/end", methods=["POST"])
    def end_embargo(pid_value):
        return _answer(lambda: service.end(g.identity, pid_value))

    @blueprint.route("/records/<pid_value>/embargo/history")
    def embargo_history(pid_value):
        try:
            record = records_service.record_cls.pid.resolve(pid_value)
        except (PIDDoesNotExistError, PIDUnregistered):
            return jsonify({"status": 404, "message": str(_("Record not found."))}), 404
        if not records_service.check_permission(g.identity, "manage", record=record):
            return jsonify({"status": 403, "message": str(_("Permission denied."))}), 403
        return jsonify({"hits": service.history(record)})

    return blueprint


def create_ui_blueprint(app):
    """The feature's templates (landing-page dialog, e-mails) for the UI app and Celery."""
    return Blueprint("rodare_embargo_ui", __name__, template_folder="templates")

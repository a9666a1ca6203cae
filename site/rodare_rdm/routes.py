"""Routes of the whole instance, not of one feature: old RODARE URLs and a URL guard.

| route                                      | answer                                        |
|--------------------------------------------|-----------------------------------------------|
| ``/record/<id>``                           | 301 to ``/records/<id>`` (old RODARE URL)     |
| ``/record/<id>/files/<name>``              | 301 to ``/records/<id>/files/<name>``         |
| ``/record/<not [0-9]+>[/files/<name>]``    | 404 ("²" or "١٢" are digits to ``isdigit``)   |
| any URL with a control character (``%00``) | 404 (path) or 400 (query), never a 500        |

The guard runs before every request of the UI app and the API app (``before_app_request``
of the two blueprints, entry points in site/pyproject.toml).
"""

import re

from flask import Blueprint, abort, jsonify, redirect, request, url_for

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LEGACY_ID = re.compile(r"[0-9]{1,18}")
"""ASCII digits only: ``str.isdigit`` is also true of "²" or "١", which ``int`` refuses (a 500)."""


def _control_characters():
    """(status, message) if the URL holds a control character, which no id, file name or DOI
    does and PostgreSQL cannot even compare (upstream answers such a URL with a 500)."""
    if _CONTROL.search(request.path):
        return 404, "Not found: the URL contains a control character."
    if request.blueprint == "invenio_oaiserver":
        return None  # OAI-PMH answers a bad argument with its own error (rodare_rdm.oaipmh)
    for key, value in request.args.items(multi=True):
        if _CONTROL.search(key) or _CONTROL.search(value):
            return 400, "Query parameters must not contain control characters."
    return None


def reject_control_characters_ui():
    """Answer in plain text: the UI's 404 page (invenio-pages, banners) queries the path."""
    rejected = _control_characters()
    if rejected:
        status, message = rejected
        return message, status, {"Content-Type": "text/plain; charset=utf-8"}
    return None


def reject_control_characters_api():
    """A JSON 404 or 400 like the API's others."""
    rejected = _control_characters()
    if rejected:
        status, message = rejected
        return jsonify({"status": status, "message": message}), status
    return None


def _legacy_id(recid):
    """Old RODARE ids are integers; anything else was never a RODARE URL."""
    if not _LEGACY_ID.fullmatch(recid):
        abort(404)
    return str(int(recid))


def _query():
    return ("?" + request.query_string.decode()) if request.query_string else ""


def create_ui_blueprint(app):
    """The legacy redirects and the control-character guard of the UI app."""
    blueprint = Blueprint("rodare_routes", __name__)
    blueprint.before_app_request(reject_control_characters_ui)

    @blueprint.route("/record/<recid>")
    def legacy_record(recid):
        return redirect(url_for("invenio_app_rdm_records.record_detail",
                                pid_value=_legacy_id(recid)) + _query(), 301)

    @blueprint.route("/record/<recid>/files/<path:filename>")
    def legacy_file(recid, filename):
        return redirect(url_for("invenio_app_rdm_records.record_file_download",
                                pid_value=_legacy_id(recid), filename=filename) + _query(), 301)

    return blueprint


def create_api_blueprint(app):
    """The control-character guard of the API app."""
    blueprint = Blueprint("rodare_routes_api", __name__)
    blueprint.before_app_request(reject_control_characters_api)
    return blueprint

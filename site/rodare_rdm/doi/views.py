"""Routes of the DOI feature.

| route                                      | answer                                        |
|--------------------------------------------|-----------------------------------------------|
| ``/record/<id>``                           | 301 to ``/records/<id>`` (old RODARE URL)     |
| ``/record/<id>/files/<name>``              | 301 to ``/records/<id>/files/<name>``         |
| ``/record/<not [0-9]+>[/files/<name>]``    | 404 ("²" or "١٢" are digits to ``isdigit``)   |
| ``/administration/dois``                   | DataCite state of every DOI (administrators)  |
| ``GET /api/rodare/dois[?status=failed]``   | the same as JSON                              |
| ``POST /api/rodare/dois/<doi>/sync``       | send that DOI to DataCite now                 |
| any URL with a control character (``%00``) | 404 (path) or 400 (query), never a 500        |
"""

import re

from flask import (
    Blueprint,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from invenio_administration.permissions import administration_permission
from invenio_pidstore.errors import PIDDoesNotExistError

from .models import FAILED, DOIState
from .sync import sync_doi

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
    return _api_error(*rejected) if rejected else None


def _legacy_id(recid):
    """Old RODARE ids are integers; anything else was never a RODARE URL."""
    if not _LEGACY_ID.fullmatch(recid):
        abort(404)
    return str(int(recid))


def _query():
    return ("?" + request.query_string.decode()) if request.query_string else ""


def _admin_only():
    if not administration_permission.can():
        abort(403)


def _api_error(status, message):
    return jsonify({"status": status, "message": message}), status


def _states():
    query = DOIState.query.order_by(DOIState.updated.desc())
    if request.args.get("status"):
        query = query.filter_by(status=request.args["status"])
    return query.limit(1000).all()


def create_ui_blueprint(app):
    """Legacy redirects, the administrators' DOI page and the control-character guard."""
    blueprint = Blueprint("rodare_doi", __name__, template_folder="templates")
    blueprint.before_app_request(reject_control_characters_ui)

    @blueprint.route("/record/<recid>")
    def legacy_record(recid):
        return redirect(url_for("invenio_app_rdm_records.record_detail",
                                pid_value=_legacy_id(recid)) + _query(), 301)

    @blueprint.route("/record/<recid>/files/<path:filename>")
    def legacy_file(recid, filename):
        return redirect(url_for("invenio_app_rdm_records.record_file_download",
                                pid_value=_legacy_id(recid), filename=filename) + _query(), 301)

    @blueprint.route("/administration/dois")
    def dois():
        _admin_only()
        return render_template("rodare_rdm/doi/states.html", rows=_states(),
                               status=request.args.get("status"), failed=FAILED)

    return blueprint


def create_api_blueprint(app):
    """The DOI states as JSON, and "send now", for administrators."""
    blueprint = Blueprint("rodare_doi_api", __name__)
    blueprint.before_app_request(reject_control_characters_api)

    @blueprint.route("/rodare/dois")
    def list_states():
        if not administration_permission.can():
            return _api_error(403, "Only administrators see the DOI states.")
        return jsonify({"hits": [row.dump() for row in _states()]})

    @blueprint.route("/rodare/dois/<path:doi>/sync", methods=["POST"])
    def sync(doi):
        if not administration_permission.can():
            return _api_error(403, "Only administrators re-send DOIs.")
        try:
            row = sync_doi(doi.lower())
        except PIDDoesNotExistError:
            row = None
        if row is None:
            return _api_error(404, "No DataCite DOI of a published record has this name.")
        return jsonify(row.dump())

    return blueprint

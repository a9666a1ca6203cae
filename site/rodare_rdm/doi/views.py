"""Routes of the DOI feature (old RODARE URLs and the URL guard: ``rodare_rdm.routes``).

| route                                      | answer                                        |
|--------------------------------------------|-----------------------------------------------|
| ``/administration/dois``                   | DataCite state of every DOI (administrators)  |
| ``GET /api/rodare/dois[?status=failed]``   | the same as JSON                              |
| ``POST /api/rodare/dois/<doi>/sync``       | send that DOI to DataCite now                 |
"""

from flask import Blueprint, abort, jsonify, render_template, request
from invenio_administration.permissions import administration_permission
from invenio_pidstore.errors import PIDDoesNotExistError

from .models import FAILED, DOIState
from .sync import sync_doi


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
    """The administrators' DOI page."""
    blueprint = Blueprint("rodare_doi", __name__, template_folder="templates")

    @blueprint.route("/administration/dois")
    def dois():
        _admin_only()
        return render_template("rodare_rdm/doi/states.html", rows=_states(),
                               status=request.args.get("status"), failed=FAILED)

    return blueprint


def create_api_blueprint(app):
    """The DOI states as JSON, and "send now", for administrators."""
    blueprint = Blueprint("rodare_doi_api", __name__)

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

"""``GET/PUT /api/communities/<slug or id>/checks``: a community's checks, for its curators.

The document is the one ``checks.py`` describes; a PUT replaces the list. Whoever may not
see the community gets 404, members who do not curate it 403, bad documents 400 with a
message per field.
"""

from flask import Blueprint, g, jsonify, request
from invenio_communities.proxies import current_communities
from invenio_pidstore.errors import PIDDeletedError, PIDDoesNotExistError
from invenio_records_resources.services.errors import PermissionDeniedError
from marshmallow import ValidationError

from . import checks
from .permissions import CommunityChecksPolicy


def _community(pid_value):
    try:
        return current_communities.service.read(g.identity, pid_value)._record
    except (PIDDoesNotExistError, PIDDeletedError, PermissionDeniedError):
        return None


def _error(status, message, errors=None):
    body = {"status": status, "message": message}
    if errors is not None:
        body["errors"] = errors
    return jsonify(body), status


def _flatten(messages, path=""):
    """marshmallow's nested messages as ``[{"field": "checks.0.severity", "messages": [...]}]``."""
    if isinstance(messages, dict):
        return [e for key, value in messages.items()
                for e in _flatten(value, f"{path}.{key}" if path else str(key))]
    return [{"field": path, "messages": [str(m) for m in messages]}]


def create_api_blueprint(app):
    """The checks endpoint of communities."""
    blueprint = Blueprint("rodare_curation", __name__)

    @blueprint.route("/communities/<pid_value>/checks", methods=["GET", "PUT"])
    def community_checks(pid_value):
        """The community's checks (GET), or replace them (PUT, JSON list)."""
        community = _community(pid_value)
        if community is None:
            return _error(404, "No such community.")
        action = "read" if request.method == "GET" else "update"
        if not CommunityChecksPolicy(action, record=community).allows(g.identity):
            return _error(403, "Only the community's curators change its checks.")
        if request.method == "PUT":
            document = request.get_json(silent=True)
            if document is None:
                return _error(400, "Send the checks as a JSON list.")
            try:
                checks.replace(community.id, checks.load(document))
            except ValidationError as error:
                return _error(400, "A check is not valid.", _flatten(error.normalized_messages()))
        return jsonify({"community": str(community.id), "checks": checks.dump(community.id)})

    return blueprint


def create_ui_blueprint(app):
    """The request page's tab of the open_formats check (templates/)."""
    return Blueprint("rodare_curation_ui", __name__, template_folder="templates")

"""The legacy deposit REST API: routes, authentication, scopes, status codes.

=========================================================== ========= =====================
route (under /api)                                          scope     success
=========================================================== ========= =====================
GET    /deposit/depositions                                 -         200 list
POST   /deposit/depositions                                 write     201
GET    /deposit/depositions/<id>                            -         200
PUT    /deposit/depositions/<id>                            write     200
DELETE /deposit/depositions/<id>                            write     204
GET    /deposit/depositions/<id>/files                      -         200 list
POST   /deposit/depositions/<id>/files (multipart file,name) write     201
GET    /deposit/depositions/<id>/files/<file_id>            -         200
PUT    /deposit/depositions/<id>/files/<file_id> {filename} write     200 (renamed)
DELETE /deposit/depositions/<id>/files/<file_id>            write     204
POST   /deposit/depositions/<id>/actions/publish            actions   202
POST   /deposit/depositions/<id>/actions/edit|discard       actions   201
POST   /deposit/depositions/<id>/actions/newversion         actions   201 (the new draft)
PUT    /files/<bucket>/<key> (raw body, streamed)           write     201
DELETE /files/<bucket>/<key>                                write     204
=========================================================== ========= =====================

Sorting files (legacy ``PUT .../files``) is not offered: InvenioRDM's services keep no order
of a draft's files. Without a login: 401. Someone else's deposition: 403; an unknown one: 404. invenio-files-rest's
own ``/files`` routes (which refuse everyone in InvenioRDM) move aside for the bucket API
(``BLUEPRINTS_URL_PREFIXES`` in ``rodare_rdm/config.py``).
"""

from functools import wraps

from flask import Blueprint, current_app, g, jsonify, request
from flask_login import current_user
from invenio_i18n import lazy_gettext as _
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

from .deposits import create, delete, discard, edit, new_version, publish, read, update
from .errors import LegacyError, legacy_errors
from .files import (
    add_file,
    bucket_delete,
    bucket_put,
    file_by_id,
    list_files,
    remove_file,
    rename_file,
)
from .scopes import deposit_actions_scope, deposit_write_scope
from .serializers import deposition


def require_scope(scope):
    """403 for a token without ``scope``; a browser session has no token, no scopes."""

    def wrapper(view):
        @wraps(view)
        def decorated(*args, **kwargs):
            oauth = getattr(request, "oauth", None)
            if oauth is not None and scope.id not in set(oauth.access_token.scopes):
                raise LegacyError(403, _("This token lacks the scope %(scope)s.", scope=scope.id))
            return view(*args, **kwargs)

        return decorated

    return wrapper


def require_login(view):
    """401 without a login: a token (invenio-oauth2server signs its user in before every API
    request and sets ``request.oauth``) or a browser session (CSRF-checked by invenio-rest)."""

    @wraps(view)
    def decorated(*args, **kwargs):
        if not current_user.is_authenticated:
            raise LegacyError(401, _("Log in or send a personal access token."))
        return view(*args, **kwargs)

    return decorated


def _api(view, scope=None):
    """Authenticated, scope-checked, errors in the legacy shape."""
    return legacy_errors(require_login(require_scope(scope)(view) if scope else view))


def _json(data, record, status=200):
    return jsonify(deposition(data, record)), status


def list_depositions():
    """The caller's depositions, newest first (``q``, ``page``, ``size``, ``sort``)."""
    size = min(request.args.get("size", 10, type=int), current_app.config["RODARE_LEGACY_MAX_PAGE_SIZE"])
    params = {"q": request.args.get("q", ""), "page": request.args.get("page", 1, type=int),
              "size": max(size, 1), "sort": request.args.get("sort", "newest")}
    hits = records_service.search_drafts(g.identity, params=params).to_dict()["hits"]["hits"]
    return jsonify([deposition(*read(g.identity, hit["id"])) for hit in hits]), 200


def post_deposition():
    """Create a deposition (an empty body makes an empty one)."""
    return _json(*create(g.identity, request.get_json(silent=True)), status=201)


def get_deposition(pid_value):
    """One deposition."""
    return _json(*read(g.identity, pid_value))


def put_deposition(pid_value):
    """Replace the legacy metadata of a deposition's draft."""
    body = request.get_json(silent=True)
    if body is None:
        raise LegacyError(400, _("The body must be JSON."))
    return _json(*update(g.identity, pid_value, body))


def delete_deposition(pid_value):
    """Delete an unpublished deposition."""
    delete(g.identity, pid_value)
    return "", 204


ACTIONS = {"publish": (publish, 202), "edit": (edit, 201), "discard": (discard, 201),
           "newversion": (new_version, 201)}


def action(pid_value, name):
    """Publish, edit, discard, new version."""
    if name not in ACTIONS:
        raise LegacyError(404, _("Unknown action."))
    function, status = ACTIONS[name]
    result = function(g.identity, pid_value)
    return ("", 204) if result is None else _json(*result, status=status)


def create_api_blueprint(app):
    """The legacy deposit API under /api."""
    bp = Blueprint("rodare_legacy", __name__)
    write, actions = deposit_write_scope, deposit_actions_scope
    base = "/deposit/depositions"
    rules = [
        ("", "GET", list_depositions, None), ("", "POST", post_deposition, write),
        ("/<pid_value>", "GET", get_deposition, None), ("/<pid_value>", "PUT", put_deposition, write),
        ("/<pid_value>", "DELETE", delete_deposition, write),
        ("/<pid_value>/files", "GET", list_files, None), ("/<pid_value>/files", "POST", add_file, write),
        ("/<pid_value>/files/<file_id>", "GET", file_by_id, None),
        ("/<pid_value>/files/<file_id>", "PUT", rename_file, write),
        ("/<pid_value>/files/<file_id>", "DELETE", remove_file, write),
        ("/<pid_value>/actions/<name>", "POST", action, actions),
    ]
    for rule, method, view, scope in rules:
        bp.add_url_rule(f"{base}{rule}", endpoint=f"{view.__name__}_{method.lower()}",
                        view_func=_api(view, scope), methods=[method])
    bp.add_url_rule("/files/<bucket_id>/<path:key>", endpoint="bucket_put",
                    view_func=_api(bucket_put, write), methods=["PUT"])
    bp.add_url_rule("/files/<bucket_id>/<path:key>", endpoint="bucket_delete",
                    view_func=_api(bucket_delete, write), methods=["DELETE"])
    return bp

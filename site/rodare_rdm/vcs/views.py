"""REST: a project's ROBIS id, set by its owner (``/api/user/vcs/<provider>/repositories/
<id>/robis-id``; setting it publishes a release that waits for it, through the gate), and its
access level and HZDR institute (``.../settings``)."""

from flask import Blueprint, current_app, jsonify, request
from flask_login import current_user
from invenio_db import db
from invenio_i18n import lazy_gettext as _
from invenio_vcs.models import Release, Repository, repository_user_association
from marshmallow import ValidationError
from sqlalchemy import select

from ..robis.ids import normalise
from ..robis.lookup import RobisUnavailable, verify_publication
from . import waiting
from .models import RepositorySettings
from .settings import FIELDS, as_json, validate


def _error(status, message, field=None):
    body = {"status": status, "message": str(message)}
    if field:
        body["errors"] = [{"field": field, "messages": [str(message)]}]
    return jsonify(body), status


def _repository(provider, provider_id):
    """The project, if the signed-in user may manage it (switched it on, or has access)."""
    repository = Repository.get(provider, provider_id)
    if repository is None:
        return None
    if repository.enabled_by_user_id == current_user.id:
        return repository
    users = db.session.execute(select(repository_user_association.c.user_id).where(
        repository_user_association.c.repository_id == repository.id)).scalars().all()
    return repository if current_user.id in users else None


def _own_repository(provider, provider_id):
    """``(project, None)`` for its owner; ``(None, the error answer)`` for everyone else:
    401 signed out, 404 with the feature off or for a project that is not theirs."""
    if not current_user.is_authenticated:
        return None, _error(401, _("Sign in first."))
    if not current_app.config.get("RODARE_VCS_ENABLED"):
        return None, _error(404, _("Not found."))
    repository = _repository(provider, provider_id)
    if repository is None:
        return None, _error(404, _("No such project among yours."))
    return repository, None


def _state(repository):
    """The project's ROBIS id and its waiting release, as the page shows them."""
    release = waiting.waiting_release(repository)
    db.session.refresh(repository)
    return {"robis_id": RepositorySettings.robis_id_of(repository.id),
            **as_json(RepositorySettings.of(repository.id)),
            "waiting_release": release and {
                "tag": release.tag, "status": release.status.name.lower(),
                "message": (release.errors or {}).get("errors")},
            "releases": {r.tag: r.status.name.lower()
                         for r in Release.query.filter_by(repository_id=repository.id)}}


def robis_id_view(provider, provider_id):
    """GET: the project's ROBIS id; PUT ``{"robis_id": "27151"}`` (null clears it)."""
    repository, refusal = _own_repository(provider, provider_id)
    if refusal:
        return refusal
    if request.method == "GET":
        return jsonify(_state(repository))
    body = request.get_json(silent=True)
    sent = body.get("robis_id") if isinstance(body, dict) else ""
    if sent in (None, ""):
        waiting.set_project_robis_id(repository, None)
        return jsonify(_state(repository))
    robis_id = normalise(sent)
    if robis_id is None:
        return _error(400, _("A ROBIS publication id is a number such as 27151 (Publ-27151)."),
                      "robis_id")
    try:
        known = verify_publication(robis_id)
    except RobisUnavailable:
        return _error(503, _("ROBIS cannot be reached to confirm the id; try again later."))
    if not known:
        return _error(400, _("ROBIS does not know the publication id %(id)s.", id=robis_id),
                      "robis_id")
    waiting.set_project_robis_id(repository, robis_id)
    release = waiting.waiting_release(repository)
    if release is not None and release.status.name == "FAILED":
        try:
            waiting.resume(release)
        except RobisUnavailable:
            pass  # the retry task asks again
    return jsonify(_state(repository))


def settings_view(provider, provider_id):
    """GET: the project's settings; PUT ``{"access_level": "embargoed", "embargo_until":
    "2027-06-30", "institute": "ifd"}`` (a key left out stays as it is). The project's next
    releases take them (``vcs/settings.py``)."""
    repository, refusal = _own_repository(provider, provider_id)
    if refusal:
        return refusal
    if request.method == "GET":
        return jsonify(_state(repository))
    row = RepositorySettings.of(repository.id)
    current = {name: getattr(row, name, None) for name in FIELDS}
    try:
        wanted = validate(request.get_json(silent=True), current)
    except ValidationError as error:
        body = {"status": 400, "message": str(_("The settings were not saved.")),
                "errors": [{"field": field, "messages": messages}
                           for field, messages in error.messages.items()]}
        return jsonify(body), 400
    if row is None:
        row = RepositorySettings(repository_id=repository.id)
        db.session.add(row)
    for name, value in wanted.items():
        setattr(row, name, value)
    db.session.commit()
    return jsonify(_state(repository))


def create_ui_blueprint(app):
    """The feature's templates (the project's page with its ROBIS id)."""
    return Blueprint("rodare_vcs_ui", __name__, template_folder="templates")


def create_api_blueprint(app):
    """The project's ROBIS id, beside upstream's repository endpoints."""
    bp = Blueprint("rodare_vcs_api", __name__)
    bp.add_url_rule("/user/vcs/<provider>/repositories/<provider_id>/robis-id",
                    view_func=robis_id_view, methods=["GET", "PUT"])
    bp.add_url_rule("/user/vcs/<provider>/repositories/<provider_id>/settings",
                    view_func=settings_view, methods=["GET", "PUT"])
    return bp

"""ROBIS's REST endpoints, the service account's fence, and the deposit form's way to ROBIS.

REST (ROBIS's service account, with the token the browser brought to ROBIS):

- ``GET  /api/robis/drafts/<id>?token=``        what RODARE knows of the draft
- ``PUT  /api/robis/drafts/<id>/robis-id``      ``{"token", "robis_id"}``: attach the id
- ``POST /api/robis/drafts/<id>/publish``       ``{"token"}``: publish (if configured)

UI: ``GET /uploads/<id>/robis`` sends the researcher to ROBIS with what ROBIS pre-fills, if
they may edit the draft (``rights.py``); the token names them, and ROBIS's calls act with their
rights. Attaching the id runs as the system (only ROBIS sets it); publishing runs as the user.
"""

from urllib.parse import urlencode

import requests
from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from invenio_access.permissions import system_identity
from invenio_db import db
from invenio_i18n import lazy_gettext as _
from invenio_pidstore.errors import PIDDoesNotExistError, PIDUnregistered
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_rdm_records.services.errors import CommunityRequiredError, ReviewException
from invenio_records_resources.services.errors import PermissionDeniedError
from marshmallow import ValidationError
from sqlalchemy.exc import NoResultFound

from .components import robis_id_of
from .ids import ROBIS_ID, normalise, publication_url
from .rights import identity_of, may_edit
from .tokens import TokenError, check_unspent_or, claim, make_token, read_token, release

BLUEPRINT = "rodare_robis_api"


def _error(status, message, field=None):
    body = {"status": status, "message": str(message)}
    if field:
        body["errors"] = [{"field": field, "messages": [str(message)]}]
    return jsonify(body), status


def is_service_account(user):
    """Whether the user is ROBIS's service account."""
    role = current_app.config["RODARE_ROBIS_SERVICE_ROLE"]
    return user.is_authenticated and any(r.name == role for r in user.roles)


def fence_service_account():
    """The service account may call the ROBIS endpoints and nothing else."""
    if request.blueprint != BLUEPRINT and is_service_account(current_user):
        return _error(403, _("This account may only use the ROBIS endpoints."))


def _draft(id_):
    try:
        return records_service.read_draft(system_identity, id_).to_dict()
    except (PIDDoesNotExistError, NoResultFound):
        return None


def _published(id_):
    try:
        return records_service.read(system_identity, id_).to_dict()
    except (PIDDoesNotExistError, PIDUnregistered, NoResultFound):
        return None


def _summary(data):
    metadata = data.get("metadata") or {}
    return {
        "id": data["id"],
        "title": metadata.get("title"),
        "creators": [c["person_or_org"].get("name") for c in metadata.get("creators") or []],
        "resource_type": (metadata.get("resource_type") or {}).get("id"),
        "publication_date": metadata.get("publication_date"),
        "robis_id": robis_id_of(data),
        "is_published": data.get("is_published", False),
    }


def _guarded(view):
    """Service account only; a 404 for unknown drafts; token errors are 403."""

    def wrapper(id_):
        if not is_service_account(current_user):
            return _error(403, _("Only ROBIS's service account may call this endpoint."))
        return view(id_)

    wrapper.__name__ = view.__name__
    return wrapper


def _token_user(token, id_):
    """The payload of a token for the draft and the identity it speaks for; TokenError if the
    token is bad or its user may no longer edit the draft."""
    payload = read_token(token, id_)
    identity = identity_of(payload["user"])
    draft = _draft_record(id_)
    if draft is not None and not may_edit(identity, draft):
        raise TokenError(_("The user who sent this draft to ROBIS may no longer edit it."))
    return payload, identity


def _draft_record(id_):
    try:
        return records_service.draft_cls.pid.resolve(id_, registered_only=False)
    except (PIDDoesNotExistError, NoResultFound):
        return None


def _lock(id_):
    """Hold the draft's row until this request ends: of two callbacks for one draft (two tokens,
    two tabs) the second waits, then finds the first one's id."""
    draft = _draft_record(id_)
    if draft is not None:
        db.session.query(draft.model_cls).filter_by(id=draft.id).with_for_update().populate_existing().one()


@_guarded
def read_draft(id_):
    """The draft a token names, as ROBIS needs it to pre-fill its form."""
    draft = _draft(id_)
    if draft is None:
        return _error(404, _("No such draft."))
    try:
        payload, _user = _token_user(request.args.get("token", ""), id_)
        check_unspent_or(payload, robis_id_of(draft))
    except TokenError as exc:
        return _error(403, exc)
    return jsonify(_summary(draft))


@_guarded
def attach(id_):
    """Attach ROBIS's id to the draft the token names. The same call twice is harmless."""
    body = request.get_json(silent=True) or {}
    robis_id = normalise(body.get("robis_id"))
    if robis_id is None:
        return _error(400, _("A ROBIS publication id is a number such as 27151 (Publ-27151)."), "robis_id")
    try:
        payload, _user = _token_user(str(body.get("token") or ""), id_)
        _lock(id_)
        claimed = claim(payload, robis_id)
    except TokenError as exc:
        return _error(403, exc)
    answer = _attach(id_, robis_id)
    if claimed and answer[1] != 200:
        release(payload)
    return answer


def _attach(id_, robis_id):
    """(body, status) of attaching the id to the draft, as the system."""
    draft, published = _draft(id_), _published(id_)
    if draft is None:
        if published is None:
            return _error(404, _("No such draft."))
        if robis_id_of(published) == robis_id:
            return jsonify(_summary(published)), 200
        return _error(409, _("The record is already published without this ROBIS id."))
    for existing in (robis_id_of(draft), published and robis_id_of(published)):
        if existing and existing != robis_id:
            return _error(409, _("The record is registered in ROBIS as Publ-%(id)s already.", id=existing))
    if robis_id_of(draft) != robis_id:
        draft["custom_fields"] = {**(draft.get("custom_fields") or {}), ROBIS_ID: robis_id}
        try:
            draft = records_service.update_draft(system_identity, id_, draft).to_dict()
        except ValidationError as exc:
            return _error(400, exc.messages)
    return jsonify({**_summary(draft), "robis_url": publication_url(robis_id)}), 200


@_guarded
def publish(id_):
    """Publish a registered draft when ROBIS's approval completes (if configured), as the user
    who sent it to ROBIS: their right to publish holds, and an open community review blocks."""
    if not current_app.config["RODARE_ROBIS_SERVICE_CAN_PUBLISH"]:
        return _error(403, _("ROBIS may not publish on this repository."))
    body = request.get_json(silent=True) or {}
    draft = _draft(id_)
    if draft is None:
        return _error(404, _("No such draft."))
    if not robis_id_of(draft):
        return _error(400, _("The draft has no ROBIS id."), f"custom_fields.{ROBIS_ID}")
    try:
        payload, identity = _token_user(str(body.get("token") or ""), id_)
        check_unspent_or(payload, robis_id_of(draft))
        record = records_service.publish(identity, id_).to_dict()
    except (TokenError, PermissionDeniedError) as exc:
        return _error(403, exc if isinstance(exc, TokenError) else _(
            "The user who sent this draft to ROBIS may not publish it."))
    except ReviewException:
        return _error(409, _("The draft is under review by a community: it is published when "
                             "the community accepts it."))
    except CommunityRequiredError:
        return _error(400, _("Cannot publish without selecting a community."))
    except ValidationError as exc:
        return _error(400, exc.messages)
    return jsonify(_summary(record)), 202


def create_api_blueprint(app):
    """The ROBIS endpoints and the fence around the service account."""
    bp = Blueprint(BLUEPRINT, __name__)
    bp.add_url_rule("/robis/drafts/<id_>", view_func=read_draft, methods=["GET"])
    bp.add_url_rule("/robis/drafts/<id_>/robis-id", view_func=attach, methods=["PUT"])
    bp.add_url_rule("/robis/drafts/<id_>/publish", view_func=publish, methods=["POST"])
    bp.before_app_request(fence_service_account)
    return bp


@login_required
def go_to_robis(pid_value):
    """Send the researcher to ROBIS with the saved draft (or say why not). Only someone who
    may edit the draft: the token lets ROBIS attach an id and publish for them."""
    record = _draft_record(pid_value)
    if record is None:
        abort(404)
    identity = identity_of(current_user.id)
    if not may_edit(identity, record):
        abort(403)
    draft = records_service.read_draft(identity, pid_value).to_dict()
    register = current_app.config["RODARE_ROBIS_REGISTER_URL"]
    back = url_for("invenio_app_rdm_records.deposit_edit", pid_value=pid_value, _external=True)
    try:
        requests.head(register, timeout=5, allow_redirects=True)
    except requests.RequestException:
        return render_template("rodare_rdm/robis/unreachable.html", draft=draft, back=back), 503
    summary = _summary(draft)
    query = {
        "rodare_id": summary["id"],
        "title": summary["title"] or "",
        "creators": "; ".join(filter(None, summary["creators"])),
        "resource_type": summary["resource_type"] or "",
        "publication_date": summary["publication_date"] or "",
        "return": back,
        "token": make_token(pid_value, current_user.id),
    }
    return redirect(f"{register}?{urlencode(query)}")


def create_ui_blueprint(app):
    """The deposit form's way to ROBIS, and the feature's templates."""
    bp = Blueprint("rodare_robis_ui", __name__, template_folder="templates")
    bp.add_url_rule("/uploads/<pid_value>/robis", view_func=go_to_robis)
    return bp

"""Pages that say why a sign-in was refused.

RODARE's own refusals raise ``LoginRefused``. Upstream's views answer theirs bare: the SAML
ACS with a JSON list of python3-saml errors (401) or an error page (400, 403), the OAuth
callback with a 403 when ``state`` does not match. ``explain_upstream_refusal`` turns those
answers into the same page, with the same status.
"""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from invenio_accounts.models import UserIdentity
from invenio_db import db
from invenio_i18n import lazy_gettext as _

from .identity import LoginRefused

UPSTREAM_REFUSALS = {
    "sso_saml.acs": {
        400: _("The answer of the HZDR login could not be read."),
        401: _("The answer of the HZDR login did not pass RODARE's checks: it must be signed "
               "by the HZDR login, be meant for RODARE and still be valid."),
        403: _("The HZDR login did not confirm who you are."),
    },
    "invenio_oauthclient.authorized": {
        403: _("The sign-in answer does not belong to this browser session (its state does "
               "not match). Please start the sign-in again from RODARE's login page."),
    },
}
PROVIDER_OF = {"sso_saml.acs": "RODARE_LOGIN_SAML_TITLE"}


def render_refusal(error, detail=None):
    """Error handler of ``LoginRefused``: the page, with the refusal's status."""
    page = render_template("rodare_rdm/login/refused.html", message=error.message,
                           provider=error.provider, detail=detail)
    response = current_app.make_response((page, error.status))
    response.rodare_login_refusal = True  # explain_upstream_refusal leaves it alone
    return response


def explain_upstream_refusal(response):
    """``after_request``: upstream's bare refusals of a sign-in become the explaining page."""
    messages = UPSTREAM_REFUSALS.get(request.endpoint)
    if (not messages or response.status_code not in messages
            or getattr(response, "rodare_login_refusal", False)):
        return response
    detail = None
    if response.is_json:
        detail = "; ".join(str(item) for item in response.get_json() or [])
    current_app.logger.warning("login: %s refused (%s): %s", request.endpoint,
                               response.status_code, detail)
    provider = PROVIDER_OF.get(request.endpoint)
    error = LoginRefused(messages[response.status_code],
                         provider=current_app.config[provider] if provider else None,
                         status=response.status_code)
    return render_refusal(error, detail=detail)


def linked_identities():
    """Template global: ``{method: id}`` of the current user's identities (hzdr, helmholtz,
    orcid), for the "Linked accounts" settings page."""
    if not current_user.is_authenticated:
        return {}
    return {identity.method: identity.id
            for identity in UserIdentity.query.filter_by(id_user=current_user.id)}


class RemoveIdentityForm(FlaskForm):
    """A POST with a CSRF token: removing a link changes the account."""


@login_required
def remove_identity(idp):
    """Remove the link to an HZDR (SAML) identity. This never locks anyone out: signing in
    with the HZDR account links it again (by e-mail when the account has no other identity
    and no administrator role, else while signed in another way; linking.py)."""
    if idp not in current_app.config["SSO_SAML_IDPS"]:
        abort(404)
    if not RemoveIdentityForm().validate_on_submit():
        abort(400)
    UserIdentity.query.filter_by(id_user=current_user.id, method=idp).delete()
    db.session.commit()
    flash(_("The link to your %(title)s was removed.",
            title=current_app.config["SSO_SAML_IDPS"][idp]["title"]), category="info")
    return redirect(url_for("invenio_oauthclient_settings.index"))


def create_ui_blueprint(app):
    """The feature's templates (login page, refusal page) and the removal of an HZDR link."""
    blueprint = Blueprint("rodare_login", __name__, template_folder="templates")
    blueprint.add_url_rule("/account/settings/linkedaccounts/<idp>/remove",
                           view_func=remove_identity, methods=["POST"])
    return blueprint

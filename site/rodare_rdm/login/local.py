"""Password login for administrators and service accounts only (RODARE_LOGIN_LOCAL).

Both ways to log in with a password check it: the login form (Flask-Security's form class,
wrapped once the app is built, as invenio-accounts itself wraps it) and the REST login
``POST /api/login`` (ACCOUNTS_REST_AUTH_VIEWS["login"]).
"""

from flask import current_app
from invenio_accounts.views.rest import LoginView as _LoginView
from invenio_i18n import lazy_gettext as _
from invenio_rest.errors import RESTValidationError

REFUSAL = _("Please sign in with your HZDR account, Helmholtz AAI or ORCID: the password "
            "login is for administrators and service accounts.")


def local_login_allowed(user):
    """Everyone, or only accounts with a role in RODARE_LOGIN_LOCAL_ROLES."""
    config = current_app.config
    if config["RODARE_LOGIN_LOCAL"] == "everyone":
        return True
    allowed = set(config["RODARE_LOGIN_LOCAL_ROLES"])
    return any(role.name in allowed for role in user.roles)


def restrict_login_form(form_class):
    """The login form, refusing accounts that must use a provider."""

    class RodareLoginForm(form_class):
        def validate(self, extra_validators=None):
            if not super().validate(extra_validators=extra_validators):
                return False
            if local_login_allowed(self.user):
                return True
            self.form_errors = [*self.form_errors, str(REFUSAL)]
            return False

    return RodareLoginForm


def finalize_app(app):
    """Entry point ``invenio_base.finalize_app``: every extension (Flask-Security's) is up."""
    security = app.extensions.get("security")
    if security is not None:
        security.login_form = restrict_login_form(security.login_form)


class LoginView(_LoginView):
    """``POST /api/login``: the same rule as the form."""

    def verify_login(self, user, password=None, **kwargs):
        """Upstream's checks, then ours (a wrong password still reads as one)."""
        super().verify_login(user, password=password, **kwargs)
        if not local_login_allowed(user):
            raise RESTValidationError(description=str(REFUSAL))

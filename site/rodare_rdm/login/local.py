"""Password login for administrators and service accounts only (RODARE_LOGIN_LOCAL).

Both ways to log in with a password check it: the login form (Flask-Security's form class,
wrapped once the app is built, as invenio-accounts itself wraps it) and the REST login
``POST /api/login`` (ACCOUNTS_REST_AUTH_VIEWS["login"]).

An account that must use a provider gets exactly the answer of a wrong password, whatever
password it sent (right, wrong, none set) and whatever its state (unconfirmed, inactive):
a different answer for the right password would tell an attacker that a guess was right,
and the password then works wherever else the person uses it. The login page says, above
the form, who the password login is for.
"""

from flask import current_app
from flask_security.utils import get_message, hash_password, verify_password
from invenio_accounts.views.rest import LoginView as _LoginView
from invenio_rest.errors import FieldError, RESTValidationError


def local_login_allowed(user):
    """Everyone, or only accounts with a role in RODARE_LOGIN_LOCAL_ROLES."""
    config = current_app.config
    if config["RODARE_LOGIN_LOCAL"] == "everyone":
        return True
    allowed = set(config["RODARE_LOGIN_LOCAL_ROLES"])
    return any(role.name in allowed for role in user.roles)


def wrong_password():
    """Flask-Security's answer to a wrong password (INVALID_PASSWORD)."""
    return get_message("INVALID_PASSWORD")[0]


def restrict_login_form(form_class):
    """The login form, refusing accounts that must use a provider."""

    class RodareLoginForm(form_class):
        def validate(self, extra_validators=None):
            valid = super().validate(extra_validators=extra_validators)
            user = getattr(self, "user", None)
            if user is None or local_login_allowed(user):
                return valid
            self.form_errors = []
            self.email.errors = []
            self.password.errors = [wrong_password()]
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
        """Upstream's checks for those who may; a wrong password's answer for the others."""
        if local_login_allowed(user):
            return super().verify_login(user, password=password, **kwargs)
        # The same work as a real check, so the time taken does not tell either.
        if user.password:
            verify_password(password or "", user.password)
        else:
            hash_password(password or "")
        raise RESTValidationError(errors=[FieldError("password", wrong_password())])

"""Flask extension of the HZDR login: providers from RODARE_LOGIN_*, roles at every login."""

from flask_login import user_logged_in

from . import config, emails
from .identity import LoginRefused, on_logged_in
from .saml import saml_idps
from .views import (
    RemoveIdentityForm,
    explain_upstream_refusal,
    linked_identities,
    render_refusal,
)


class RodareLogin:
    """Configure invenio-saml and invenio-oauthclient for HZDR's providers."""

    def __init__(self, app=None):
        """Extension initialisation."""
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation."""
        self.init_config(app)
        app.register_error_handler(LoginRefused, render_refusal)
        app.after_request(explain_upstream_refusal)
        app.add_template_global(linked_identities, "rodare_linked_identities")
        app.add_template_global(RemoveIdentityForm, "rodare_remove_identity_form")
        user_logged_in.connect(on_logged_in, app, weak=False)
        emails.listen()
        app.extensions["rodare-login"] = self

    def init_config(self, app):
        """Defaults, then the providers' settings in the shape upstream reads them.

        An operator's own ``SSO_SAML_IDPS`` entries stay; a provider without credentials
        (no IdP certificate, no client id) gets no button.
        """
        for key in dir(config):
            if key.startswith("RODARE_LOGIN_"):
                app.config.setdefault(key, getattr(config, key))
        app.config["SSO_SAML_IDPS"] = {**saml_idps(app.config), **app.config.get("SSO_SAML_IDPS", {})}

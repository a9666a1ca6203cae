"""Flask extension of the HZDR login: providers from RODARE_LOGIN_*, roles at every login."""

from flask_login import user_logged_in

from ..extension import FeatureExtension
from . import config, emails
from .identity import LoginRefused, on_logged_in
from .saml import saml_idps
from .views import (
    RemoveIdentityForm,
    explain_upstream_refusal,
    linked_identities,
    render_refusal,
)


class RodareLogin(FeatureExtension):
    """Configure invenio-saml and invenio-oauthclient for HZDR's providers."""

    name = "login"
    config = config
    template_globals = {
        "rodare_linked_identities": linked_identities,
        "rodare_remove_identity_form": RemoveIdentityForm,
    }

    def init_config(self, app):
        """Defaults, then the providers' settings in the shape upstream reads them.

        An operator's own ``SSO_SAML_IDPS`` entries stay; a provider without credentials
        (no IdP certificate, no client id) gets no button.
        """
        super().init_config(app)
        app.config["SSO_SAML_IDPS"] = {**saml_idps(app.config), **app.config.get("SSO_SAML_IDPS", {})}

    def init_feature(self, app):
        """Refusal pages, the roles at every login, e-mail changes unconfirm the account."""
        app.register_error_handler(LoginRefused, render_refusal)
        app.after_request(explain_upstream_refusal)
        user_logged_in.connect(on_logged_in, app, weak=False)
        emails.listen()

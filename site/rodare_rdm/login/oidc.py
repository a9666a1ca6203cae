"""Helmholtz AAI and ORCID (OpenID Connect) as invenio-oauthclient remote apps.

invenio-oauthclient runs the OAuth 2.0 code flow (``/oauth/login/<name>/``, the ``state``
check, the token request); this module makes it OpenID Connect and strict:

================================ ===========================================================
answer                           refused because (``LoginRefused``, nothing is written)
================================ ===========================================================
provider down (login, token)     it cannot be reached: the page says so
token request refused            e.g. a code used twice (``invalid_grant``)
ID token signature, issuer,      not signed by the provider's keys (its JWKS, fetched once
audience, expiry                 more when the cached ones fail), not issued by
                                 RODARE_LOGIN_<NAME>_ISSUER for our client, or expired
userinfo of another subject      ``sub`` differs from the ID token's
no verified e-mail               unless the identity is already linked to an account
account not to be linked         ``linking.py`` (an HZDR address not from HZDR's IdP, an
                                 unconfirmed account, one with another identity, an
                                 administrator or service account)
================================ ===========================================================

What counts from the claims: the verified e-mail, the name, and for Helmholtz AAI its
entitlements (staff: ``identity.py``). Helmholtz AAI's ``orcid`` and
``voperson_external_affiliation`` are the person's or their home IdP's word, not proof:
they are not used. ORCID's iD is its ``sub``: ORCID signed the person in.

Addresses and credentials are read from RODARE_LOGIN_<NAME>_* whenever they are used (not
cached at the first request as flask-oauthlib would), so INVENIO_RODARE_LOGIN_* variables
and a changed setting reach them.
"""

from urllib.error import URLError

import jwt
import requests
from flask import current_app, flash, redirect, url_for
from flask_login import current_user
from werkzeug.local import LocalProxy
from flask_oauthlib.client import OAuthException, OAuthRemoteApp
from invenio_accounts.models import UserIdentity
from invenio_cache import current_cache
from invenio_db import db
from invenio_i18n import lazy_gettext as _
from invenio_oauthclient.models import RemoteAccount
from invenio_oauthclient.oauth import oauth_link_external_id, oauth_unlink_external_id

from .identity import Login, LoginRefused, as_list
from .linking import account_for

PROVIDERS = {
    "helmholtz": {
        "title": _("Helmholtz AAI"),
        "description": _("Helmholtz ID: your home institution's account, or a guest account."),
        "speaks_for_hzdr": True,
    },
    "orcid": {
        "title": "ORCID",
        "description": _("Connecting Research and Researchers."),
        "speaks_for_hzdr": False,
    },
}
"""The OpenID Connect providers, by remote-app name (also the UserIdentity method)."""

ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
"""Asymmetric algorithms only: an ID token must be verifiable with the provider's public keys."""


def setting(name, key):
    """RODARE_LOGIN_<NAME>_<KEY> of the current app."""
    return current_app.config[f"RODARE_LOGIN_{name.upper()}_{key}"]


def configured(config, name):
    """A provider gets a button only when RODARE has a client registered with it."""
    return bool(config.get(f"RODARE_LOGIN_{name.upper()}_CLIENT_ID"))


def remote_app(name):
    """The OAUTHCLIENT_REMOTE_APPS entry of a provider."""
    module = "rodare_rdm.login.oidc"
    return {
        "title": PROVIDERS[name]["title"],
        "description": PROVIDERS[name]["description"],
        "icon": "",
        # Evaluated per request: a provider without a registered client has no button and
        # its /oauth/login/<name>/ answers 404.
        "hide": LocalProxy(lambda: not configured(current_app.config, name)),
        "precedence_mask": {"email": True, "password": False,
                            "profile": {"username": False, "full_name": False}},
        "signup_options": {"auto_confirm": True, "send_register_msg": False},
        "remote_app": f"{module}:OIDCRemoteApp",
        # The addresses are OIDCRemoteApp's properties; flask-oauthlib wants an app_key.
        "params": {"app_key": f"RODARE_LOGIN_{name.upper()}"},
        "authorized_handler": "invenio_oauthclient.handlers:authorized_signup_handler",
        "disconnect_handler": f"{module}:disconnect_handler",
        "signup_handler": {
            "info": f"{module}:account_info",
            "setup": f"{module}:account_setup",
            "view": "invenio_oauthclient.handlers:signup_handler",
        },
    }


REMOTE_APPS = {name: remote_app(name) for name in PROVIDERS}


def _unreachable(name):
    return LoginRefused(
        _("%(provider)s cannot be reached right now. Please try again in a few minutes, or "
          "sign in another way.", provider=PROVIDERS[name]["title"]),
        provider=PROVIDERS[name]["title"], status=503,
    )


def provider_keys(name, refresh=False):
    """The provider's public keys (JWKS), cached for an hour."""
    url = setting(name, "JWKS_URL")
    cache_key = f"rodare-login:jwks:{url}"
    keys = None if refresh else current_cache.get(cache_key)
    if keys is None:
        try:
            response = requests.get(url,
                                    timeout=current_app.config["RODARE_LOGIN_PROBE_TIMEOUT"])
            response.raise_for_status()
            keys = response.json()
        except (requests.RequestException, ValueError) as exc:
            current_app.logger.warning("login: JWKS of %s: %s", name, exc)
            raise _unreachable(name) from exc
        current_cache.set(cache_key, keys, timeout=3600)
    return keys


class OIDCRemoteApp(OAuthRemoteApp):
    """flask-oauthlib's remote app: live settings, and a page instead of a 500 on failure."""

    base_url = property(lambda self: setting(self.name, "ISSUER").rstrip("/") + "/")
    authorize_url = property(lambda self: setting(self.name, "AUTHORIZE_URL"))
    access_token_url = property(lambda self: setting(self.name, "TOKEN_URL"))
    consumer_key = property(lambda self: setting(self.name, "CLIENT_ID"))
    consumer_secret = property(lambda self: setting(self.name, "CLIENT_SECRET"))
    request_token_params = property(lambda self: {"scope": setting(self.name, "SCOPE")})
    access_token_method = property(lambda self: "POST")
    content_type = property(lambda self: "application/json")

    def authorize(self, callback=None, **kwargs):
        """Send the browser to the provider, once we know it answers (its keys)."""
        provider_keys(self.name)
        return super().authorize(callback=callback, **kwargs)

    def handle_oauth2_response(self, args):
        """The token request; a refusal or an outage ends on a page."""
        title = PROVIDERS[self.name]["title"]
        try:
            return super().handle_oauth2_response(args)
        except OAuthException as exc:
            error = (exc.data or {}).get("error") if isinstance(exc.data, dict) else None
            current_app.logger.warning("login: %s refused the token request: %s", self.name,
                                       exc.data)
            raise LoginRefused(
                _("%(provider)s did not confirm this sign-in (%(error)s): the answer may have "
                  "been used already or have expired. Please sign in again.",
                  provider=title, error=error or exc.message),
                provider=title, status=400,
            ) from exc
        except (URLError, OSError) as exc:
            raise _unreachable(self.name) from exc


def _decode(name, token, jwks):
    """The claims of ``token`` if one of ``jwks`` (its ``kid``, if it names one) signed it."""
    kid = jwt.get_unverified_header(token).get("kid")
    matching = [key for key in jwt.PyJWKSet.from_dict(jwks).keys
                if kid is None or key.key_id == kid]
    if not matching:
        raise jwt.InvalidSignatureError(f"no key {kid}")
    return jwt.decode(
        token, key=matching[0], algorithms=ALGORITHMS,
        audience=setting(name, "CLIENT_ID"), issuer=setting(name, "ISSUER"),
        options={"require": ["exp", "iat", "iss", "aud", "sub"]}, leeway=60,
    )


def verify_id_token(name, token):
    """The claims of an ID token signed by the provider, for us, not expired.

    The provider's keys are cached for an hour, but providers rotate them, sometimes under
    the same key id: a signature that fails with the cached keys is checked once more
    against freshly fetched ones before the token is refused.
    """
    title = PROVIDERS[name]["title"]

    def refused(message):
        return LoginRefused(message, provider=title, status=403)

    try:
        try:
            return _decode(name, token, provider_keys(name))
        except jwt.InvalidSignatureError:
            current_app.logger.info("login: ID token of %s not verified with the cached keys;"
                                    " fetching the provider's keys again", name)
            return _decode(name, token, provider_keys(name, refresh=True))
    except jwt.InvalidIssuerError as exc:
        raise refused(_("The sign-in answer was not issued by %(provider)s.", provider=title)) from exc
    except jwt.InvalidAudienceError as exc:
        raise refused(_("The sign-in answer was meant for another service.")) from exc
    except jwt.ExpiredSignatureError as exc:
        raise refused(_("The sign-in answer has expired. Please sign in again.")) from exc
    except (jwt.PyJWTError, jwt.PyJWKSetError, ValueError) as exc:
        current_app.logger.warning("login: ID token of %s refused: %s", name, exc)
        raise refused(_("The sign-in answer does not carry a valid signature of %(provider)s.",
                        provider=title)) from exc


def userinfo(name, access_token):
    """The userinfo endpoint's claims (they may add to the ID token's)."""
    try:
        response = requests.get(setting(name, "USERINFO_URL"),
                                headers={"Authorization": f"Bearer {access_token}"},
                                timeout=10)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as exc:
        raise _unreachable(name) from exc


def login_from(name, resp):
    """A ``Login`` from the token response: the verified ID token plus userinfo."""
    title = PROVIDERS[name]["title"]
    if not resp.get("id_token"):
        raise LoginRefused(_("%(provider)s sent no ID token.", provider=title),
                           provider=title, status=403)
    claims = verify_id_token(name, resp["id_token"])
    if setting(name, "USERINFO_URL") and resp.get("access_token"):
        info = userinfo(name, resp["access_token"])
        if info.get("sub") != claims["sub"]:
            raise LoginRefused(_("%(provider)s described another person than it signed in.",
                                 provider=title), provider=title, status=403)
        claims = {**info, **claims}
    verified = claims.get("email_verified") in (True, "true")
    email = (claims.get("email") or "").strip().lower() if verified else ""
    family = claims.get("family_name") or ""
    # A provider that sends only ``name`` gets it written as the given name.
    given = claims.get("given_name") or ("" if family else claims.get("name") or "")
    return Login(
        provider=name,
        external_id=claims["sub"],
        email=email or None,
        given_name=given,
        family_name=family,
        entitlements=as_list(claims.get("eduperson_entitlement")) + as_list(claims.get("entitlements")),
        orcid=claims["sub"] if name == "orcid" else None,
        speaks_for_hzdr=PROVIDERS[name]["speaks_for_hzdr"],
        title=str(title),
    )


def account_info(remote, resp):
    """Signup handler ``info``: who signed in; refused without an e-mail for a new person."""
    login = login_from(remote.name, resp)
    linked = UserIdentity.get_user(remote.name, login.external_id)
    if login.email is None and linked is None and not current_user.is_authenticated:
        title = PROVIDERS[remote.name]["title"]
        if PROVIDERS[remote.name]["speaks_for_hzdr"]:
            advice = _("Please let %(provider)s release your e-mail address to RODARE (your "
                       "home institution may have to allow it), or sign in with your HZDR "
                       "account.", provider=title)
        else:
            advice = _("Sign in with your HZDR account or Helmholtz AAI first; you can then "
                       "connect %(provider)s in your account settings.", provider=title)
        raise LoginRefused(
            _("%(provider)s did not tell RODARE a confirmed e-mail address, so no account can "
              "be made for you.", provider=title) + " " + advice,
            provider=title,
        )
    if not current_user.is_authenticated:
        # Upstream's lookup (identity, then e-mail) finds the account RODARE chose, or none.
        account_for(login)
    login.remember()
    return login.account_info()


def account_setup(remote, token, resp):
    """Signup handler ``setup`` (first use of this provider by an account): link the identity."""
    # account_info verified this token a moment ago, in this request.
    sub = jwt.decode(resp["id_token"], options={"verify_signature": False})["sub"]
    user = token.remote_account.user
    owner = UserIdentity.get_user(remote.name, sub)
    with db.session.begin_nested():
        token.remote_account.extra_data = {"sub": sub}
        if owner is None or owner.id != user.id:
            # Linked by the HZDR login (an ORCID iD it released) needs no second link; an
            # identity of another account raises AlreadyLinkedError (upstream's message).
            oauth_link_external_id(user, {"id": sub, "method": remote.name})


def _disconnect(remote):
    """Remove the account's link to the provider (and the provider's stored token).

    The identity may have come without a remote account: an ORCID iD the HZDR login linked.
    The last way to sign in is kept (no password, no other identity).
    """
    identities = UserIdentity.query.filter_by(id_user=current_user.id).all()
    mine = [identity for identity in identities if identity.method == remote.name]
    if current_user.password is None and len(identities) == len(mine):
        flash(_("This is the only way you can sign in, so it stays linked."), category="warning")
        return
    for identity in mine:
        oauth_unlink_external_id({"id": identity.id, "method": remote.name})
    account = RemoteAccount.get(user_id=current_user.get_id(), client_id=remote.consumer_key)
    if account:
        with db.session.begin_nested():
            account.delete()
    db.session.commit()


def disconnect_handler(remote, *args, **kwargs):
    """Remove the link to a provider (account settings, "Linked accounts")."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    _disconnect(remote)
    return redirect(url_for("invenio_oauthclient_settings.index"))

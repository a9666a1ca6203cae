"""HZDR Shibboleth (SAML 2.0) through invenio-saml: the IdP entry and its handlers.

invenio-saml's views check the response (signature, audience, destination, validity period;
see ``saml_settings``). What they leave open, RODARE closes here:

================================= ============================================================
answer                            refused because
================================= ============================================================
IdP down (before the sign-in)     it cannot be reached (a HEAD request to its SSO address,
                                  its outcome kept RODARE_LOGIN_PROBE_TTL seconds in the cache)
unsolicited (IdP-initiated)       no ``InResponseTo`` of a request we sent (``login_handler``
                                  remembers each request for RODARE_LOGIN_REQUEST_MAX_AGE)
replayed                          its request was answered already (one answer per request)
posted by another browser         the request was sent for another browser (login CSRF: an
                                  attacker's unused answer would sign the victim in as the
                                  attacker)
no e-mail released                an account needs one (nothing is created)
account not to be linked          ``linking.py`` (unconfirmed, other identity, administrator)
================================= ============================================================

Each refusal raises ``LoginRefused`` before any account is read or written.

The request is tied to the browser by a cookie of its own (``BROWSER_COOKIE``), not the Flask
session: the session cookie is ``SameSite=Lax``, which a browser leaves off the IdP's
cross-site POST to the ACS, so the ACS would not see the session that sent the request.
"""

import hmac
import secrets
from datetime import datetime, timezone

import requests
from flask import after_this_request, current_app, g, request
from flask_login import current_user
from invenio_accounts.models import UserIdentity
from invenio_db import db
from invenio_cache import current_cache
from invenio_i18n import lazy_gettext as _
from invenio_saml.handlers import acs_handler_factory

from .identity import Login, LoginRefused, apply_login, as_list, orcid_of
from .linking import account_for

IDP = "hzdr"
"""The IdP's key: URLs ``/saml/{sso,acs,metadata}/hzdr`` and UserIdentity method ``hzdr``."""

BROWSER_COOKIE = "rodare_saml_browser"
"""A random value per browser; each request we send is remembered with it."""

ATTRIBUTES = {
    "email": "urn:oid:0.9.2342.19200300.100.1.3",
    "given_name": "urn:oid:2.5.4.42",
    "family_name": "urn:oid:2.5.4.4",
    "display_name": "urn:oid:2.16.840.1.113730.3.1.241",
    "eppn": "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",
    "affiliation": "urn:oid:1.3.6.1.4.1.5923.1.1.1.9",
    "entitlement": "urn:oid:1.3.6.1.4.1.5923.1.1.1.7",
    "orcid": "urn:oid:1.3.6.1.4.1.5923.1.1.1.16",
}
"""Attributes by their SAML names (urn:oid, as Shibboleth releases them)."""


def _title():
    return current_app.config["RODARE_LOGIN_SAML_TITLE"]


def saml_idps(config):
    """``SSO_SAML_IDPS`` with HZDR's IdP, or ``{}`` when it is not configured."""
    if not (config["RODARE_LOGIN_SAML_IDP_ENTITY_ID"] and config["RODARE_LOGIN_SAML_IDP_CERT_FILE"]):
        return {}
    with open(config["RODARE_LOGIN_SAML_IDP_CERT_FILE"]) as cert:
        idp_cert = cert.read()
    return {
        IDP: {
            "title": config["RODARE_LOGIN_SAML_TITLE"],
            "settings": {
                "strict": True,
                "debug": False,
                "sp": {"NameIDFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"},
                "idp": {
                    "entityId": config["RODARE_LOGIN_SAML_IDP_ENTITY_ID"],
                    "singleSignOnService": {"url": config["RODARE_LOGIN_SAML_IDP_SSO_URL"]},
                    "singleLogoutService": {"url": ""},
                    "x509cert": idp_cert,
                },
                "security": {
                    # Shibboleth answers with its own context class; do not demand one.
                    "requestedAuthnContext": False,
                    "wantAssertionsSigned": True,
                    "wantNameId": True,
                    "rejectDeprecatedAlgorithm": True,
                },
            },
            "sp_cert_file": config["RODARE_LOGIN_SAML_SP_CERT_FILE"] or None,
            "sp_key_file": config["RODARE_LOGIN_SAML_SP_KEY_FILE"] or None,
            "auto_confirm": True,
            "login_handler": login_handler,
            "acs_handler": acs_handler,
        }
    }


def _request_key(request_id):
    return f"rodare-login:saml-request:{request_id}"


def idp_up(sso_url):
    """Whether the IdP answers; asked at most once per RODARE_LOGIN_PROBE_TTL (all processes).

    The SSO view is anonymous: without the cache, each hit would hold a worker for a blocking
    request to the IdP. While one process asks, the others assume the IdP is up.
    """
    config = current_app.config
    key = f"rodare-login:saml-idp-up:{sso_url}"
    state = current_cache.get(key)
    if state is None:
        asking = current_cache.add(key + ":asking", True,
                                   timeout=config["RODARE_LOGIN_PROBE_TIMEOUT"] + 1)
        if not asking:
            return True
        try:  # any HTTP answer will do: the IdP is up
            requests.head(sso_url, timeout=config["RODARE_LOGIN_PROBE_TIMEOUT"])
            state = "up"
        except requests.RequestException as exc:
            current_app.logger.warning("login: HZDR IdP %s unreachable: %s", sso_url, exc)
            state = "down"
        current_cache.set(key, state, timeout=config["RODARE_LOGIN_PROBE_TTL"])
    return state == "up"


def _browser():
    """This browser's value (made now, and set as a cookie, on its first sign-in)."""
    value = request.cookies.get(BROWSER_COOKIE)
    if value and len(value) >= 32:
        return value
    value = secrets.token_urlsafe(32)

    @after_this_request
    def remember(response):
        # SameSite=None: the IdP's answer comes as a cross-site POST (browsers want Secure).
        secure = request.is_secure
        response.set_cookie(BROWSER_COOKIE, value, path="/saml/", httponly=True, secure=secure,
                            samesite="None" if secure else "Lax",
                            max_age=current_app.config["RODARE_LOGIN_REQUEST_MAX_AGE"])
        return response

    return value


def login_handler(auth, login_url):
    """Send the browser only to an IdP that answers; remember the request we send with the
    browser that sent it, so that only its answer, posted by the same browser, is accepted,
    once."""
    if not idp_up(current_app.config["RODARE_LOGIN_SAML_IDP_SSO_URL"]):
        raise LoginRefused(
            _("The HZDR login cannot be reached right now. Please try again in a few minutes, "
              "or sign in another way."), provider=_title(), status=503)
    current_cache.set(
        _request_key(auth.get_last_request_id()), _browser(),
        timeout=current_app.config["RODARE_LOGIN_REQUEST_MAX_AGE"],
    )
    return login_url


def login_from(attributes):
    """A ``Login`` from the assertion's attributes; refused without an e-mail."""
    def first(name):
        values = as_list(attributes.get(ATTRIBUTES[name]))
        return values[0].strip() if values else ""

    email = first("email").lower()
    if not email:
        raise LoginRefused(
            _("The HZDR login did not tell RODARE your e-mail address, so no account can be "
              "made for you. Please ask the HZDR IT service desk to release it to RODARE."),
            provider=_title(),
        )
    external_id = first("eppn")
    if not external_id:
        raise LoginRefused(_("The HZDR login did not say who you are (no eduPersonPrincipalName)."),
                           provider=_title())
    given, family = first("given_name"), first("family_name")
    if not (given or family):
        given = first("display_name")
    return Login(
        provider=IDP,
        external_id=external_id,
        email=email,
        given_name=given,
        family_name=family,
        affiliations=[value.lower() for value in as_list(attributes.get(ATTRIBUTES["affiliation"]))],
        entitlements=as_list(attributes.get(ATTRIBUTES["entitlement"])),
        orcid=(orcid_of(first("orcid"))
               if current_app.config["RODARE_LOGIN_SAML_ORCID_VERIFIED"] else None),
        title=str(_title()),
    )


def _account_info(attributes, remote_app):
    login = login_from(attributes)
    login.remember()
    return {**login.account_info(), "confirmed_at": datetime.now(timezone.utc)}


def _user_lookup(account_info):
    """The account the answer signs in (``linking.account_for``), or None to make one."""
    return account_for(g.rodare_login)


_upstream_acs = acs_handler_factory(IDP, account_info=_account_info, user_lookup=_user_lookup)


def _answers_our_request(auth):
    """Whether the answer is the first to a request this browser sent (and consume it)."""
    in_response_to = auth.get_last_response_in_response_to()
    if not in_response_to:
        return False
    key = _request_key(in_response_to)
    sent_by = current_cache.get(key)
    if not current_cache.delete(key) or not isinstance(sent_by, str):
        return False
    return hmac.compare_digest(sent_by, request.cookies.get(BROWSER_COOKIE, ""))


def connect(auth):
    """A signed-in person signed in at the HZDR IdP too: link that identity to their account.

    Upstream ignores the answer then. It is the one way to add the HZDR login to an account
    made through another provider, since ``linking.py`` no longer links such an account by
    e-mail. The request was this browser's, so nobody else's answer gets linked.
    """
    login, user = login_from(auth.get_attributes()), current_user._get_current_object()
    owner = UserIdentity.get_user(IDP, login.external_id)
    if owner is not None and owner.id != user.id:
        raise LoginRefused(
            _("This HZDR account is linked to another RODARE account already."),
            provider=_title(), status=409)
    if owner is None:
        UserIdentity.create(user, IDP, login.external_id)
    apply_login(user, login)
    db.session.commit()


def acs_handler(auth, next_url):
    """Accept only the first answer to a request this browser sent, then log in as upstream
    does (with RODARE's choice of account), or link it to the signed-in account."""
    if not _answers_our_request(auth):
        raise LoginRefused(
            _("This answer from the HZDR login was not asked for by this browser, has been "
              "used already or came too late. Please sign in again."),
            provider=_title(), status=403,
        )
    if current_user.is_authenticated:
        connect(auth)
    return _upstream_acs(auth, next_url)

"""HZDR Shibboleth (SAML 2.0) through invenio-saml: the IdP entry and its handlers.

invenio-saml's views check the response (signature, audience, destination, validity period;
see ``saml_settings``). What they leave open, RODARE closes here:

================================= ============================================================
answer                            refused because
================================= ============================================================
IdP down (before the sign-in)     it cannot be reached (a HEAD request to its SSO address)
unsolicited (IdP-initiated)       no ``InResponseTo`` of a request we sent (``login_handler``
                                  remembers each request for RODARE_LOGIN_REQUEST_MAX_AGE)
replayed                          its request was answered already (one answer per request)
no e-mail released                an account needs one (nothing is created)
================================= ============================================================

Each refusal raises ``LoginRefused`` before any account is read or written.
"""

from datetime import datetime, timezone

import requests
from flask import current_app
from invenio_cache import current_cache
from invenio_i18n import lazy_gettext as _
from invenio_saml.handlers import acs_handler_factory

from .identity import Login, LoginRefused, as_list, orcid_of

IDP = "hzdr"
"""The IdP's key: URLs ``/saml/{sso,acs,metadata}/hzdr`` and UserIdentity method ``hzdr``."""

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


def login_handler(auth, login_url):
    """Send the browser only to an IdP that answers; remember the request we send, so that
    only its answer is accepted, once."""
    sso_url = current_app.config["RODARE_LOGIN_SAML_IDP_SSO_URL"]
    try:  # any HTTP answer will do: the IdP is up
        requests.head(sso_url, timeout=current_app.config["RODARE_LOGIN_PROBE_TIMEOUT"])
    except requests.RequestException as exc:
        current_app.logger.warning("login: HZDR IdP %s unreachable: %s", sso_url, exc)
        raise LoginRefused(
            _("The HZDR login cannot be reached right now. Please try again in a few minutes, "
              "or sign in another way."), provider=_title(), status=503) from exc
    current_cache.set(
        _request_key(auth.get_last_request_id()), True,
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
        orcid=orcid_of(first("orcid")),
    )


def _account_info(attributes, remote_app):
    login = login_from(attributes)
    login.remember()
    return {**login.account_info(), "confirmed_at": datetime.now(timezone.utc)}


_upstream_acs = acs_handler_factory(IDP, account_info=_account_info)


def acs_handler(auth, next_url):
    """Accept only the first answer to a request we sent, then log in as upstream does."""
    in_response_to = auth.get_last_response_in_response_to()
    if not in_response_to or not current_cache.delete(_request_key(in_response_to)):
        raise LoginRefused(
            _("This answer from the HZDR login was not asked for, has been used already or "
              "came too late. Please sign in again."),
            provider=_title(), status=403,
        )
    return _upstream_acs(auth, next_url)

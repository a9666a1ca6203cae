"""Defaults of the HZDR login (RODARE_LOGIN_*).

The providers' addresses are production's; the embedded default (`./rodare up`, the tests)
points every one of them at its local stand-in through INVENIO_RODARE_LOGIN_* variables
(stack/standins/saml_idp.py, stack/standins/oidc.py, docs/login.md).
"""

from invenio_i18n import lazy_gettext as _

RODARE_LOGIN_LOCAL = "everyone"
"""Who may log in with e-mail and password: ``"everyone"`` or ``"administrators"`` (then only
accounts with a role in RODARE_LOGIN_LOCAL_ROLES; everyone else signs in through a provider).
Set SECURITY_REGISTERABLE=False beside ``"administrators"``: accounts come from the providers."""

RODARE_LOGIN_LOCAL_ROLES = ["admin", "administration", "robis-service", "rodare-local-login"]
"""Roles whose accounts keep the password login when RODARE_LOGIN_LOCAL is "administrators":
administrators and service accounts (ROBIS's among them)."""

RODARE_LOGIN_DEPOSIT = "everyone"
"""Who may create uploads: ``"everyone"`` (every logged-in account) or ``"staff"`` (HZDR staff,
i.e. the RODARE_HZDR_STAFF_ROLE, plus accounts an administrator gave RODARE_LOGIN_DEPOSIT_ROLE)."""

RODARE_LOGIN_DEPOSIT_ROLE = "rodare-depositor"
"""The role an administrator gives a guest who may deposit when RODARE_LOGIN_DEPOSIT is "staff"."""

RODARE_LOGIN_STAFF_AFFILIATIONS = ["member@hzdr.de", "staff@hzdr.de", "employee@hzdr.de"]
"""eduPersonScopedAffiliation values of the HZDR IdP (SAML) that make a person HZDR staff.
Helmholtz AAI's voperson_external_affiliation does not count: any home IdP it proxies, or a
guest, can state it."""

RODARE_LOGIN_STAFF_ENTITLEMENT = "urn:geant:helmholtz.de:group:HZDR"
"""The Helmholtz AAI virtual organisation of HZDR: an entitlement of it or of one of its
subgroups (``...:group:HZDR[:sub]#login.helmholtz.de``) makes a person HZDR staff."""

RODARE_LOGIN_ENTITLEMENT_AUTHORITY = "login.helmholtz.de"
"""The authority (after ``#``) an entitlement must name to count: Helmholtz AAI's own."""

RODARE_LOGIN_HZDR_IDP_ENTITLEMENT = "urn:geant:helmholtz.de:group:HZDR#login.helmholtz.de"
"""The HZDR centre VO, which Helmholtz AAI fills only from a login at HZDR's IdP: with it, an
HZDR e-mail address from Helmholtz AAI is HZDR's word and may find or make an account."""

RODARE_LOGIN_HZDR_EMAIL_DOMAINS = ["hzdr.de"]
"""HZDR's mail domains (and their subdomains): addresses only HZDR's IdP may speak for."""

RODARE_LOGIN_SAML_ORCID_VERIFIED = True
"""Whether the HZDR IdP's eduPersonOrcid comes from ORCID's own sign-in (HZDR's identity
management links it through ORCID): then RODARE links it. Set False if HZDR lets people type
it in."""

RODARE_LOGIN_HZDR_AFFILIATION = "Helmholtz-Zentrum Dresden-Rossendorf"
"""The affiliation written into the profile of HZDR staff at their first login."""

RODARE_LOGIN_REQUEST_MAX_AGE = 600
"""Seconds a SAML login request stays answerable; an answer to an older or unknown request
(an unsolicited or replayed response) is refused."""

RODARE_LOGIN_PROBE_TIMEOUT = 3
"""Seconds to wait for a provider before the login page says it cannot be reached."""

RODARE_LOGIN_PROBE_TTL = 30
"""Seconds the HZDR IdP's health (up or down) is kept in the cache: a flood of anonymous
``/saml/sso/hzdr`` hits makes at most one request to the IdP per this time."""

# HZDR Shibboleth (SAML 2.0) through invenio-saml
# ===============================================
RODARE_LOGIN_SAML_IDP_ENTITY_ID = "https://idp.hzdr.de/idp/shibboleth"
"""HZDR's identity provider (public WAYF lists; confirm with HZDR IT). Empty: no SAML button."""

RODARE_LOGIN_SAML_IDP_SSO_URL = "https://idp.hzdr.de/idp/profile/SAML2/Redirect/SSO"
"""Its single sign-on service (HTTP-Redirect binding)."""

RODARE_LOGIN_SAML_IDP_CERT_FILE = ""
"""PEM file of the IdP's signing certificate (from its metadata). Without it, no SAML button:
an unsigned or unverifiable assertion is never accepted."""

RODARE_LOGIN_SAML_SP_CERT_FILE = ""
"""Our own (service provider) certificate and key, published in our metadata at
``/saml/metadata/hzdr``; optional (requests are unsigned without them)."""

RODARE_LOGIN_SAML_SP_KEY_FILE = ""

RODARE_LOGIN_SAML_TITLE = _("HZDR account")
"""The button reads "Sign in with <title>"."""

# Helmholtz AAI and ORCID (OpenID Connect) through invenio-oauthclient
# ====================================================================
RODARE_LOGIN_HELMHOLTZ_ISSUER = "https://login.helmholtz.de/oauth2"
RODARE_LOGIN_HELMHOLTZ_AUTHORIZE_URL = "https://login.helmholtz.de/oauth2-as/oauth2-authz"
RODARE_LOGIN_HELMHOLTZ_TOKEN_URL = "https://login.helmholtz.de/oauth2/token"
RODARE_LOGIN_HELMHOLTZ_USERINFO_URL = "https://login.helmholtz.de/oauth2/userinfo"
RODARE_LOGIN_HELMHOLTZ_JWKS_URL = "https://login.helmholtz.de/oauth2/jwk"
RODARE_LOGIN_HELMHOLTZ_SCOPE = "openid profile email eduperson_entitlement"
"""Only the claims RODARE uses (hifis.net asks services to request no more): the external
affiliation and the ``orcid`` claim prove nothing (identity.py), so they are not asked for."""
RODARE_LOGIN_HELMHOLTZ_CLIENT_ID = ""
"""Client registered at Helmholtz AAI (hifis.net: "Oauth2/OIDC client Registration"). Empty:
no Helmholtz AAI button."""
RODARE_LOGIN_HELMHOLTZ_CLIENT_SECRET = ""

RODARE_LOGIN_ORCID_ISSUER = "https://orcid.org"
RODARE_LOGIN_ORCID_AUTHORIZE_URL = "https://orcid.org/oauth/authorize"
RODARE_LOGIN_ORCID_TOKEN_URL = "https://orcid.org/oauth/token"
RODARE_LOGIN_ORCID_USERINFO_URL = "https://orcid.org/oauth/userinfo"
RODARE_LOGIN_ORCID_JWKS_URL = "https://orcid.org/oauth/jwks"
RODARE_LOGIN_ORCID_SCOPE = "openid"
RODARE_LOGIN_ORCID_CLIENT_ID = ""
"""ORCID member or public API client. Empty: no ORCID button."""
RODARE_LOGIN_ORCID_CLIENT_SECRET = ""

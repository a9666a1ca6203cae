"""A local SAML 2.0 identity provider: the embedded default's and the tests' stand-in for
HZDR's Shibboleth IdP, built on pysaml2 (which signs with the ``xmlsec1`` program).

It answers as a Shibboleth IdP does for RODARE's service provider (invenio-saml):

| request                              | answer                                                   |
|--------------------------------------|----------------------------------------------------------|
| ``GET /idp/metadata``                | the IdP's metadata (entityID = this URL, signing cert)   |
| ``GET /idp/sso?SAMLRequest=…``       | a login page (HTTP-Redirect binding; POST works too)     |
| ``POST /idp/sso`` right password     | an auto-submitting form that POSTs a signed Response     |
|                                      | with a signed Assertion to the request's ACS URL         |
| ``POST /idp/sso`` wrong password     | the login page again, with an error                      |

The Response answers the request's ID (InResponseTo), names a transient NameID, has the
AuthnContext PasswordProtectedTransport (a password login, what invenio-saml asks for by
default) and releases the identity's attributes under their ``urn:oid:`` names
(:data:`OIDS`). The SP is known from its metadata, fetched from ``--sp-metadata-url`` at
the first login (the instance is not up yet when this starts) and again whenever a
request comes from an SP or to an ACS URL it does not know. The signing key and
self-signed certificate are made once in ``--dir`` (``idp.key``, ``idp.crt``) and kept, so
the instance can trust the certificate across restarts.

Tests use :class:`LocalIdP` in-process (no HTTP): ``respond`` builds the answer to an
AuthnRequest, normal or deliberately wrong (another audience, expired, unsigned, other
attributes). The documented identities are :data:`IDENTITIES` (docs/login-identities.md).

    python -m stack.standins.saml_idp --port 55091 --dir .rodare/saml-idp \
        --sp-metadata-url https://127.0.0.1:5000/saml/metadata/hzdr --ca .rodare/tls/cert.pem
"""

import argparse
import base64
import datetime
import hmac
import html
import secrets
import warnings
from pathlib import Path

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from cryptography.utils import CryptographyDeprecationWarning
from flask import Flask, Response, request

# pysaml2 7.5 names cryptography's CFB mode where newer cryptography warns about it, at import
# time: noise on every `./rodare` command. It never uses CFB here.
warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning, module="saml2")

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT  # noqa: E402
from saml2.assertion import Policy
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import AUTHN_PASSWORD_PROTECTED, NAME_FORMAT_URI, NAMEID_FORMAT_TRANSIENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

DEFAULT_PORT = 55091
DEFAULT_URL = f"http://127.0.0.1:{DEFAULT_PORT}"
LIFETIME_SECONDS = 300
"""How long an assertion is valid (Shibboleth's default is five minutes)."""

OIDS = {
    "mail": "urn:oid:0.9.2342.19200300.100.1.3",
    "givenName": "urn:oid:2.5.4.42",
    "sn": "urn:oid:2.5.4.4",
    "displayName": "urn:oid:2.16.840.1.113730.3.1.241",
    "eduPersonPrincipalName": "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",
    "eduPersonScopedAffiliation": "urn:oid:1.3.6.1.4.1.5923.1.1.1.9",
    "eduPersonOrcid": "urn:oid:1.3.6.1.4.1.5923.1.1.1.16",
}
"""The attributes the IdP releases (pysaml2's friendly names) and the names they go out as."""

IDENTITIES = {
    "a.schmidt": {
        "password": "rodare-anna",
        "about": "HZDR scientist with an ORCID",
        "attributes": {
            "mail": ["a.schmidt@hzdr.de"], "givenName": ["Anna"], "sn": ["Schmidt"],
            "displayName": ["Anna Schmidt"], "eduPersonPrincipalName": ["a.schmidt@hzdr.de"],
            "eduPersonScopedAffiliation": ["member@hzdr.de", "staff@hzdr.de"],
            "eduPersonOrcid": ["https://orcid.org/0000-0002-1825-0097"],
        },
    },
    "b.weber": {
        "password": "rodare-bernd",
        "about": "HZDR staff without ORCID",
        "attributes": {
            "mail": ["b.weber@hzdr.de"], "givenName": ["Bernd"], "sn": ["Weber"],
            "displayName": ["Bernd Weber"], "eduPersonPrincipalName": ["b.weber@hzdr.de"],
            "eduPersonScopedAffiliation": ["staff@hzdr.de"],
        },
    },
    "c.gast": {
        "password": "rodare-clara",
        "about": "external guest with an HZDR guest account (not staff)",
        "attributes": {
            "mail": ["c.gast@example.org"], "givenName": ["Clara"], "sn": ["Gast"],
            "displayName": ["Clara Gast"], "eduPersonPrincipalName": ["c.gast@hzdr.de"],
            "eduPersonScopedAffiliation": ["affiliate@hzdr.de"],
        },
    },
    "d.ohnemail": {
        "password": "rodare-dora",
        "about": "HZDR member whose account releases no e-mail",
        "attributes": {
            "givenName": ["Dora"], "sn": ["Ohnemail"], "displayName": ["Dora Ohnemail"],
            "eduPersonPrincipalName": ["d.ohnemail@hzdr.de"],
            "eduPersonScopedAffiliation": ["member@hzdr.de"],
        },
    },
}
"""The documented test identities: username → password, what they stand for, attributes."""

FROM_REQUEST = object()
"""Default of ``respond(in_response_to=…)``: answer the AuthnRequest's own ID."""


def ensure_keys(directory):
    """The IdP's signing key and self-signed certificate in ``directory``, made once.

    Kept across restarts because the instance trusts exactly this certificate
    (INVENIO_RODARE_LOGIN_SAML_IDP_CERT_FILE). RSA, because every SAML stack verifies it.
    Returns ``(cert_path, key_path)``.
    """
    directory = Path(directory)
    cert_path, key_path = directory / "idp.crt", directory / "idp.key"
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "RODARE local test IdP")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def _rules(lifetime_seconds):
    """pysaml2 release rules: ``urn:oid:`` attribute names (as Shibboleth sends), a lifetime."""
    return {"default": {"name_form": NAME_FORMAT_URI, "lifetime": {"seconds": lifetime_seconds}}}


class _Release(Policy):
    """pysaml2's release policy, whose Audience a test may set to another SP's.

    pysaml2 takes the Audience from the SP it answers, and looks that SP up in the
    metadata; answering the real SP with a foreign Audience is what a misrouted response
    looks like to RODARE.
    """

    def __init__(self, rules, metadata, audience=None):
        super().__init__(rules, mds=metadata)
        self.audience = audience

    def conditions(self, sp_entity_id):
        """NotBefore, NotOnOrAfter and the AudienceRestriction of the Assertion."""
        return super().conditions(self.audience or sp_entity_id)


class LocalIdP:
    """The identity provider without HTTP: metadata, and answers to AuthnRequests."""

    def __init__(self, directory, sp_metadata_xml=None, base_url=DEFAULT_URL):
        """An IdP answering at ``base_url`` whose key and certificate live in ``directory``."""
        self.cert_file, self.key_file = ensure_keys(directory)
        base_url = base_url.rstrip("/")
        self.entity_id = f"{base_url}/idp/metadata"
        self.sso_url = f"{base_url}/idp/sso"
        config = IdPConfig().load({
            "entityid": self.entity_id,
            "key_file": str(self.key_file),
            "cert_file": str(self.cert_file),
            "accepted_time_diff": 60,
            "metadata": {"inline": [sp_metadata_xml] if sp_metadata_xml else []},
            "service": {"idp": {
                "endpoints": {"single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT),
                                                          (self.sso_url, BINDING_HTTP_POST)]},
                "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                "want_authn_requests_signed": False,
                "policy": _rules(LIFETIME_SECONDS),
            }},
        })
        self.server = Server(config=config)

    def metadata(self):
        """The IdP's metadata XML (what an SP is configured from)."""
        return create_metadata_string(None, config=self.server.config).decode()

    def certificate_pem(self):
        """The signing certificate, PEM."""
        return self.cert_file.read_text()

    def load_sp_metadata(self, xml):
        """Know a service provider from its metadata XML; a newer copy replaces an older one."""
        sources = self.server.metadata.metadata  # pysaml2 asks them in order: drop stale ones
        before = dict(sources)
        self.server.metadata.load("inline", xml)
        entities = {entity for key, source in sources.items() if key not in before
                    for entity in source.keys()}
        for key, source in before.items():
            if entities & set(source.keys()):
                del sources[key]

    def knows(self, sp_entity_id, acs_url=None):
        """Whether the SP, and the ACS URL if given, are in the loaded metadata."""
        if sp_entity_id not in self.server.metadata.keys():
            return False
        services = self.server.metadata.assertion_consumer_service(sp_entity_id)  # POST
        locations = {service["location"] for service in services}
        return bool(locations) and (acs_url is None or acs_url in locations)

    def parse_request(self, saml_request, binding=BINDING_HTTP_REDIRECT):
        """The AuthnRequest (pysaml2 message) in a SAMLRequest parameter of ``binding``."""
        return self.server.parse_authn_request(saml_request, binding).message

    def respond(self, saml_request, username, *, binding=BINDING_HTTP_REDIRECT, audience=None,
                lifetime_seconds=None, attributes=None, sign=True, in_response_to=FROM_REQUEST):
        """Answer an AuthnRequest for ``username``: ``(acs_url, SAMLResponse in base64)``.

        The defaults give what the real IdP sends. Tests bend one thing at a time:
        ``audience`` (another SP's entityID), ``lifetime_seconds`` (negative: already
        expired), ``attributes`` (replace the identity's, e.g. no staff affiliation),
        ``sign=False`` (neither Response nor Assertion signed), ``in_response_to``
        (``None``: unsolicited). The SP must be known (:meth:`load_sp_metadata`) and the
        ACS URL one of its metadata's, as a real IdP insists.
        """
        message = self.parse_request(saml_request, binding)
        sp_entity_id = message.issuer.text
        acs_url = message.assertion_consumer_service_url
        if not self.knows(sp_entity_id, acs_url):
            raise LookupError(f"unknown service provider {sp_entity_id!r} or ACS URL {acs_url!r}")
        if acs_url is None:
            acs_url = self.server.metadata.assertion_consumer_service(sp_entity_id)[0]["location"]
        if attributes is None:
            attributes = IDENTITIES[username]["attributes"]
        lifetime = LIFETIME_SECONDS if lifetime_seconds is None else lifetime_seconds
        response = self.server.create_authn_response(
            {name: list(values) for name, values in attributes.items()},
            in_response_to=message.id if in_response_to is FROM_REQUEST else in_response_to,
            destination=acs_url,
            sp_entity_id=sp_entity_id,
            name_id=NameID(format=NAMEID_FORMAT_TRANSIENT, text=f"_{secrets.token_hex(16)}",
                           name_qualifier=self.entity_id,
                           sp_name_qualifier=audience or sp_entity_id),
            authn={"class_ref": AUTHN_PASSWORD_PROTECTED, "authn_auth": self.entity_id},
            release_policy=_Release(_rules(lifetime), self.server.metadata, audience),
            sign_response=sign, sign_assertion=sign,
            sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256,
        )
        return acs_url, base64.b64encode(str(response).encode()).decode()


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>HZDR login (local test IdP)</title>
<style>body{{font-family:sans-serif;margin:2em auto;max-width:40em;color:#222}}
h1{{color:#00589c;font-size:1.6em}}label{{display:block;margin:.8em 0 .2em}}
input[type=text],input[type=password]{{font-size:1em;padding:.4em;width:18em}}
button{{background:#00589c;color:#fff;border:0;padding:.7em 1.4em;font-size:1em;cursor:pointer;
margin-top:1em}}table{{border-collapse:collapse;margin-top:.5em}}
th,td{{text-align:left;padding:.25em 1em .25em 0}}code{{white-space:nowrap}}
h2{{font-size:1.2em;margin-top:2em}}.note{{color:#555;font-size:.9em}}
.error{{background:#fde;padding:.8em}}</style></head>
<body><h1>HZDR login (local test IdP)</h1>
<p class="note">Local stand-in for HZDR's Shibboleth identity provider. It knows only the
documented test identities below.</p>{body}</body></html>"""


def _fields(values):
    """Hidden form fields."""
    return "".join(f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
                   for name, value in values.items())


def login_page(hidden, error=None, username=""):
    """The login form, carrying the SAML request in ``hidden`` fields."""
    rows = "".join(
        f"<tr><td><code>{html.escape(name)}</code></td>"
        f"<td><code>{html.escape(identity['password'])}</code></td>"
        f"<td>{html.escape(identity['about'])}</td></tr>"
        for name, identity in IDENTITIES.items())
    alert = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    return PAGE.format(body=f"""{alert}<form method="post" action="">{_fields(hidden)}
<label for="username">Username</label>
<input type="text" id="username" name="username" value="{html.escape(username)}"
 autocomplete="username" required autofocus>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<div><button type="submit">Log in</button></div></form>
<h2>Test identities</h2>
<table><tr><th>Username</th><th>Password</th><th>Who</th></tr>{rows}</table>""")


def post_page(acs_url, saml_response, relay_state):
    """The auto-submitting form that carries the Response to the SP (HTTP-POST binding)."""
    fields = {"SAMLResponse": saml_response, **({"RelayState": relay_state} if relay_state else {})}
    return PAGE.format(body=f"""<form method="post" action="{html.escape(acs_url)}">
{_fields(fields)}<p>Sending you back to RODARE ...</p>
<noscript><button type="submit">Continue</button></noscript></form>
<script>document.forms[0].submit()</script>""")


def _error(message, status):
    """A page that says what went wrong, with its HTTP status."""
    return PAGE.format(body=f'<p class="error" role="alert">{html.escape(message)}</p>'), status


def create_app(idp, sp_metadata_url, ca):
    """The IdP's web application; SP metadata is fetched lazily from ``sp_metadata_url``."""
    app = Flask("saml_idp")

    def fetch_sp_metadata():
        answer = requests.get(sp_metadata_url, verify=ca, timeout=30)
        answer.raise_for_status()
        idp.load_sp_metadata(answer.text)

    @app.get("/")
    def index():
        return PAGE.format(body=f'<p>The IdP is up; its metadata: <a href="/idp/metadata">'
                                f"{html.escape(idp.entity_id)}</a>.</p>")

    @app.get("/idp/metadata")
    def metadata():
        return Response(idp.metadata(), mimetype="application/samlmetadata+xml")

    @app.route("/idp/sso", methods=["GET", "POST"])
    def sso():
        source = request.form if request.method == "POST" else request.args
        saml_request = source.get("SAMLRequest")
        if not saml_request:
            return _error("No SAMLRequest: start the login at RODARE.", 400)
        binding = source.get("binding") or (BINDING_HTTP_POST if request.method == "POST"
                                            else BINDING_HTTP_REDIRECT)
        if binding not in (BINDING_HTTP_POST, BINDING_HTTP_REDIRECT):
            return _error("Unknown binding.", 400)
        try:
            message = idp.parse_request(saml_request, binding)
        except Exception as error:  # pysaml2 raises many kinds for a bad request
            app.logger.warning("bad AuthnRequest: %s", error)
            return _error("The SAML request is not valid.", 400)
        sp, acs = message.issuer.text, message.assertion_consumer_service_url
        if not idp.knows(sp, acs):
            try:
                fetch_sp_metadata()
            except requests.RequestException as error:
                return _error(f"Could not read RODARE's SAML metadata ({error}).", 502)
            if not idp.knows(sp, acs):
                return _error(f"Unknown service provider {sp} (or ACS URL {acs}).", 403)
        hidden = {"SAMLRequest": saml_request, "RelayState": source.get("RelayState", ""),
                  "binding": binding}
        if "username" not in request.form:
            return login_page(hidden)
        username = request.form["username"].strip()
        identity = IDENTITIES.get(username)
        if identity is None or not hmac.compare_digest(
                identity["password"].encode(), request.form.get("password", "").encode()):
            return login_page(hidden, "Unknown username or wrong password.", username), 401
        acs_url, saml_response = idp.respond(saml_request, username, binding=binding)
        return post_page(acs_url, saml_response, hidden["RelayState"])

    return app


def main():
    """Serve until killed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--dir", required=True, help="where the key and certificate are kept")
    parser.add_argument("--sp-metadata-url", required=True)
    parser.add_argument("--ca", help="CA certificate (PEM) to verify the SP metadata URL with")
    args = parser.parse_args()
    idp = LocalIdP(args.dir, base_url=f"http://127.0.0.1:{args.port}")
    app = create_app(idp, args.sp_metadata_url, args.ca or True)
    print(f"SAML IdP stand-in on {idp.entity_id}", flush=True)
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", args.port, app, threaded=True)


if __name__ == "__main__":
    main()

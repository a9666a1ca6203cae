"""The local HZDR IdP (stack/standins/saml_idp.py) answers as RODARE's SAML library expects.

RODARE's side is python3-saml (what invenio-saml uses), configured from the IdP's own
metadata, strict, wanting signed Responses and Assertions:

| the IdP's answer                          | python3-saml                                  |
|-------------------------------------------|-----------------------------------------------|
| a normal login (Redirect or POST binding) | valid; attributes under their urn:oid: names  |
| other attributes (affiliation not staff)  | valid, with those attributes                  |
| already expired                           | rejected                                      |
| for another SP (Audience)                 | rejected                                      |
| unsigned                                  | rejected                                      |

Over HTTP: metadata, the login page, a wrong password, the auto-submitting form to the
ACS, and SP metadata fetched lazily from the instance's metadata URL.
"""

import base64
import re
import subprocess
import sys
import threading
from html import unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from onelogin.saml2.authn_request import OneLogin_Saml2_Authn_Request
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings
from saml2 import BINDING_HTTP_POST
from saml2.saml import NAMEID_FORMAT_TRANSIENT

from stack.standins.saml_idp import IDENTITIES, OIDS, LocalIdP
from stack.services import free_port, wait_for_port

SP = "https://127.0.0.1:5000/saml/metadata/hzdr"
ACS = "https://127.0.0.1:5000/saml/acs/hzdr"
ACS_REQUEST = {"https": "on", "http_host": "127.0.0.1:5000", "script_name": "/saml/acs/hzdr",
               "get_data": {}, "post_data": {}}
"""python3-saml's view of the POST to the ACS (it checks the Response's Destination)."""


def sp_settings(idp_metadata):
    """python3-saml settings of an SP that trusts the IdP its metadata describes."""
    idp = OneLogin_Saml2_IdPMetadataParser.parse(idp_metadata)
    return OneLogin_Saml2_Settings({
        "strict": True,
        "sp": {"entityId": SP, "NameIDFormat": NAMEID_FORMAT_TRANSIENT,
               "assertionConsumerService": {"url": ACS, "binding": BINDING_HTTP_POST}},
        "idp": idp["idp"],
        "security": {"wantAssertionsSigned": True, "wantMessagesSigned": True},
    })


def _der(pem):
    """The base64 body of a PEM certificate, in one line."""
    return "".join(line for line in pem.splitlines() if "-----" not in line)


def check(settings, saml_response, request_id):
    """python3-saml's verdict: (valid, error, attributes)."""
    response = OneLogin_Saml2_Response(settings, saml_response)
    valid = response.is_valid({**ACS_REQUEST, "post_data": {"SAMLResponse": saml_response}},
                              request_id=request_id)
    return valid, response.get_error(), response.get_attributes() if valid else None


@pytest.fixture
def idp(tmp_path):
    """The IdP and an SP configured from its metadata, each knowing the other."""
    local = LocalIdP(tmp_path / "idp", base_url="http://127.0.0.1:55091")
    settings = sp_settings(local.metadata())
    local.load_sp_metadata(settings.get_sp_metadata())
    return local, settings


def test_metadata_describes_the_idp(idp):
    """entityID, SSO endpoint and signing certificate, as python3-saml reads them."""
    local, settings = idp
    data = settings.get_idp_data()
    assert data["entityId"] == local.entity_id == "http://127.0.0.1:55091/idp/metadata"
    assert data["singleSignOnService"]["url"] == local.sso_url == "http://127.0.0.1:55091/idp/sso"
    assert _der(data["x509cert"]) == _der(local.certificate_pem())


@pytest.mark.parametrize("deflate", [True, False], ids=["redirect", "post"])
def test_a_login_is_accepted_with_its_attributes(idp, deflate):
    """A signed answer to the request's ID, with a.schmidt's attributes by OID."""
    local, settings = idp
    request = OneLogin_Saml2_Authn_Request(settings)
    binding = None if deflate else BINDING_HTTP_POST
    acs, saml_response = local.respond(request.get_request(deflate=deflate), "a.schmidt",
                                       **({"binding": binding} if binding else {}))
    assert acs == ACS
    valid, error, attributes = check(settings, saml_response, request.get_id())
    assert valid, error
    assert attributes[OIDS["mail"]] == ["a.schmidt@hzdr.de"]
    assert attributes[OIDS["eduPersonScopedAffiliation"]] == ["member@hzdr.de", "staff@hzdr.de"]
    assert attributes[OIDS["eduPersonOrcid"]] == ["https://orcid.org/0000-0002-1825-0097"]
    xml = base64.b64decode(saml_response).decode()
    assert f'InResponseTo="{request.get_id()}"' in xml
    assert "nameid-format:transient" in xml and "PasswordProtectedTransport" in xml


def test_dora_releases_no_mail(idp):
    """The identity for the "provider released no e-mail" case has no mail attribute."""
    local, settings = idp
    request = OneLogin_Saml2_Authn_Request(settings)
    _, saml_response = local.respond(request.get_request(), "d.ohnemail")
    valid, error, attributes = check(settings, saml_response, request.get_id())
    assert valid, error
    assert OIDS["mail"] not in attributes
    assert attributes[OIDS["eduPersonPrincipalName"]] == ["d.ohnemail@hzdr.de"]


def test_other_attributes_for_the_same_person(idp):
    """A test can change what the IdP says, e.g. Anna is no longer staff."""
    local, settings = idp
    request = OneLogin_Saml2_Authn_Request(settings)
    changed = {**IDENTITIES["a.schmidt"]["attributes"],
               "eduPersonScopedAffiliation": ["member@hzdr.de"]}
    _, saml_response = local.respond(request.get_request(), "a.schmidt", attributes=changed)
    valid, error, attributes = check(settings, saml_response, request.get_id())
    assert valid, error
    assert attributes[OIDS["eduPersonScopedAffiliation"]] == ["member@hzdr.de"]


@pytest.mark.parametrize("variant, message", [
    ({"lifetime_seconds": -600}, "expired"),
    ({"audience": "https://elsewhere.example/saml/metadata"}, "not a valid audience"),
    ({"sign": False}, "not signed"),
], ids=["expired", "wrong-audience", "unsigned"])
def test_bent_answers_are_rejected(idp, variant, message):
    """Each deliberately wrong answer fails python3-saml's checks for its own reason."""
    local, settings = idp
    request = OneLogin_Saml2_Authn_Request(settings)
    _, saml_response = local.respond(request.get_request(), "b.weber", **variant)
    valid, error, _ = check(settings, saml_response, request.get_id())
    assert not valid
    assert message in error


def test_an_unknown_service_provider_gets_nothing(tmp_path, idp):
    """Without the SP's metadata the IdP does not answer (a real IdP would not either)."""
    _, settings = idp
    stranger = LocalIdP(tmp_path / "idp", base_url="http://127.0.0.1:55091")
    with pytest.raises(LookupError):
        stranger.respond(OneLogin_Saml2_Authn_Request(settings).get_request(), "a.schmidt")


class _SPMetadata(BaseHTTPRequestHandler):
    """The instance's SP metadata URL, counting how often the IdP fetches it."""

    xml, fetched = "", []

    def do_GET(self):
        self.fetched.append(self.path)
        body = self.xml.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/samlmetadata+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def served(tmp_path):
    """``python -m stack.standins.saml_idp`` on a free port, with an SP metadata URL to fetch."""
    port = free_port()
    local = LocalIdP(tmp_path / "idp", base_url=f"http://127.0.0.1:{port}")  # same key and URLs
    settings = sp_settings(local.metadata())
    handler = type("Handler", (_SPMetadata,), {"xml": settings.get_sp_metadata(), "fetched": []})
    metadata_server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=metadata_server.serve_forever, daemon=True).start()
    proc = subprocess.Popen(
        [sys.executable, "-m", "stack.standins.saml_idp", "--port", str(port),
         "--dir", str(tmp_path / "idp"),
         "--sp-metadata-url", f"http://127.0.0.1:{metadata_server.server_port}/saml/metadata/hzdr"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, proc=proc, name="SAML IdP")
    session = requests.Session()
    session.trust_env = False
    yield f"http://127.0.0.1:{port}", session, settings, handler.fetched
    proc.terminate()
    proc.wait(timeout=10)
    metadata_server.shutdown()


def _hidden(page):
    """The hidden fields of a form, unescaped."""
    return {name: unescape(value) for name, value in
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)}


def test_login_over_http(served):
    """Login page, wrong password, right password → auto-submitting form to the ACS."""
    base, session, settings, fetched = served
    assert sp_settings(session.get(f"{base}/idp/metadata").text).get_idp_data()["entityId"] \
        == f"{base}/idp/metadata"
    assert fetched == []  # the instance may not be up yet when the IdP starts
    request = OneLogin_Saml2_Authn_Request(settings)
    page = session.get(f"{base}/idp/sso", params={"SAMLRequest": request.get_request(),
                                                   "RelayState": "/uploads"})
    assert page.status_code == 200
    assert "<title>HZDR login (local test IdP)</title>" in page.text
    for username, identity in IDENTITIES.items():
        assert username in page.text and identity["password"] in page.text
    assert fetched == ["/saml/metadata/hzdr"]
    form = _hidden(page.text)

    wrong = session.post(f"{base}/idp/sso",
                         data={**form, "username": "a.schmidt", "password": "nope"})
    assert wrong.status_code == 401
    assert "wrong password" in wrong.text and 'name="password"' in wrong.text

    answer = session.post(f"{base}/idp/sso", data={**form, "username": "a.schmidt",
                                                    "password": "rodare-anna"})
    assert answer.status_code == 200
    assert f'<form method="post" action="{ACS}">' in answer.text
    assert "document.forms[0].submit()" in answer.text and "<noscript>" in answer.text
    posted = _hidden(answer.text)
    assert posted["RelayState"] == "/uploads"
    valid, error, attributes = check(settings, posted["SAMLResponse"], request.get_id())
    assert valid, error
    assert attributes[OIDS["displayName"]] == ["Anna Schmidt"]
    assert fetched == ["/saml/metadata/hzdr"]  # known now: not fetched again


def test_a_request_without_saml_request_is_refused(served):
    """Someone who opens the SSO URL directly is told to start at RODARE."""
    base, session, _, _ = served
    assert session.get(f"{base}/idp/sso").status_code == 400


def test_newer_sp_metadata_replaces_the_older(idp):
    """When RODARE's metadata changes (another ACS URL), the IdP follows the new copy."""
    local, settings = idp
    moved = "https://127.0.0.1:5000/saml/acs-moved/hzdr"
    local.load_sp_metadata(settings.get_sp_metadata().replace(ACS, moved))
    assert local.knows(SP, moved) and not local.knows(SP, ACS)

"""The local Helmholtz AAI and ORCID (stack/standins/oidc.py) serve the documented identities.

Each provider is started as the stack starts it (``python -m stack.standins.oidc``); a client does
what RODARE's login does: discovery, authorize (choosing a ``sub``), token, ID token
verified with the provider's JWKS, userinfo.

| provider: sub                  | scopes               | e-mail        | other claims       |
|--------------------------------|----------------------|---------------|--------------------|
| helmholtz: hzdr-scientist      | openid profile email | a.schmidt@... | HZDR group, ORCID  |
| helmholtz: external-guest      | openid profile email | guest@...     | Helmholtz-all only |
| helmholtz: no-email            | openid profile email | none          |                    |
| helmholtz: hzdr-scientist      | openid               | none          | HZDR group, ORCID  |
| orcid: 0000-0002-1825-0097     | openid profile email | none          |                    |
"""

import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import KeySet

from stack.standins.oidc import HELMHOLTZ_USERS, ORCID_USERS, endpoints, users
from stack.services import free_port, wait_for_port

REDIRECT = "https://127.0.0.1:5000/oauth/authorized/helmholtz/"
HZDR = "urn:geant:helmholtz.de:group:HZDR#login.helmholtz.de"


def _start(name, port, *args):
    proc = subprocess.Popen(
        [sys.executable, "-m", "stack.standins.oidc", "--provider", name, "--port", str(port),
         *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, proc=proc, name=f"{name} OIDC")
    return proc


def _stop(proc):
    proc.terminate()
    proc.wait(timeout=10)


def _serve(name):
    """Start provider ``name`` as the stack does; yield its port and a session to it."""
    port = free_port()
    proc = _start(name, port)
    session = requests.Session()
    session.trust_env = False
    yield port, session
    _stop(proc)


@pytest.fixture(scope="module")
def helmholtz():
    """The local Helmholtz AAI: (port, session)."""
    yield from _serve("helmholtz")


@pytest.fixture(scope="module")
def orcid():
    """The local ORCID: (port, session)."""
    yield from _serve("orcid")


@pytest.fixture(params=["helmholtz", "orcid"])
def provider(request):
    """Either provider: (name, port, session)."""
    return request.param, *request.getfixturevalue(request.param)


def login(session, port, sub, scope="openid profile email"):
    """Authorize as ``sub`` and redeem the code: (token response, ID token claims, userinfo)."""
    urls = endpoints(port)
    answer = session.post(urls["authorize_url"], data={"sub": sub}, allow_redirects=False, params={
        "client_id": "rodare-local", "redirect_uri": REDIRECT, "response_type": "code",
        "scope": scope, "state": "s1", "nonce": "n1"})
    assert answer.status_code == 302, answer.text
    query = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert query["state"] == ["s1"]
    token = session.post(urls["token_url"], auth=("rodare-local", "secret"), data={
        "grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": REDIRECT})
    assert token.ok, token.text
    token = token.json()
    keys = KeySet.import_key_set(session.get(urls["jwks_url"]).json())
    claims = jwt.decode(token["id_token"], keys).claims
    userinfo = session.get(urls["userinfo_url"],
                           headers={"Authorization": f"Bearer {token['access_token']}"}).json()
    return token, claims, userinfo


def test_discovery_names_the_configured_endpoints(provider):
    """The issuer and URLs the stack gives the app are the ones the provider announces."""
    _, port, session = provider
    urls = endpoints(port)
    discovery = session.get(f"http://127.0.0.1:{port}/.well-known/openid-configuration").json()
    assert discovery["issuer"] == urls["issuer"] == f"http://127.0.0.1:{port}"
    assert discovery["authorization_endpoint"] == urls["authorize_url"]
    assert discovery["token_endpoint"] == urls["token_url"]
    assert discovery["userinfo_endpoint"] == urls["userinfo_url"]
    assert discovery["jwks_uri"] == urls["jwks_url"]


def test_the_authorize_page_offers_the_documented_users(provider):
    """A developer picks one of the documented identities on the provider's page."""
    name, port, session = provider
    page = session.get(endpoints(port)["authorize_url"], params={
        "client_id": "rodare-local", "redirect_uri": REDIRECT, "response_type": "code",
        "scope": "openid"})
    users = HELMHOLTZ_USERS if name == "helmholtz" else ORCID_USERS
    for sub in users:
        assert f'value="{sub}"' in page.text


def test_helmholtz_claims(helmholtz):
    """Claims per scope, the same in the ID token and from userinfo."""
    port, session = helmholtz
    token, claims, userinfo = login(session, port, "hzdr-scientist")
    assert claims["iss"] == endpoints(port)["issuer"]
    assert claims["aud"] == ["rodare-local"] and claims["nonce"] == "n1"
    assert token["scope"] == "openid profile email"
    for released in (claims, userinfo):
        assert released["sub"] == "hzdr-scientist"
        assert released["email"] == "a.schmidt@hzdr.de" and released["email_verified"] is True
        assert released["given_name"] == "Anna" and released["family_name"] == "Schmidt"
        assert HZDR in released["eduperson_entitlement"]
        assert released["voperson_external_affiliation"] == ["member@hzdr.de"]
        assert released["orcid"] == "https://orcid.org/0000-0002-1825-0097"

    _, guest, _ = login(session, port, "external-guest")
    assert guest["email"] == "guest@uni-example.org" and HZDR not in guest["eduperson_entitlement"]

    _, nora, nora_info = login(session, port, "no-email")
    assert "email" not in nora and "email" not in nora_info and nora["name"] == "Nora Noemail"

    # Standard claims follow the scopes; the others are always sent.
    _, bare, bare_info = login(session, port, "hzdr-scientist", scope="openid")
    for released in (bare, bare_info):
        assert "email" not in released and "name" not in released
        assert HZDR in released["eduperson_entitlement"]


def test_orcid_claims(orcid):
    """ORCID's stand-in: the iD is the sub, a name, no e-mail even when asked for."""
    port, session = orcid
    token, claims, userinfo = login(session, port, "0000-0002-1825-0097")
    assert "orcid" not in token and "name" not in token  # unlike ORCID's OAuth token response
    for released in (claims, userinfo):
        assert released["sub"] == "0000-0002-1825-0097" and released["name"] == "Anna Schmidt"
        assert "email" not in released
    _, otto, _ = login(session, port, "0000-0001-5109-3700")
    assert otto["given_name"] == "Otto" and otto["family_name"] == "Orcid"


def test_every_documented_identity_is_a_user():
    """stack.standins.oidc gives the mock each documented identity as a predefined user."""
    assert {user.sub: user.claims for user in users("helmholtz")} == HELMHOLTZ_USERS
    assert {user.sub: user.claims for user in users("orcid")} == ORCID_USERS


def test_the_signing_key_survives_a_restart(tmp_path):
    """With --key-file a restarted provider publishes the same key, and an ID token it signed
    before the restart still verifies; without one a restart brings a new key (control)."""
    session = requests.Session()
    session.trust_env = False
    key_file = tmp_path / "helmholtz.pem"
    port = free_port()
    proc = _start("helmholtz", port, "--key-file", str(key_file))
    try:
        _, before, _ = login(session, port, "hzdr-scientist")
        token, _, _ = login(session, port, "external-guest")
        jwks = session.get(endpoints(port)["jwks_url"]).json()
    finally:
        _stop(proc)
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    proc = _start("helmholtz", port, "--key-file", str(key_file))
    try:
        again = session.get(endpoints(port)["jwks_url"]).json()
        _, after, _ = login(session, port, "hzdr-scientist")
    finally:
        _stop(proc)
    assert again == jwks
    assert jwt.decode(token["id_token"], KeySet.import_key_set(again)).claims["sub"] == "external-guest"
    assert after["sub"] == before["sub"] == "hzdr-scientist"
    proc = _start("helmholtz", port)
    try:
        assert session.get(endpoints(port)["jwks_url"]).json() != jwks
    finally:
        _stop(proc)

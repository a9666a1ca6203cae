"""Factories of the login tests: real local providers over HTTP, and a visitor-like flow.

The OpenID Connect providers are oidc-provider-mock servers (real HTTP, real signed ID
tokens) with the documented identities of stack/standins/oidc.py; the SAML IdP is
stack/standins/saml_idp.py's pysaml2 IdP, answering the AuthnRequests the instance really sends.
"""

import json
import os
import threading
from urllib.parse import parse_qs, urlsplit

import jwt
import oidc_provider_mock
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, g, jsonify, request
from werkzeug.serving import make_server
from invenio_accounts.models import User, UserIdentity
from invenio_accounts.proxies import current_datastore
from invenio_db import db

from stack.standins import oidc as local_oidc
from stack.standins.oidc import HELMHOLTZ_USERS
from stack.standins import saml_idp
from stack.standins.saml_idp import LocalIdP
from stack.services import free_port


def _serve(provider):
    users = [oidc_provider_mock.User(sub=sub, claims=claims)
             for sub, claims in local_oidc.PROVIDERS[provider].items()]
    return oidc_provider_mock.run_server_in_thread(port=0, user_claims=users)


@pytest.fixture(scope="module")
def oidc_servers():
    """Helmholtz AAI and ORCID stand-ins, plus a third provider with keys of its own."""
    os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"  # the stand-ins speak HTTP
    with _serve("helmholtz") as helmholtz, _serve("orcid") as orcid, _serve("orcid") as other:
        yield {name: f"http://127.0.0.1:{server.server_port}"
               for name, server in (("helmholtz", helmholtz), ("orcid", orcid), ("other", other))}


def provider_settings(name, issuer):
    """RODARE_LOGIN_<NAME>_* pointing at a local provider."""
    prefix = f"RODARE_LOGIN_{name.upper()}_"
    return {
        prefix + "ISSUER": issuer,
        prefix + "AUTHORIZE_URL": f"{issuer}/oauth2/authorize",
        prefix + "TOKEN_URL": f"{issuer}/oauth2/token",
        prefix + "USERINFO_URL": f"{issuer}/userinfo",
        prefix + "JWKS_URL": f"{issuer}/jwks",
        prefix + "CLIENT_ID": f"rodare-test-{name}",  # one client per provider, as in production
        prefix + "CLIENT_SECRET": "rodare-test-secret",
    }


class CountingApp:
    """A WSGI app that notes the HEAD requests it gets (query strings), then serves them."""

    def __init__(self, app):
        self.app, self.heads = app, []

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] == "HEAD":
            self.heads.append(environ.get("QUERY_STRING", ""))
        return self.app(environ, start_response)


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    """The local SAML IdP, served over HTTP (RODARE checks it is up before sending anyone
    there; ``idp.heads`` lists those checks); the tests carry its answers to the ACS."""
    port = free_port()
    local = LocalIdP(tmp_path_factory.mktemp("saml-idp"), base_url=f"http://127.0.0.1:{port}")
    served = CountingApp(saml_idp.create_app(local, None, None))
    local.heads = served.heads
    server = make_server("127.0.0.1", port, served, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield local
    server.shutdown()


@pytest.fixture(scope="module")
def app_config(app_config, oidc_servers, idp):
    """Both OpenID Connect providers and HZDR's (local) IdP configured."""
    app_config.update(provider_settings("helmholtz", oidc_servers["helmholtz"]))
    app_config.update(provider_settings("orcid", oidc_servers["orcid"]))
    app_config["RODARE_LOGIN_PROBE_TIMEOUT"] = 2
    app_config["RODARE_LOGIN_SAML_IDP_ENTITY_ID"] = idp.entity_id
    app_config["RODARE_LOGIN_SAML_IDP_SSO_URL"] = idp.sso_url
    app_config["RODARE_LOGIN_SAML_IDP_CERT_FILE"] = str(idp.cert_file)
    return app_config


@pytest.fixture
def staff_role(app, db):
    """The role the HZDR fixtures create at set-up."""
    role = current_datastore.find_or_create_role(app.config["RODARE_HZDR_STAFF_ROLE"])
    db.session.commit()
    return role


@pytest.fixture
def new_visitor(app, db, _fresh_user_per_request):
    """A function making a test client with cookies of its own (a visitor); the test's
    database changes are rolled back afterwards (``db``)."""
    return app.test_client


@pytest.fixture
def visitor(new_visitor):
    """One visitor."""
    return new_visitor()


@pytest.fixture
def oidc_login():
    """A function walking a visitor through a provider's sign-in; returns the callback's answer.

    The provider's authorize page is answered as a person would (POST ``sub``); the code goes
    back to RODARE's callback, and RODARE exchanges it over HTTP.
    """
    def walk(visitor, provider, sub, next_url="/account/settings/profile", tamper=None):
        start = visitor.get(f"/oauth/login/{provider}/?next={next_url}")
        assert start.status_code == 302, start.get_data(as_text=True)[:500]
        answer = requests.post(start.location, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text[:500]
        callback = urlsplit(answer.headers["Location"])
        query = tamper(callback.query) if tamper else callback.query
        walk.callback = f"{callback.path}?{query}"
        return visitor.get(walk.callback)

    return walk


@pytest.fixture
def saml_answer(idp):
    """A function starting an HZDR sign-in in a visitor's browser and having the IdP answer
    it (as ``respond`` is told): ``(ACS path, form to post)``, not posted yet."""
    def answer(visitor, username, next_url="/account/settings/profile", **bend):
        idp.load_sp_metadata(visitor.get("/saml/metadata/hzdr").get_data(as_text=True))
        start = visitor.get(f"/saml/sso/hzdr?next={next_url}")
        assert start.status_code == 302 and start.location.startswith(idp.sso_url)
        query = parse_qs(urlsplit(start.location).query)
        acs_url, response = idp.respond(query["SAMLRequest"][0], username, **bend)
        return urlsplit(acs_url).path, {"SAMLResponse": response,
                                        "RelayState": query["RelayState"][0]}

    return answer


@pytest.fixture
def saml_login(saml_answer):
    """Start a sign-in, have the IdP answer, post the answer to the ACS from the same browser.

    ``alter`` changes the signed answer on its way, as an attacker would.
    """
    def walk(visitor, username, next_url="/account/settings/profile", alter=None, **bend):
        walk.acs, walk.post = saml_answer(visitor, username, next_url, **bend)
        if alter:
            walk.post["SAMLResponse"] = alter(walk.post["SAMLResponse"])
        return visitor.post(walk.acs, data=walk.post)

    return walk


@pytest.fixture
def claims_of(oidc_servers):
    """Change what the Helmholtz stand-in says about a person; put it back afterwards."""
    changed = []

    def put(sub, claims):
        url = f"{oidc_servers['helmholtz']}/users/{sub}"
        requests.put(url, json=claims, timeout=5).raise_for_status()

    def change(sub, **claims):
        put(sub, {**HELMHOLTZ_USERS[sub], **claims})
        changed.append(sub)

    yield change
    for sub in changed:
        put(sub, HELMHOLTZ_USERS[sub])


@pytest.fixture
def accounts():
    """A function listing (email, identities) of every account, to prove nothing changed."""
    def snapshot():
        db.session.expire_all()
        return sorted(
            (user.email, sorted((i.method, i.id) for i in UserIdentity.query.filter_by(id_user=user.id)),
             sorted(role.name for role in user.roles))
            for user in User.query.all()
        )

    return snapshot


@pytest.fixture(autouse=True)
def _forget_login():
    """The test app context outlives requests: drop a provider answer no login consumed."""
    yield
    g.pop("rodare_login", None)


class BentProvider:
    """A provider that misbehaves: the Helmholtz stand-in's answers, changed on their way.

    It serves its own token, userinfo and JWKS endpoints in front of the stand-in. A test
    sets ``id_token`` (a function changing the ID token's claims, or returning None to
    drop the ID token) and ``userinfo`` (one changing the userinfo claims); the changed ID
    token is signed again with this provider's own key, published at its JWKS, so that only
    the bent claim is wrong.
    """

    def __init__(self, upstream):
        """In front of the provider at ``upstream``."""
        self.upstream = upstream
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.id_token = self.userinfo = None
        self.url = None
        self.forger = None  # a key that signs instead of the published one (a forgery)
        self.jwks_fetches = 0

    def rotate(self):
        """A new signing key under the same key id, as a provider's key rotation may do."""
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def app(self):
        """The WSGI app of the three endpoints."""
        app = Flask("bent-provider")

        @app.post("/token")
        def token():
            answer = requests.post(f"{self.upstream}/oauth2/token", data=request.form,
                                   timeout=10, headers={
                                       "Authorization": request.headers.get("Authorization", "")})
            body = answer.json()
            if answer.ok and self.id_token:
                sent = jwt.decode(body["id_token"], options={"verify_signature": False})
                claims = self.id_token(sent)
                if claims is None:
                    body.pop("id_token")
                else:
                    body["id_token"] = jwt.encode(claims, self.forger or self.key,
                                                  algorithm="RS256",
                                                  headers={"kid": "bent"})
            return jsonify(body), answer.status_code

        @app.get("/userinfo")
        def userinfo():
            answer = requests.get(f"{self.upstream}/userinfo", timeout=10,
                                  headers={"Authorization": request.headers["Authorization"]})
            claims = answer.json()
            return jsonify(self.userinfo(claims) if self.userinfo else claims), answer.status_code

        @app.get("/jwks")
        def jwks():
            self.jwks_fetches += 1
            key = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
            return jsonify({"keys": [{**key, "kid": "bent", "use": "sig", "alg": "RS256"}]})

        return app


@pytest.fixture(scope="module")
def _bent_server(oidc_servers):
    bent = BentProvider(oidc_servers["helmholtz"])
    port = free_port()
    server = make_server("127.0.0.1", port, bent.app(), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bent.url = f"http://127.0.0.1:{port}"
    yield bent
    server.shutdown()


@pytest.fixture
def bent_helmholtz(_bent_server, set_config):
    """Helmholtz AAI's tokens, userinfo and keys come through a ``BentProvider``."""
    for key, path in (("TOKEN_URL", "/token"), ("USERINFO_URL", "/userinfo"),
                      ("JWKS_URL", "/jwks")):
        set_config(f"RODARE_LOGIN_HELMHOLTZ_{key}", _bent_server.url + path)
    yield _bent_server
    _bent_server.id_token = _bent_server.userinfo = _bent_server.forger = None

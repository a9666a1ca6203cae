"""Factories of the login tests: real local providers over HTTP, and a visitor-like flow.

The OpenID Connect providers are oidc-provider-mock servers (real HTTP, real signed ID
tokens) with the documented identities of stack/oidc.py; the SAML IdP is stack/saml_idp.py's
pysaml2 IdP, answering the AuthnRequests the instance really sends.
"""

import os
from urllib.parse import urlsplit

import oidc_provider_mock
import pytest
import requests
from flask import g
from invenio_accounts.models import User, UserIdentity
from invenio_accounts.proxies import current_datastore
from invenio_db import db

from stack import oidc as local_oidc


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


@pytest.fixture(scope="module")
def app_config(app_config, oidc_servers):
    """Both OpenID Connect providers configured (the SAML IdP in test_saml.py)."""
    app_config.update(provider_settings("helmholtz", oidc_servers["helmholtz"]))
    app_config.update(provider_settings("orcid", oidc_servers["orcid"]))
    app_config["RODARE_LOGIN_PROBE_TIMEOUT"] = 2
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

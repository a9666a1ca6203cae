"""Local OpenID Connect providers for the embedded default and the tests: stand-ins for
Helmholtz AAI (Helmholtz ID) and ORCID, each an ``oidc-provider-mock`` with the
documented identities below (docs/login-identities.md).

The mock (0.3.4) speaks plain HTTP on 127.0.0.1. Its issuer is the URL a request reached
it by, without a trailing slash (``http://127.0.0.1:<port>``): discovery at
``/.well-known/openid-configuration``, ``/oauth2/authorize`` (a page that asks which
``sub`` to log in as, no password), ``/oauth2/token``, ``/userinfo``, ``/jwks`` (RS256).
It accepts any client ID, secret and redirect URI, and grants only the scopes ``openid
profile email address phone`` (it drops others silently). What it releases, in the ID
token and from ``/userinfo`` alike:

| claims                                                   | released when         |
|----------------------------------------------------------|-----------------------|
| ``sub``                                                  | always                |
| ``name``, ``given_name``, ``family_name``                | scope ``profile``     |
| ``email``, ``email_verified``                            | scope ``email``       |
| all others (``eduperson_entitlement``, ``orcid``, ...)   | always, any scopes    |

The ID token also carries ``iss``, ``aud`` (a list: ``[client ID]``), ``iat``, ``exp``
(an hour), ``auth_time``, ``at_hash`` and ``nonce`` if one was sent; the token response
has ``access_token``, ``id_token``, ``refresh_token``, ``expires_in``, ``token_type`` and
the granted ``scope``. The authorize page has a button per listed user, a field for any
other ``sub`` (logged in with ``{"email": sub}`` as its only claim) and a Deny button; it
loads its stylesheet from cdn.jsdelivr.net (unstyled offline). Unlike the real ORCID
(OAuth with scope ``/authenticate``), the ORCID stand-in is OIDC and its token response has
no ``orcid``/``name`` fields: a client reads the iD from ``sub``.

A real provider keeps its signing key across restarts (and announces a rotation): with
``--key-file`` the stand-in does too. The RSA key is made at the first start, kept in that
file (``.rodare/oidc/<provider>.pem`` for ``./rodare up``) and used by every later start, so
a restart of the stack changes nothing for RODARE's cached keys or a signed-in person.
Without it, each start has a key of its own (as the bare mock does).

    python -m stack.standins.oidc --provider helmholtz --port 55092 \
        --key-file .rodare/oidc/helmholtz.pem
"""

import argparse
import os
import sys
from pathlib import Path

HELMHOLTZ_USERS = {
    "hzdr-scientist": {
        "email": "a.schmidt@hzdr.de", "email_verified": True,
        "name": "Anna Schmidt", "given_name": "Anna", "family_name": "Schmidt",
        "eduperson_entitlement": [
            "urn:geant:helmholtz.de:group:HZDR#login.helmholtz.de",
            "urn:geant:helmholtz.de:group:Helmholtz-member#login.helmholtz.de",
        ],
        "voperson_external_affiliation": ["member@hzdr.de"],
        "orcid": "https://orcid.org/0000-0002-1825-0097",
    },
    "external-guest": {
        "email": "guest@uni-example.org", "email_verified": True,
        "name": "Gus Guest", "given_name": "Gus", "family_name": "Guest",
        "eduperson_entitlement": ["urn:geant:helmholtz.de:group:Helmholtz-all#login.helmholtz.de"],
        "voperson_external_affiliation": ["member@uni-example.org"],
    },
    "no-email": {"name": "Nora Noemail", "given_name": "Nora", "family_name": "Noemail"},
}
"""Helmholtz AAI: an HZDR scientist (HZDR VO), an external guest, one without e-mail."""

ORCID_USERS = {
    "0000-0002-1825-0097": {"name": "Anna Schmidt", "given_name": "Anna", "family_name": "Schmidt"},
    "0000-0001-5109-3700": {"name": "Otto Orcid", "given_name": "Otto", "family_name": "Orcid"},
}
"""ORCID: sub is the iD; ORCID releases no e-mail."""

PROVIDERS = {"helmholtz": HELMHOLTZ_USERS, "orcid": ORCID_USERS}
DEFAULT_PORTS = {"helmholtz": 55092, "orcid": 55093}


def endpoints(port):
    """The mock's issuer and endpoint URLs on ``port`` (issuer as its ID tokens say it)."""
    issuer = f"http://127.0.0.1:{port}"
    return {"issuer": issuer, "authorize_url": f"{issuer}/oauth2/authorize",
            "token_url": f"{issuer}/oauth2/token", "userinfo_url": f"{issuer}/userinfo",
            "jwks_url": f"{issuer}/jwks"}


def users(provider):
    """The documented identities of ``provider`` as the mock's predefined users."""
    from oidc_provider_mock import User

    return [User(sub=sub, claims=claims) for sub, claims in PROVIDERS[provider].items()]


def signing_key(path):
    """The provider's RSA private key (PEM), made once in ``path`` and read from it after."""
    path = Path(path)
    if not path.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        path.chmod(0o600)
    return path.read_bytes()


def provider_app(provider, key_pem=None):
    """The mock's WSGI app serving ``provider``'s users, signing with ``key_pem`` if given.

    The mock makes its key when the app is created and keeps it in the storage object it
    hands every request; the kept key takes its place before the first request.
    """
    import flask
    import oidc_provider_mock

    app = oidc_provider_mock.app(user_claims=users(provider))
    if key_pem:
        with app.test_request_context():
            app.preprocess_request()  # the mock's before_request puts its storage on g
            storage = flask.g.oidc_provider_mock_storage
            storage.jwk = type(storage.jwk).import_key(key_pem)
    return app


def main():
    """Serve one provider on 127.0.0.1 until stopped."""
    import logging

    from werkzeug.serving import make_server

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider", choices=sorted(PROVIDERS), required=True)
    parser.add_argument("--port", type=int)
    parser.add_argument("--key-file", help="keep the signing key here across restarts")
    args = parser.parse_args()
    port = args.port or DEFAULT_PORTS[args.provider]
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain HTTP on 127.0.0.1, as the mock's CLI
    logging.basicConfig(level=logging.INFO, stream=sys.stdout)
    key = signing_key(args.key_file) if args.key_file else None
    server = make_server("127.0.0.1", port, provider_app(args.provider, key), threaded=True)
    print(f"{args.provider} OIDC stand-in on http://127.0.0.1:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

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

    python -m stack.standins.oidc --provider helmholtz --port 55092
"""

import argparse
import json
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


def command(provider, port):
    """The ``oidc-provider-mock`` command line serving ``provider``'s users on ``port``."""
    args = [str(Path(sys.executable).parent / "oidc-provider-mock"), "--port", str(port)]
    for sub, claims in PROVIDERS[provider].items():
        args += ["--user-claims", json.dumps({"sub": sub, **claims})]
    return args


def main():
    """Become the mock (exec), so stopping this process stops the provider."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider", choices=sorted(PROVIDERS), required=True)
    parser.add_argument("--port", type=int)
    args = parser.parse_args()
    argv = command(args.provider, args.port or DEFAULT_PORTS[args.provider])
    print(f"{args.provider} OIDC stand-in on http://127.0.0.1:{argv[2]}", flush=True)
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()

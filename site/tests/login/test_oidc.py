"""Helmholtz AAI and ORCID: sign-in over real HTTP to local OpenID Connect providers."""

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from invenio_accounts.models import User, UserIdentity
from invenio_db import db

from .accounts import STAFF, logged_in_as, roles, user

SCIENTIST, GUEST, NO_EMAIL = "hzdr-scientist", "external-guest", "no-email"
ANNAS_ORCID, OTTOS_ORCID = "0000-0002-1825-0097", "0000-0001-5109-3700"


def test_login_page_offers_each_configured_provider(visitor, set_config):
    page = visitor.get("/login/").get_data(as_text=True)
    assert "Sign in with Helmholtz AAI" in page and "Sign in with ORCID" in page
    set_config("RODARE_LOGIN_ORCID_CLIENT_ID", "")
    page = visitor.get("/login/").get_data(as_text=True)
    assert "Sign in with Helmholtz AAI" in page and "Sign in with ORCID" not in page
    assert visitor.get("/oauth/login/orcid/").status_code == 404


def test_first_login_makes_a_staff_account_with_profile(visitor, oidc_login, staff_role):
    answer = oidc_login(visitor, "helmholtz", SCIENTIST)
    assert answer.status_code == 302
    assert answer.location.endswith("/account/settings/profile")
    anna = user("a.schmidt@hzdr.de")
    assert anna.confirmed_at is not None and anna.active
    assert anna.user_profile["full_name"] == "Anna Schmidt"
    assert anna.user_profile["affiliations"] == "Helmholtz-Zentrum Dresden-Rossendorf"
    assert UserIdentity.get_user("helmholtz", SCIENTIST).id == anna.id
    # Helmholtz AAI's ``orcid`` claim is the person's word, not ORCID's: not linked.
    assert UserIdentity.get_user("orcid", ANNAS_ORCID) is None
    assert roles(anna) == {STAFF}
    assert logged_in_as(visitor) == "a.schmidt@hzdr.de"


def test_existing_account_with_that_email_is_linked_not_duplicated(
        visitor, oidc_login, UserFixture, app, db, staff_role):
    local = UserFixture(email="a.schmidt@hzdr.de", password="anna-local", active=True,
                        confirmed=True)
    local.create(app, db)
    oidc_login(visitor, "helmholtz", SCIENTIST)
    assert User.query.filter(User.email.ilike("a.schmidt@hzdr.de")).count() == 1
    assert UserIdentity.get_user("helmholtz", SCIENTIST).id == local.user.id
    assert logged_in_as(visitor) == "a.schmidt@hzdr.de"


def test_a_guest_gets_no_staff_role(visitor, oidc_login, staff_role):
    oidc_login(visitor, "helmholtz", GUEST)
    guest = user("guest@uni-example.org")
    assert guest is not None and STAFF not in roles(guest)
    assert guest.user_profile["affiliations"] == ""
    page = visitor.get("/account/settings/linkedaccounts/").get_data(as_text=True)
    assert "Linked as external-guest." in page
    assert page.count('href="/oauth/login/orcid/"') == 1  # ORCID: "Connect", not linked


def test_staff_role_follows_the_identity_at_every_login(new_visitor, oidc_login, claims_of, staff_role):
    oidc_login(new_visitor(), "helmholtz", SCIENTIST)
    anna = user("a.schmidt@hzdr.de")
    assert STAFF in roles(anna)
    claims_of(SCIENTIST, eduperson_entitlement=[
        "urn:geant:helmholtz.de:group:Helmholtz-member#login.helmholtz.de"],
        voperson_external_affiliation=["member@tu-dresden.de"])
    oidc_login(new_visitor(), "helmholtz", SCIENTIST)
    assert STAFF not in roles(anna)
    claims_of(SCIENTIST, eduperson_entitlement=[
        "urn:geant:helmholtz.de:group:HZDR:FWK#login.helmholtz.de"])
    oidc_login(new_visitor(), "helmholtz", SCIENTIST)
    assert STAFF in roles(anna)


def test_orcid_signs_in_an_account_it_is_linked_to(new_visitor, oidc_login, staff_role):
    anna = new_visitor()
    oidc_login(anna, "helmholtz", SCIENTIST)
    oidc_login(anna, "orcid", ANNAS_ORCID)  # "Connect" in Linked accounts: ORCID signs her in
    assert UserIdentity.get_user("orcid", ANNAS_ORCID).id == user("a.schmidt@hzdr.de").id
    visitor = new_visitor()
    answer = oidc_login(visitor, "orcid", ANNAS_ORCID)
    assert answer.status_code == 302
    assert logged_in_as(visitor) == "a.schmidt@hzdr.de"
    assert roles(user("a.schmidt@hzdr.de")) == {STAFF}  # ORCID says nothing about HZDR


def test_an_orcid_claim_of_helmholtz_aai_opens_nothing(new_visitor, oidc_login, accounts,
                                                       staff_role):
    """Anyone can type an iD into their Helmholtz AAI profile: it must not let the iD's
    owner sign in to (or be signed in as) that account."""
    oidc_login(new_visitor(), "helmholtz", SCIENTIST)  # her claims carry her ORCID iD
    before = accounts()
    visitor = new_visitor()
    answer = oidc_login(visitor, "orcid", ANNAS_ORCID)
    assert answer.status_code == 400
    assert logged_in_as(visitor) is None and accounts() == before


@pytest.mark.parametrize("claims", [
    {"voperson_external_affiliation": ["member@hzdr.de"]},
    {"eduperson_scoped_affiliation": ["staff@hzdr.de"]},
    {"eduperson_entitlement": ["urn:geant:helmholtz.de:group:HZDR#idp.example.org"]},
    {"entitlements": ["urn:geant:helmholtz.de:group:HZDR"]},
], ids=["external-affiliation", "scoped-affiliation", "other-authority", "no-authority"])
def test_staff_only_from_helmholtz_aais_own_entitlements(visitor, oidc_login, claims_of,
                                                         staff_role, claims):
    """A guest's home IdP (or a social login) can state an HZDR affiliation; only Helmholtz
    AAI's own entitlement of the HZDR group (``#login.helmholtz.de``) is HZDR's word."""
    claims_of(GUEST, **claims)
    assert oidc_login(visitor, "helmholtz", GUEST).status_code == 302
    assert logged_in_as(visitor) == "guest@uni-example.org"
    assert roles(user("guest@uni-example.org")) == set()


@pytest.mark.parametrize("provider, sub, says", [
    ("orcid", OTTOS_ORCID, "did not tell RODARE a confirmed e-mail address"),
    ("helmholtz", NO_EMAIL, "did not tell RODARE a confirmed e-mail address"),
])
def test_no_email_no_account(visitor, oidc_login, accounts, provider, sub, says):
    before = accounts()
    answer = oidc_login(visitor, provider, sub)
    assert answer.status_code == 400
    assert says in answer.get_data(as_text=True)
    assert accounts() == before
    assert logged_in_as(visitor) is None


def test_wrong_state_is_refused(visitor, oidc_login, accounts):
    before = accounts()
    answer = oidc_login(visitor, "helmholtz", SCIENTIST,
                        tamper=lambda query: query.replace("state=", "state=x"))
    assert answer.status_code == 403
    assert "does not belong to this browser session" in answer.get_data(as_text=True)
    assert accounts() == before and logged_in_as(visitor) is None


def test_a_code_used_twice_is_refused(visitor, oidc_login, accounts, staff_role):
    oidc_login(visitor, "helmholtz", GUEST)
    after_first = accounts()
    visitor.get("/logout/")
    replay = visitor.get(oidc_login.callback)
    assert replay.status_code in (400, 403)
    assert "did not work" in replay.get_data(as_text=True)
    assert accounts() == after_first
    assert logged_in_as(visitor) is None


def test_id_token_signed_with_other_keys_is_refused(visitor, oidc_login, accounts, set_config,
                                                    oidc_servers):
    set_config("RODARE_LOGIN_HELMHOLTZ_JWKS_URL", f"{oidc_servers['other']}/jwks")
    before = accounts()
    answer = oidc_login(visitor, "helmholtz", SCIENTIST)
    assert answer.status_code == 403
    assert "valid signature" in answer.get_data(as_text=True)
    assert accounts() == before and logged_in_as(visitor) is None


def test_id_token_of_another_issuer_is_refused(visitor, oidc_login, accounts, set_config):
    set_config("RODARE_LOGIN_HELMHOLTZ_ISSUER", "https://login.helmholtz.de/oauth2")
    before = accounts()
    answer = oidc_login(visitor, "helmholtz", SCIENTIST)
    assert answer.status_code == 403
    assert "not issued by Helmholtz AAI" in answer.get_data(as_text=True)
    assert accounts() == before and logged_in_as(visitor) is None


def _expired(claims):
    return {**claims, "iat": claims["iat"] - 7200, "exp": claims["iat"] - 3600}


@pytest.mark.parametrize("id_token, userinfo, says", [
    (lambda claims: {**claims, "aud": ["another-client"]}, None, "meant for another service"),
    (_expired, None, "has expired"),
    (lambda claims: None, None, "sent no ID token"),
    (lambda claims: claims, lambda claims: {**claims, "sub": GUEST}, "described another person"),
], ids=["audience", "expired", "no-id-token", "userinfo-of-another"])
def test_bent_answers_are_refused(visitor, oidc_login, accounts, bent_helmholtz, staff_role,
                                  id_token, userinfo, says):
    bent_helmholtz.id_token, bent_helmholtz.userinfo = id_token, userinfo
    before = accounts()
    answer = oidc_login(visitor, "helmholtz", SCIENTIST)
    assert answer.status_code == 403
    assert says in answer.get_data(as_text=True)
    assert accounts() == before and logged_in_as(visitor) is None


def test_the_bent_provider_signs_in_when_unbent(visitor, oidc_login, bent_helmholtz, staff_role):
    """The control of the test above: its re-signed answers pass when nothing is bent."""
    bent_helmholtz.id_token = lambda claims: claims
    assert oidc_login(visitor, "helmholtz", SCIENTIST).status_code == 302
    assert logged_in_as(visitor) == "a.schmidt@hzdr.de"



def test_sign_in_survives_a_key_rotation_under_the_same_key_id(
        new_visitor, oidc_login, bent_helmholtz, staff_role):
    """The cached keys fail after the rotation; one fresh fetch of the JWKS lets it pass."""
    bent_helmholtz.id_token = lambda claims: claims
    first = new_visitor()
    assert oidc_login(first, "helmholtz", SCIENTIST).status_code == 302  # keys now cached
    bent_helmholtz.rotate()
    fetches = bent_helmholtz.jwks_fetches
    second = new_visitor()
    assert oidc_login(second, "helmholtz", SCIENTIST).status_code == 302
    assert logged_in_as(second) == "a.schmidt@hzdr.de"
    assert bent_helmholtz.jwks_fetches == fetches + 1


def test_a_forged_id_token_is_refused_after_one_fetch_of_the_keys(
        visitor, oidc_login, bent_helmholtz, accounts, staff_role):
    """Signed under the provider's key id with another key: fetched again once, then refused."""
    bent_helmholtz.id_token = lambda claims: claims
    bent_helmholtz.forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    before = accounts()
    fetches = bent_helmholtz.jwks_fetches
    answer = oidc_login(visitor, "helmholtz", SCIENTIST)
    assert answer.status_code == 403
    assert "valid signature" in answer.get_data(as_text=True)
    assert bent_helmholtz.jwks_fetches == fetches + 1
    assert accounts() == before and logged_in_as(visitor) is None

def closed_port():
    from stack.services import free_port

    return free_port()


def test_provider_down_before_the_sign_in(visitor, set_config, accounts):
    set_config("RODARE_LOGIN_HELMHOLTZ_JWKS_URL", f"http://127.0.0.1:{closed_port()}/jwks")
    answer = visitor.get("/oauth/login/helmholtz/")
    assert answer.status_code == 503
    assert "Helmholtz AAI cannot be reached right now" in answer.get_data(as_text=True)
    assert logged_in_as(visitor) is None


def test_provider_down_during_the_sign_in(visitor, oidc_login, set_config, accounts):
    before = accounts()
    set_config("RODARE_LOGIN_HELMHOLTZ_TOKEN_URL", f"http://127.0.0.1:{closed_port()}/token")
    answer = oidc_login(visitor, "helmholtz", SCIENTIST)
    assert answer.status_code == 503
    assert "cannot be reached right now" in answer.get_data(as_text=True)
    assert accounts() == before and logged_in_as(visitor) is None


def test_the_last_way_to_sign_in_stays_linked(visitor, oidc_login, staff_role):
    oidc_login(visitor, "helmholtz", GUEST)  # no password, no other identity
    assert visitor.get("/oauth/disconnect/helmholtz/").status_code == 302
    assert UserIdentity.get_user("helmholtz", GUEST) is not None

"""Helmholtz AAI and ORCID: sign-in over real HTTP to local OpenID Connect providers."""

import pytest
import requests
from invenio_accounts.models import User, UserIdentity
from invenio_db import db

from stack.oidc import HELMHOLTZ_USERS
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
    assert UserIdentity.get_user("orcid", ANNAS_ORCID).id == anna.id
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
    oidc_login(new_visitor(), "helmholtz", SCIENTIST)  # links Anna's ORCID iD
    visitor = new_visitor()
    answer = oidc_login(visitor, "orcid", ANNAS_ORCID)
    assert answer.status_code == 302
    assert logged_in_as(visitor) == "a.schmidt@hzdr.de"
    assert roles(user("a.schmidt@hzdr.de")) == {STAFF}  # ORCID says nothing about HZDR


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
    assert accounts() == before


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
    assert accounts() == before


def test_id_token_of_another_issuer_is_refused(visitor, oidc_login, accounts, set_config):
    set_config("RODARE_LOGIN_HELMHOLTZ_ISSUER", "https://login.helmholtz.de/oauth2")
    before = accounts()
    answer = oidc_login(visitor, "helmholtz", SCIENTIST)
    assert answer.status_code == 403
    assert "not issued by Helmholtz AAI" in answer.get_data(as_text=True)
    assert accounts() == before


def closed_port():
    from stack.services import free_port

    return free_port()


def test_provider_down_before_the_sign_in(visitor, set_config, accounts):
    set_config("RODARE_LOGIN_HELMHOLTZ_JWKS_URL", f"http://127.0.0.1:{closed_port()}/jwks")
    answer = visitor.get("/oauth/login/helmholtz/")
    assert answer.status_code == 503
    assert "Helmholtz AAI cannot be reached right now" in answer.get_data(as_text=True)


def test_provider_down_during_the_sign_in(visitor, oidc_login, set_config, accounts):
    before = accounts()
    set_config("RODARE_LOGIN_HELMHOLTZ_TOKEN_URL", f"http://127.0.0.1:{closed_port()}/token")
    answer = oidc_login(visitor, "helmholtz", SCIENTIST)
    assert answer.status_code == 503
    assert "cannot be reached right now" in answer.get_data(as_text=True)
    assert accounts() == before


def test_the_last_way_to_sign_in_stays_linked(visitor, oidc_login, staff_role):
    oidc_login(visitor, "helmholtz", GUEST)  # no password, no other identity
    assert visitor.get("/oauth/disconnect/helmholtz/").status_code == 302
    assert UserIdentity.get_user("helmholtz", GUEST) is not None

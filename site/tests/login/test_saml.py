"""HZDR Shibboleth: the instance's real AuthnRequests answered by the local pysaml2 IdP."""

import base64
import uuid

import pytest
from invenio_accounts.models import User, UserIdentity
from invenio_db import db

from stack.standins.saml_idp import IDENTITIES
from stack.services import free_port
from .accounts import STAFF, logged_in_as, roles, user


def test_metadata_and_button(visitor):
    metadata = visitor.get("/saml/metadata/hzdr")
    assert metadata.status_code == 200 and b"AssertionConsumerService" in metadata.data
    assert "Sign in with HZDR account" in visitor.get("/login/").get_data(as_text=True)


def test_first_login_makes_a_staff_account(visitor, saml_login, staff_role):
    answer = saml_login(visitor, "a.schmidt")
    assert answer.status_code == 302 and answer.location.endswith("/account/settings/profile")
    anna = user("a.schmidt@hzdr.de")
    assert anna.confirmed_at is not None
    assert anna.user_profile["full_name"] == "Anna Schmidt"
    assert anna.user_profile["affiliations"] == "Helmholtz-Zentrum Dresden-Rossendorf"
    assert UserIdentity.get_user("hzdr", "a.schmidt@hzdr.de").id == anna.id
    assert UserIdentity.get_user("orcid", "0000-0002-1825-0097").id == anna.id
    assert roles(anna) == {STAFF}
    assert logged_in_as(visitor) == "a.schmidt@hzdr.de"
    profile = visitor.get("/account/settings/profile")
    assert profile.status_code == 200 and 'value="Anna Schmidt"' in profile.get_data(as_text=True)


def test_a_guest_account_is_not_staff(visitor, saml_login, staff_role):
    saml_login(visitor, "c.gast")
    assert STAFF not in roles(user("c.gast@example.org"))


def test_existing_account_is_linked(visitor, saml_login, UserFixture, app, db, staff_role):
    local = UserFixture(email="b.weber@hzdr.de", password="bernd-local", active=True,
                        confirmed=True)
    local.create(app, db)
    saml_login(visitor, "b.weber")
    assert User.query.filter(User.email == "b.weber@hzdr.de").count() == 1
    assert UserIdentity.get_user("hzdr", "b.weber@hzdr.de").id == local.user.id
    assert roles(local.user) == {STAFF}


def test_staff_role_withdrawn_when_the_identity_stops_saying_so(new_visitor, saml_login, staff_role):
    saml_login(new_visitor(), "b.weber")
    bernd = user("b.weber@hzdr.de")
    assert STAFF in roles(bernd)
    former = {**IDENTITIES["b.weber"]["attributes"], "eduPersonScopedAffiliation": ["alum@hzdr.de"]}
    saml_login(new_visitor(), "b.weber", attributes=former)
    assert STAFF not in roles(bernd)


def refused(answer, status, text):
    page = answer.get_data(as_text=True)
    assert answer.status_code == status, page[:300]
    assert "did not work" in page and text in page
    return True


def test_no_email_no_account(visitor, saml_login, accounts):
    before = accounts()
    assert refused(saml_login(visitor, "d.ohnemail"), 400, "did not tell RODARE your e-mail")
    assert accounts() == before and logged_in_as(visitor) is None


def _forge(saml_response):
    """The same signed XML with another e-mail address in it."""
    xml = base64.b64decode(saml_response).replace(b"c.gast@example.org", b"admin@hzdr.de")
    return base64.b64encode(xml).decode()


@pytest.mark.parametrize("bend, status, text", [
    ({"sign": False}, 401, "must be signed"),
    ({"audience": "https://other.example.org/sp"}, 401, "meant for RODARE"),
    ({"lifetime_seconds": -600}, 401, "still be valid"),
    ({"in_response_to": None}, 403, "was not asked for"),
])
def test_bad_answers_are_refused(visitor, saml_login, accounts, bend, status, text):
    before = accounts()
    assert refused(saml_login(visitor, "c.gast", **bend), status, text)
    assert accounts() == before and logged_in_as(visitor) is None


def test_forged_answer_is_refused(visitor, saml_login, accounts):
    before = accounts()
    assert refused(saml_login(visitor, "c.gast", alter=_forge), 401, "must be signed")
    assert accounts() == before and logged_in_as(visitor) is None


def test_replayed_answer_is_refused(visitor, saml_login, accounts, staff_role):
    assert saml_login(visitor, "c.gast").status_code == 302
    visitor.get("/logout/")
    after_first = accounts()
    assert refused(visitor.post(saml_login.acs, data=saml_login.post), 403, "used already")
    assert accounts() == after_first and logged_in_as(visitor) is None


def test_linked_accounts_lists_and_removes_identities(visitor, saml_login, staff_role):
    saml_login(visitor, "a.schmidt")
    page = visitor.get("/account/settings/linkedaccounts/").get_data(as_text=True)
    assert "Linked as a.schmidt@hzdr.de." in page and "Linked as 0000-0002-1825-0097." in page
    anna = user("a.schmidt@hzdr.de")
    assert visitor.get("/oauth/disconnect/orcid/").status_code == 302
    assert visitor.post("/account/settings/linkedaccounts/hzdr/remove").status_code == 302
    db.session.expire_all()
    assert UserIdentity.query.filter_by(id_user=anna.id).count() == 0
    # The HZDR link may go last: the next HZDR login links the account again (same e-mail).
    visitor.get("/logout/")
    saml_login(visitor, "a.schmidt")
    assert UserIdentity.get_user("hzdr", "a.schmidt@hzdr.de").id == anna.id


def test_idp_down_before_the_sign_in(visitor, set_config, accounts):
    set_config("RODARE_LOGIN_SAML_IDP_SSO_URL", f"http://127.0.0.1:{free_port()}/idp/sso")
    before = accounts()
    assert refused(visitor.get("/saml/sso/hzdr"), 503, "cannot be reached right now")
    assert accounts() == before and logged_in_as(visitor) is None


def test_an_answer_to_another_browsers_request_is_refused(new_visitor, saml_answer, accounts,
                                                          staff_role):
    """Login CSRF: an attacker's unused answer, posted from the victim's browser (a form on
    the attacker's page), must not sign the victim in to the attacker's account."""
    attacker, victim = new_visitor(), new_visitor()
    acs, form = saml_answer(attacker, "c.gast")
    victim.get("/saml/sso/hzdr")  # the victim may even have a sign-in of their own under way
    before = accounts()
    assert refused(victim.post(acs, data=form), 403, "not asked for by this browser")
    assert logged_in_as(victim) is None and accounts() == before
    assert refused(attacker.post(acs, data=form), 403, "used already")  # spent


def test_the_idp_is_asked_once_per_ttl_however_many_visitors(new_visitor, idp, set_config):
    """``/saml/sso/hzdr`` is anonymous: a flood of hits must not become a flood of blocking
    requests to the IdP."""
    probe = f"{idp.sso_url}?probe={uuid.uuid4().hex}"
    set_config("RODARE_LOGIN_SAML_IDP_SSO_URL", probe)
    for _ in range(12):
        assert new_visitor().get("/saml/sso/hzdr").status_code == 302
    assert [head for head in idp.heads if head == probe.split("?")[1]] == [probe.split("?")[1]]


def test_an_account_made_elsewhere_connects_its_hzdr_login(new_visitor, oidc_login, saml_login,
                                                          accounts, staff_role):
    """Anna's account came from Helmholtz AAI: the HZDR login does not take it over by
    e-mail, but Anna, signed in, connects it (and her ORCID iD comes with it)."""
    anna = new_visitor()
    oidc_login(anna, "helmholtz", "hzdr-scientist")
    before = accounts()
    stranger = new_visitor()
    assert refused(saml_login(stranger, "a.schmidt"), 409, "cannot connect it")
    assert accounts() == before and logged_in_as(stranger) is None
    assert saml_login(anna, "a.schmidt").status_code == 302
    account = user("a.schmidt@hzdr.de")
    assert UserIdentity.get_user("hzdr", "a.schmidt@hzdr.de").id == account.id
    assert UserIdentity.get_user("orcid", "0000-0002-1825-0097").id == account.id
    assert roles(account) == {STAFF}
    later = new_visitor()
    assert saml_login(later, "a.schmidt").status_code == 302
    assert logged_in_as(later) == "a.schmidt@hzdr.de"

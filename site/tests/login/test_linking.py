"""Which account a sign-in lands in: the table of linking cases (rodare_rdm/login/linking.py).

Each row signs a person in through the real flow (the local HZDR IdP, the Helmholtz AAI and
ORCID stand-ins) while an account in a given state exists, and checks the outcome: who is
signed in (or nobody), which account the identity is linked to, which roles it has, and,
for a refusal, that no account changed at all.
"""

import pytest
from invenio_access.models import ActionUsers
from invenio_access.permissions import superuser_access
from invenio_accounts.models import User, UserIdentity
from invenio_accounts.proxies import current_datastore
from invenio_accounts.testutils import login_user_via_session
from invenio_db import db

from .accounts import STAFF, logged_in_as, roles, user

PEOPLE = {
    # name: provider, who signs in (IdP username or sub), external id, e-mail, staff
    "hzdr": ("hzdr", "b.weber", "b.weber@hzdr.de", "b.weber@hzdr.de", True),
    "helmholtz-hzdr": ("helmholtz", "hzdr-scientist", "hzdr-scientist", "a.schmidt@hzdr.de", True),
    "helmholtz-guest": ("helmholtz", "external-guest", "external-guest", "guest@uni-example.org",
                        False),
    # Helmholtz AAI, an HZDR address, but not through HZDR's IdP (no HZDR centre VO): a
    # guest's social login or another home IdP that let them type it in.
    "helmholtz-hzdr-address-elsewhere": ("helmholtz", "external-guest", "external-guest",
                                         "b.weber@hzdr.de", False),
    "orcid": ("orcid", "0000-0001-5109-3700", "0000-0001-5109-3700", None, False),
}

ATTACKER = "m.allory@example.org"

LINK_REFUSED, UNTRUSTED, NO_EMAIL = (409, "cannot connect it"), (403, "HZDR's own login"), \
    (400, "did not tell RODARE a confirmed e-mail")

CASES = [
    # person, existing account (with the person's e-mail unless said), outcome
    *[(person, state, outcome) for person in ("hzdr", "helmholtz-hzdr", "helmholtz-guest")
      for state, outcome in [
          ("none", "created"),
          ("confirmed", "linked"),
          ("unconfirmed", LINK_REFUSED),
          ("other-identity", LINK_REFUSED),
          ("administrator", LINK_REFUSED),
          ("service", LINK_REFUSED),
          ("superuser-action", LINK_REFUSED),
          ("changed-email-in-profile", "created"),
          ("email-set-elsewhere", LINK_REFUSED),
      ]],
    ("helmholtz-hzdr-address-elsewhere", "none", UNTRUSTED),
    ("helmholtz-hzdr-address-elsewhere", "confirmed", UNTRUSTED),
    ("orcid", "none", NO_EMAIL),
    ("orcid", "confirmed", NO_EMAIL),
]


def change_email_in_profile(app, account, email):
    """The owner of ``account`` asks the profile form for ``email`` (as the attack does)."""
    visitor = app.test_client()
    login_user_via_session(visitor, email=account.email)
    page = visitor.get("/account/settings/profile").get_data(as_text=True)
    marker = 'name="profile-csrf_token" type="hidden" value="'
    token = page.split(marker)[1].split('"')[0] if marker in page else ""
    answer = visitor.post("/account/settings/profile", data={
        "submit": "profile", "profile-csrf_token": token, "profile-username": "mallory",
        "profile-full_name": "M. Allory (changed)", "profile-affiliations": "",
        "profile-email": email, "profile-email_repeat": email})
    assert answer.status_code == 303  # the form was taken (the name changed)
    db.session.expire_all()
    assert db.session.get(User, account.id).user_profile["full_name"] == "M. Allory (changed)"


@pytest.fixture
def existing(UserFixture, app, db):
    """A function making the account of a state; returns it (or None)."""
    def make(state, email):
        if state == "none":
            return None
        theirs = state in ("changed-email-in-profile", "email-set-elsewhere")
        fixture = UserFixture(email=ATTACKER if theirs else email, password="local-password",
                              username="mallory" if theirs else None,
                              active=True, confirmed=state != "unconfirmed")
        fixture.create(app, db)
        account = fixture.user
        if state == "other-identity":
            UserIdentity.create(account, "orcid", "0000-0003-1415-9269")
        elif state in ("administrator", "service"):
            role = "admin" if state == "administrator" else "robis-service"
            current_datastore.add_role_to_user(account, current_datastore.find_or_create_role(role))
        elif state == "superuser-action":
            db.session.add(ActionUsers.allow(superuser_access, user=account))
        elif state == "email-set-elsewhere":  # any path but the profile form: the ORM
            account.email = email
        db.session.commit()
        if state == "changed-email-in-profile":
            change_email_in_profile(app, account, email)
        return account

    return make


@pytest.fixture
def sign_in(saml_login, oidc_login):
    """Sign a visitor in with a provider, as in the table."""
    def walk(visitor, provider, who):
        if provider == "hzdr":
            return saml_login(visitor, who)
        return oidc_login(visitor, provider, who)

    return walk


@pytest.mark.parametrize("person, state, outcome", CASES,
                         ids=[f"{person}-{state}" for person, state, _ in CASES])
def test_linking_table(visitor, sign_in, existing, accounts, claims_of, staff_role,
                       person, state, outcome):
    provider, who, external_id, email, staff = PEOPLE[person]
    if person == "helmholtz-hzdr-address-elsewhere":
        claims_of(who, email=email, voperson_external_affiliation=["member@hzdr.de"])
    account = existing(state, email or "otto@example.org")
    before = accounts()
    answer = sign_in(visitor, provider, who)
    page = answer.get_data(as_text=True)
    linked = UserIdentity.get_user(provider, external_id)
    if isinstance(outcome, tuple):
        status, says = outcome
        assert answer.status_code == status, page[:400]
        assert says in page
        assert logged_in_as(visitor) is None
        assert accounts() == before
        return
    assert answer.status_code == 302, page[:400]
    assert logged_in_as(visitor) == email
    signed_in = user(email)
    assert linked is not None and linked.id == signed_in.id
    if outcome == "linked":
        assert signed_in.id == account.id
    else:
        assert account is None or signed_in.id != account.id
        assert User.query.filter(User.email == email).count() == 1
    assert roles(signed_in) == ({STAFF} if staff else set())
    if account is not None and account.id != signed_in.id:  # the other account is untouched
        assert user(ATTACKER) is not None
        assert UserIdentity.query.filter_by(id_user=account.id).count() == 0
        assert STAFF not in roles(user(ATTACKER))


def test_no_other_way_to_change_ones_email(UserFixture, app, db, _fresh_user_per_request):
    """Besides the profile form (table above): the users REST API and Flask-Security's
    change-email view (Flask-Security 5, not in the 4.x fork invenio-accounts uses). A
    guard: an upgrade that adds one must come with the check of emails.py in mind."""
    owner = UserFixture(email=ATTACKER, password="local-password", active=True, confirmed=True)
    owner.create(app, db)
    visitor = app.test_client()
    login_user_via_session(visitor, email=ATTACKER)
    for method in (visitor.put, visitor.patch):
        answer = method(f"/api/users/{owner.id}", json={"email": "b.weber@hzdr.de"})
        assert answer.status_code == 405
    assert visitor.post("/change-email", data={"email": "b.weber@hzdr.de"}).status_code == 404
    db.session.expire_all()
    assert db.session.get(User, owner.id).email == ATTACKER

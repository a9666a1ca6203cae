"""Signing in as a person does: the login page's buttons, the providers' own pages, back.

The providers are the stack's local stand-ins (stack/standins/saml_idp.py,
stack/standins/oidc.py) with the identities of docs/login-identities.md.
"""

import json

import pytest
from playwright.sync_api import expect

from stack.standins.saml_idp import IDENTITIES
from stack.supervisor import REPO

pytestmark = pytest.mark.e2e

SHOTS = REPO / ".rodare" / "e2e-screenshots"


def account(live_stack, email):
    """Profile, roles and linked identities of an account, read in the instance's shell."""
    script = (
        "import json\n"
        "from invenio_accounts.models import User, UserIdentity\n"
        f"u = User.query.filter_by(email={email!r}).one_or_none()\n"
        "print('ACCOUNT', json.dumps(None if u is None else {'name': u.user_profile.get('full_name'),"
        " 'roles': sorted(r.name for r in u.roles),"
        " 'identities': sorted(i.method for i in UserIdentity.query.filter_by(id_user=u.id))}))\n"
    )
    out = live_stack.invenio("shell", input=script, capture_output=True, text=True).stdout
    line = next(line for line in out.splitlines() if "ACCOUNT " in line)
    return json.loads(line.split("ACCOUNT ", 1)[1])


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in_at_oidc_provider(page, provider, sub):
    """From the login page through the provider's page (it asks which ``sub``), back."""
    page.goto("/login/")
    rodare = page.url.split("/login/")[0]
    page.get_by_role("link", name=f"Sign in with {provider}").click()
    page.get_by_role("button", name=sub).click()
    page.wait_for_url(lambda url: url.startswith(rodare), wait_until="load")


def expect_logged_in(page):
    """The header's user menu replaces the "Log in" button."""
    expect(page.get_by_role("link", name="Log in")).to_have_count(0)


def test_hzdr_account_saml(page, live_stack):
    page.goto("/login/")
    shot(page, "login-page")
    page.get_by_role("link", name="Sign in with HZDR account").click()
    expect(page.get_by_role("heading", name="HZDR login (local test IdP)")).to_be_visible()
    page.fill("#username", "a.schmidt")
    page.fill("#password", "wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.fill("#password", IDENTITIES["a.schmidt"]["password"])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_stack.url}/**", wait_until="load")
    expect_logged_in(page)
    page.goto("/account/settings/profile")
    expect(page.locator("input[name='profile-full_name']")).to_have_value("Anna Schmidt")
    shot(page, "login-saml-profile")
    anna = account(live_stack, "a.schmidt@hzdr.de")
    assert anna["roles"] == ["hzdr-staff"]
    assert anna["identities"] == ["hzdr", "orcid"]


def test_orcid_signs_in_the_account_the_hzdr_login_linked(new_page, live_stack):
    """Anna's HZDR login released her ORCID iD (test above): ORCID now signs her in."""
    if account(live_stack, "a.schmidt@hzdr.de") is None:
        pytest.skip("needs test_hzdr_account_saml")
    page = new_page()
    sign_in_at_oidc_provider(page, "ORCID", "0000-0002-1825-0097")
    expect_logged_in(page)
    page.goto("/account/settings/linkedaccounts/")
    expect(page.get_by_text("Linked as 0000-0002-1825-0097.")).to_be_visible()
    expect(page.get_by_text("Linked as a.schmidt@hzdr.de.")).to_be_visible()


def test_helmholtz_aai_does_not_take_over_the_hzdr_account(new_page, live_stack):
    """Anna's account came from the HZDR login (above): Helmholtz AAI with her address does
    not link itself to it, and says how to connect it instead."""
    if account(live_stack, "a.schmidt@hzdr.de") is None:
        pytest.skip("needs test_hzdr_account_saml")
    page = new_page()
    sign_in_at_oidc_provider(page, "Helmholtz AAI", "hzdr-scientist")
    expect(page.get_by_role("heading", name="Sign-in with Helmholtz AAI did not work")).to_be_visible()
    expect(page.get_by_text("cannot connect it to your Helmholtz AAI sign-in")).to_be_visible()
    assert page.request.get("/api/me").status != 200  # nobody signed in
    shot(page, "login-helmholtz-refused-link")
    assert account(live_stack, "a.schmidt@hzdr.de")["identities"] == ["hzdr", "orcid"]


def test_helmholtz_aai_then_orcid(new_page, live_stack):
    page = new_page()
    sign_in_at_oidc_provider(page, "Helmholtz AAI", "external-guest")
    expect_logged_in(page)
    guest = account(live_stack, "guest@uni-example.org")
    assert guest == {"name": "Gus Guest", "roles": [], "identities": ["helmholtz"]}
    page.goto("/account/settings/linkedaccounts/")
    linked = page.locator("#rodare-linked-accounts li")
    expect(linked.filter(has_text="Helmholtz AAI")).to_contain_text("Linked as external-guest.")
    expect(linked.filter(has_text="ORCID").get_by_role("button", name="Connect")).to_be_visible()
    shot(page, "login-linked-accounts")

    # ORCID releases no e-mail: it cannot make an account, and says so.
    page = new_page()
    sign_in_at_oidc_provider(page, "ORCID", "0000-0001-5109-3700")
    expect(page.get_by_role("heading", name="Sign-in with ORCID did not work")).to_be_visible()
    expect(page.get_by_text("did not tell RODARE a confirmed e-mail address")).to_be_visible()
    shot(page, "login-orcid-refused")
    assert account(live_stack, "0000-0001-5109-3700") is None

"""The XSS corpus in every free-text field people can set runs no script on any page (issue 19).

One record holds the corpus in all its free-text fields (metadata, HZDR custom fields, access
conditions); one community in its title, description, page and curation policy; a researcher
in their profile; requests in their description, message and comments. Chromium then opens
every page that shows them (landing, search, community, dashboards, requests) and the e-mails
they caused. Every payload sets ``window.__xss`` or calls ``alert``: a page fails if a dialog
opens, if ``window.__xss`` is set, or if the CSP had to block a payload's code (the markup
was live; only the policy stopped it).
"""

import email
import json
import uuid
from email.policy import default
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

CORPUS = json.loads((Path(__file__).resolve().parents[1] / "xss-corpus.json").read_text())
"""Script, event handler, ``javascript:`` URL, SVG, entity-encoded and attribute break-out
(the list site/tests/security shares)."""

HOSTILE = " ".join(CORPUS)
SHORT = '"><img src=x onerror=window.__xss=20;alert(20)><svg onload=window.__xss=21>'
"""For fields of at most 250 characters (names, community title and description)."""

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(String(e.sample || "") + " " + e.violatedDirective);
});
"""
"""Before any page script: note what the CSP blocked, with the blocked code's first characters."""


@pytest.fixture(scope="module")
def researcher(live_stack, invenio_cli):
    """A plain researcher (no role): e-mail, password, and a REST session of theirs."""
    email_, password = f"xss-{uuid.uuid4().hex[:6]}@hzdr.de", "xss-researcher-secret"
    invenio_cli("users", "create", email_, "--password", password, "-a", "-c")
    token = invenio_cli("tokens", "create", "-n", "xss", "-u", email_).strip().splitlines()[-1]
    return {"email": email_, "password": password, "api": _session(live_stack, token)}


def _session(live_stack, token):
    session = requests.Session()
    session.trust_env = False
    session.verify = live_stack.certificate
    session.headers["Authorization"] = f"Bearer {token}"
    session.base = f"{live_stack.url}/api"
    return session


def _ok(response, status=(200, 201, 202)):
    assert response.status_code in status, f"{response.request.method} {response.url}: " \
                                            f"{response.status_code} {response.text[:500]}"
    return response.json()


def _metadata(title):
    person = {"type": "personal", "given_name": SHORT, "family_name": f"Rossendorf {SHORT}"}
    return {
        "title": title,
        "description": HOSTILE,
        "creators": [{"person_or_org": person, "affiliations": [{"name": HOSTILE}]}],
        "subjects": [{"subject": HOSTILE}],
        "version": HOSTILE,
        "publisher": HOSTILE,
        "references": [{"reference": HOSTILE}],
        "locations": {"features": [{"place": HOSTILE, "description": HOSTILE}]},
        "rights": [{"title": {"en": HOSTILE}, "description": {"en": HOSTILE}}],
        "additional_titles": [{"title": HOSTILE, "type": {"id": "alternative-title"}}],
        "additional_descriptions": [{"description": HOSTILE, "type": {"id": "methods"}}],
        "contributors": [{"person_or_org": person, "role": {"id": "datacollector"}}],
        "dates": [{"date": "2024-03", "type": {"id": "collected"}, "description": HOSTILE}],
        "funding": [{"funder": {"name": SHORT},
                     "award": {"title": {"en": HOSTILE}, "number": "XSS-1"}}],
        "copyright": HOSTILE,
        "sizes": [SHORT],
        "formats": [SHORT],
        "publication_date": "2024-05-13",
        "resource_type": {"id": "dataset"},
    }


@pytest.fixture(scope="module")
def hostile(api, researcher, live_stack):
    """The record, community and requests with the corpus, made over REST; their ids."""
    tag = uuid.uuid4().hex[:8]
    community = _ok(api.post(f"{api.base}/communities", json={
        "slug": f"xss-{tag}", "access": {"visibility": "public"},
        "metadata": {"title": f"XSS {tag} {SHORT}", "description": SHORT,
                     "page": HOSTILE, "curation_policy": HOSTILE}}))

    # The administrator's restricted record (with a file, so the conditions box shows).
    draft = _ok(api.post(f"{api.base}/records", json={
        "access": {"record": "public", "files": "restricted"},
        "files": {"enabled": True},
        "metadata": _metadata(f"XSS {tag} {HOSTILE}"),
        "custom_fields": {"rodare:access_level": "restricted",
                          "rodare:access_conditions": HOSTILE,
                          "hzdr:scicat_datasets": ['"><svg/onload=window.__xss=12>']},
    }))
    files = draft["links"]["files"]
    _ok(api.post(files, json=[{"key": "counts.csv"}]))
    _ok(api.put(f"{files}/counts.csv/content", data=b"channel,counts\n1,17\n",
                headers={"Content-Type": "application/octet-stream"}))
    _ok(api.post(f"{files}/counts.csv/commit"))
    record = _ok(api.post(draft["links"]["publish"]))
    _ok(api.post(f"{api.base}/records/{record['id']}/communities",
                 json={"communities": [{"id": community["id"]}]}))

    # The researcher: an access request with a message and comments, and a draft sent to
    # the community for review, with a description of the request's own.
    them = researcher["api"]
    access_request = _ok(them.post(f"{them.base}/records/{record['id']}/access/request", json={
        "email": researcher["email"], "full_name": SHORT,  # the signed-in user's own address
        "message": f"Message-{tag} {HOSTILE}", "consent_to_share_personal_data": "true"}))
    comment = {"payload": {"content": f"Remark-{tag} {HOSTILE}", "format": "html"}}
    _ok(them.post(f"{them.base}/requests/{access_request['id']}/comments", json=comment))
    _ok(api.post(f"{api.base}/requests/{access_request['id']}/comments", json=comment))
    submission = _ok(them.post(f"{them.base}/records", json={
        "access": {"record": "public", "files": "public"}, "files": {"enabled": False},
        "metadata": _metadata(f"XSS submission {tag} {HOSTILE}")}))
    review = _ok(them.put(f"{them.base}/records/{submission['id']}/draft/review", json={
        "receiver": {"community": community["id"]}, "type": "community-submission",
        "description": f"Description-{tag} {HOSTILE}"}))
    _ok(them.post(f"{them.base}/records/{submission['id']}/draft/actions/submit-review",
                  json=comment))
    return {"tag": tag, "record": record["id"], "slug": community["slug"],
            "access_request": access_request["id"], "review": review["id"],
            "submission": submission["id"]}


class Watch:
    """A page with the listeners: dialogs, ``window.__xss``, payloads the CSP blocked."""

    def __init__(self, page):
        self.page, self.dialogs = page, []
        page.add_init_script(WATCH)
        page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def check(self, where, shows="__xss"):
        """Let handlers fire, then fail on any sign that a payload ran or nearly ran."""
        self.page.wait_for_load_state("networkidle")
        if shows:  # the hostile text is on the page (as text), so the check means something
            expect(self.page.locator("body")).to_contain_text(shows, timeout=20000)
        self.page.wait_for_timeout(300)
        ran = self.page.evaluate("typeof window.__xss === 'undefined' ? null : String(window.__xss)")
        blocked = [s for s in (self.page.evaluate("window.__csp || []")) if "__xss" in s or "alert(" in s]
        assert not self.dialogs and ran is None and not blocked, \
            f"{where}: dialogs {self.dialogs}, window.__xss={ran}, blocked by CSP {blocked}"

    def visit(self, path, shows="__xss"):
        response = self.page.goto(path)
        assert response.ok, f"{path} answered {response.status}"
        self.check(path, shows)


def test_the_listeners_catch_the_corpus(new_page):
    """Positive control: the raw corpus in a page trips the listeners (dialog and flag)."""
    watch = Watch(new_page())
    watch.page.set_content(f"<html><body>{HOSTILE}</body></html>")
    watch.page.wait_for_timeout(500)
    assert watch.dialogs and watch.page.evaluate("window.__xss") is not None


def test_public_pages_run_no_payload(new_page, hostile, live_stack):
    """Landing page, search results and the community's pages, as an anonymous visitor."""
    watch = Watch(new_page())
    watch.visit(f"/records/{hostile['record']}")
    watch.page.screenshot(path=str(_shots(live_stack) / "xss-landing-anonymous.png"), full_page=True)
    watch.visit(f"/search?q={hostile['tag']}", shows=f"XSS {hostile['tag']}")
    for path in (f"/communities/{hostile['slug']}/records", f"/communities/{hostile['slug']}/about",
                 f"/communities/{hostile['slug']}/curation-policy", f"/communities?q={hostile['tag']}"):
        watch.visit(path)


def test_owner_and_curator_pages_run_no_payload(new_page, login, hostile, live_stack, admin_email):
    """The administrator owns the record and the community: landing page with its dialogs,
    dashboards, the access request and the review request with their comments."""
    watch = Watch(new_page())
    login(watch.page, admin_email, live_stack.admin_password)
    tag = hostile["tag"]
    watch.visit(f"/records/{hostile['record']}")
    watch.visit("/me/uploads", shows=f"XSS {tag}")
    watch.visit("/me/requests", shows=f"XSS")
    watch.visit(f"/me/requests/{hostile['access_request']}", shows=f"Remark-{tag}")
    watch.visit(f"/communities/{hostile['slug']}/requests/{hostile['review']}",
                shows=f"Description-{tag}")
    watch.check("review request timeline", shows=f"Remark-{tag}")
    watch.visit(f"/communities/{hostile['slug']}/requests", shows=f"XSS submission {tag}")


def test_researcher_pages_and_profile_run_no_payload(new_page, login, hostile, researcher, live_stack):
    """The researcher writes the corpus into their profile, then opens their requests."""
    watch = Watch(new_page())
    login(watch.page, researcher["email"], researcher["password"])
    watch.page.goto("/account/settings/profile")
    watch.page.fill("input[name='profile-username']", f"xss{hostile['tag']}")
    watch.page.fill("input[name='profile-full_name']", SHORT)
    watch.page.fill("input[name='profile-affiliations']", SHORT)
    watch.page.locator("button[name=submit][value=profile]").click()
    watch.page.wait_for_load_state("load")
    expect(watch.page.locator("input[name='profile-full_name']")).to_have_value(SHORT)
    watch.check("profile", shows=None)
    tag = hostile["tag"]
    watch.visit(f"/me/requests/{hostile['access_request']}", shows=f"Remark-{tag}")
    watch.visit(f"/me/requests/{hostile['review']}", shows=f"Description-{tag}")
    watch.visit("/me/uploads", shows=f"XSS submission {tag}")
    # a comment after the new name, so that the name reaches the other side's page and mail
    them = researcher["api"]
    _ok(them.post(f"{them.base}/requests/{hostile['access_request']}/comments",
                  json={"payload": {"content": f"Renamed-{tag} {HOSTILE}", "format": "html"}}))


def test_owner_sees_the_renamed_researcher_safely(new_page, login, hostile, live_stack, admin_email,
                                                  researcher):
    """The record's owner opens the access request after the researcher renamed themselves."""
    watch = Watch(new_page())
    login(watch.page, admin_email, live_stack.admin_password)
    watch.visit(f"/me/requests/{hostile['access_request']}", shows=f"Renamed-{hostile['tag']}")


def test_emails_run_no_payload(new_page, hostile, live_stack, researcher):
    """Every HTML e-mail the stack sent, opened as a page (a mail client that renders HTML)."""
    folder = Path(live_stack.root) / "mail"
    watch = Watch(new_page())
    bodies = []
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=default)
        part = message.get_body(preferencelist=("html",))
        if part is not None and "__xss" in message.as_string():
            bodies.append((f"{path.name} ({message['Subject']})", part.get_content()))
    assert bodies, "no e-mail with the corpus was sent: access requests and comments send some"
    for where, html in bodies:
        watch.page.set_content(html)
        watch.check(f"e-mail {where}", shows=None)


def _shots(live_stack):
    folder = Path(__file__).resolve().parents[2] / ".rodare" / "e2e-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder

"""The Content Security Policy holds on the main pages, and the pages still work under it.

Scripts run only from RODARE's own origin or with the response's nonce: no 'unsafe-inline',
no 'unsafe-eval' (docs/csp.md). Chromium reports every blocked script, eval, frame, image or
request as a ``securitypolicyviolation`` event; a listener installed before any page script
collects them in every frame (the file preview is an iframe), and any one fails the test. So
does an uncaught script error, and a page that no longer shows what it is for.
"""

import re
import uuid

import pytest
from playwright.sync_api import expect
from stack.supervisor import REPO

IMAGE = REPO / "static" / "apple-touch-icon-180.png"
"""An image for the landing page's preview (an iframe showing it through IIIF)."""

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__cspViolations.push(
  `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ` +
  `${event.sourceFile}:${event.lineNumber} ${(event.sample || "").slice(0, 60)}`));
"""


def policy_of(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers["content-security-policy"]
    return {name: sources for name, *sources in
            (part.split() for part in header.split(";") if part.strip())}


def assert_strict(response):
    """Scripts: own origin and this response's nonce only; no plugins; no <base> elsewhere."""
    policy = policy_of(response)
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, scripts
    assert [s for s in scripts if s.startswith("'nonce-")] and "'self'" in scripts, scripts
    assert not {"data:", "blob:", "*", "https:"} & set(scripts), scripts
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], policy


@pytest.fixture
def csp_page(new_page):
    """A function opening a browser page that records CSP violations and script errors."""
    def open_page():
        page = new_page()
        page.context.add_init_script(LISTEN)
        page.rodare_errors = []
        page.on("pageerror", lambda error: page.rodare_errors.append(str(error)))
        page.on("console", lambda message: page.rodare_errors.append(message.text)
                if "Content Security Policy" in message.text else None)
        return page

    return open_page


def violations(page):
    """What the policy blocked so far, in every frame of the page, and uncaught errors."""
    found = list(page.rodare_errors)
    for frame in page.frames:
        try:
            found += frame.evaluate("window.__cspViolations || []")
        except Exception:  # a frame that navigated away meanwhile
            pass
    return found


def visit(page, path, shows, status=200):
    """Open a page under the strict policy; it answers, shows ``shows`` and breaks nothing."""
    response = page.goto(path)
    assert response.status == status, f"{path}: {response.status}"
    assert_strict(response)
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], path


@pytest.fixture(scope="module")
def records(publish_record):
    """An open record with an image (previewed in an iframe) and an embargoed one."""
    return {
        "open": publish_record(f"CSP open {uuid.uuid4().hex[:6]}", filename="beam.png",
                               content=IMAGE.read_bytes()),
        "embargoed": publish_record(
            f"CSP embargoed {uuid.uuid4().hex[:6]}",
            access={"embargo": {"until": "2099-01-01", "reason": "Paper under review"}},
            custom_fields={"rodare:access_level": "embargoed"},
            filename="counts.csv", content=b"channel,counts\n1,17\n"),
    }


@pytest.fixture(scope="module")
def community(api):
    """A community the administrator curates, for the researcher's review request."""
    slug = f"csp-{uuid.uuid4().hex[:6]}"
    made = api.post(f"{api.base}/communities", json={
        "access": {"visibility": "public"}, "slug": slug,
        "metadata": {"title": "CSP beamline", "description": "Data of the CSP beamline."}})
    assert made.status_code == 201, made.text
    return slug


def test_the_listener_sees_what_the_policy_blocks(csp_page):
    """The check itself: an injected inline script without the nonce does not run, and is
    reported; the same script with the response's nonce runs."""
    page = csp_page()
    response = page.goto("/")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["content-security-policy"]).group(1)
    page.evaluate("""(nonce) => { for (const n of [null, nonce]) {
        const script = document.createElement("script");
        if (n) script.nonce = n;
        script.textContent = `window.__ran = (window.__ran || []).concat(["${n ? "nonce" : "plain"}"])`;
        document.head.appendChild(script); } }""", nonce)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__ran") == ["nonce"]
    assert [v for v in violations(page) if v.startswith("script-src-elem blocked inline")]
    assert policy_of(response)["script-src"] != policy_of(page.goto("/"))["script-src"], \
        "a new nonce for every response"


def test_anonymous_pages(csp_page, records, community):
    """Front page, search, landing pages (with the image preview), communities, login, 404."""
    page = csp_page()
    opened, embargoed = records["open"]["id"], records["embargoed"]["id"]
    visit(page, "/", "input[name=q]")
    visit(page, f"/search?q=id:{opened}", f"a:has-text('{records['open']['metadata']['title']}')")
    visit(page, f"/records/{opened}", "#record-title")
    preview = page.frame_locator("iframe#preview-iframe")
    expect(preview.locator("img[src*='/api/iiif/']")).to_be_visible()
    assert page.frames[-1].evaluate("document.querySelector('img').naturalWidth") > 0
    assert violations(page) == []
    visit(page, f"/records/{embargoed}", "#record-title")
    visit(page, "/communities", "main")
    visit(page, f"/communities/{community}", "main")
    visit(page, f"/communities/{community}/records", "main")
    visit(page, "/login/", "input[name=email]")
    visit(page, "/imprint", "main")
    visit(page, "/no/such/page", "main", status=404)


def test_researcher_pages_and_deposit(csp_page, login, researcher, community, fill_deposit,
                                      tmp_path):
    """Dashboard, the deposit form (renders, uploads, saves, submits for review) and the
    review request, as a plain researcher."""
    page = csp_page()
    login(page, researcher.email, researcher.password)
    visit(page, "/me/uploads", "main")
    visit(page, "/me/communities", "main")
    visit(page, "/me/requests", "main")
    visit(page, f"/uploads/new?community={community}", "input[name='metadata.title']")
    upload = tmp_path / "yields.csv"
    upload.write_text("energy,yield\n1,0.5\n")
    title = f"CSP deposit {uuid.uuid4().hex[:6]}"
    fill_deposit(page, title, upload)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Record successfully saved.")).to_be_visible()
    page.get_by_role("button", name="Submit for review", exact=True).click()
    review = page.locator(".ui.modal")
    review.locator("label[for=acceptAccessToRecord]").click()
    review.locator("label[for=acceptAfterPublishRecord]").click()
    review.get_by_role("button", name="Submit record for review").click()
    page.wait_for_url("**/requests/**")
    expect(page.get_by_text(title).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations(page) == []


def test_administrator_pages(csp_page, login, live_stack, admin_email, records, community):
    """Administration, community settings and requests, and the embargo dialog, whose inline
    script (with the nonce) must still answer the form instead of the browser submitting it."""
    page = csp_page()
    login(page, admin_email, live_stack.admin_password)
    for path in ("/administration", "/administration/records", "/administration/users",
                 "/administration/pages", "/administration/quota-requests"):
        visit(page, path, "main, .content, #invenio-administration")
    visit(page, "/communities-new", "input[name='metadata.title']")
    visit(page, f"/communities/{community}/settings", "main")
    visit(page, f"/communities/{community}/requests", "main")
    visit(page, "/me/requests", "main")

    visit(page, f"/records/{records['embargoed']['id']}", "#rodare-embargo-extend")
    dialog = page.locator("#rodare-embargo-extend")
    dialog.locator("summary").click()
    dialog.locator("input[name=until]").fill("2098-01-01")  # earlier than the embargo
    dialog.get_by_role("button", name="Extend embargo").click()
    expect(dialog.locator("#rodare-embargo-error")).to_contain_text("later than the current one")
    assert f"/records/{records['embargoed']['id']}" in page.url and "until=" not in page.url
    assert violations(page) == []

"""A researcher's whole path through the web UI, in headless Chromium (Playwright).

Log in, create a community, fill the deposit form, upload a file, publish, open the
landing page, download the file, and find the record in search with the
publication-date facet showing its year.
"""

import datetime
import uuid

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, driven by Playwright (its own browser download is not used)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_stack):
    """A fresh browser context that accepts the self-signed certificate."""
    context = chromium.new_context(ignore_https_errors=True, accept_downloads=True,
                                  base_url=live_stack.url)
    context.set_default_timeout(30000)
    page = context.new_page()
    yield page
    context.close()


def login(page, email, password):
    """Log in through the login form."""
    page.goto("/login/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.mark.xfail(
    strict=False,
    reason="the deposit-form steps after the resource type (creator modal, publish dialog) "
    "are not yet verified against the v14 form; login, community creation, upload and "
    "title are. Issue 2 stays open until this passes.",
)
def test_deposit_publish_download_search(page, live_stack, admin_email, tmp_path):
    """The deposit form publishes a record whose file downloads and which search finds."""
    login(page, admin_email, live_stack.admin_password)

    # Create a community.
    slug = f"elbe-{uuid.uuid4().hex[:6]}"
    page.goto("/communities-new")
    page.fill("input[name='metadata.title']", "ELBE beamline data")
    page.fill("input[name='slug']", slug)
    page.get_by_role("button", name="Create community").click()
    page.wait_for_url(f"**/communities/{slug}/**")

    # Fill the deposit form.
    title = f"Neutron yields at ELBE {uuid.uuid4().hex[:8]}"
    upload = tmp_path / "yields.csv"
    upload.write_text("energy,yield\n1,0.5\n")
    page.goto("/uploads/new")
    page.locator("input[type=file]").first.set_input_files(str(upload))
    expect(page.get_by_text("yields.csv").first).to_be_visible()
    page.fill("input[name='metadata.title']", title)
    page.locator(".field", has_text="Resource type").locator(".ui.dropdown").first.click()
    page.get_by_role("option", name="Dataset", exact=True).first.click()
    page.get_by_role("button", name="Add author").first.click()
    modal = page.locator(".ui.modal")
    modal.locator("input[name='person_or_org.family_name']").fill("Rossendorf")
    modal.locator("input[name='person_or_org.given_name']").fill("Rosa")
    modal.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("Rossendorf, Rosa").first).to_be_visible()

    # Publish.
    page.get_by_role("button", name="Publish").first.click()
    page.locator(".ui.modal").get_by_role("button", name="Publish").click()
    page.wait_for_url("**/records/**")
    expect(page.get_by_role("heading", name=title)).to_be_visible()

    # Download the file from the landing page.
    with page.expect_download() as download_info:
        page.locator("a[href*='yields.csv?download=1']").first.click()
    downloaded = download_info.value.path()
    assert open(downloaded).read() == "energy,yield\n1,0.5\n"

    # Find it in search, with the publication-date facet showing this year.
    year = str(datetime.date.today().year)
    page.goto(f"/search?q=%22{title.replace(' ', '%20')}%22")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    facet = page.locator(".facet-container, .ui.card, .facet").filter(has_text="Publication date")
    expect(facet.first).to_contain_text(year)

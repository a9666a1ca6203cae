"""RODARE's face as a visitor sees it: header, footer pages, both languages, accessibility.

Every page is looked at at desktop (1400 px) and phone (390 px) width. Screenshots of the
pages checked by axe are kept in .rodare/e2e-screenshots/ (the README shows one).
"""

import functools
import hashlib
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from stack.supervisor import REPO

# axe-core as published on npm (MPL-2.0), vendored beside the tests rather than the copy
# bundled in axe-playwright-python (4.12.1): a newer axe finds more. Upgrade: npm pack
# axe-core@<version>, copy package/axe.min.js and LICENSE, update the version and checksum.
AXE_VERSION = "4.14.1"
AXE_SCRIPT = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WIDTHS = {"desktop": 1400, "phone": 390}
SCREENSHOTS = REPO / ".rodare" / "e2e-screenshots"
HZDR_BLUE = "rgb(0, 88, 156)"
FOOTER_PAGES = {  # URL → heading in English and German (app_data/pages.yaml)
    "/imprint": ("Imprint", "Impressum"),
    "/privacy": ("Privacy policy", "Datenschutzerklärung"),
    "/terms": ("Terms of use", "Nutzungsbedingungen"),
    "/data-policy": ("Data policy", "Datenleitlinie"),
    "/contact": ("Contact", "Kontakt"),
    "/help": ("Help and FAQ", "Hilfe und FAQ"),
}


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def width(request):
    """Each test runs at both widths."""
    return WIDTHS[request.param]


@pytest.fixture
def sized_page(new_page, width):
    """A fresh page at the test's width."""
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    return page


def box(page, selector):
    """The bounding box of the first visible match (fails when it is not visible)."""
    locator = page.locator(selector).locator("visible=true").first
    expect(locator).to_be_visible()
    return locator.bounding_box()


def overlap(a, b):
    """Whether two bounding boxes share any area."""
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def topmost_is(page, selector, at):
    """Whether the element a click at the centre of ``at`` would hit is ``selector``."""
    x, y = at["x"] + at["width"] / 2, at["y"] + at["height"] / 2
    return page.evaluate(
        "([s, x, y]) => { const e = document.elementFromPoint(x, y);"
        " return !!e && !!e.closest(s); }", [selector, x, y])


def test_skip_link_hidden_until_focused(sized_page):
    """The skip link covers nothing until the keyboard reaches it; then it is on top."""
    page = sized_page
    page.goto("/search")
    link = page.locator("#skip-to-main")
    logo = box(page, ".rdm-logo")
    assert not topmost_is(page, "#skip-to-main", logo)
    if link.bounding_box()["width"]:
        assert not topmost_is(page, "#skip-to-main", link.bounding_box())
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    assert topmost_is(page, "#skip-to-main", link.bounding_box())


def assert_apart(page, width, items):
    """Each item is inside the viewport, overlaps no other, and is what a click there hits."""
    for name, (selector, area) in items.items():
        assert area and area["width"] > 0 and area["height"] > 0, name
        assert area["x"] >= 0 and area["x"] + area["width"] <= width + 1, f"{name} off screen"
        assert topmost_is(page, selector, area), f"{name} is covered"
    names = list(items)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            assert not overlap(items[first][1], items[second][1]), f"{first} overlaps {second}"


def test_header(sized_page, width):
    """HZDR-blue bar; logo, search, Communities and Log in visible side by side, no overlap.

    At phone width the bar holds the logo and the burger button; the menu it opens (over the
    page, as in stock InvenioRDM) holds search, Communities and Log in.
    """
    page = sized_page
    page.goto("/search")
    bar = page.locator(".outer-navbar")
    assert bar.evaluate("e => getComputedStyle(e).backgroundColor") == HZDR_BLUE
    logo = (".logo-link", box(page, ".rdm-logo"))
    burger = page.locator("#rdm-burger-menu-icon")
    if width < 1280:
        expect(page.get_by_role("link", name="Communities")).to_be_hidden()
        assert_apart(page, width, {"logo": logo, "menu button": (
            "#rdm-burger-menu-icon", box(page, "#rdm-burger-menu-icon"))})
        burger.click()
        items = {}
    else:
        expect(burger).to_be_hidden()
        items = {"logo": logo}
    communities = page.get_by_role("link", name="Communities")
    login = page.get_by_role("link", name="Log in")
    expect(communities).to_be_visible()
    expect(login).to_be_visible()
    items.update({
        "search": ("#header-search-bar", box(page, "#header-search-bar input")),
        "communities": ("a[href='/communities']", communities.bounding_box()),
        "login": ("a[href^='/login']", login.bounding_box()),
    })
    assert_apart(page, width, items)


def test_footer_links_answer_200_in_both_languages(page, live_stack):
    """Every footer link works; the policy pages are there in English and in German."""
    page.goto("/")
    hrefs = page.locator("#rdm-footer-element a[href]").evaluate_all("as => as.map(a => a.href)")
    ours = {h.removeprefix(live_stack.url) for h in hrefs if h.startswith(live_stack.url)}
    assert ours >= set(FOOTER_PAGES), hrefs  # HZDR's website is the only link elsewhere
    assert len(ours) == len(hrefs) - 1, hrefs
    for path in sorted(ours):
        assert page.request.get(path).status == 200, path
    for url, (english, german) in FOOTER_PAGES.items():
        page.goto(url)
        expect(page.locator("main h1")).to_have_text(english)
        page.goto(f"{url}?ln=de")
        expect(page.locator("main h1")).to_have_text(german)
        expect(page.locator("html")).to_have_attribute("lang", "de")


def test_login_page_links_the_legal_pages(page):
    """The login page (a cover page without the footer) still links imprint and privacy."""
    page.goto("/login/")
    for name in ("Imprint", "Privacy policy"):
        link = page.locator(".rodare-cover-footer").get_by_role("link", name=name)
        expect(link).to_be_visible()
        assert page.request.get(link.get_attribute("href")).status == 200


def choose_language(page, code):
    """Pick a language in the footer's selector (a Semantic UI dropdown over the select)."""
    dropdown = page.locator(".lang-select .ui.dropdown")
    dropdown.click()
    with page.expect_navigation():
        dropdown.locator(f".item[data-value={code}]").click()


def test_language_switch(page):
    """The footer's selector turns the interface, front page included, into German and back."""
    page.goto("/")
    expect(page.get_by_role("heading", name="How to publish")).to_be_visible()
    choose_language(page, "de")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="So veröffentlichen Sie")).to_be_visible()
    expect(page.locator("#rdm-footer-element").get_by_role("link", name="Impressum")).to_be_visible()
    expect(page.get_by_role("link", name="Einloggen")).to_be_visible()  # upstream's German too
    page.goto("/search")  # the choice stays for the session
    expect(page.locator("html")).to_have_attribute("lang", "de")
    choose_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_front_page_content(page):
    """What RODARE is, how to publish (ROBIS first), search; no stock InvenioRDM intro."""
    page.goto("/")
    expect(page.get_by_role("heading", name="What RODARE is")).to_be_visible()
    steps = page.locator(".rodare-steps li")
    expect(steps.first).to_contain_text("ROBIS")
    expect(page.get_by_role("link", name="New upload")).to_have_attribute("href", "/uploads/new")
    expect(page.get_by_role("link", name="Browse all communities")).to_be_visible()
    body = page.locator("body").inner_text()
    assert "successfully installed" not in body
    footer = page.locator("#rdm-footer-element").inner_html()
    for upstream in ("inveniosoftware.org", "discord", "roadmap", "invenio-talk"):
        assert upstream not in footer.lower(), upstream
    page.get_by_role("search").locator("input[name=q]").fill("rossendorf")
    page.get_by_role("search").locator("input[name=q]").press("Enter")
    page.wait_for_url("**/search?q=rossendorf*")


@pytest.fixture(scope="module")
def landing_record(publish_record, api):
    """A published record with HZDR fields (their section on the page), a previewable file
    and two versions (the versions list); this is its second version."""
    hzdr = {"hzdr:robis_id": "27151", "hzdr:proposals": ["20231234"]}
    first = publish_record("Theme check: neutron flux measurements", filename="flux.csv",
                           content=b"t,flux\n0,1\n", custom_fields=hzdr)
    draft = api.post(f"{api.base}/records/{first['id']}/versions")
    assert draft.status_code == 201, draft.text
    links = draft.json()["links"]
    assert api.post(f"{links['self']}/actions/files-import").ok, "files of version 1"
    published = api.post(links["publish"])
    assert published.status_code == 202, published.text
    return published.json()


@pytest.fixture(scope="module")
def landing_url(landing_record):
    """The landing page of ``landing_record``: versions, files, statistics, and for its owner
    (the admin) the file window's notice."""
    return f"/records/{landing_record['id']}"


@pytest.fixture
def admin_page(sized_page, login, live_stack, admin_email):
    """A page logged in as the admin (for the deposit form)."""
    login(sized_page, admin_email, live_stack.admin_password)
    return sized_page


@functools.cache
def pinned_axe():
    """axe-core, the vendored release (its checksum checked: what runs is what was pinned)."""
    script = AXE_SCRIPT.read_bytes()
    assert hashlib.sha256(script).hexdigest() == AXE_SHA256, f"{AXE_SCRIPT} is not the pinned one"
    assert f"axe v{AXE_VERSION}".encode() in script[:40]
    return Axe(axe_script=script.decode("utf-8"))


def check_accessibility(page, name, width):
    """Run axe-core (WCAG 2.1 A/AA rules); fail on any serious or critical violation.

    Upstream widgets are included: their known ARIA defects are repaired by our override and
    DOM repairs (assets/js/rodare_rdm/a11y/, docs/theme.md), so none is excused here."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("load")
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    results = pinned_axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    bad = [(v["id"], v["impact"], node["target"], node["html"][:160])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")
           for node in v["nodes"]]
    assert not bad, "\n".join(map(str, bad))


@pytest.mark.parametrize("path, name, ready", [
    ("/", "front-page", lambda page: page.get_by_role("heading", name="What RODARE is")),
    ("/login/", "login", lambda page: page.locator("input[name=email]")),
])
def test_accessibility_public_pages(sized_page, width, path, name, ready):
    """No serious or critical axe violation on the public pages."""
    sized_page.goto(path)
    expect(ready(sized_page)).to_be_visible()
    expect(sized_page.locator(".ui.placeholder")).to_have_count(0)  # lists have loaded
    check_accessibility(sized_page, name, width)


def test_accessibility_search(sized_page, width, landing_url):
    """No serious or critical axe violation on the search page with a result: its sort and
    results-per-page menus and, at desktop width, the facets (date slider included)."""
    sized_page.goto("/search?q=")
    expect(sized_page.get_by_role("region", name="Search results")).to_be_visible()
    expect(sized_page.get_by_text("Theme check: neutron flux measurements").first).to_be_visible()
    expect(sized_page.get_by_role("combobox", name="Sort")).to_be_visible()
    if width >= 1024:
        # "Year" when all results share one, else "Start year" and "End year"
        expect(sized_page.get_by_role("slider", name="year").first).to_be_attached()
    check_accessibility(sized_page, "search", width)


def test_repaired_search_widgets_still_work(sized_page, width, landing_url):
    """The repaired menus and facets work by keyboard and by name, as upstream's did."""
    page = sized_page
    page.goto("/search?q=")
    sort = page.get_by_role("combobox", name="Sort")
    sort.focus()
    page.keyboard.press("ArrowDown")  # opens the menu (semantic-ui-react: arrow keys)
    expect(sort).to_have_attribute("aria-expanded", "true")
    page.get_by_role("option", name="Oldest").click()
    page.wait_for_url("**sort=oldest*")
    expect(sort).to_contain_text("Oldest")
    page.get_by_role("combobox", name="Results per page").click()
    page.get_by_role("option", name="20", exact=True).click()
    page.wait_for_url("**&s=20*")
    if width >= 1024:
        page.get_by_text("Last 5 years").locator("visible=true").click()
        expect(page.get_by_role("checkbox", name="Last 5 years")).to_be_checked()


@pytest.mark.parametrize("visitor", ["guest", "owner"])
def test_accessibility_landing_page(sized_page, width, landing_url, visitor, login, live_stack,
                                    admin_email):
    """No serious or critical axe violation on a record's landing page (two versions, a file
    with its preview, the statistics), for a guest and for its owner (the admin, who also
    gets the Manage, Edit, New version and Share controls and the file window's notice)."""
    if visitor == "owner":
        login(sized_page, admin_email, live_stack.admin_password)
    sized_page.goto(landing_url)
    expect(sized_page.locator("#record-title, h1").first).to_be_visible()
    expect(sized_page.get_by_text("flux.csv").first).to_be_visible()
    expect(sized_page.locator("#custom-fields-panel")).to_contain_text("Publ-27151")
    expect(sized_page.locator("#record-versions")).to_contain_text("View all 2 versions")
    expect(sized_page.locator("#files-preview-accordion-trigger")).to_be_visible()
    if visitor == "owner":
        if width < 1024:  # the phone layout keeps them behind a button
            sized_page.get_by_role("button", name="Manage record").click()
        expect(sized_page.get_by_role("button", name="Edit")).to_be_visible()
        expect(sized_page.locator("#rodare-file-window-notice")).to_be_visible()
    check_accessibility(sized_page, f"landing-page-{visitor}", width)


def test_accessibility_deposit_form(admin_page, width):
    """No serious or critical axe violation on the deposit form."""
    admin_page.goto("/uploads/new")
    expect(admin_page.locator("input[name='metadata.title']")).to_be_visible()
    check_accessibility(admin_page, "deposit-form", width)


def test_accessibility_edit_form_with_countdown(admin_page, width, landing_record, api):
    """No serious or critical axe violation on a published record's edit form while its file
    window is open: the countdown, and the files of the published version."""
    assert api.post(f"{api.base}/records/{landing_record['id']}/draft").ok  # "Edit"
    admin_page.goto(f"/uploads/{landing_record['id']}")
    expect(admin_page.locator("#rodare-file-window")).to_contain_text("Files can be changed")
    expect(admin_page.get_by_text("flux.csv").first).to_be_visible()
    check_accessibility(admin_page, "edit-form-countdown", width)


def test_repaired_deposit_widgets_still_work(admin_page, tmp_path):
    """The deposit form's repaired widgets are reachable by name and work by keyboard and
    mouse: a search dropdown, the "Metadata-only record" checkbox, and the upload button
    inside the files drop zone."""
    page = admin_page
    page.goto("/uploads/new")
    page.get_by_role("textbox", name="Resource type").first.fill("Datas")  # the search input
    page.get_by_role("option", name="Dataset", exact=True).first.click()
    expect(page.get_by_role("combobox", name="Resource type").first).to_contain_text("Dataset")
    metadata_only = page.get_by_role("checkbox", name="Metadata-only record")
    metadata_only.focus()
    page.keyboard.press("Space")
    upload = page.get_by_role("button", name="Upload files")
    expect(metadata_only).to_be_checked()
    expect(upload).to_be_hidden()  # no files, no drop zone
    page.locator(".ui.checkbox", has=metadata_only).locator("label").click()  # its label
    expect(metadata_only).not_to_be_checked()
    (tmp_path / "a11y.csv").write_text("a,b\n1,2\n")
    with page.expect_file_chooser() as chooser:
        upload.click()
    chooser.value.set_files(str(tmp_path / "a11y.csv"))
    expect(page.get_by_text("a11y.csv").first).to_be_visible()


def test_maintenance_page(sized_page, width):
    """nginx's maintenance page (docker/nginx/maintenance.html): HZDR's look, both languages,
    readable at both widths, no serious accessibility fault."""
    sized_page.goto((REPO / "docker" / "nginx" / "maintenance.html").as_uri())
    expect(sized_page.get_by_role("heading", name="RODARE is being maintained")).to_be_visible()
    expect(sized_page.get_by_role("heading", name="RODARE wird gewartet")).to_be_visible()
    assert sized_page.evaluate("document.documentElement.scrollWidth") <= width
    check_accessibility(sized_page, "maintenance", width)

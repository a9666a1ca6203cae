"""Software releases in the browser (issue 24, docs/software-releases.md): the settings page in
English and German with axe; a researcher links the local GitLab, switches a project on,
pushes a tag on the GitLab's page, and finds the release published with its DOI badge.

The stack's GitLab (stack/standins/gitlab.py) delivers the webhook to RODARE over HTTPS and
the worker makes the version; flow-solver's CITATION.cff names ROBIS id 30001, which the
stack's ROBIS knows, so the release passes the gate by itself.
"""

import re
import time

from playwright.sync_api import expect
from test_theme import check_accessibility

SETTINGS = "/account/settings/vcs/gitlab/"
CONNECT = "Connect your Helmholtz Codebase account"


def test_link_switch_on_push_a_tag_published_with_a_doi(page, login, researcher, live_stack):
    login(page, researcher.email, researcher.password)
    for language, heading in (("de", None), ("en", "Software preservation made simple!")):
        page.goto(f"{SETTINGS}?ln={language}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        if heading:
            expect(page.get_by_role("heading", name=heading)).to_be_visible()
        check_accessibility(page, f"vcs-settings-{language}", page.viewport_size["width"])

    # link: RODARE → the local GitLab's authorize page → back with the projects
    page.get_by_role("link", name=CONNECT).click()
    page.get_by_role("button", name=re.compile(r"Authorize as Anna Schmidt")).click()
    page.wait_for_url(f"**{SETTINGS}**")
    switch = page.locator("input.repo-switch-with-communities[data-repo-id='2001']")
    expect(switch).not_to_be_checked()
    check_accessibility(page, "vcs-projects", page.viewport_size["width"])
    with page.expect_response(lambda r: r.url.endswith("/repositories/2001/enable")) as enabled:
        page.locator(".ui.toggle.checkbox", has=switch).click()
    assert enabled.value.ok, enabled.value.status
    expect(switch).to_be_checked()

    # the developer pushes a tag (with a release) on the local GitLab's page
    gitlab = f"http://127.0.0.1:{live_stack.ports['gitlab']}"
    page.goto(f"{gitlab}/")
    form = page.locator("form[action='/-/standin/projects/2001/push-tag']")
    form.locator("input[name=tag_name]").fill("v1.0.0")
    form.get_by_role("button", name="Push tag").click()
    expect(page.get_by_text("v1.0.0").first).to_be_visible()

    # RODARE: the release is published with its DOI badge (the worker makes it)
    page.goto(f"{live_stack.url}{SETTINGS}repository/2001")
    deadline = time.monotonic() + 30
    badge = page.get_by_role("button", name=re.compile(r"^DOI: 10\.5072"))
    while not badge.count() and time.monotonic() < deadline:
        page.wait_for_timeout(1000)
        page.reload()
    expect(page.locator(".ui.tiny.header", has_text="Published").first).to_be_visible()
    expect(badge.first).to_be_visible()
    check_accessibility(page, "vcs-releases", page.viewport_size["width"])

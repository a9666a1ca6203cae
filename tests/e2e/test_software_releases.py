"""Software releases in the browser (issue 24, docs/software-releases.md): the settings page in
English and German with axe; a researcher links the local GitLab, switches a project on,
pushes two tags on the GitLab's page, and finds two versions published with their DOIs and
the DOI badge (the issue's "Done when").

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


def test_link_switch_on_push_two_tags_two_versions_with_dois(page, login, researcher, live_stack):
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

    # two tags (with a release each) pushed on the local GitLab's page; each is published
    # with its DOI (the worker makes it), the second as version 2
    gitlab = f"http://127.0.0.1:{live_stack.ports['gitlab']}"
    for count, tag in enumerate(("v1.0.0", "v1.1.0"), start=1):
        page.goto(f"{gitlab}/")
        form = page.locator("form[action='/-/standin/projects/2001/push-tag']")
        form.locator("input[name=tag_name]").fill(tag)
        form.get_by_role("button", name="Push tag").click()
        expect(page.get_by_text(tag).first).to_be_visible()

        page.goto(f"{live_stack.url}{SETTINGS}repository/2001")
        published = page.locator(".ui.tiny.header", has_text="Published")
        deadline = time.monotonic() + 30
        while published.count() < count and time.monotonic() < deadline:
            page.wait_for_timeout(1000)
            page.reload()
        expect(published).to_have_count(count)
    expect(page.get_by_role("button", name=re.compile(r"^DOI: 10\.5072"))).to_be_visible()
    dois = page.get_by_role("link", name=re.compile(r"DOI: 10\.5072"))
    expect(dois).to_have_count(2)
    assert len(set(dois.all_inner_texts())) == 2  # two versions, two DOIs
    check_accessibility(page, "vcs-releases", page.viewport_size["width"])

"""Usage statistics from a visitor's browser to the numbers on the landing page.

A visitor opens a landing page in Chromium and downloads its file; the live worker's beat
runs the statistics task (every 20 s in this stack, RODARE_STATISTICS_INTERVAL), and the
numbers appear in the REST API, in search results and on the landing page, in English and
German. A second browser that announces itself as headless (COUNTER lists "HeadlessChrome"
among robots) opens the same page and is not counted. The screenshots are kept in
.rodare/e2e-screenshots/. That the numbers survive a restart is part of test_restart.py (one
restart of the shared stack for both).
"""

from playwright.sync_api import expect

from stack.supervisor import REPO

SCREENSHOTS = REPO / ".rodare" / "e2e-screenshots"


def test_a_visit_and_a_download_show_on_the_landing_page(api, publish_record, new_page,
                                                         visitor_agent, wait_for_stats):
    """Browser visit and download → beat task → REST, search and the landing page say 1."""
    record = publish_record("Counted by visitors", filename="data.csv", content=b"a,b\n1,2\n")
    url = f"/records/{record['id']}"

    robot = new_page()  # Playwright's own user agent: HeadlessChrome
    assert robot.goto(url).ok

    visitor = new_page()
    visitor.context.set_extra_http_headers({"User-Agent": visitor_agent})
    assert visitor.goto(url).ok
    with visitor.expect_download() as download:
        visitor.locator("a[href*='/files/data.csv?download=1']").first.click()
    assert download.value.suggested_filename == "data.csv"

    stats = wait_for_stats(record["id"], {"unique_views": 1, "unique_downloads": 1})
    assert stats["this_version"]["views"] == 1  # the robot's view is not counted
    assert stats["all_versions"]["unique_views"] == 1

    hits = api.get(f"{api.base}/records", params={"q": f"id:{record['id']}"}).json()
    assert hits["hits"]["hits"][0]["stats"] == stats

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for language, views, downloads in (("en", "Views", "Downloads"),
                                       ("de", "Ansichten", "Downloads")):
        visitor.goto(f"{url}?ln={language}")
        numbers = visitor.locator(".ui.statistics .statistic")
        expect(numbers.filter(has_text=views).locator(".value")).to_have_text("1")
        expect(numbers.filter(has_text=downloads).locator(".value")).to_have_text("1")
        visitor.locator(".ui.statistics").first.scroll_into_view_if_needed()
        visitor.screenshot(path=str(SCREENSHOTS / f"statistics-landing-{language}.png"))

    visitor.goto(f"/search?q=id:{record['id']}")
    item = visitor.locator(".item").filter(has_text="Counted by visitors").first
    expect(item.locator(".label", has=visitor.locator("i.eye.icon"))).to_have_text("1")
    expect(item.locator(".label", has=visitor.locator("i.download.icon"))).to_have_text("1")
    visitor.screenshot(path=str(SCREENSHOTS / "statistics-search-en.png"))

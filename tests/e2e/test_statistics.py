"""Usage statistics from a visitor's browser to the numbers on the landing page.

A visitor opens a landing page in Chromium and downloads its file; the live worker's beat
runs the statistics task (every 20 s in this stack, RODARE_STATISTICS_INTERVAL), and the
numbers appear in the REST API, in search results and on the landing page, in English and
German. A second browser that announces itself as headless (COUNTER lists "HeadlessChrome"
among robots) opens the same page and is not counted. The screenshots are kept in
.rodare/e2e-screenshots/.
"""

import time

from playwright.sync_api import expect

from stack.supervisor import REPO

SCREENSHOTS = REPO / ".rodare" / "e2e-screenshots"
VISITOR = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/131.0.0.0 Safari/537.36")
"""A desktop Chrome: Playwright's headless Chromium says "HeadlessChrome", a COUNTER robot."""


def _wait_for_stats(api, record_id, expected, timeout=150):
    """Poll the REST API (a REST read is no view) until this version's stats reach ``expected``."""
    deadline = time.monotonic() + timeout
    while True:
        stats = api.get(f"{api.base}/records/{record_id}").json()["stats"]
        if all(stats["this_version"][key] == value for key, value in expected.items()):
            return stats
        assert time.monotonic() < deadline, stats
        time.sleep(3)


def test_a_visit_and_a_download_show_on_the_landing_page(api, publish_record, new_page):
    """Browser visit and download → beat task → REST, search and the landing page say 1."""
    record = publish_record("Counted by visitors", filename="data.csv", content=b"a,b\n1,2\n")
    url = f"/records/{record['id']}"

    robot = new_page()  # Playwright's own user agent: HeadlessChrome
    assert robot.goto(url).ok

    visitor = new_page()
    visitor.context.set_extra_http_headers({"User-Agent": VISITOR})
    assert visitor.goto(url).ok
    with visitor.expect_download() as download:
        visitor.locator("a[href*='/files/data.csv?download=1']").first.click()
    assert download.value.suggested_filename == "data.csv"

    stats = _wait_for_stats(api, record["id"], {"unique_views": 1, "unique_downloads": 1})
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


def test_the_numbers_survive_a_restart(api, publish_record, new_page, live_stack):
    """The embedded search server keeps nothing on disk: the stack saves the statistics at
    stop and restores them at start, before the records are indexed (stack/usage_stats.py)."""
    record = publish_record("Counted before a restart", filename="data.csv", content=b"x\n")
    visitor = new_page()
    visitor.context.set_extra_http_headers({"User-Agent": VISITOR})
    assert visitor.goto(f"/records/{record['id']}").ok
    before = _wait_for_stats(api, record["id"], {"unique_views": 1})
    visitor.context.close()

    live_stack.stop()
    live_stack.start(assets=False)

    assert api.get(f"{api.base}/records/{record['id']}").json()["stats"] == before
    page = new_page()
    page.goto(f"/records/{record['id']}")
    views = page.locator(".ui.statistics .statistic").filter(has_text="Views").locator(".value")
    expect(views).to_have_text("1")

"""The search page's next page, another order and a chosen year: the facets keep counting
the whole search (what the server counts), though the search server is now asked only for
the hits (``rodare_rdm.portable_search.aggregations``)."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from stack.supervisor import REPO

pytestmark = pytest.mark.e2e

SHOTS = REPO / ".rodare" / "e2e-screenshots"


def _shown(page, url, word):
    """The titles on the page and the access-level facet's text, after the page asked the
    REST API for them."""
    with page.expect_response(lambda r: "/api/records?" in r.url and r.status == 200):
        page.goto(url)
    expect(page.get_by_text("result(s) found")).to_be_visible()
    titles = page.get_by_role("link", name=re.compile(word)).all_inner_texts()
    facet = page.get_by_role("complementary", name="Search filters").locator(
        ".facet-container", has_text="Access level")
    return titles, " ".join(facet.inner_text().split())


def test_pages_orders_and_a_chosen_year_keep_counting_the_search(page, publish_record):
    word = f"pagetest{uuid.uuid4().hex[:8]}"
    for n, date in enumerate(["2019-03-01", "2021-05-01", "2021-06-01"]):
        publish_record(f"{word} {n}", date=date)

    first = _shown(page, f"/search?q={word}&s=1&p=1&sort=oldest", word)
    second = _shown(page, f"/search?q={word}&s=1&p=2&sort=oldest", word)
    newest = _shown(page, f"/search?q={word}&s=1&p=1&sort=newest", word)
    assert (first[0], second[0], newest[0]) == ([f"{word} 0"], [f"{word} 1"], [f"{word} 2"])
    assert first[1] == second[1] == newest[1] == "Access level Open 3"

    # A chosen year narrows the hits; the facets still count the whole search, as upstream's.
    chosen = _shown(page, f"/search?q={word}&sort=oldest&f=publication_date:2021..2021", word)
    assert chosen == ([f"{word} 1", f"{word} 2"], "Access level Open 3")
    expect(page.get_by_text("2 result(s) found")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-chosen-year.png"), full_page=True)

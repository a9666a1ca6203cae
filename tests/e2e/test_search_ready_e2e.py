"""The search page while the search indices are refilled: a 503 page that says why, then
the search again (rodare_rdm.search_ready, docs/reliability.md)."""

import pytest
from playwright.sync_api import expect

from stack.supervisor import REPO

pytestmark = pytest.mark.e2e

SHOTS = REPO / ".rodare" / "e2e-screenshots"


def _marker(live_stack, action):
    """Set or remove the refill marker as a refill does, in the instance's shell."""
    script = f"from rodare_rdm.search_ready import marker\nmarker.{action}()\n"
    live_stack.invenio("shell", input=script, check=True, capture_output=True, text=True)


def test_the_search_page_says_search_is_being_rebuilt(page, live_stack):
    _marker(live_stack, "start_refill")
    try:
        answer = page.goto("/search?q=rossendorf")
        # Ours (30 s), or what is left of upstream's rate-limit window (its headers are on),
        # which the limiter writes over ours: a CI run saw 29.
        assert answer.status == 503 and 0 < int(answer.headers["retry-after"]) <= 60
        expect(page.get_by_role("heading", name="Search is not available right now")).to_be_visible()
        expect(page.get_by_text("Search is being rebuilt after a restart")).to_be_visible()
        expect(page.get_by_role("link", name="Try again")).to_be_visible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "search-not-ready.png"), full_page=True)
        # The front page's recent uploads ask the REST API, which answers 503 too: no 500.
        front = page.request.get("/api/records?sort=newest")
        assert front.status == 503
    finally:
        _marker(live_stack, "end_refill")
    assert page.goto("/search?q=rossendorf").status == 200

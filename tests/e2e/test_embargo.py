"""Extending an embargo in the browser: the dialog, its refusal, the countdown, the history."""

import datetime
import uuid

from playwright.sync_api import expect


def iso(days):
    """The date ``days`` from today."""
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def opens(until):
    """The countdown's sentence for ``until``, counted from today when it is asked: a test
    that runs across midnight stores one date and reads one day less left."""
    left = (datetime.date.fromisoformat(until) - datetime.date.today()).days
    return f"Files open on {until} (in {left} days)."


def test_owner_extends_embargo_from_landing_page(page, login, researcher, publish_as_researcher,
                                                 api):
    """The owner, a plain researcher, sees the countdown, is refused an earlier date, extends,
    and sees the history."""
    until, later, earlier = iso(60), iso(200), iso(30)
    record = publish_as_researcher(
        f"Embargoed beamtime {uuid.uuid4().hex[:6]}",
        access={"embargo": {"until": until, "reason": "Paper under review"}},
        custom_fields={"rodare:access_level": "embargoed"},
        filename="counts.csv", content=b"channel,counts\n1,17\n",
    )
    login(page, researcher.email, researcher.password)
    page.goto(f"/records/{record['id']}")
    expect(page.get_by_text(opens(until)).first).to_be_visible()

    dialog = page.locator("#rodare-embargo-extend")
    dialog.locator("summary").click()
    dialog.locator("input[name=until]").fill(earlier)
    dialog.get_by_role("button", name="Extend embargo").click()
    expect(dialog.locator("#rodare-embargo-error")).to_contain_text("later than the current one")

    dialog.locator("input[name=until]").fill(later)
    dialog.locator("input[name=reason]").fill("Patent filing")
    dialog.get_by_role("button", name="Extend embargo").click()
    expect(page.get_by_text(opens(later)).first).to_be_visible()
    expect(page.get_by_text("Reason: Patent filing").first).to_be_visible()
    page.locator("#rodare-embargo-history summary").click()
    expect(page.locator("#rodare-embargo-history")).to_contain_text(later)

    stored = api.get(f"{api.base}/records/{record['id']}").json()
    assert stored["access"]["embargo"] == {"active": True, "until": later,
                                           "reason": "Patent filing"}
    assert stored["versions"]["index"] == 1  # no new version


def test_edit_form_shows_the_countdown(page, login, researcher, publish_as_researcher):
    """The deposit form of an embargoed record says its owner when the files open."""
    until = iso(45)
    record = publish_as_researcher(
        f"Embargoed edit {uuid.uuid4().hex[:6]}",
        access={"embargo": {"until": until}},
        custom_fields={"rodare:access_level": "embargoed"},
    )
    login(page, researcher.email, researcher.password)
    page.goto(f"/records/{record['id']}")
    page.get_by_role("button", name="Edit").first.click()
    page.wait_for_url("**/uploads/**")
    expect(page.locator("#access-level-section")).to_contain_text(opens(until))

"""The grace periods in the browser: the file window's countdown on the edit form (English and
German, day 17 and day 31 on the browser's clock) and the owner deleting a record.

The server's clock cannot move in a live stack: the browser's can (Playwright's ``page.clock``).
The countdown counts from the window's end that the server sends, so the browser's clock is
what it shows; the server's refusals at day 31 are tested in site/tests/file_edit and deletion.
Screenshots go to .rodare/e2e-screenshots/.
"""

import uuid
from datetime import datetime, timedelta

from playwright.sync_api import expect

from stack.supervisor import REPO

SHOTS = REPO / ".rodare" / "e2e-screenshots"


def created_of(record):
    """When the record was published (its window starts)."""
    return datetime.fromisoformat(record["created"])


def test_edit_form_counts_down(page, login, researcher, publish_as_researcher, researcher_api):
    """Day 17 and 11 hours: 12 more days, in English and German; the countdown moves on;
    day 31: a new version."""
    record = publish_as_researcher(f"Window {uuid.uuid4().hex[:6]}", filename="counts.csv",
                                   content=b"channel,counts\n1,17\n")
    assert researcher_api.post(f"{researcher_api.base}/records/{record['id']}/draft").ok  # "Edit"
    start = created_of(record)
    page.clock.install(time=start + timedelta(days=17, hours=11))
    login(page, researcher.email, researcher.password)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"/uploads/{record['id']}")
    countdown = page.locator("#rodare-file-window")
    expect(countdown).to_contain_text("Files can be changed for 12 more days.")
    expect(countdown).to_contain_text("12 days, 12 hours and 59 minutes left")
    page.get_by_text("Edit files", exact=True).click()  # upstream's accordion
    expect(page.get_by_role("button", name="Edit published files")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    countdown.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "file-window-countdown-1400.png")

    page.clock.run_for(2 * 60 * 1000)  # two minutes later, without a reload
    expect(countdown).to_contain_text("12 days, 12 hours and 57 minutes left")

    page.goto(f"/uploads/{record['id']}?ln=de")
    expect(page.locator("#rodare-file-window")).to_contain_text(
        "Dateien können noch 12 Tage lang geändert werden.")
    page.screenshot(path=SHOTS / "file-window-countdown-de-1400.png")

    page.clock.set_system_time(start + timedelta(days=31))
    page.goto(f"/uploads/{record['id']}?ln=en")
    over = page.locator("#rodare-file-window")
    expect(over).to_contain_text("create a new version to add, replace or delete files")
    expect(over.locator("button", has_text="New version")).to_be_visible()
    page.screenshot(path=SHOTS / "file-window-over-1400.png")


def test_landing_page_tells_the_owner(page, login, researcher, publish_as_researcher):
    """The owner's landing page: how long the files can change, and a link to the form."""
    record = publish_as_researcher(f"Window landing {uuid.uuid4().hex[:6]}",
                                   filename="counts.csv", content=b"channel,counts\n1,17\n")
    login(page, researcher.email, researcher.password)
    page.goto(f"/records/{record['id']}")
    notice = page.locator("#rodare-file-window-notice")
    expect(notice).to_contain_text("Files can be changed for 29 more days.")
    expect(notice.get_by_role("link", name="Edit files")).to_have_attribute(
        "href", f"/uploads/{record['id']}")


def test_owner_deletes_within_grace_period(page, login, researcher, publish_as_researcher, api):
    """Manage → Delete record: a reason, the acknowledgements, deleted at once; the tombstone
    with the citation; the DOI stays."""
    title = f"Mistaken upload {uuid.uuid4().hex[:6]}"
    record = publish_as_researcher(title, filename="counts.csv", content=b"channel\n1\n")
    login(page, researcher.email, researcher.password)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"/records/{record['id']}")
    page.locator(":text-is('Manage'):visible").first.click()
    page.get_by_role("button", name="Delete record").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("You can delete your records within 30 days of publishing.")
    for checkbox in dialog.locator(".ui.checkbox").all():
        checkbox.click()
    reason = dialog.locator(".field", has_text="I want to delete this record because").locator(
        ".ui.dropdown").first
    reason.click()
    dialog.get_by_role("option").first.click()
    page.screenshot(path=SHOTS / "delete-dialog-1400.png")
    with page.expect_response(lambda r: r.url.endswith("/request-deletion")) as answer:
        dialog.get_by_role("button", name="Delete immediately").click()
    assert answer.value.ok, answer.value.text()
    # The dialog reloads the page, which is now the tombstone.
    expect(page.get_by_text("Citation:").first).to_be_visible(timeout=30000)
    page.screenshot(path=SHOTS / "tombstone-1400.png", full_page=True)
    gone = api.get(f"{api.base}/records/{record['id']}")
    assert gone.status_code == 410
    assert gone.json()["tombstone"]["deletion_policy"] == {"id": "rodare-deletion-grace-period-v1"}

"""Quota (issue 23, item 2) in the browser: a drop beyond the record's quota offers "Request
more space" in the upload area; within the ceiling the upload grows at once; beyond it the
request goes to the administrators, who accept it in the administration panel; the
researcher is told in the form and by e-mail. English and German; axe at 1400 and 390 px on
the upload form with the request open and its state, and on the administration's pages.

The record's quota is made small by the administrator (upstream's ``POST /quota``), so that a
file of two kilobytes exceeds it. Screenshots go to .rodare/e2e-screenshots/.
"""

import email
import time
import uuid

from playwright.sync_api import expect
from test_theme import WIDTHS, check_accessibility

from stack.supervisor import REPO

SHOTS = REPO / ".rodare" / "e2e-screenshots"


def mails(live_stack, subject):
    """The e-mails the mail sink kept whose subject contains ``subject``: (to, body)."""
    found = []
    for path in sorted((live_stack.root / "mail").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes())
        if subject in message["Subject"]:
            body = message.get_payload(decode=True).decode()
            found.append((message["To"], body))
    return found


def wait_for_mail(live_stack, subject, text):
    """The e-mail with ``subject`` whose body has ``text``, once the worker has sent it."""
    for _ in range(60):
        for to, body in mails(live_stack, subject):
            if text in body:
                return to, body
        time.sleep(0.5)
    raise AssertionError(f"no e-mail '{subject}' with {text!r}: {mails(live_stack, subject)}")


def small_upload(researcher_api, api):
    """A researcher's new upload whose quota the administrator set to 1000 bytes: its id."""
    draft = researcher_api.post(f"{researcher_api.base}/records", json={
        "files": {"enabled": True},
        "metadata": {"title": f"Spectra {uuid.uuid4().hex[:6]}", "resource_type": {"id": "dataset"}},
    })
    assert draft.status_code == 201, draft.text
    record_id = draft.json()["id"]
    quota = api.post(f"{api.base}/records/{record_id}/quota",
                     json={"quota_size": 1000, "max_file_size": 1000})
    assert quota.ok, quota.text
    return record_id


def test_request_more_space_to_the_administrators_decision(new_page, login, live_stack, researcher,
                                                          researcher_api, api, admin_email,
                                                          tmp_path):
    """Drop beyond the quota → request 80 GB (at once) → request 200 GB (administrators) →
    the administrator accepts in the panel → the form and the e-mail say so."""
    record_id = small_upload(researcher_api, api)
    page = new_page()
    login(page, researcher.email, researcher.password)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"/uploads/{record_id}")
    area = page.locator("#rodare-quota-request")
    expect(area.get_by_role("button", name="Request more space")).to_be_visible()

    big = tmp_path / "spectrum.csv"
    big.write_text("channel,counts\n" + "1,17\n" * 400)  # 2 kB, beyond the 1 kB quota
    page.locator("input[type=file]").first.set_input_files(str(big))
    warning = page.locator(".ui.modal")  # upstream's refusal
    expect(warning).to_contain_text("exceeding the limit of 1.00 KB")
    warning.locator(".close").click()
    expect(area).to_contain_text("These files need 1 GB, more than this upload's 1.00 KB.")
    size = area.get_by_label("New total size in GB")
    expect(size).to_have_value("1")
    SHOTS.mkdir(parents=True, exist_ok=True)
    area.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "quota-request-open-1400.png")
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 1000})
        check_accessibility(page, "quota-request-open", width)
    page.set_viewport_size({"width": 1400, "height": 1000})

    # Bad input: the server's message in the form.
    size.fill("0")
    area.get_by_role("button", name="Request", exact=True).click()
    expect(area.locator("#rodare-quota-error")).to_contain_text("ask for more than that")

    # Within the ceiling (default 50 GB + 50 GB at once): granted, the page reloads.
    size.fill("80")
    with page.expect_navigation():
        area.get_by_role("button", name="Request", exact=True).click()
    expect(page.locator(".file-uploader")).to_contain_text("out of 80.00 GB")
    page.locator("input[type=file]").first.set_input_files(str(big))
    expect(page.get_by_text("spectrum.csv").first).to_be_visible()

    # Beyond it: a request to the administrators, told in the form.
    area.get_by_role("button", name="Request more space").click()
    area.get_by_label("New total size in GB").fill("200")
    area.get_by_role("button", name="Request", exact=True).click()
    state = page.locator("#rodare-quota-state")
    expect(state).to_contain_text("Your request for 200 GB went to the administrators.")
    request_url = state.get_by_role("link", name="Open the request").get_attribute("href")
    request_id = request_url.rstrip("/").rsplit("/", 1)[-1]
    page.screenshot(path=SHOTS / "quota-request-sent-1400.png")
    to, body = wait_for_mail(live_stack, "a depositor asks for more space", record_id)
    assert "200 GB" in body and f"/administration/requests/{request_id}" in body

    page.goto(f"/uploads/{record_id}?ln=de")
    expect(page.locator("#rodare-quota-state")).to_contain_text(
        "Ihr Antrag auf 200 GB wartet auf die Entscheidung der Administration.")
    expect(page.locator("#rodare-quota-request").get_by_role(
        "button", name="Mehr Speicherplatz beantragen")).to_be_visible()
    page.locator("#rodare-quota-state").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "quota-request-waiting-de-1400.png")
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 1000})
        check_accessibility(page, "quota-request-waiting-de", width)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"/uploads/{record_id}?ln=en")

    # The administrator decides in the administration panel.
    admin = new_page()
    login(admin, admin_email, live_stack.admin_password)
    admin.set_viewport_size({"width": 1400, "height": 1000})
    admin.goto("/administration/quota-requests")
    entry = admin.get_by_role("link", name="Quota increase request")
    expect(entry.first).to_contain_text(": 200 GB")
    for width in WIDTHS.values():
        admin.set_viewport_size({"width": width, "height": 1000})
        check_accessibility(admin, "admin-quota-requests", width)
    admin.set_viewport_size({"width": 1400, "height": 1000})
    admin.goto(f"/administration/requests/{request_id}")
    expect(admin.get_by_role("heading", name="Quota increase request")).to_contain_text(": 200 GB")
    for width in WIDTHS.values():
        admin.set_viewport_size({"width": width, "height": 1000})
        check_accessibility(admin, "admin-quota-request", width)
    admin.set_viewport_size({"width": 1400, "height": 1000})
    admin.get_by_role("button", name="Accept").first.click()
    modal = admin.locator(".ui.modal.visible")  # upstream's action dialog, with a comment
    expect(modal).to_be_visible()
    admin.screenshot(path=SHOTS / "admin-quota-request-accept-dialog-1400.png")
    modal.get_by_role("button", name="Accept").click()
    expect(admin.get_by_text("Accepted").first).to_be_visible()
    admin.screenshot(path=SHOTS / "admin-quota-request-accepted-1400.png", full_page=True)

    to, body = wait_for_mail(live_stack, "more space for your upload", record_id)
    assert to == researcher.email and "now holds 200 GB" in body
    page.goto(f"/uploads/{record_id}")
    expect(page.locator(".file-uploader")).to_contain_text("out of 200.00 GB")
    expect(page.locator("#rodare-quota-state")).to_contain_text(
        "More space granted: this upload holds 200 GB.")
    page.locator("#rodare-quota-state").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "quota-request-granted-1400.png")


def test_declined_request_in_the_form(page, login, live_stack, researcher, researcher_api, api):
    """A request the administrators declined: the form says so (German), the e-mail too."""
    record_id = small_upload(researcher_api, api)
    asked = researcher_api.post(f"{researcher_api.base}/records/{record_id}/quota-request",
                                json={"quota_size": 300})
    assert asked.status_code == 201, asked.text
    declined = api.post(f"{api.base}/requests/{asked.json()['id']}/actions/decline", json={})
    assert declined.ok, declined.text
    to, body = wait_for_mail(live_stack, "was declined", record_id)
    assert to == researcher.email and "300 GB" in body

    login(page, researcher.email, researcher.password)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"/uploads/{record_id}?ln=de")
    state = page.locator("#rodare-quota-state")
    expect(state).to_contain_text("Die Administration hat Ihren Antrag auf 300 GB abgelehnt.")
    expect(state.get_by_role("link", name="Antrag öffnen")).to_have_attribute(
        "href", asked.json()["links"]["self_html"])
    state.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "quota-request-declined-de-1400.png")
    page.goto(f"/uploads/{record_id}?ln=en")

"""The four access levels as people meet them: the deposit form's choice, each landing page.

One live stack (the session's); records are made over REST where the form is not the
subject, and the browser plays the depositor, a visitor and a requester.
"""

import datetime
import uuid

import pytest
import requests
from playwright.sync_api import expect

IN_60_DAYS = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()


def _embargo_sentence():
    """What the landing page says today: the count is of days left *now*, so a run that crosses
    midnight after the records were made expects 59, as the page (rightly) says."""
    days = (datetime.date.fromisoformat(IN_60_DAYS) - datetime.date.today()).days
    return f"Files open on {IN_60_DAYS} (in {days} days)."


def test_deposit_form_four_way_choice(page, login, live_stack, researcher, api, tmp_path,
                                      fill_deposit, give_robis_id):
    """A researcher chooses embargoed (the form insists on a date), then closed; publishes;
    outsiders are refused."""
    login(page, researcher.email, researcher.password)
    upload = tmp_path / "spectra.csv"
    upload.write_text("channel,counts\n1,17\n")
    page.goto("/uploads/new")
    card = page.locator("#access-level-section")
    expect(card.get_by_text("Only you, the curators of your communities")).to_be_visible()
    expect(card.locator("#access-level-open")).to_be_checked()  # open by default
    record_id = fill_deposit(page, f"Spectra {uuid.uuid4().hex[:8]}", upload)

    card.locator("label[for=access-level-embargoed]").click()
    page.get_by_role("button", name="Save draft").click()
    expect(card.get_by_text("An embargoed record needs an embargo end date in the future.")).to_be_visible()
    card.locator("input[type=date]").fill(IN_60_DAYS)
    card.locator("textarea#access\\.embargo\\.reason").fill("Paper under review")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Record successfully saved.")).to_be_visible()
    draft = api.get(f"{api.base}/records/{record_id}/draft").json()
    assert draft["custom_fields"]["rodare:access_level"] == "embargoed"
    assert draft["access"]["embargo"] == {"active": True, "until": IN_60_DAYS,
                                          "reason": "Paper under review"}

    give_robis_id(record_id)  # as ROBIS would; the form shows it after a reload
    page.reload()
    card.locator("label[for=access-level-closed]").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.locator(".ui.modal").get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**/records/{record_id}")
    expect(page.locator("#record-info .access-status")).to_contain_text("Closed")
    record = api.get(f"{api.base}/records/{record_id}").json()
    assert record["custom_fields"]["rodare:access_level"] == "closed"
    assert record["access"]["files"] == "restricted" and not record["access"]["embargo"]["active"]

    # An outsider sees the file's name, not its content.
    outsider = requests.get(f"{live_stack.url}/api/records/{record_id}/files/spectra.csv/content",
                            verify=live_stack.certificate)
    assert outsider.status_code == 403


@pytest.fixture(scope="module")
def four_records(publish_record):
    """One published record at each level, with a file."""
    made = {}
    for level in ("open", "embargoed", "restricted", "closed"):
        custom = {"rodare:access_level": level}
        access = {"embargo": {"until": IN_60_DAYS, "reason": "Patent filing"}} if level == "embargoed" else {}
        if level == "restricted":
            custom["rodare:access_conditions"] = "Collaborators of the ELBE beamtime only."
        made[level] = publish_record(f"Beamtime {level} {uuid.uuid4().hex[:6]}", access=access,
                                     custom_fields=custom, filename="counts.csv",
                                     content=b"channel,counts\n1,17\n")
    return made


@pytest.mark.parametrize("level,label,says", [
    ("open", "Open", "Everyone can download the files."),
    ("embargoed", "Embargoed", _embargo_sentence),
    ("restricted", "Restricted", "Collaborators of the ELBE beamtime only."),
    ("closed", "Closed", "To ask about these files, write to"),
])
def test_landing_page_of_each_level(page, four_records, level, label, says):
    """A visitor sees the level's badge, its explanation, the file's name; a download only if open."""
    record = four_records[level]
    page.goto(f"/records/{record['id']}")
    expect(page.locator("#record-info .access-status")).to_contain_text(label)
    expect(page.get_by_text(says() if callable(says) else says).first).to_be_visible()
    expect(page.get_by_text("counts.csv").first).to_be_visible()
    download = page.locator("a[href*='counts.csv?download=1']")
    if level == "open":
        expect(download.first).to_be_visible()
    else:
        expect(download).to_have_count(0)
    request_form = page.get_by_role("button", name="Request access")
    expect(request_form).to_have_count(1 if level == "restricted" else 0)


def test_request_access_to_restricted_files(page, login, four_records, invenio_cli):
    """A logged-in researcher asks for the files of a restricted record; the request is made."""
    email, password = f"guest-{uuid.uuid4().hex[:6]}@hzdr.de", "request-secret-42"
    invenio_cli("users", "create", email, "--password", password, "-a", "-c")
    login(page, email, password)
    page.goto(f"/records/{four_records['restricted']['id']}")
    page.locator("textarea[name=message]").fill("For my thesis on ELBE neutron yields.")
    page.locator(".field", has_text="I agree that my full name").locator("label").click()
    page.get_by_role("button", name="Request access").click()
    page.wait_for_url("**/requests/**")
    expect(page.get_by_text("For my thesis on ELBE neutron yields.").first).to_be_visible()

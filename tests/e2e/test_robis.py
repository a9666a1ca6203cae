"""ROBIS first, as a researcher meets it: the deposit form sends them to ROBIS, ROBIS calls
RODARE's REST API with its service credential and sends them back, then they publish.

The local ROBIS (stack/standins/robis.py) is a real HTTP server started with the stack.
"""

import uuid

import requests
from playwright.sync_api import expect


def test_register_in_robis_then_publish(page, login, live_stack, invenio_cli, tmp_path, fill_deposit, api):
    email, password = f"researcher-{uuid.uuid4().hex[:6]}@hzdr.de", "a-researcher-password"
    invenio_cli("users", "create", email, "--password", password, "-a", "-c")
    login(page, email, password)
    upload = tmp_path / "counts.csv"
    upload.write_text("channel,counts\n1,17\n")
    page.goto("/uploads/new")
    title = f"Positron lifetimes {uuid.uuid4().hex[:8]}"
    record_id = fill_deposit(page, title, upload)

    # Without a ROBIS id the publish step is "Register in ROBIS": it saves and goes to ROBIS.
    page.get_by_role("button", name="Publish", exact=True).click()
    dialog = page.locator(".ui.modal")
    expect(dialog.get_by_text("Register in ROBIS first")).to_be_visible()
    dialog.get_by_role("button", name="Register in ROBIS").click()

    # ROBIS shows what it received, and registers.
    page.wait_for_url("**/robis/rodare/register?**")
    expect(page.get_by_text(title)).to_be_visible()
    expect(page.get_by_text("Rossendorf, Rosa")).to_be_visible()
    page.get_by_role("button", name="Register publication").click()

    # Back in RODARE: the form says so, and Publish works.
    page.wait_for_url(f"**/uploads/{record_id}**")
    section = page.locator("#rodare-robis-registration")
    expect(section).to_contain_text("Registered in ROBIS as Publ-")
    robis_id = section.get_by_role("link").inner_text().split("Publ-", 1)[1].strip()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator("#rodare-robis-registered")).to_contain_text(f"Publ-{robis_id}")
    page.locator(".ui.modal").get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**/records/{record_id}")
    link = page.locator("#rodare-robis-id a")
    expect(link).to_have_attribute("href", f"https://www.hzdr.de/publications/Publ-{robis_id}")
    record = api.get(f"{api.base}/records/{record_id}").json()
    assert record["custom_fields"]["hzdr:robis_id"] == robis_id


def test_register_in_robis_with_fields_missing(page, login, researcher, tmp_path):
    """An incomplete draft is saved, not sent: the button says what to do and stays usable."""
    login(page, researcher.email, researcher.password)
    upload = tmp_path / "counts.csv"
    upload.write_text("channel,counts\n1,17\n")
    page.goto("/uploads/new")
    page.locator("input[type=file]").first.set_input_files(str(upload))
    expect(page.get_by_text("md5:").first).to_be_visible()
    page.fill("input[name='metadata.title']", f"Unfinished {uuid.uuid4().hex[:8]}")

    section = page.locator("#rodare-robis-registration")
    button = section.get_by_role("button", name="Register in ROBIS")
    button.click()
    expect(section.locator("#rodare-robis-problem")).to_contain_text("some fields are missing")
    resource_type = page.locator(".field", has_text="Resource type").first
    expect(resource_type).to_contain_text("Missing data for required field.")
    expect(button).to_be_enabled()
    assert "/robis" not in page.url


def test_rest_gate_and_service_fence(live_stack, invenio_cli, api):
    """A researcher's REST publish is refused; ROBIS's credential opens nothing else."""
    email = f"rest-{uuid.uuid4().hex[:6]}@hzdr.de"
    invenio_cli("users", "create", email, "--password", "a-rest-password", "-a", "-c")
    token = invenio_cli("tokens", "create", "-n", "t", "-u", email).strip().splitlines()[-1]
    session = requests.Session()
    session.trust_env, session.verify = False, live_stack.certificate
    session.headers["Authorization"] = f"Bearer {token}"
    draft = session.post(f"{api.base}/records", json={
        "access": {"record": "public", "files": "public"}, "files": {"enabled": False},
        "metadata": {"creators": [{"person_or_org": {"family_name": "Rossendorf", "given_name": "Rosa",
                                                      "type": "personal"}}],
                     "publication_date": "2024-05-13", "publisher": "Rodare",
                     "resource_type": {"id": "dataset"}, "title": "REST deposit"}}).json()
    refused = session.post(draft["links"]["publish"])
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "custom_fields.hzdr:robis_id"

    robis_token = (live_stack.root / "robis-token").read_text().strip()
    fenced = requests.get(f"{api.base}/records", headers={"Authorization": f"Bearer {robis_token}"},
                          verify=live_stack.certificate)
    assert fenced.status_code == 403

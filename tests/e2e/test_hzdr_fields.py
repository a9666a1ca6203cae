"""The HZDR and journal sections of the deposit form, the landing page, the search facets and OAI-PMH.

A researcher describes a dataset with institute, programme, facility, proposal, experiment
period and SciCat dataset using the autocomplete widgets, publishes it, finds it by the
facets, and a harvester receives the fields.
"""

import uuid

import requests
from lxml import etree
from playwright.sync_api import expect

from stack.supervisor import REPO

DC = {"dc": "http://purl.org/dc/elements/1.1/"}
SHOTS = REPO / ".rodare" / "e2e-screenshots"


def _choose(page, field, typed, option):
    """Type into an autocomplete of the HZDR section and pick the suggestion."""
    box = page.locator(f"input#custom_fields\\.hzdr\\:{field}")
    box.fill(typed)
    page.locator("#hzdr-section [role=option]", has_text=option).first.click()
    page.keyboard.press("Escape")


def _add_value(page, field, value):
    """Type a value into a multi-value input and confirm it with Enter."""
    box = page.locator(f"[name='custom_fields.hzdr:{field}'] input.search")
    box.fill(value)
    box.press("Enter")
    page.keyboard.press("Escape")


def test_describe_find_and_harvest(page, login, live_stack, admin_email, tmp_path, fill_deposit, api):
    login(page, admin_email, live_stack.admin_password)
    upload = tmp_path / "magnetisation.csv"
    upload.write_text("field,m\n10,0.2\n")
    page.goto("/uploads/new")
    title = f"Pulsed-field magnetisation {uuid.uuid4().hex[:8]}"
    record_id = fill_deposit(page, title, upload)

    page.locator("#hzdr-section").scroll_into_view_if_needed()
    _choose(page, "institutes", "Ion Beam", "Institute of Ion Beam Physics and Materials Research")
    _choose(page, "institutes", "Freiberg", "Helmholtz Institute Freiberg for Resource Technology")
    _choose(page, "programme", "Dynamics", "Dynamics, Mechanisms and Control (DMC)")
    _choose(page, "facilities", "TELBE", "TELBE – superradiant THz sources (ELBE)")
    _add_value(page, "proposals", "20231234")
    page.fill("input[name='custom_fields.hzdr:experiment_period']", "2024-03-04/2024-03-08")
    _add_value(page, "scicat_datasets", "20.500.12345/abc-def")
    # Upstream's journal section follows the HZDR one (legacy fields' home, migration).
    page.fill("input[name='custom_fields.journal:journal.title']", "Physical Review B <i>x</i>")
    page.fill("input[name='custom_fields.journal:journal.volume']", "109")
    page.locator("input[name='custom_fields.journal:journal.volume']").scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "deposit-journal-section.png"))

    page.get_by_role("button", name="Publish", exact=True).click()
    page.locator(".ui.modal").get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**/records/{record_id}")

    record = api.get(f"{api.base}/records/{record_id}").json()["custom_fields"]
    assert [i["id"] for i in record["hzdr:institutes"]] == ["iim", "hif"]
    assert record["hzdr:programme"]["id"] == "matter-mml-dmc"
    assert record["hzdr:facilities"] == [{"id": "elbe-telbe", "title": {
        "en": "TELBE – superradiant THz sources (ELBE)", "de": "TELBE – superradiante THz-Quellen (ELBE)"}}]
    assert record["hzdr:proposals"] == ["20231234"]
    assert record["hzdr:experiment_period"] == "2024-03-04/2024-03-08"
    assert record["hzdr:scicat_datasets"] == ["20.500.12345/abc-def"]
    assert record["journal:journal"] == {"title": "Physical Review B <i>x</i>", "volume": "109"}

    # The landing page shows the section, with the SciCat dataset as a link.
    expect(page.get_by_text("Institute of Ion Beam Physics and Materials Research").first).to_be_visible()
    expect(page.get_by_text("Physical Review B <i>x</i>").first).to_be_visible()  # escaped, as typed
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "hzdr-landing-page.png"), full_page=True)
    scicat = page.get_by_role("link", name="20.500.12345/abc-def")
    expect(scicat).to_have_attribute("href", "https://scicat.hzdr.de/datasets/20.500.12345%2Fabc-def")

    # Search: the facets count it, and choosing facility ELBE (its instrument TELBE) finds it.
    page.goto(f"/search?q=%22{title.replace(' ', '%20')}%22")
    filters = page.get_by_role("complementary", name="Search filters")
    facility = filters.locator(".facet-container", has_text="Facility")
    expect(facility.get_by_text("ELBE – Center for High-Power Radiation Sources")).to_be_visible()
    expect(filters.locator(".facet-container", has_text="Research field").get_by_text("Matter")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "hzdr-search-facets.png"), full_page=True)
    page.goto("/search?q=&f=hzdr_facility:elbe&f=hzdr_institute:iim")
    expect(page.get_by_role("link", name=title)).to_be_visible()

    # A harvester receives the fields (oai_dc).
    oai = requests.get(f"{live_stack.url}/oai2d", verify=live_stack.certificate, params={
        "verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": f"oai:rodare.hzdr.de:{record_id}"})
    subjects = [e.text for e in etree.fromstring(oai.content).iterfind(".//dc:subject", DC)]
    assert "Dynamics, Mechanisms and Control (DMC)" in subjects
    assert "TELBE – superradiant THz sources (ELBE)" in subjects


def test_hzdr_communities_exist(live_stack):
    """Set-up made the HZDR communities; HIF keeps today's RODARE id ``fwg``."""
    res = requests.get(f"{live_stack.url}/api/communities/fwg", verify=live_stack.certificate)
    assert res.status_code == 200
    assert res.json()["metadata"]["title"] == "Helmholtz Institute Freiberg for Resource Technology"
    parent = requests.get(f"{live_stack.url}/api/communities/rodare", verify=live_stack.certificate).json()
    assert res.json()["parent"]["id"] == parent["id"]

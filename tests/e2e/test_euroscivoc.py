"""EuroSciVoc subjects: imported from a file into the live stack, picked in the deposit form,
and found through the search facet, in English and German; axe at both widths.

The file is the tests' eight-concept sample in EuroSciVoc's RDF/XML format
(site/tests/euroscivoc/data), loaded the way an operator loads the downloaded file.
"""

import uuid

import pytest
from playwright.sync_api import expect
from test_theme import check_accessibility, sized_page, width  # noqa: F401 (fixtures)

from stack.supervisor import REPO

SAMPLE = REPO / "site" / "tests" / "euroscivoc" / "data" / "euroscivoc-sample.rdf"
SHOTS = REPO / ".rodare" / "e2e-screenshots"


@pytest.fixture(scope="session")
def euroscivoc(invenio_cli):
    """``invenio rodare-euroscivoc import FILE`` against the live stack."""
    output = invenio_cli("rodare-euroscivoc", "import", str(SAMPLE))
    assert "8 concepts loaded" in output, output
    return output


@pytest.fixture(scope="session")
def subject_record(euroscivoc, publish_record, api):
    """A published record about laser physics (another one has no EuroSciVoc subject)."""
    publish_record(f"Unrelated {uuid.uuid4().hex[:6]}")
    title = f"Laser-driven proton beams {uuid.uuid4().hex[:6]}"
    return title


def _pick_subject(page, typed, option, suggest_from="Suggest from"):
    """Choose EuroSciVoc under "Suggest from", type, pick the suggestion."""
    page.locator(f"[aria-label='{suggest_from}']").click()
    page.get_by_role("option", name="EuroSciVoc", exact=True).click()
    box = page.locator("[name='metadata.subjects'] input.search")
    box.fill(typed)
    page.get_by_role("option", name=option).first.click()
    page.keyboard.press("Escape")


def test_pick_in_form_and_find_by_facet(page, login, live_stack, admin_email, tmp_path,
                                        fill_deposit, subject_record, api):
    """A subject picked from EuroSciVoc's suggestions is stored with its id; the facet finds the record
    and names the subject in the page's language."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    login(page, admin_email, live_stack.admin_password)
    upload = tmp_path / "protons.csv"
    upload.write_text("energy,count\n10,3\n")
    page.goto("/uploads/new")
    record_id = fill_deposit(page, subject_record, upload)
    page.locator("[name='metadata.subjects']").scroll_into_view_if_needed()
    _pick_subject(page, "Laser", "(EuroSciVoc) Laser physics")
    expect(page.locator("[name='metadata.subjects'] a.ui.label",
                        has_text="Laser physics")).to_be_visible()
    page.screenshot(path=SHOTS / "euroscivoc-deposit-1400.png")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.locator(".ui.modal").get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**/records/{record_id}")
    stored = api.get(f"{api.base}/records/{record_id}").json()["metadata"]["subjects"]
    assert stored == [{"id": "euroscivoc:1005", "subject": "Laser physics",
                       "scheme": "EuroSciVoc", "identifiers": stored[0]["identifiers"],
                       "props": stored[0]["props"]}]

    for lang, label in (("en", "Laser physics"), ("de", "Laserphysik")):
        # a browser set to the language: the page and its API calls in that language
        page.set_extra_http_headers({"Accept-Language": lang})
        page.goto("/search?q=")
        filters = page.locator("aside:visible").first  # the facets (at 1400 px)
        expect(filters.get_by_text("EuroSciVoc", exact=True)).to_be_visible()
        value = filters.get_by_text(label, exact=True).first
        expect(value).to_be_visible()
        page.screenshot(path=SHOTS / f"euroscivoc-facet-{lang}-1400.png", full_page=True)
        value.click()
        expect(page.get_by_text(subject_record).first).to_be_visible()
        expect(page.get_by_text("Unrelated ")).to_have_count(0)


def test_german_form_suggests_german_names(page, login, live_stack, admin_email, euroscivoc):
    """On a German page the suggestions carry the German label; the record stores the id."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    login(page, admin_email, live_stack.admin_password)
    page.goto("/uploads/new?ln=de")
    page.locator("[name='metadata.subjects']").scroll_into_view_if_needed()
    _pick_subject(page, "Kernphysik", "(EuroSciVoc) Kernphysik", suggest_from="Vorschläge aus")
    expect(page.locator("[name='metadata.subjects'] a.ui.label",
                        has_text="Kernphysik")).to_be_visible()
    page.screenshot(path=SHOTS / "euroscivoc-deposit-de-1400.png")


def test_search_and_form_accessibility(sized_page, width, login, live_stack,  # noqa: F811
                                       admin_email, subject_record):
    """No serious or critical axe violation on the search page with the facet and on the
    deposit form with "Suggest from", at both widths."""
    login(sized_page, admin_email, live_stack.admin_password)
    sized_page.goto("/uploads/new")
    expect(sized_page.locator("[aria-label='Suggest from']")).to_be_visible()
    check_accessibility(sized_page, "euroscivoc-deposit-form", width)
    sized_page.goto("/search?q=")
    expect(sized_page.get_by_role("region", name="Search results")).to_be_visible()
    expect(sized_page.get_by_text("Unrelated ").first).to_be_visible()  # results loaded
    check_accessibility(sized_page, "euroscivoc-search", width)

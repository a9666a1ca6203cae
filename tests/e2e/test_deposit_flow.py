"""A researcher's whole path through the web UI, in headless Chromium (Playwright).

Log in, create a community, fill the deposit form, upload a file, publish, open the
landing page, download the file, and find the record in search with the
publication-date facet showing its year.
"""

import datetime
import uuid

from playwright.sync_api import expect

def test_deposit_review_publish_download_search(new_page, login, live_stack, admin_email,
                                                 researcher, tmp_path, fill_deposit):
    """A researcher's deposit submitted to a community is accepted, downloads, and search finds it.

    A plain researcher deposits and submits; the administrator, who creates and so curates
    the community, accepts in a browser of their own, which is the curator's path on RODARE.
    """
    curator, page = new_page(), new_page()
    login(curator, admin_email, live_stack.admin_password)
    login(page, researcher.email, researcher.password)

    # Create a community.
    slug = f"elbe-{uuid.uuid4().hex[:6]}"
    curator.goto("/communities-new")
    curator.fill("input[name='metadata.title']", "ELBE beamline data")
    curator.fill("input[name='slug']", slug)
    curator.get_by_role("button", name="Create community").click()
    curator.wait_for_url(f"**/communities/{slug}/**")

    # Fill the deposit form for that community and upload a file.
    title = f"Neutron yields at ELBE {uuid.uuid4().hex[:8]}"
    upload = tmp_path / "yields.csv"
    upload.write_text("energy,yield\n1,0.5\n")
    page.goto(f"/uploads/new?community={slug}")
    record_id = fill_deposit(page, title, upload)

    # Submit it for review, with a message to the curators.
    page.get_by_role("button", name="Submit for review", exact=True).click()
    review = page.locator(".ui.modal")
    review.locator("label[for=acceptAccessToRecord]").click()
    review.locator("label[for=acceptAfterPublishRecord]").click()
    review.locator("textarea[name=reviewComment]").fill("Beamtime 2026, please review.")
    review.get_by_role("button", name="Submit record for review").click()
    page.wait_for_url("**/requests/**")
    # The request timeline (osmem gap G3) shows the message.
    expect(page.get_by_text("Beamtime 2026, please review.").first).to_be_visible()
    expect(page.get_by_role("button", name="Accept and publish")).to_have_count(0)

    # Accept it as the community's curator: that publishes the record.
    curator.goto(page.url)
    curator.get_by_role("button", name="Accept and publish").first.click()
    curator.locator(".ui.modal").get_by_role("button", name="Accept and publish").click()
    # accept publishes, then the page reloads: two slow requests on a loaded machine
    expect(curator.get_by_text("Accepted").first).to_be_visible(timeout=30000)

    # The landing page, and the file downloaded from it.
    page.goto(f"/records/{record_id}")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("ELBE beamline data").first).to_be_visible()
    with page.expect_download() as download_info:
        page.locator("a[href*='yields.csv?download=1']").first.click()
    assert open(download_info.value.path()).read() == "energy,yield\n1,0.5\n"

    # Search finds it, and the publication-date facet (osmem gap G1) shows this year.
    year = str(datetime.date.today().year)
    page.goto(f"/search?q=%22{title.replace(' ', '%20')}%22")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    facet = page.locator(".ui.card.facet").filter(
        has=page.get_by_role("heading", name="Publication date"))
    expect(facet.locator(".searchkit-daterange-slider-label").first).to_have_text(year)

    # So does the community's own record search.
    page.goto(f"/communities/{slug}/records")
    expect(page.get_by_role("link", name=title)).to_be_visible()

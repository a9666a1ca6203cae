"""DOIs on the live stack: the Celery worker registers them at the stack's local DataCite.

Publish over REST → version and concept DOI findable at DataCite with the landing URLs; a new
version → its own DOI and the concept lists both; the landing page shows both DOIs.
"""

import time

import pytest
import requests
from playwright.sync_api import expect

from stack.supervisor import REPO


@pytest.fixture(scope="module")
def datacite(live_stack):
    """A function reading a DOI from the stack's local DataCite (None while unknown)."""
    session = requests.Session()
    session.trust_env = False
    base = f"http://127.0.0.1:{live_stack.ports['datacite']}/dois/"

    def read(doi):
        response = session.get(base + doi)
        return response.json()["data"]["attributes"] if response.ok else None

    return read


def eventually(check, timeout=60):
    """Poll ``check`` until it returns something truthy: the worker runs after the request."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def _related(attributes, relation):
    return sorted(r["relatedIdentifier"] for r in attributes.get("relatedIdentifiers", [])
                  if r["relationType"] == relation)


def test_rest_publish_registers_both_dois_and_versions_follow(api, publish_record, datacite, live_stack):
    """First publish, then a new version: DataCite stays in step."""
    record = publish_record("DOI record on the live stack")
    version_doi = record["pids"]["doi"]["identifier"]
    concept_doi = record["parent"]["pids"]["doi"]["identifier"]
    assert version_doi == f"10.5072/rodare.{record['id']}"
    assert concept_doi == f"10.5072/rodare.{record['parent']['id']}"

    version = eventually(lambda: (datacite(version_doi) or {}).get("state") == "findable"
                         and datacite(version_doi))
    concept = eventually(lambda: (datacite(concept_doi) or {}).get("state") == "findable"
                         and datacite(concept_doi))
    assert version and concept, "the worker did not register both DOIs"
    assert version["url"] == f"{live_stack.url}/doi/{version_doi}"
    assert version["publisher"]["publisherIdentifier"] == "https://ror.org/01zy2cs03"
    landing = requests.get(version["url"], verify=live_stack.certificate)
    assert landing.status_code == 200 and landing.url.endswith(f"/records/{record['id']}")

    draft = api.post(f"{api.base}/records/{record['id']}/versions").json()
    draft["metadata"]["publication_date"] = "2025-01-01"
    draft["metadata"]["title"] = "DOI record on the live stack, v2"
    assert api.put(draft["links"]["self"], json=draft).ok
    second = api.post(draft["links"]["publish"])
    assert second.status_code == 202, second.text
    v2 = second.json()["pids"]["doi"]["identifier"]
    assert v2 not in (version_doi, concept_doi)
    concept = eventually(lambda: _related(datacite(concept_doi), "HasVersion") == sorted([version_doi, v2])
                         and datacite(concept_doi))
    assert concept, "the concept DOI does not list both versions"
    assert concept["titles"] == [{"title": "DOI record on the live stack, v2"}]
    older = eventually(lambda: _related(datacite(version_doi), "IsPreviousVersionOf") == [v2])
    assert older, "the first version does not point at the second"


def test_landing_page_shows_both_dois(page, publish_record):
    """Version DOI and concept DOI with the 'cite all versions' hint."""
    record = publish_record("DOI landing page")
    page.goto(f"/records/{record['id']}")
    box = page.locator("#rodare-dois")
    expect(box).to_contain_text(record["pids"]["doi"]["identifier"])
    expect(box).to_contain_text(record["parent"]["pids"]["doi"]["identifier"])
    expect(box).to_contain_text("Cite all versions?")
    shots = REPO / ".rodare" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "doi-landing.png"), full_page=False)


def test_administrators_see_the_doi_states(page, login, admin_email, live_stack, publish_record,
                                           datacite):
    """/administration/dois lists each DOI with its DataCite state."""
    record = publish_record("DOI states for administrators")
    version_doi = record["pids"]["doi"]["identifier"]
    assert eventually(lambda: datacite(version_doi)), "the worker did not register the DOI"
    login(page, admin_email, live_stack.admin_password)
    page.goto("/administration/dois")
    row = page.locator(f'tr[data-doi="{version_doi}"]')
    expect(row).to_have_attribute("data-status", "registered")
    shots = REPO / ".rodare" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "doi-admin.png"), full_page=False)

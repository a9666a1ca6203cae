"""Curation checks on the review request: what the depositor and the curator of an HZDR
institute community see, in English and German, and axe at both widths.

The institute community ``iim`` has RODARE's preset (set-up runs ``rodare-curation preset``):
an HZDR institute and a licence are errors, closed file formats a warning.
"""

import uuid

import pytest
from playwright.sync_api import expect
from test_theme import check_accessibility, sized_page, width  # noqa: F401 (fixtures)

from stack.supervisor import REPO

SHOTS = REPO / ".rodare" / "e2e-screenshots"


@pytest.fixture(scope="session")
def iim_curator(invenio_cli, api):
    """An account that curates the institute community ``iim`` (and nothing else)."""
    email = f"curator-{uuid.uuid4().hex[:8]}@hzdr.de"
    invenio_cli("users", "create", email, "--password", "a-curator-password", "-a", "-c")
    user_id = next(  # read from the database (the search index is filled by the worker)
        str(i) for i in range(1, 500)
        if api.get(f"{api.base}/users/{i}").json().get("email") == email)
    community = api.get(f"{api.base}/communities/iim").json()["id"]
    invited = api.post(f"{api.base}/communities/{community}/invitations", json={
        "members": [{"type": "user", "id": user_id}], "role": "curator"})
    assert invited.status_code == 204, invited.text
    # The invited account accepts, as a person does from the invitation.
    token = invenio_cli("tokens", "create", "-n", "e2e", "-u", email).strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    requests_ = api.get(f"{api.base}/requests", headers=headers,
                        params={"q": "type:community-invitation"}).json()["hits"]["hits"]
    accepted = api.post(requests_[0]["links"]["actions"]["accept"], headers=headers, json={})
    assert accepted.ok, accepted.text
    return email, "a-curator-password"


@pytest.fixture(scope="session")
def checked_request(researcher_api):
    """The researcher's draft asking to join ``iim``: first without institute and licence
    (refused, the fields named), then with them and a file in an unknown format."""
    api = researcher_api
    data = {"access": {"record": "public", "files": "public"}, "files": {"enabled": True},
            "custom_fields": {"rodare:access_level": "open"},
            "metadata": {"title": f"Ion implantation profiles {uuid.uuid4().hex[:6]}",
                         "creators": [{"person_or_org": {"family_name": "Rossendorf",
                                                         "given_name": "Rosa", "type": "personal"}}],
                         "publication_date": "2024-05-13", "publisher": "Rodare",
                         "resource_type": {"id": "dataset"}}}
    draft = api.post(f"{api.base}/records", json=data).json()
    files = draft["links"]["files"]
    for name, content in (("profiles.csv", b"depth,dose\n1,2\n"), ("spectrum.xyz", b"\x00\x01")):
        assert api.post(files, json=[{"key": name}]).ok
        assert api.put(f"{files}/{name}/content", data=content,
                       headers={"Content-Type": "application/octet-stream"}).ok
        assert api.post(f"{files}/{name}/commit").ok
    community = api.get(f"{api.base}/communities/iim").json()["id"]
    review = api.put(f"{api.base}/records/{draft['id']}/draft/review", json={
        "receiver": {"community": community}, "type": "community-submission"})
    assert review.ok, review.text
    submit = f"{api.base}/records/{draft['id']}/draft/actions/submit-review"
    refused = api.post(submit, json={"payload": {"content": "Please review.", "format": "html"}})
    assert refused.status_code == 400, refused.text
    assert {"custom_fields.hzdr:institutes", "metadata.rights"} <= {
        e["field"] for e in refused.json()["errors"]}

    current = api.get(f"{api.base}/records/{draft['id']}/draft").json()
    fixed = {key: current[key] for key in ("access", "files", "metadata", "custom_fields")}
    fixed["custom_fields"]["hzdr:institutes"] = [{"id": "iim"}]
    fixed["metadata"]["rights"] = [{"id": "cc-by-4.0"}]
    assert api.put(f"{api.base}/records/{draft['id']}/draft", json=fixed).ok
    submitted = api.post(submit, json={"payload": {"content": "Please review.", "format": "html"}})
    assert submitted.status_code == 202, submitted.text
    return submitted.json()["id"]


def _open_checks(page, url, lang):
    page.goto(f"{url}?ln={lang}")
    tab = page.locator("a#checks-tab")
    expect(tab).to_contain_text("Checks" if lang == "en" else "Überprüfungen")
    tab.click()
    return page


@pytest.mark.parametrize("lang, institute, formats", [
    ("en", "Name the HZDR institute the data come from.",
     "The following files are not using open or scientific formats:"),
    ("de", "Geben Sie das HZDR-Institut an, aus dem die Daten stammen.", "spectrum.xyz"),
])
def test_depositor_and_curator_see_the_checks(new_page, login, researcher, iim_curator,
                                              checked_request, lang, institute, formats):
    """Both see the passed institute and licence rules and the file-format warning."""
    depositor = new_page()
    depositor.set_viewport_size({"width": 1400, "height": 1000})
    login(depositor, researcher.email, researcher.password)
    curator = new_page()
    curator.set_viewport_size({"width": 1400, "height": 1000})
    login(curator, *iim_curator)
    views = {"depositor": (depositor, f"/me/requests/{checked_request}"),
             "curator": (curator, f"/communities/iim/requests/{checked_request}")}
    for who, (page, url) in views.items():
        _open_checks(page, url, lang)
        checks = page.locator(".ui.tab.active")
        expect(checks.get_by_text(institute)).to_be_visible()
        page.screenshot(path=SHOTS / f"curation-checks-{who}-{lang}-1400.png", full_page=True)
        page.locator(".menu a.item[data-tab=open_formats]").click()
        expect(page.locator(".ui.tab.active").get_by_text(formats).first).to_be_visible()
        expect(page.locator(".ui.tab.active li", has_text="spectrum.xyz")).to_have_count(1)
        expect(page.locator(".ui.tab.active li", has_text="profiles.csv")).to_have_count(0)


def test_request_page_accessibility(sized_page, width, login, iim_curator,  # noqa: F811
                                    checked_request):
    """No serious or critical axe violation on the request page's checks, at both widths."""
    login(sized_page, *iim_curator)
    _open_checks(sized_page, f"/communities/iim/requests/{checked_request}", "en")
    expect(sized_page.locator(".ui.tab.active").get_by_text("Choose a licence")).to_be_visible()
    check_accessibility(sized_page, "curation-checks", width)

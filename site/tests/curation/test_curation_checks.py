"""Curation checks: RODARE's presets on a submission, on the request page, and curators' changes."""

import html

import pytest
from flask_babel import refresh
from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities

from rodare_rdm.curation import checks, presets

INSTITUTE = "custom_fields.hzdr:institutes"
FIXED = {"custom_fields": {"hzdr:institutes": [{"id": "iim"}]}, "rights": [{"id": "cc-by-4.0"}]}


def _community_id(slug):
    return current_communities.service.read(system_identity, slug).id


def _fix(client, draft_id):
    """Name the institute and a licence: the owner's edit of the draft."""
    draft = client.get(f"/api/records/{draft_id}/draft").json
    draft["custom_fields"] = {**draft["custom_fields"], **FIXED["custom_fields"]}
    draft["metadata"]["rights"] = FIXED["rights"]
    response = client.put(f"/api/records/{draft_id}/draft", json=draft)
    assert response.status_code == 200, response.json


def _page(client, url, lang="en"):
    refresh()  # the test's app context outlives a request: forget the last one's locale
    response = client.get(f"{url}?ln={lang}")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_presets_for_rodare_communities(rodare_communities, hzdr_vocabularies):
    """Institutes get institute, licence and formats; research fields formats; once only."""
    assert {"iim", "fwg", "energy", "matter"} <= set(rodare_communities)
    assert "rodare" not in rodare_communities
    institute = checks.dump(_community_id("iim"))
    assert [(c["check"], c["severity"], c["enabled"]) for c in institute] == [
        ("metadata", "error", True), ("open_formats", "info", True)]
    rules = institute[0]["params"]["rules"]
    assert [r["id"] for r in rules] == ["hzdr-institute", "licence"]
    assert [c["check"] for c in checks.dump(_community_id("energy"))] == ["open_formats"]

    # A curator's change (here: no checks at all) survives the next start's preset.
    checks.replace(_community_id("iim"), [])
    assert presets.apply(hzdr_vocabularies) == []
    assert {c["enabled"] for c in checks.dump(_community_id("iim"))} == {False}


def test_missing_institute_fails_then_passes(rodare_communities, submission, submit, as_user):
    """No institute and no licence: the submission is refused with both fields named; with
    them, it goes to the curators, and the request page shows the passed checks to both."""
    owner, draft_id = submission("iim")
    refused = submit(owner, draft_id)
    assert refused.status_code == 400, refused.json
    fields = {e["field"] for e in refused.json["errors"]}
    assert {INSTITUTE, "metadata.rights"} <= fields
    messages = {m for e in refused.json["errors"] for m in e["messages"]}
    assert "Name the HZDR institute the data come from." in messages

    _fix(owner, draft_id)
    submitted = submit(owner, draft_id)
    assert submitted.status_code == 202, submitted.json
    request_id = submitted.json["id"]

    mine = _page(owner, f"/me/requests/{request_id}")
    theirs = _page(as_user("curator"), f"/communities/iim/requests/{request_id}")
    for page in (mine, theirs):
        assert "Metadata validation" in page
        assert "Name the HZDR institute the data come from." in page
        assert "Choose a licence for the data." in page
    german = _page(as_user("curator"), f"/communities/iim/requests/{request_id}", "de")
    assert "Geben Sie das HZDR-Institut an, aus dem die Daten stammen." in german


def test_closed_formats_warn_without_blocking(rodare_communities, submission, submit, as_user):
    """A file in an unknown format: a warning on the request page, the submission goes on."""
    owner, draft_id = submission("iim", files=["spectrum.xyz", "table.csv"],
                                 custom_fields=FIXED["custom_fields"], rights=FIXED["rights"])
    submitted = submit(owner, draft_id)
    assert submitted.status_code == 202, submitted.json
    page = _page(as_user("curator"), f"/communities/iim/requests/{submitted.json['id']}")
    assert "The following files are not using open or scientific formats:" in page
    assert "<li>spectrum.xyz</li>" in page and "<li>table.csv</li>" not in page
    german = _page(as_user("curator"), f"/communities/iim/requests/{submitted.json['id']}", "de")
    assert "Alle Dateien sollten in offenen oder wissenschaftlich geeigneten Formaten" in german
    assert "Offene Dateiformate" in german


def test_communities_without_checks_are_unchanged(rodare_communities, submission, submit):
    """The parent community has no checks: nothing stops a bare submission."""
    owner, draft_id = submission("rodare")
    assert submit(owner, draft_id).status_code == 202


@pytest.mark.parametrize("who, read, update", [
    ("curator", 200, 200),
    ("admin", 200, 200),
    ("stranger", 403, 403),
])
def test_who_reads_and_changes_checks(rodare_communities, as_user, app, who, read, update):
    """The community's curators and the administrators; others 403, anonymous too."""
    client = as_user(who)
    assert client.get("/api/communities/iim/checks").status_code == read
    current = checks.dump(_community_id("iim"))
    assert client.put("/api/communities/iim/checks", json=current).status_code == update
    assert app.test_client().get("/api/communities/iim/checks").status_code == 403
    assert client.get("/api/communities/no-such/checks").status_code == 404


def test_curator_drops_the_institute_rule(rodare_communities, as_user, submission, submit):
    """A curator keeps the licence rule only: a submission without institute goes through."""
    curator = as_user("curator")
    document = curator.get("/api/communities/iim/checks").json["checks"]
    metadata = next(c for c in document if c["check"] == "metadata")
    metadata["params"]["rules"] = [r for r in metadata["params"]["rules"] if r["id"] == "licence"]
    saved = curator.put("/api/communities/iim/checks", json=[metadata])  # file formats: off
    assert saved.status_code == 200, saved.json
    states = {c["check"]: c["enabled"] for c in saved.json["checks"]}
    assert states == {"metadata": True, "open_formats": False}

    owner, draft_id = submission("iim", files=["spectrum.xyz"], rights=FIXED["rights"])
    assert submit(owner, draft_id).status_code == 202


@pytest.mark.parametrize("document, field", [
    ([{"check": "nonsense"}], "checks.0.check"),
    ([{"check": "metadata", "severity": "fatal", "params": {"rules": [{"id": "x"}]}}],
     "checks.0.severity"),
    ([{"check": "metadata", "params": {"rules": []}}], "checks.0.params.rules"),
    ([{"check": "metadata", "params": {"rules": [{"id": "x", "checks": [{"type": "eval"}]}]}}],
     "checks.0.params.rules"),
    ([{"check": "metadata", "params": {"rules": [{"id": "x", "checks": ["nonsense"]}]}}],
     "checks.0.params.rules"),
    ([{"check": "metadata", "params": {"rules": ["nonsense"]}}], "checks.0.params.rules.0"),
    ([{"check": "open_formats", "params": {"closed_format_message": "{ext.__class__}"}}],
     "checks.0.params.closed_format_message"),
    ([{"check": "file_formats", "params": {"colour": "red"}}], "checks.0.params"),
    ([{"check": "file_formats"}, {"check": "file_formats"}], "checks.1.check"),
    ({"check": "metadata"}, "checks"),
])
def test_bad_documents_get_a_field_message(rodare_communities, as_user, document, field):
    """400 with the field; the stored checks stay as they were."""
    before = checks.dump(_community_id("iim"))
    response = as_user("curator").put("/api/communities/iim/checks", json=document)
    assert response.status_code == 400, response.json
    assert field in {e["field"] for e in response.json["errors"]}
    assert checks.dump(_community_id("iim")) == before


def test_texts_are_sanitised(rodare_communities, as_user, submission, submit):
    """Markup in rule texts: stripped from titles and messages, sanitised in descriptions
    (which the request page renders as HTML)."""
    rule = {"id": "title", "level": "info",
            "message": {"en": "<b>Title</b><script>alert(1)</script> needed"},
            "description": '<a href="https://www.hzdr.de/" onclick="alert(2)">policy</a>'
                           '<script>alert(3)</script><img src=x onerror=alert(4)>',
            "checks": [{"type": "field", "path": "metadata.description"}]}
    curator = as_user("curator")
    saved = curator.put("/api/communities/iim/checks", json=[
        {"check": "metadata", "severity": "info", "params": {"rules": [rule]}}])
    assert saved.status_code == 200, saved.json
    stored = saved.json["checks"][0]["params"]["rules"][0]
    assert "<" not in stored["message"]["en"]
    assert "script" not in stored["description"] and "onclick" not in stored["description"]
    assert "onerror" not in stored["description"]
    assert 'href="https://www.hzdr.de/"' in stored["description"]

    owner, draft_id = submission("iim")
    submitted = submit(owner, draft_id)
    assert submitted.status_code == 202, submitted.json
    page = curator.get(f"/communities/iim/requests/{submitted.json['id']}").get_data(as_text=True)
    assert "<script>alert" not in page and "onerror=" not in page and "onclick=" not in page
    assert "<b>Title</b>" not in page and '<a href="https://www.hzdr.de/">policy</a>' in page


def test_cli_show_and_set(rodare_communities, app, tmp_path):
    """``invenio rodare-curation show`` prints what ``set`` reads; ``set`` refuses bad files."""
    from rodare_rdm.curation.cli import curation

    runner = app.test_cli_runner()
    shown = runner.invoke(curation, ["show", "energy"])
    assert shown.exit_code == 0, shown.output
    path = tmp_path / "checks.yaml"
    path.write_text(shown.output.replace("severity: info", "severity: error"))
    assert runner.invoke(curation, ["set", "energy", str(path)]).exit_code == 0
    assert checks.dump(_community_id("energy"))[0]["severity"] == "error"

    path.write_text("- check: nonsense\n")
    refused = runner.invoke(curation, ["set", "energy", str(path)])
    assert refused.exit_code != 0 and "checks" in refused.output
    assert runner.invoke(curation, ["preset"]).output.strip().endswith("none needed")

"""Personal tokens with the legacy scopes: ``deposit:write`` for writes, ``deposit:actions`` for
publish, edit, discard and new version; a token without them gets 403."""

import pytest
from flask_babel import refresh
from invenio_accounts.testutils import login_user_via_session


def test_no_scope_reads_but_does_not_write(token_of, owner_api, metadata):
    dep = owner_api.create(metadata)
    reader = token_of("owner")
    assert reader.get(dep["links"]["self"]).status_code == 200
    assert reader.get("/api/deposit/depositions").status_code == 200
    for res in (reader.post("/api/deposit/depositions", json={}),
                reader.put(dep["links"]["self"], json={"metadata": metadata}),
                reader.put(f"{dep['links']['bucket']}/a.txt", data=b"a"),
                reader.delete(dep["links"]["self"]),
                reader.post(dep["links"]["publish"])):
        assert res.status_code == 403 and res.json["status"] == 403


def test_write_without_actions(token_of, metadata):
    writer = token_of("owner", "deposit:write")
    dep = writer.create(metadata)
    writer.upload(dep)
    for action in ("publish", "edit", "discard", "newversion"):
        res = writer.post(dep["links"][action])
        assert res.status_code == 403, action
        assert "deposit:actions" in res.json["message"]
    assert writer.get(dep["links"]["self"]).json["state"] == "unsubmitted"


def test_actions_without_write(token_of, owner_api, metadata):
    dep = owner_api.create(metadata)
    owner_api.upload(dep)
    publisher = token_of("owner", "deposit:actions")
    assert publisher.put(dep["links"]["self"], json={"metadata": metadata}).status_code == 403
    assert publisher.post(dep["links"]["publish"]).status_code == 202


def test_a_browser_session_has_no_scopes_to_lack(app, legacy_app, people, metadata):
    client = app.test_client()
    login_user_via_session(client, email=people["owner"].email)
    res = client.post("/api/deposit/depositions", json={"metadata": metadata})
    assert res.status_code == 201, res.json


@pytest.mark.parametrize("language, texts", [
    ("en", ["Allow upload (but not publishing).", "Allow publishing of uploads."]),
    ("de", ["Hochladen erlauben (aber nicht veröffentlichen).", "Veröffentlichen von Uploads erlauben."]),
])
def test_the_token_form_offers_the_scopes(app, legacy_app, people, language, texts):
    client = app.test_client()
    login_user_via_session(client, email=people["owner"].email)
    refresh()  # the test's app context outlives a request: forget the last one's locale
    page = client.get(f"/account/settings/applications/tokens/new/?ln={language}").get_data(as_text=True)
    assert "deposit:write" in page and "deposit:actions" in page
    for text in texts:
        assert text in page

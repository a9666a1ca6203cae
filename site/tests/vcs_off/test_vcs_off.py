"""With the feature off (the default), nothing of it shows: no provider, no link, no receiver.

The software-release path is not finished (docs/vcs.md), so main's configuration must not
change what users see.
"""

from invenio_accounts.testutils import login_user_via_session


def test_off_by_default(app):
    assert app.config["RODARE_VCS_ENABLED"] is False
    assert app.config["VCS_PROVIDERS"] == []
    assert "gitlab" not in app.extensions["invenio-webhooks"].receivers


def test_nothing_to_see_or_call(running_app, client, people):
    assert "gitlab" not in client.get("/login/").get_data(as_text=True).lower()
    assert client.get("/oauth/login/gitlab/").status_code == 404
    assert client.post("/api/hooks/receivers/gitlab/events/", json={}).status_code in (401, 404)
    login_user_via_session(client, email=people["owner"].email)
    assert client.get("/oauth/login/gitlab/").status_code == 404
    for page in ("/account/settings/profile", "/account/settings/linkedaccounts/"):
        answer = client.get(page, follow_redirects=True)
        assert answer.status_code == 200
        assert "/account/settings/vcs/" not in answer.get_data(as_text=True)
        assert "Helmholtz Codebase" not in answer.get_data(as_text=True)

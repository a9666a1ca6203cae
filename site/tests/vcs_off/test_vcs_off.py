"""With the feature off (the package default, and Docker's), nothing of it shows: no
provider, no link, no receiver. ``./rodare up`` and the e2e stack switch it on
(docs/software-releases.md); on without a client registered, nothing is offered either.
"""

import pytest
from invenio_accounts.testutils import login_user_via_session

from rodare_rdm.vcs.providers import active


@pytest.mark.parametrize("settings, offered", [
    ({}, False),
    ({"RODARE_VCS_ENABLED": True}, False),  # on, but no OAuth application at the GitLab
    ({"RODARE_VCS_ENABLED": True, "RODARE_VCS_GITLAB_CLIENT_ID": "rodare"}, False),
    ({"RODARE_VCS_GITLAB_CLIENT_ID": "rodare", "RODARE_VCS_GITLAB_CLIENT_SECRET": "s"}, False),
    ({"RODARE_VCS_ENABLED": True, "RODARE_VCS_GITLAB_CLIENT_ID": "rodare",
      "RODARE_VCS_GITLAB_CLIENT_SECRET": "s"}, True),
])
def test_a_provider_is_offered_only_when_on_and_registered(settings, offered):
    assert active(settings, "gitlab") is offered


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

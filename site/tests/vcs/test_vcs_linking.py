"""With the feature on, a researcher links the local GitLab and switches a project on.

Everything RODARE says to GitLab goes over real HTTP to the stand-in (stack/standins/gitlab.py):
the code is redeemed at its ``/oauth/token``, python-gitlab reads ``/api/v4/user`` and the
projects, and switching a project on creates a hook there.
"""

from urllib.parse import parse_qs, urlsplit

from flask_babel import force_locale
from invenio_accounts.testutils import login_user_via_session
from invenio_oauthclient.models import RemoteAccount, UserIdentity
from invenio_vcs.models import Repository

from rodare_rdm.vcs.providers import FACTORIES


def _authorize_at_gitlab(client, standin_http, user_id="101"):
    """RODARE sends the browser to GitLab, which asks and sends it back with a code."""
    start = client.get("/oauth/login/gitlab/")
    assert start.status_code == 302
    authorize = urlsplit(start.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(authorize.query).items()}
    assert query["response_type"] == "code" and query["scope"] == "api"
    assert query["redirect_uri"].endswith("/oauth/authorized/gitlab/")
    page = standin_http.post(f"{authorize.scheme}://{authorize.netloc}{authorize.path}",
                             data={**query, "user_id": user_id}, allow_redirects=False)
    assert page.status_code == 302, page.text
    back = urlsplit(page.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_the_provider_is_the_configured_gitlab(app, gitlab_standin):
    factory = FACTORIES["gitlab"]
    assert app.config["VCS_PROVIDERS"] == [factory]
    assert factory.base_url == gitlab_standin
    assert factory.name == "Helmholtz Codebase"
    assert factory.webhook_receiver_url == (
        "https://127.0.0.1:5000/api/hooks/receivers/gitlab/events/?access_token={token}")
    assert factory.provider_specific_config["shared_validation_token"] == \
        app.config["RODARE_VCS_GITLAB_WEBHOOK_SECRET"]
    assert "gitlab" in app.extensions["invenio-webhooks"].receivers


def test_settings_page_and_login_page(app, running_app, client, people):
    # never a way in: no GitLab button on the login page
    assert "rodare-login-gitlab" not in client.get("/login/").get_data(as_text=True)
    login_user_via_session(client, email=people["owner"].email)
    page = client.get("/account/settings/vcs/gitlab/")
    assert page.status_code == 200
    assert "Helmholtz Codebase" in page.get_data(as_text=True)
    assert "/account/settings/vcs/gitlab/" in client.get("/account/settings/profile").get_data(as_text=True)
    # the provider's words in the reader's language (upstream froze them in English at import)
    with app.test_request_context("/"), force_locale("de"):
        gitlab = FACTORIES["gitlab"]
        assert (str(gitlab.repository_name), str(gitlab.repository_name_plural)) == (
            "Projekt", "Projekte")
        assert str(gitlab.repo_list_message).startswith("Wenn Ihr Projekt nicht in der Liste")


def test_signed_out_the_rest_endpoints_answer_401(running_app, client):
    for action in ("sync", "2001/enable", "2001/disable"):
        assert client.post(f"/api/user/vcs/gitlab/repositories/{action}").status_code == 401


def test_signed_out_nobody_signs_up_with_gitlab(running_app, client, standin_http):
    answer = _authorize_at_gitlab(client, standin_http)
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    assert UserIdentity.query.filter_by(method="gitlab").count() == 0


def test_link_and_switch_a_project_on(running_app, client, people, standin_http, gitlab_standin):
    owner = people["owner"]
    login_user_via_session(client, email=owner.email)
    answer = _authorize_at_gitlab(client, standin_http)
    assert answer.status_code == 302, answer.get_data(as_text=True)

    account = RemoteAccount.get(owner.id, running_app.app.config["RODARE_VCS_GITLAB_CLIENT_ID"])
    assert account is not None
    assert account.extra_data["login"] == "a.schmidt"
    assert UserIdentity.query.filter_by(method="gitlab", id_user=owner.id).one().id == "101"
    # the projects Anna maintains and that have a repository (not wiki-only, not shared-lib)
    assert sorted(r.full_name for r in Repository.query.filter_by(provider="gitlab")) == [
        "a.schmidt/beam-tool", "fwdf/flow-solver", "fwdf/probe-kit"]

    page = client.get("/account/settings/vcs/gitlab/").get_data(as_text=True)
    assert "fwdf/flow-solver" in page
    # each switch is announced with its project (upstream's said "enable " for every one)
    assert 'aria-label="Enable fwdf/flow-solver"' in page
    assert 'aria-label="enable "' not in page

    switched = client.post("/api/user/vcs/gitlab/repositories/2001/enable")
    assert switched.status_code == 201, switched.get_data(as_text=True)
    repository = Repository.query.filter_by(provider="gitlab", provider_id="2001").one()
    assert repository.enabled and str(repository.enabled_by_user_id) == str(owner.id)

    # the hook is at GitLab, pointing at RODARE's receiver with the user's webhook token
    token = account.extra_data["tokens"]["webhook"]
    assert token
    deliveries_before = standin_http.get(f"{gitlab_standin}/-/standin/deliveries").json()
    assert deliveries_before == []
    state = standin_http.get(gitlab_standin + "/").text
    assert "https://127.0.0.1:5000/api/hooks/receivers/gitlab/events/?access_token=" in state

    switched_off = client.post("/api/user/vcs/gitlab/repositories/2001/disable")
    assert switched_off.status_code == 204
    assert "api/hooks/receivers/gitlab" not in standin_http.get(gitlab_standin + "/").text

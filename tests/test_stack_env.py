"""The embedded stack's processes get their settings from the stack, not the caller's shell."""

import os

from stack.supervisor import Stack


def test_inherited_celery_variables_do_not_redirect_the_worker(tmp_path, monkeypatch):
    """BROKER_URL & co. in the caller's environment are replaced by the stack's own Redis."""
    monkeypatch.setenv("BROKER_URL", "redis://elsewhere:6379/0")
    monkeypatch.setenv("CELERY_BROKER_URL", "amqp://elsewhere//")
    monkeypatch.setenv("CELERY_RESULT_BACKEND", "redis://elsewhere:6379/1")
    stack = Stack(tmp_path, ports={"postgres": 1, "redis": 2, "search": 3, "web": 4})

    env = stack.env()

    assert env["BROKER_URL"] == env["INVENIO_BROKER_URL"] == env["INVENIO_CELERY_BROKER_URL"]
    assert env["BROKER_URL"].startswith("redis://127.0.0.1:2/")
    assert env["RESULT_BACKEND"] == env["INVENIO_CELERY_RESULT_BACKEND"]
    assert "CELERY_BROKER_URL" not in env and "CELERY_RESULT_BACKEND" not in env


def test_login_settings_point_at_the_local_identity_providers(tmp_path):
    """Every app process gets the local IdP's and OIDC providers' addresses; the IdP's
    certificate exists before any of them starts, and the client secrets stay the same."""
    stack = Stack(tmp_path, ports={"saml": 7001, "helmholtz": 7002, "orcid": 7003})

    env = stack.env()

    assert env["INVENIO_RODARE_LOGIN_SAML_IDP_ENTITY_ID"] == "http://127.0.0.1:7001/idp/metadata"
    assert env["INVENIO_RODARE_LOGIN_SAML_IDP_SSO_URL"] == "http://127.0.0.1:7001/idp/sso"
    cert = tmp_path / "saml-idp" / "idp.crt"
    assert env["INVENIO_RODARE_LOGIN_SAML_IDP_CERT_FILE"] == str(cert)
    assert cert.read_text().startswith("-----BEGIN CERTIFICATE-----")
    for name, port in (("HELMHOLTZ", 7002), ("ORCID", 7003)):
        prefix = f"INVENIO_RODARE_LOGIN_{name}_"
        assert env[prefix + "ISSUER"] == f"http://127.0.0.1:{port}"
        assert env[prefix + "AUTHORIZE_URL"] == f"http://127.0.0.1:{port}/oauth2/authorize"
        assert env[prefix + "TOKEN_URL"] == f"http://127.0.0.1:{port}/oauth2/token"
        assert env[prefix + "USERINFO_URL"] == f"http://127.0.0.1:{port}/userinfo"
        assert env[prefix + "JWKS_URL"] == f"http://127.0.0.1:{port}/jwks"
        assert env[prefix + "CLIENT_ID"] == f"rodare-local-{name.lower()}"
        assert env[prefix + "CLIENT_SECRET"] == stack.env()[prefix + "CLIENT_SECRET"]
    assert env["OAUTHLIB_INSECURE_TRANSPORT"] == "1"


def test_robis_settings_point_at_the_local_robis(tmp_path):
    """The ROBIS hand-off and the legacy API's pub_id lookup go to the local ROBIS."""
    env = Stack(tmp_path, ports={"robis": 7004}).env()

    assert env["INVENIO_RODARE_ROBIS_REGISTER_URL"] == "http://127.0.0.1:7004/robis/rodare/register"
    assert env["INVENIO_RODARE_ROBIS_LOOKUP_URL"] == "http://127.0.0.1:7004/robis/api/publications"


def test_vcs_settings_point_at_the_local_gitlab(tmp_path):
    """Software releases come from the local GitLab, with the client it is started with and a
    webhook secret; the feature is on unless INVENIO_RODARE_VCS_ENABLED says otherwise."""
    stack = Stack(tmp_path, ports={"gitlab": 7005})
    env = stack.env()

    assert env["INVENIO_RODARE_VCS_GITLAB_URL"] == "http://127.0.0.1:7005"
    assert env["INVENIO_RODARE_VCS_GITLAB_CLIENT_ID"] == "rodare-local-gitlab"
    secret = (tmp_path / "gitlab-client-secret").read_text().strip()
    assert env["INVENIO_RODARE_VCS_GITLAB_CLIENT_SECRET"] == secret == stack.env()[
        "INVENIO_RODARE_VCS_GITLAB_CLIENT_SECRET"]
    hook = (tmp_path / "gitlab-webhook-secret").read_text().strip()
    assert env["INVENIO_RODARE_VCS_GITLAB_WEBHOOK_SECRET"] == hook and hook != secret
    assert env["INVENIO_RODARE_VCS_ENABLED"] == os.environ.get("INVENIO_RODARE_VCS_ENABLED", "True")


def test_a_stacks_own_settings_reach_its_processes_only(tmp_path, monkeypatch):
    """A test's stack settings (the e2e stack's OAI page of 2, say) go to that stack's
    processes, override what the caller's environment says, and stay out of the caller's
    environment, where the other tests' apps of the same worker would read them."""
    monkeypatch.setenv("INVENIO_OAISERVER_PAGE_SIZE", "100")
    stack = Stack(tmp_path, ports={"redis": 2}, settings={"INVENIO_OAISERVER_PAGE_SIZE": "2",
                                                           "INVENIO_BROKER_URL": "redis://x/0"})

    env = stack.env()

    assert env["INVENIO_OAISERVER_PAGE_SIZE"] == "2"
    assert os.environ["INVENIO_OAISERVER_PAGE_SIZE"] == "100"
    assert env["INVENIO_BROKER_URL"].startswith("redis://127.0.0.1:2/")  # where its Redis is

"""Fixtures of the software-release tests: the local GitLab over real HTTP, the feature on."""

import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from stack.services import free_port, wait_for_port
from stack.standins import gitlab

CLIENT_ID = "rodare-test-gitlab"
CLIENT_SECRET = "gitlab-client-secret-for-tests"
WEBHOOK_SECRET = "gitlab-webhook-secret-for-tests"


@pytest.fixture(scope="module")
def gitlab_standin(tmp_path_factory):
    """The local GitLab (stack/standins/gitlab.py) in its own process: its base URL."""
    with gitlab.running(tmp_path_factory.mktemp("gitlab"), CLIENT_ID, CLIENT_SECRET) as url:
        yield url


@pytest.fixture(scope="module")
def robis_standin(tmp_path_factory):
    """The local ROBIS (stack/standins/robis.py): its publication lookup URL. It knows 30001."""
    folder = tmp_path_factory.mktemp("robis")
    (folder / "token").write_text("unused")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "stack.standins.robis", "--port", str(port), "--api",
         "https://127.0.0.1:5000/api", "--token-file", str(folder / "token"), "--ca",
         str(folder / "token"), "--dir", str(folder / "data")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, proc=proc, name="ROBIS stand-in")
    yield f"http://127.0.0.1:{port}/robis/api/publications"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def app_config(app_config, gitlab_standin, robis_standin):
    """The feature on, with the local GitLab as the instance's GitLab; ROBIS's lookup local."""
    app_config["RODARE_ROBIS_LOOKUP_URL"] = robis_standin
    app_config["RODARE_ROBIS_ENABLED"] = True  # as HZDR runs it: releases meet the gate
    app_config.update({
        "RODARE_VCS_ENABLED": True,
        "RODARE_VCS_GITLAB_URL": gitlab_standin,
        "RODARE_VCS_GITLAB_CLIENT_ID": CLIENT_ID,
        "RODARE_VCS_GITLAB_CLIENT_SECRET": CLIENT_SECRET,
        "RODARE_VCS_GITLAB_WEBHOOK_SECRET": WEBHOOK_SECRET,
    })
    return app_config


@pytest.fixture(scope="module")
def standin_http():
    """A session to the stand-in (no proxies from the environment)."""
    session = requests.Session()
    session.trust_env = False
    return session


def link_gitlab(client, standin_http, user_id="101"):
    """RODARE sends the browser to GitLab, which asks and sends it back with a code: the answer."""
    start = client.get("/oauth/login/gitlab/")
    assert start.status_code == 302
    authorize = urlsplit(start.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(authorize.query).items()}
    page = standin_http.post(f"{authorize.scheme}://{authorize.netloc}{authorize.path}",
                             data={**query, "user_id": user_id}, allow_redirects=False)
    assert page.status_code == 302, page.text
    back = urlsplit(page.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


@pytest.fixture
def gitlab_link():
    """The linking step as a function of (client, session to the stand-in)."""
    return link_gitlab

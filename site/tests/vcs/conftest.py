"""Fixtures of the software-release tests: the local GitLab over real HTTP, the feature on."""

import subprocess
import sys

import pytest
import requests

from stack.services import free_port, wait_for_port

CLIENT_ID = "rodare-test-gitlab"
CLIENT_SECRET = "gitlab-client-secret-for-tests"
WEBHOOK_SECRET = "gitlab-webhook-secret-for-tests"


@pytest.fixture(scope="module")
def gitlab_standin(tmp_path_factory):
    """The local GitLab (stack/standins/gitlab.py) in its own process: its base URL."""
    folder = tmp_path_factory.mktemp("gitlab")
    (folder / "secret").write_text(CLIENT_SECRET)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "stack.standins.gitlab", "--port", str(port), "--dir",
         str(folder / "data"), "--client-id", CLIENT_ID, "--client-secret-file",
         str(folder / "secret")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, proc=proc, name="GitLab stand-in")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def app_config(app_config, gitlab_standin):
    """The feature on, with the local GitLab as the instance's GitLab."""
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

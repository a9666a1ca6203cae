"""The local GitLab (stack/standins/gitlab.py) answers what invenio-vcs 0.3.6 asks of GitLab.

The stand-in is started as the stack starts it (``python -m stack.standins.gitlab``). A client
links an account by OAuth as invenio-oauthclient does, then makes python-gitlab's calls the way
invenio-vcs's GitLab provider (``invenio_vcs/contrib/gitlab.py``) makes them; the webhook
deliveries go to a small HTTP server of the test, and invenio-vcs's own event parser reads them.
"""

import json
import subprocess
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import gitlab
import gitlab.const
import pytest
import requests

from stack.services import free_port, wait_for_port
from stack.standins.gitlab import running

CLIENT_ID = "rodare-local-gitlab"
SECRET = "s3cret-client"
REDIRECT = "https://127.0.0.1:5000/oauth/authorized/gitlab/"
HOOK_TOKEN = "shared-validation-token"


@pytest.fixture(scope="module")
def standin(tmp_path_factory):
    """The running stand-in: (base URL, its folder)."""
    folder = tmp_path_factory.mktemp("gitlab")
    with running(folder, CLIENT_ID, SECRET) as url:
        yield url, folder / "data"


@pytest.fixture(scope="module")
def http():
    """A session that ignores proxies from the environment."""
    session = requests.Session()
    session.trust_env = False
    return session


def link(http, base, user_id="101", state="xyz"):
    """Authorize and redeem the code as invenio-oauthclient does: the token response."""
    query = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT, "response_type": "code",
             "scope": "api", "state": state}
    page = http.get(f"{base}/oauth/authorize", params=query)
    assert page.status_code == 200 and "Anna Schmidt" in page.text
    answer = http.post(f"{base}/oauth/authorize", data={**query, "user_id": user_id},
                       allow_redirects=False)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    back = parse_qs(location.query)
    assert back["state"] == [state]
    token = http.post(f"{base}/oauth/token", data={
        "grant_type": "authorization_code", "code": back["code"][0], "redirect_uri": REDIRECT,
        "client_id": CLIENT_ID, "client_secret": SECRET})
    assert token.status_code == 200, token.text
    return token.json()


@pytest.fixture(scope="module")
def anna(http, standin):
    """python-gitlab as invenio-vcs builds it for Anna (the provider's ``_gitlab``)."""
    base, _ = standin
    api = gitlab.Gitlab(base, oauth_token=link(http, base)["access_token"])
    api.session.trust_env = False
    api.auth()
    return api


class Receiver(BaseHTTPRequestHandler):
    """RODARE's webhook endpoint, as far as the stand-in can tell: keeps what it got."""

    received = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append({"headers": dict(self.headers), "payload": json.loads(body)})
        self.send_response(202)
        self.end_headers()
        self.wfile.write(b'{"status": 202}')

    def log_message(self, *args):
        """Quiet."""


@pytest.fixture(scope="module")
def receiver():
    """A local HTTP server taking webhook deliveries: (URL, the list of deliveries)."""
    Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/api/hooks/receivers/gitlab/events/", Receiver.received
    server.shutdown()


def wait_for(condition, timeout=10):
    """Poll until ``condition()`` is true (deliveries are asynchronous, as GitLab's)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_oauth_refuses_what_gitlab_refuses(http, standin):
    base, _ = standin
    good = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT, "response_type": "code"}
    assert http.get(f"{base}/oauth/authorize", params={**good, "client_id": "other"}).status_code == 400
    assert http.get(f"{base}/oauth/authorize", params={"client_id": CLIENT_ID}).status_code == 400
    denied = http.post(f"{base}/oauth/authorize", data={**good, "deny": "1", "state": "s"},
                       allow_redirects=False)
    assert parse_qs(urlsplit(denied.headers["Location"]).query)["error"] == ["access_denied"]
    code = parse_qs(urlsplit(http.post(f"{base}/oauth/authorize", data={**good, "user_id": "101"},
                                       allow_redirects=False).headers["Location"]).query)["code"][0]
    redeem = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
              "client_id": CLIENT_ID}
    assert http.post(f"{base}/oauth/token", data={**redeem, "client_secret": "wrong"}).status_code == 401
    assert http.post(f"{base}/oauth/token", data={**redeem, "client_secret": SECRET,
                                                   "redirect_uri": "https://evil.example/"}).status_code == 400
    # the code was spent by the failed attempt: GitLab's codes are single-use
    assert http.post(f"{base}/oauth/token", data={**redeem, "client_secret": SECRET}).status_code == 400
    # a refresh token gives a new access token and retires the old one
    first = link(http, base)
    again = http.post(f"{base}/oauth/token", auth=(CLIENT_ID, SECRET), data={
        "grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert again.status_code == 200 and again.json()["access_token"] != first["access_token"]
    old = http.get(f"{base}/api/v4/user", headers={"Authorization": f"Bearer {first['access_token']}"})
    assert old.status_code == 401


def test_the_api_needs_a_token(http, standin):
    base, _ = standin
    assert http.get(f"{base}/api/v4/user").status_code == 401
    assert http.get(f"{base}/api/v4/projects", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_user_and_projects_as_the_provider_lists_them(anna):
    assert (anna.user.id, anna.user.username, anna.user.email) == (101, "a.schmidt", "a.schmidt@hzdr.de")
    listed = {}
    for visibility in ("private", "internal", "public"):
        for project in anna.projects.list(iterator=True, simple=False, visibility=visibility,
                                          min_access_level=gitlab.const.MAINTAINER_ACCESS):
            listed[project.id] = getattr(project, "default_branch", None)
    # shared-lib (developer only) is not listed; wiki-only has no default branch (left out by invenio-vcs)
    assert listed == {2001: "main", 2002: "main", 2003: None, 2005: "main"}
    project = anna.projects.get(2001, license=True)
    assert project.path_with_namespace == "fwdf/flow-solver"
    assert project.license["key"] == "mit"
    assert project.namespace["kind"] == "group"
    maintainers = [m.id for m in anna.projects.get(2001, lazy=True).members_all.list(iterator=True)
                   if m.access_level >= gitlab.const.MAINTAINER_ACCESS]
    assert maintainers == [101]
    contributors = list(anna.projects.get(2001, lazy=True).repository_contributors(
        iterator=True, order_by="commits", sort="desc"))
    assert {c["email"] for c in contributors} == {"a.schmidt@hzdr.de", "b.mueller@hzdr.de"}
    assert [u.username for u in anna.users.list(search="a.schmidt@hzdr.de")] == ["a.schmidt"]
    with pytest.raises(gitlab.GitlabGetError) as missing:
        anna.projects.get(9999)
    assert missing.value.response_code == 404


def test_hooks_tags_releases_files_and_archives(anna, http, standin, receiver):
    base, folder = standin
    url, received = receiver
    project = anna.projects.get(2001, lazy=True)
    # the hook as invenio-vcs creates it (GitLabProvider._hook_data)
    hook = project.hooks.create({"url": url, "token": HOOK_TOKEN, "releases_events": True,
                                 "push_events": False, "description": "Managed by RODARE."})
    assert [h.id for h in project.hooks.list(iterator=True)] == [hook.id]
    assert not hasattr(hook, "token")  # GitLab never shows the secret again
    with pytest.raises(gitlab.GitlabCreateError):
        project.hooks.create({"url": "not a url"})
    # a developer may not manage hooks
    bernd = gitlab.Gitlab(base, oauth_token=link(http, base, user_id="102")["access_token"])
    bernd.session.trust_env = False
    with pytest.raises(gitlab.GitlabListError) as forbidden:
        bernd.projects.get(2001, lazy=True).hooks.list()
    assert forbidden.value.response_code == 403

    release = project.releases.create({"tag_name": "v1.0.0", "ref": "main", "name": "First",
                                       "description": "The first release"})
    assert release.tag_name == "v1.0.0"
    wait_for(lambda: len(received) == 1)
    delivery = received[0]
    assert delivery["headers"]["X-Gitlab-Event"] == "Release Hook"
    assert delivery["headers"]["X-Gitlab-Token"] == HOOK_TOKEN
    from invenio_vcs.contrib.gitlab import GitLabProviderFactory

    factory = GitLabProviderFactory(base_url=base, webhook_receiver_url=url)
    assert factory.webhook_is_create_release_event(delivery["payload"])
    generic = factory.webhook_event_to_generic_release(delivery["payload"])
    assert (generic.repository_id, generic.tag_name, generic.name) == ("2001", "v1.0.0", "First")

    # the archive, downloaded as the provider does it (with the token), and the files at the tag
    raw = anna.http_get(generic.zipball_url, raw=True, streamed=True)
    names = zipfile.ZipFile(BytesIO(raw.content)).namelist()
    assert "flow-solver-v1.0.0/CITATION.cff" in names
    assert http.get(generic.zipball_url).status_code == 404  # private: not without a token
    cff = project.files.get(file_path="CITATION.cff", ref="v1.0.0").decode().decode()
    assert 'value: "30001"' in cff
    with pytest.raises(gitlab.GitlabGetError):
        project.files.get(file_path="codemeta.json", ref="v1.0.0")

    # the developer's page: a tag with another CITATION.cff, a Tag Push and a Release Hook
    # (only the release reaches this hook: it did not ask for tag push events)
    page = http.post(f"{base}/-/standin/projects/2001/push-tag", data={
        "tag_name": "v1.1.0", "release": "1", "citation": "cff-version: 1.2.0\ntitle: Renamed\n"},
        allow_redirects=False)
    assert page.status_code == 303
    wait_for(lambda: len(received) == 2)
    assert received[1]["payload"]["tag"] == "v1.1.0"
    assert project.files.get(file_path="CITATION.cff", ref="v1.1.0").decode() == \
        b"cff-version: 1.2.0\ntitle: Renamed\n"
    assert [t.name for t in project.tags.list()] == ["v1.1.0", "v1.0.0"]
    assert http.post(f"{base}/-/standin/projects/2001/push-tag",
                     data={"tag_name": "v1.1.0"}).status_code == 400  # tags are unique

    # what was sent is kept; a delivery can be sent again (GitLab's "Resend request")
    kept = http.get(f"{base}/-/standin/deliveries").json()
    wait_for(lambda: all(d["attempts"] for d in http.get(f"{base}/-/standin/deliveries").json()))
    assert [d["event"] for d in kept] == ["Release Hook", "Release Hook"]
    assert (folder / "deliveries" / "1.json").exists()
    resent = http.post(f"{base}/-/standin/deliveries/1/resend", headers={"Accept": "application/json"})
    assert [a["status"] for a in resent.json()["attempts"]] == [202, 202]
    assert received[2]["payload"] == received[0]["payload"]
    assert "v1.1.0" in http.get(base + "/").text

    project.hooks.delete(hook.id)
    assert project.hooks.list() == []


def test_state_survives_a_restart(http, tmp_path):
    (tmp_path / "secret").write_text(SECRET)
    args = [sys.executable, "-m", "stack.standins.gitlab", "--dir", str(tmp_path / "data"),
            "--client-id", CLIENT_ID, "--client-secret-file", str(tmp_path / "secret")]
    tokens = []
    for _ in range(2):
        port = free_port()
        proc = subprocess.Popen([*args, "--port", str(port)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            wait_for_port(port, proc=proc, name="GitLab stand-in")
            base = f"http://127.0.0.1:{port}"
            if not tokens:
                tokens.append(link(http, base)["access_token"])
            user = http.get(f"{base}/api/v4/user", headers={"Authorization": f"Bearer {tokens[0]}"})
            assert user.status_code == 200 and user.json()["username"] == "a.schmidt"
        finally:
            proc.terminate()
            proc.wait(timeout=10)

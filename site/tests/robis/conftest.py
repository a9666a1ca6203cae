"""Factories of the ROBIS tests: the gate on, ROBIS's service account, its token, drafts,
the people around a draft (grantees, a link holder, a community reviewer), the local ROBIS."""

import http.server
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from invenio_access.permissions import system_identity
from invenio_accounts.proxies import current_datastore
from invenio_accounts.testutils import login_user_via_session
from invenio_communities.proxies import current_communities
from invenio_db import db
from invenio_oauth2server.models import Token
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

from rodare_rdm.robis.tokens import make_token
from stack.services import free_port, wait_for_port

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def app_config(app_config):
    """The gate as HZDR runs it."""
    app_config["RODARE_ROBIS_ENABLED"] = True
    return app_config


def _bearer(user_id, name):
    token = Token.create_personal(name, user_id, scopes=[], is_internal=False)
    db.session.commit()
    return {"Authorization": f"Bearer {token.access_token}"}


@pytest.fixture
def robis(app, UserFixture, people):
    """ROBIS's service account: a user with the service role and a personal access token."""
    user = UserFixture(email="robis@hzdr.de", password="robis-password", active=True, confirmed=True)
    user.create(app, db)
    role = current_datastore.find_or_create_role(app.config["RODARE_ROBIS_SERVICE_ROLE"])
    current_datastore.add_role_to_user(user.user, role)
    return _bearer(user.id, "robis")


@pytest.fixture
def owner_bearer(people):
    """The owner's own personal access token (not ROBIS's)."""
    return _bearer(people["owner"].id, "owner")


@pytest.fixture
def draft(running_app, minimal_record, people, custom_field_mappings):
    """A draft of the owner."""
    return records_service.create(people["owner"].identity, minimal_record)


@pytest.fixture
def token(people):
    """The token the deposit form gives the browser: for a draft, bound to a user (the owner)."""
    return lambda draft_id, user=None: make_token(draft_id, (user or people["owner"]).id)


@pytest.fixture
def signed_in(app):
    """A function making a client signed in as one of ``people``."""

    def _client(person):
        client = app.test_client()
        login_user_via_session(client, email=person.email)
        return client

    return _client


@pytest.fixture
def admin_client(signed_in, people, custom_field_mappings):
    """A REST client logged in as an administrator."""
    return signed_in(people["admin"])


@pytest.fixture
def grant(people):
    """A function granting a person ``preview``/``edit``/``manage`` on a draft; returns the
    grant's index (for revoking it)."""

    def _grant(draft_id, person, permission):
        records_service.access.bulk_create_grants(system_identity, draft_id, {"grants": [
            {"subject": {"type": "user", "id": str(person.id)}, "permission": permission}]})
        grants = records_service.read_draft(system_identity, draft_id)._record.parent.access.grants
        return len(grants) - 1

    return _grant


@pytest.fixture
def reviewed_community(running_app, people):
    """A community whose curator (people["curator"]) reviews submissions."""
    community = current_communities.service.create(people["community-owner"].identity, {
        "access": {"visibility": "public"}, "slug": "ire",
        "metadata": {"title": "Institute of Resource Ecology"}})
    current_communities.service.members.add(
        system_identity, community.id,
        {"members": [{"type": "user", "id": str(people["curator"].id)}], "role": "curator"})
    return community


@pytest.fixture
def submit_for_review(people):
    """A function submitting the owner's draft to a community's review; returns the request."""

    def _submit(draft_id, community):
        owner = people["owner"].identity
        records_service.review.update(owner, draft_id, {"receiver": {"community": community.id},
                                                        "type": "community-submission"})
        return records_service.review.submit(owner, draft_id, require_review=True)

    return _submit


@pytest.fixture
def robis_up(set_config):
    """A context manager: a plain HTTP server at RODARE_ROBIS_REGISTER_URL (ROBIS is up)."""

    @contextmanager
    def _up():
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        set_config("RODARE_ROBIS_REGISTER_URL", f"http://127.0.0.1:{server.server_address[1]}/register")
        try:
            yield
        finally:
            server.shutdown()

    return _up


@pytest.fixture
def attach():
    """A function making ROBIS's callback that attaches an id: ``attach(client, headers, ...)``."""

    def _attach(client, headers, draft_id, token, robis_id="27151"):
        return client.put(f"/api/robis/drafts/{draft_id}/robis-id", headers=headers,
                          json={"token": token, "robis_id": robis_id})

    return _attach


@pytest.fixture
def draft_state():
    """A function giving (revision, ROBIS id, published?) of a draft: what refusals leave alone."""

    def _state(draft_id):
        draft = records_service.read_draft(system_identity, draft_id).to_dict()
        robis_id = (draft.get("custom_fields") or {}).get("hzdr:robis_id")
        return draft["revision_id"], robis_id, draft["is_published"]

    return _state


class LocalRobis:
    """The local ROBIS (stack/standins/robis.py) as a real HTTP server in its own process, as the
    embedded default runs it: its lookup API is what ``rodare_rdm.robis.lookup`` talks to."""

    def __init__(self, folder, delay=0.0):
        """Pick a port; :meth:`start` starts it. ``delay``: seconds every lookup waits."""
        self.folder, self.delay, self.port, self.proc = folder, delay, free_port(), None

    @property
    def url(self):
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def lookup_url(self):
        """What RODARE_ROBIS_LOOKUP_URL is on the embedded default."""
        return f"{self.url}/robis/api/publications"

    def start(self):
        """Start it; the registration's RODARE API is never called by these tests."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "stack.standins.robis", "--port", str(self.port), "--api",
             "https://127.0.0.1:1/api", "--token-file", "/dev/null", "--ca", "/dev/null",
             "--dir", str(self.folder), "--delay", str(self.delay)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, proc=self.proc, name="local ROBIS")
        return self

    def stop(self):
        """ROBIS is down: connections are refused."""
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture(scope="module")
def local_robis(tmp_path_factory):
    """The local ROBIS, up for the module."""
    server = LocalRobis(tmp_path_factory.mktemp("robis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def slow_robis(tmp_path_factory):
    """A local ROBIS that answers every lookup after three seconds (an overloaded ROBIS)."""
    server = LocalRobis(tmp_path_factory.mktemp("robis-slow"), delay=3.0).start()
    yield server
    server.stop()

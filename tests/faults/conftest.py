"""A live stack of its own for the fault tests, supervised as ``./rodare up`` supervises it.

It runs on free ports in a temporary root with the UI assets ``./rodare test`` built, like the
e2e stack, but apart from it: these tests kill its processes. Its restart policy is quick
(back-off from 0.5 s, at most 2 s; given up after 3 crashes in a minute) and its DOI retry
quick (a DOI DataCite could not take is due again after 5 s, a lost registration is swept
after 5 s; beat runs the retry every minute) so that every wait stays short; each wait is
bounded and fails with what it waited for.

One stack for the whole run (session scope): test_dependencies.py runs first, then
test_supervision.py, whose last test stops it.
"""

import contextlib
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pytest
import requests

from stack.instance import ADMIN_EMAIL
from stack.services import free_port
from stack.supervisor import DEFAULT_PORTS, REPO, Stack

POLICY = {"RODARE_RESTART_LIMIT": "3", "RODARE_RESTART_WINDOW": "60",
          "RODARE_RESTART_BACKOFF": "0.5", "RODARE_RESTART_BACKOFF_MAX": "2",
          "INVENIO_RODARE_DOI_RETRY_DELAY": "5", "INVENIO_RODARE_DOI_SWEEP_AFTER": "5"}


def _wait_until(check, timeout, what):
    """``check()``'s first truthy answer within ``timeout`` seconds, else fail saying ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout}s: {what}")
        time.sleep(0.25)


class Supervised:
    """The stack, and the supervision loop ``./rodare up`` runs, on a thread of the test run."""

    def __init__(self, stack):
        """Start supervising a started stack."""
        self.stack = stack
        self._end = threading.Event()
        self._pause = threading.Event()
        self._holding = threading.Event()
        self.mark = 0  # where the current test's part of the supervisor's log begins
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self):
        while not self._end.is_set():
            if self._pause.is_set():
                self._holding.set()
            else:
                self._holding.clear()
                self.stack.supervise()
            self._end.wait(0.2)

    @contextlib.contextmanager
    def paused(self):
        """No supervision meanwhile: a child killed now stays down until the block ends (a
        dependency that is down for a while, not the second a restart takes)."""
        self._pause.set()
        if not self._holding.wait(10):
            pytest.fail("the supervision loop did not pause")
        try:
            yield
        finally:
            self._pause.clear()

    def stop(self):
        """End supervision, then stop the stack (as Ctrl-C does)."""
        self._end.set()
        self._thread.join(10)
        self.stack.stop()

    def child(self, name):
        """The supervised child called ``name`` (a server or an app process)."""
        return next(child for child in self.stack.children() if child.name == name)

    def log(self):
        """What the supervisor said so far."""
        path = self.stack.root / "logs" / "supervisor.log"
        return path.read_text() if path.exists() else ""

    def said(self, text, timeout=60):
        """Wait until the supervisor's log says ``text`` (since the current test began: an
        earlier test's line of the same child does not count)."""
        _wait_until(lambda: text in self.log()[self.mark:], timeout,
                    f"the supervisor says {text!r}")


@pytest.fixture(scope="session")
def supervised():
    """A started, supervised stack; stopped (and its root removed) at the end."""
    instance = os.environ.get("RODARE_INSTANCE_PATH", str(REPO / ".rodare" / "instance"))
    if not (Path(instance) / "static" / "dist" / "manifest.json").exists():
        pytest.fail("UI assets are not built: run the tests with ./rodare test")
    saved = {key: os.environ.get(key) for key in POLICY}
    os.environ.update(POLICY)
    root = tempfile.mkdtemp(prefix="rodare-faults-")
    stack = Stack(root, ports={name: free_port() for name in DEFAULT_PORTS},
                  instance_path=instance)
    try:
        stack.start(assets=False)  # its app processes read the INVENIO_* ones
    finally:
        for key, value in saved.items():  # the rest of the run does not
            if value is None:
                os.environ.pop(key)
            else:
                os.environ[key] = value
    supervised = Supervised(stack)
    yield supervised
    supervised.stop()
    kept = REPO / ".rodare" / "faults-logs"
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(Path(root) / "logs", kept)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def api(supervised):
    """A requests session to the stack's REST API as the admin (a personal token)."""
    stack = supervised.stack
    out = stack.invenio("tokens", "create", "-n", "faults", "-u", ADMIN_EMAIL,
                        check=True, capture_output=True, text=True).stdout
    session = requests.Session()
    session.trust_env = False
    session.verify = stack.certificate
    session.headers["Authorization"] = f"Bearer {out.strip().splitlines()[-1]}"
    session.base = f"{stack.url}/api"
    return session


def _record_json(title, files=False):
    """A deposit of the admin: public, with or without files, the required fields only."""
    return {
        "access": {"record": "public", "files": "public"},
        "files": {"enabled": files},
        "metadata": {
            "creators": [{"person_or_org": {"family_name": "Rossendorf",
                                            "given_name": "Rosa", "type": "personal"}}],
            "publication_date": "2024-05-13", "publisher": "Rodare",
            "resource_type": {"id": "dataset"}, "title": title,
        },
    }


@pytest.fixture(scope="session")
def record_json():
    """``record_json(title, files=False)``: the JSON of a new deposit."""
    return _record_json


@pytest.fixture(scope="session")
def draft(api):
    """A function creating a metadata-only draft of the admin (published later)."""
    def _draft(title):
        answer = api.post(f"{api.base}/records", timeout=60, json=_record_json(title))
        assert answer.status_code == 201, answer.text
        return answer.json()

    return _draft


@pytest.fixture(scope="session")
def publish(api, draft):
    """A function publishing a metadata-only record as the admin (no ROBIS id needed)."""
    def _publish(title):
        record = draft(title)
        published = api.post(record["links"]["publish"], timeout=60)
        assert published.status_code == 202, published.text
        return published.json()

    return _publish


@pytest.fixture(scope="session")
def datacite(supervised):
    """A function reading a DOI's state at the stack's local DataCite (None while unknown)."""
    session = requests.Session()
    session.trust_env = False
    base = f"http://127.0.0.1:{supervised.stack.ports['datacite']}/dois/"

    def state(doi):
        try:
            response = session.get(base + doi, timeout=10)
        except requests.RequestException:  # killed, or restarted and not yet listening
            return None
        return response.json()["data"]["attributes"]["state"] if response.ok else None

    return state


@pytest.fixture(autouse=True)
def _log_mark(request):
    """Each test reads the supervisor's log from where it began (``Supervised.said``)."""
    if "supervised" in request.fixturenames:
        supervised = request.getfixturevalue("supervised")
        supervised.mark = len(supervised.log())


@pytest.fixture(scope="session")
def wait_until():
    """``wait_until(check, timeout, what)``: poll until ``check()`` is truthy, bounded."""
    return _wait_until


def _group_of(child):
    """The processes of a child's process group right now (leader, pool, workers, ...)."""
    pgid = child.proc.pid
    found = []
    for process in psutil.process_iter(["pid"]):
        try:
            if os.getpgid(process.pid) == pgid:
                found.append(process)
        except (ProcessLookupError, psutil.Error):
            pass
    return found


@pytest.fixture(scope="session")
def group_of():
    """``group_of(child)``: the processes of a supervised child's process group."""
    return _group_of

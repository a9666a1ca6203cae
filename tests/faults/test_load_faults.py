"""kill -9 of one service after another while deposits, publications and downloads run.

The issue's promise, checked from what the stack holds afterwards rather than from what the
clients were told (an answer lost with a killed process says nothing about the outcome):

- every publish either completed or was cleanly refused: the record is published, or it is
  still a draft and nothing of it is public;
- every completed one has its DOI registered at DataCite and is found in search and OAI-PMH;
- no file is half-written: every committed file has the bytes that were sent, published
  files download with them;
- the killed processes came back (the supervisor's log) and no orphan is left (the worker's
  old pool: test_supervision.py; the last test there stops the stack and checks for any).

Runs on the faults stack (conftest, session scope), after test_dependencies.py and before
test_supervision.py (file order). Bounded: a few deposits per fault, every wait limited.
"""

import hashlib
import os
import signal
import threading
import time
import uuid

import psutil
import requests

FAULTS = ("worker", "postgres", "redis", "web-worker", "search")
"""In this order, one after the other, each while the load runs."""

LOAD_AFTER_EACH = 4.0
"""Seconds of load after a killed service is back, before the next kill."""


class Load:
    """Deposit with a file, publish, download a published file: again and again on a thread."""

    def __init__(self, api, record_json):
        """Nothing runs yet; :meth:`start` begins."""
        self.api, self.record_json, self.stop_event = api, record_json, threading.Event()
        self.deposits = []  # {"id", "key", "md5"} of every draft created
        self.downloads = []  # status codes of downloads (never checked against bytes here)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.stop_event.set()
        self.thread.join(120)
        assert not self.thread.is_alive(), "the load did not stop"

    def _session(self):
        session = requests.Session()
        session.trust_env, session.verify = False, self.api.verify
        session.headers.update(self.api.headers)
        return session

    def _run(self):
        while not self.stop_event.is_set():
            with self._session() as http:  # a new connection: a killed worker's is dead
                try:
                    self._deposit(http)
                    self._download(http)
                except requests.RequestException:
                    time.sleep(0.5)  # the service is down: try again shortly

    def _deposit(self, http):
        base = self.api.base
        title = f"Deposited under faults {uuid.uuid4().hex[:8]}"
        draft = http.post(f"{base}/records", timeout=30, json=self.record_json(title, files=True))
        if draft.status_code != 201:
            time.sleep(0.5)
            return
        content = os.urandom(256 * 1024)
        entry = {"id": draft.json()["id"], "key": "shots.bin",
                 "md5": hashlib.md5(content).hexdigest()}
        self.deposits.append(entry)
        files = f"{base}/records/{entry['id']}/draft/files"
        http.post(files, json=[{"key": entry["key"]}], timeout=30)
        http.put(f"{files}/{entry['key']}/content", data=content, timeout=60,
                 headers={"Content-Type": "application/octet-stream"})
        http.post(f"{files}/{entry['key']}/commit", timeout=30)
        http.post(f"{base}/records/{entry['id']}/draft/actions/publish", timeout=60)

    def _download(self, http):
        published = [d for d in self.deposits[-5:] if d.get("seen_published")]
        for entry in self.deposits[-5:]:
            if not published:
                answer = http.get(f"{self.api.base}/records/{entry['id']}", timeout=30)
                if answer.status_code == 200:
                    entry["seen_published"] = True
                    published.append(entry)
        for entry in published[-1:]:
            answer = http.get(f"{self.api.base}/records/{entry['id']}/files/{entry['key']}/content",
                              timeout=60)
            self.downloads.append(answer.status_code)


def _kill(supervised, fault):
    """kill -9 of the service; for the web server, of one of gunicorn's workers."""
    if fault == "web-worker":
        victim = psutil.Process(supervised.child("web").proc.pid).children()[0]
        victim.send_signal(signal.SIGKILL)
        return
    os.kill(supervised.child(fault).proc.pid, signal.SIGKILL)
    supervised.said(f"{fault} exited (-9); restarting it", timeout=60)
    supervised.said(f"{fault} restarted", timeout=120)


def _search_serves(api):
    try:
        answer = api.get(f"{api.base}/records", params={"size": 1}, timeout=30)
    except requests.RequestException:
        return False
    return answer.status_code == 200


def _state(api, entry):
    """``published``, ``draft`` or ``None`` (neither: the draft's creation was not kept)."""
    if api.get(f"{api.base}/records/{entry['id']}", timeout=30).status_code == 200:
        return "published"
    if api.get(f"{api.base}/records/{entry['id']}/draft", timeout=30).status_code == 200:
        return "draft"
    return None


def _file_is_whole_or_pending(api, entry, where):
    """A committed file has exactly the bytes sent; an uncommitted one is pending (or absent)."""
    answer = api.get(f"{api.base}/records/{entry['id']}/{where}files", timeout=30)
    assert answer.status_code == 200, answer.text[:300]
    for item in answer.json().get("entries", []):
        if item.get("status") == "completed":
            assert item["checksum"] == f"md5:{entry['md5']}", f"{entry['id']}: half-written file"
            content = api.get(f"{api.base}/records/{entry['id']}/{where}files/{item['key']}/content",
                              timeout=60)
            assert content.status_code == 200
            assert hashlib.md5(content.content).hexdigest() == entry["md5"]
        else:
            assert where == "draft/", f"{entry['id']}: a published record with a pending file"


def test_services_killed_one_after_another_under_load_lose_nothing(
        supervised, api, record_json, datacite, wait_until):
    load = Load(api, record_json).start()
    try:
        wait_until(lambda: len(load.deposits) >= 2, 120, "the load deposits before the faults")
        for fault in FAULTS:
            _kill(supervised, fault)
            time.sleep(LOAD_AFTER_EACH)
    finally:
        load.stop()

    wait_until(lambda: _search_serves(api), 300, "the repository serves again (search refilled)")
    assert len(load.deposits) >= len(FAULTS), "the load barely ran"
    assert 200 in load.downloads, "no download succeeded under load"

    states = {entry["id"]: _state(api, entry) for entry in load.deposits}
    published = [e for e in load.deposits if states[e["id"]] == "published"]
    assert published, "no publish completed under load"
    for entry in load.deposits:
        if states[entry["id"]] == "published":
            _file_is_whole_or_pending(api, entry, "")
        elif states[entry["id"]] == "draft":  # refused cleanly: nothing of it is public
            assert api.get(f"{api.base}/records/{entry['id']}", timeout=30).status_code == 404
            _file_is_whole_or_pending(api, entry, "draft/")

    dois = {e["id"]: api.get(f"{api.base}/records/{e['id']}", timeout=30).json()["pids"]["doi"]["identifier"]
            for e in published}
    wait_until(lambda: all(datacite(doi) == "findable" for doi in dois.values()), 240,
               f"every DOI of the {len(dois)} completed publications is registered at DataCite")
    oai = requests.Session()
    oai.trust_env, oai.verify = False, api.verify
    for recid in dois:
        found = api.get(f"{api.base}/records", params={"q": f'id:"{recid}"'}, timeout=30).json()
        assert found["hits"]["total"] == 1, f"{recid} not found in search"
        record = oai.get(f"{supervised.stack.url}/oai2d", timeout=30, params={
            "verb": "GetRecord", "metadataPrefix": "oai_dc",
            "identifier": f"oai:rodare.hzdr.de:{recid}"})
        assert record.status_code == 200 and b"<error" not in record.content, recid
    with open(supervised.stack.root / "logs" / "measurements.txt", "a") as notes:
        notes.write(f"under load, {', '.join(FAULTS)} killed: {len(load.deposits)} deposits, "
                    f"{len(published)} published (DOI, search, OAI-PMH, files checked), "
                    f"{sum(1 for s in states.values() if s == 'draft')} left as drafts, "
                    f"{load.downloads.count(200)}/{len(load.downloads)} downloads served\n")

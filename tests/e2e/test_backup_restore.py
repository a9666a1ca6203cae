"""``./rodare backup`` of a live stack while deposits go on, ``./rodare restore`` into a
fresh root, and a second stack on it that serves the same repository.

| taken from the running stack               | the restored stack (after its own start) shows     |
|--------------------------------------------|----------------------------------------------------|
| records with files, one with restricted files | the same metadata, DOIs, files by MD5, the same |
|                                            | access (anonymous: 403 on the restricted file)     |
| an account with a password                 | it logs in (REST), a wrong password does not       |
| that account's personal token and draft    | the token opens the draft (tokens need the key)    |
| search                                     | finds the records (rebuilt from the database)      |
| a visit of a record's page (statistics)    | the same view count (statistics restored, then the |
|                                            | records indexed with them)                         |

Deposits run on a thread while the backup is taken; it verifies all the same. Restore
refuses a backup with one flipped byte, and a root whose stack runs. The backup is taken of
the e2e suite's stack (no stack of its own to start: the second start is the one to prove).
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from stack.services import free_port
from stack.supervisor import DEFAULT_PORTS, REPO, Stack

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
"""invenio-stats does not count visits whose User-Agent looks like a robot (python-requests)."""


def _cli(*args, ports):
    """Run ``./rodare <args>`` (``python -m stack``) for a stack on ``ports``; bounded."""
    env = {**os.environ, **{f"RODARE_{name.upper()}_PORT": str(port)
                            for name, port in ports.items()}}
    return subprocess.run([sys.executable, "-m", "stack", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def _session(base_url, certificate, token=None):
    session = requests.Session()
    session.trust_env = False
    session.verify = certificate
    session.headers["Referer"] = base_url + "/"
    if token:
        session.headers["Authorization"] = f"Bearer {token}"
    session.base = f"{base_url}/api"
    return session


def _deposit(api, title, files=(), access="public", publish=True):
    """A draft with ``files`` ({name: bytes}), published unless told otherwise."""
    draft = api.post(f"{api.base}/records", timeout=60, json={
        "access": {"record": "public", "files": access},
        "files": {"enabled": bool(files)},
        "metadata": {
            "creators": [{"person_or_org": {"family_name": "Rossendorf", "given_name": "Rosa",
                                            "type": "personal"}}],
            "publication_date": "2024-05-13", "publisher": "Rodare",
            "resource_type": {"id": "dataset"}, "title": title,
        },
    })
    assert draft.status_code == 201, draft.text
    links = draft.json()["links"]
    for name, content in dict(files).items():
        assert api.post(links["files"], json=[{"key": name}], timeout=60).ok
        assert api.put(f"{links['files']}/{name}/content", data=content, timeout=60,
                       headers={"Content-Type": "application/octet-stream"}).ok
        assert api.post(f"{links['files']}/{name}/commit", timeout=60).ok
    if not publish:
        return draft.json()
    published = api.post(links["publish"], timeout=60)
    assert published.status_code == 202, published.text
    return published.json()


def _md5(content):
    return "md5:" + hashlib.md5(content).hexdigest()


def _logged_in_as(session, email, password):
    """The e-mail the REST API says this session is signed in as, after a REST login."""
    session.post(f"{session.base}/login", data={"email": email, "password": password}, timeout=30)
    me = session.get(f"{session.base}/me", timeout=30)
    return me.json().get("email") if me.status_code == 200 else None


@pytest.fixture
def roots():
    """Fresh stack roots, removed after the test."""
    made = []

    def make():
        made.append(tempfile.mkdtemp(prefix="rodare-restore-"))
        return Path(made[-1])

    yield make
    for root in made:
        shutil.rmtree(root, ignore_errors=True)


def test_a_live_backup_restores_to_the_same_repository(live_stack, api, roots):
    stack = live_stack
    email, password = f"backup-{uuid.uuid4().hex[:6]}@hzdr.de", "backup-secret-42"
    stack.invenio("users", "create", email, "--password", password, "-a", "-c", check=True,
                  capture_output=True)
    token = stack.invenio("tokens", "create", "-n", "backup", "-u", email, check=True,
                          capture_output=True, text=True).stdout.strip().splitlines()[-1]
    researcher = _session(stack.url, stack.certificate, token)
    draft = _deposit(researcher, "A researcher's draft", publish=False)
    contents = {"open.txt": b"open data\n" * 1000, "closed.bin": os.urandom(200_000)}
    records = [
        _deposit(api, "Backed up, open file", {"open.txt": contents["open.txt"]}),
        _deposit(api, "Backed up, restricted file", {"closed.bin": contents["closed.bin"]},
                 access="restricted"),
        _deposit(api, "Backed up, metadata only"),
    ]

    # One visit of the open record's page, processed into statistics (which live only in the
    # search server) by invenio-stats' own commands, as its periodic tasks would.
    visitor = _session(stack.url, stack.certificate)
    visitor.headers["User-Agent"] = BROWSER
    assert visitor.get(f"{stack.url}/records/{records[0]['id']}", timeout=60).ok
    for command in (("events", "process", "record-view"),
                    ("aggregations", "process", "record-view-agg")):
        stack.invenio("stats", *command, "--eager", check=True, capture_output=True)

    # Deposits go on while the backup is taken.
    backing_up, busy = threading.Event(), []

    def deposit_meanwhile():
        while not backing_up.is_set():
            busy.append(_deposit(api, "In flight", {"f.txt": os.urandom(50_000)}, publish=False))

    depositor = threading.Thread(target=deposit_meanwhile, daemon=True)
    depositor.start()
    dest = roots() / "backup"
    started = time.monotonic()
    taken = _cli("backup", "--root", str(stack.root), str(dest), ports=stack.ports)
    backup_seconds = time.monotonic() - started
    backing_up.set()
    depositor.join(120)
    assert taken.returncode == 0, taken.stdout + taken.stderr
    assert busy, "deposits ran during the backup"
    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["usage_stats"]["documents"] > 0
    print(f"backup took {backup_seconds:.1f}s; {len(busy)} deposits meanwhile; "
          f"{len(manifest['files'])} files, {manifest['files_total_bytes']} bytes")

    # A backup with one flipped byte is refused, and nothing is restored.
    broken = roots() / "broken"
    shutil.copytree(dest, broken)
    victim = next(path for path in (broken / "files").rglob("*") if path.is_file())
    data = bytearray(victim.read_bytes())
    data[0] ^= 1
    victim.write_bytes(bytes(data))
    refused_root = roots()
    refused = _cli("restore", "--root", str(refused_root), str(broken), ports=stack.ports)
    assert refused.returncode != 0 and "does not verify" in refused.stderr, refused.stderr
    assert not (refused_root / "postgres").exists()

    # The real backup restores into a fresh root, and a stack of its own serves it.
    root = roots()
    restored = _cli("restore", "--root", str(root), str(dest), ports=stack.ports)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    ports = {name: free_port() for name in DEFAULT_PORTS}
    second = Stack(root, ports=ports, instance_path=stack.instance, settings=stack.settings)
    second.start(assets=False)
    assert not second.index_kept  # a restored database: the index is rebuilt from it
    try:
        again = _cli("restore", "--root", str(root), str(dest), ports=ports)
        assert again.returncode != 0 and "is running" in again.stderr, again.stderr

        admin = _session(second.url, second.certificate, api.headers["Authorization"].split()[1])
        anonymous = _session(second.url, second.certificate)
        for record in records:
            got = admin.get(f"{admin.base}/records/{record['id']}", timeout=30)
            assert got.status_code == 200, got.text
            assert got.json()["metadata"] == record["metadata"]
            assert got.json()["pids"]["doi"] == record["pids"]["doi"]
            hits = admin.get(f"{admin.base}/records", params={"q": f'id:"{record["id"]}"'},
                             timeout=30).json()["hits"]
            assert hits["total"] == 1
        views = admin.get(f"{admin.base}/records/{records[0]['id']}", timeout=30).json()
        assert views["stats"]["this_version"]["views"] == 1, views["stats"]
        for record, name in ((records[0], "open.txt"), (records[1], "closed.bin")):
            url = f"{admin.base}/records/{record['id']}/files/{name}/content"
            assert _md5(admin.get(url, timeout=60).content) == _md5(contents[name])
        closed = f"{anonymous.base}/records/{records[1]['id']}/files/closed.bin/content"
        assert anonymous.get(closed, timeout=30).status_code == 403
        opened = f"{anonymous.base}/records/{records[0]['id']}/files/open.txt/content"
        assert anonymous.get(opened, timeout=30).content == contents["open.txt"]

        # The account signs in with its password, and its token (kept encrypted with the
        # secret key) still opens its draft.
        assert _logged_in_as(_session(second.url, second.certificate), email, "wrong") is None
        assert _logged_in_as(_session(second.url, second.certificate), email, password) == email
        mine = _session(second.url, second.certificate, token)
        assert mine.get(f"{mine.base}/records/{draft['id']}/draft", timeout=30).status_code == 200
        assert anonymous.get(f"{anonymous.base}/records/{draft['id']}/draft",
                             timeout=30).status_code in (401, 403)
    finally:
        second.stop()

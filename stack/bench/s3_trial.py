"""The switch on a running stack: files moved local -> S3 -> local, with checksums equal.

    .venv/bin/python -m stack.bench.s3_trial

Starts an embedded stack with the S3 option (``Stack(s3=True)``, what ``RODARE_S3=1 ./rodare
up`` runs) on free ports in a temporary root, without building the UI assets (REST only);
publishes two records of two files each (one record public, one with restricted files) over
REST; then runs ``invenio rodare-storage move`` as an operator would (``--dry-run`` first) to
S3 and back, and after each move compares every file's checksum with the one before and
downloads every file (a presigned redirect on S3, the bytes on the local folder); an anonymous
client asks for a restricted file on S3 and must get a 403 without a ``Location``. About five
minutes, most of it the stack's first set-up; not a test (docs/storage-s3.md).
"""

import os
import shutil
import tempfile
import time

import requests

from ..services import free_port
from ..supervisor import DEFAULT_PORTS, Stack

ADMIN = "admin@rodare.hzdr.de"
CONTENTS = {"a.bin": os.urandom(3 * 2**20 + 17), "b.csv": b"x,y\n1,2\n" * 1000}


def session(stack, token=None):
    """A requests session to the stack (its certificate), as the admin with ``token``."""
    http = requests.Session()
    http.trust_env = False
    http.verify = stack.certificate
    if token:
        http.headers["Authorization"] = f"Bearer {token}"
    return http


def publish(http, base, files_access):
    """A published record with CONTENTS over REST; its id."""
    data = {"access": {"record": "public", "files": files_access}, "files": {"enabled": True},
            "metadata": {"title": f"S3 trial ({files_access} files)", "publication_date": "2026-12-05",
                         "publisher": "Rodare", "resource_type": {"id": "dataset"},
                         "creators": [{"person_or_org": {"family_name": "Trial", "type": "personal"}}]}}
    response = http.post(f"{base}/api/records", json=data)
    assert response.status_code == 201, response.text
    draft = response.json()
    files = draft["links"]["files"]
    assert http.post(files, json=[{"key": key} for key in CONTENTS]).status_code == 201
    for key, content in CONTENTS.items():
        assert http.put(f"{files}/{key}/content", data=content,
                        headers={"Content-Type": "application/octet-stream"}).status_code == 200
        assert http.post(f"{files}/{key}/commit").status_code == 200
    response = http.post(draft["links"]["publish"])
    assert response.status_code == 202, response.text
    return response.json()["id"]


def checksums(http, base, ids):
    """{(record, key): checksum} as the REST API reports them."""
    return {(recid, entry["key"]): entry["checksum"] for recid in ids
            for entry in http.get(f"{base}/api/records/{recid}/files").json()["entries"]}


def downloads_match(http, base, ids, status):
    """Every file downloads with its bytes: ``status`` 302 (presigned URL) or 200."""
    for recid in ids:
        for key, content in CONTENTS.items():
            response = http.get(f"{base}/api/records/{recid}/files/{key}/content",
                                allow_redirects=False)
            assert response.status_code == status, (response.status_code, response.text[:200])
            if status == 302:
                body = requests.get(response.headers["Location"], timeout=60).content
            else:
                body = response.content
            assert body == content, (recid, key)


def trial(stack, log):
    """Publish, move to S3 and back, check after each move (see the module docstring)."""
    out = stack.invenio("tokens", "create", "-n", "trial", "-u", ADMIN, check=True,
                        capture_output=True, text=True).stdout
    http, anonymous, base = session(stack, out.strip().splitlines()[-1]), session(stack), stack.url
    ids = [publish(http, base, "public"), publish(http, base, "restricted")]
    before = checksums(http, base, ids)
    log(f"published {ids}, {len(before)} files")
    downloads_match(http, base, ids, 200)
    for to in ("s3", "local"):
        for args in (["--dry-run"], []):
            start = time.monotonic()
            result = stack.invenio("rodare-storage", "move", "--to", to, *args,
                                   capture_output=True, text=True)
            log(f"move --to {to} {' '.join(args)}: exit {result.returncode} in "
                f"{time.monotonic() - start:.1f}s\n{result.stdout}")
            assert result.returncode == 0, result.stderr
        assert checksums(http, base, ids) == before
        downloads_match(http, base, ids, 302 if to == "s3" else 200)
        restricted = anonymous.get(f"{base}/api/records/{ids[1]}/files/a.bin/content",
                                   allow_redirects=False)
        assert restricted.status_code == 403 and "Location" not in restricted.headers
        log(f"on {to}: checksums equal, every file downloads, a stranger gets 403 without a URL")


def main():
    """Start, try, stop."""
    t0 = time.monotonic()

    def log(text):
        print(f"[{time.monotonic() - t0:6.1f}s] {text}", flush=True)

    root = tempfile.mkdtemp(prefix="rodare-s3-trial-")
    stack = Stack(root, ports={name: free_port() for name in DEFAULT_PORTS}, s3=True)
    try:
        stack.start(assets=False)
        log(f"stack up at {stack.url}, S3 server on :{stack.ports['s3']}")
        trial(stack, log)
        log("TRIAL OK")
    finally:
        stack.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

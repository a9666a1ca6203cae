"""Downloads behind nginx: the app checks and sets the headers, nginx sends the bytes.

Every answer is compared with the app's own streaming answer for the same request, so what
nginx completes is exactly what the app would have sent, minus the body. The last tests put
a real nginx with the Docker path's internal location (docker/nginx/conf.d/default.conf) in
front of the app's answer; the answer without nginx is streamed in large pieces.
"""

import http.server
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from stack.services import free_port

PROXY = {"X-Sendfile-Type": "X-Accel-Redirect"}
ROOT_KEY = "RODARE_DOWNLOADS_ACCEL_ROOT"


@pytest.fixture
def behind_nginx(app, set_config, location):
    """The storage folder of the test location is the one nginx serves internally."""
    set_config(ROOT_KEY, location.uri)
    return Path(location.uri)


def _stored_path(record):
    return Path(record._record.files["image.png"].object_version.file.uri)


def test_checked_download_is_left_to_nginx(behind_nginx, publish_at_level, as_user):
    record = publish_at_level("open")
    client = as_user("stranger")
    url = f"/api/records/{record.id}/files/image.png/content"
    streamed = client.get(url)
    res = client.get(url, headers=PROXY)

    assert res.status_code == 200 and res.data == b""
    relative = _stored_path(record).relative_to(behind_nginx)
    assert res.headers["X-Accel-Redirect"] == f"/_rodare_files/{relative}"
    assert res.headers["Content-Length"] == "0"
    for header in ("Content-Type", "Content-Disposition", "Cache-Control", "ETag", "Content-MD5",
                   "Content-Security-Policy", "X-Content-Type-Options"):
        assert res.headers.get(header) == streamed.headers.get(header), header
    assert streamed.data == _stored_path(record).read_bytes()  # and nginx would send these


def test_the_ui_download_too(behind_nginx, publish_at_level, as_user):
    record = publish_at_level("open")
    res = as_user("stranger").get(f"/records/{record.id}/files/image.png?download=1", headers=PROXY)
    assert res.status_code == 200 and res.data == b""
    assert res.headers["X-Accel-Redirect"].startswith("/_rodare_files/")
    assert res.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("level", ["closed", "restricted", "embargoed"])
def test_refused_files_name_no_location(behind_nginx, publish_at_level, as_user, level):
    record = publish_at_level(level)
    client = as_user("stranger")
    res = client.get(f"/api/records/{record.id}/files/image.png/content", headers=PROXY)
    assert res.status_code == 403
    assert "X-Accel-Redirect" not in res.headers
    res = client.get(f"/records/{record.id}/files/image.png?download=1", headers=PROXY)
    assert res.status_code in (403, 404)
    assert "X-Accel-Redirect" not in res.headers and b"IHDR" not in res.data


def test_owner_of_a_closed_record_gets_it(behind_nginx, publish_at_level, as_user):
    record = publish_at_level("closed")
    res = as_user("owner").get(f"/api/records/{record.id}/files/image.png/content", headers=PROXY)
    assert res.status_code == 200 and "X-Accel-Redirect" in res.headers


def test_a_request_that_bypassed_nginx_gets_the_bytes(behind_nginx, publish_at_level, as_user):
    """No ``X-Sendfile-Type`` (the app reached directly): never an empty body."""
    record = publish_at_level("open")
    res = as_user("stranger").get(f"/api/records/{record.id}/files/image.png/content")
    assert res.status_code == 200 and res.data == _stored_path(record).read_bytes()
    assert "X-Accel-Redirect" not in res.headers


def test_off_by_default(publish_at_level, as_user):
    """The embedded default has no proxy: the app streams, whatever a client claims."""
    record = publish_at_level("open")
    res = as_user("stranger").get(f"/api/records/{record.id}/files/image.png/content", headers=PROXY)
    assert res.status_code == 200 and res.data == _stored_path(record).read_bytes()
    assert "X-Accel-Redirect" not in res.headers


def test_conditional_answers_stay_the_apps(behind_nginx, publish_at_level, as_user):
    record = publish_at_level("open")
    client = as_user("stranger")
    url = f"/api/records/{record.id}/files/image.png/content"
    etag = client.get(url, headers=PROXY).headers["ETag"]
    res = client.get(url, headers={**PROXY, "If-None-Match": etag})
    assert res.status_code == 304 and "X-Accel-Redirect" not in res.headers


def test_a_file_outside_the_served_folder_is_streamed(app, set_config, publish_at_level, as_user, tmp_path):
    set_config(ROOT_KEY, str(tmp_path / "elsewhere"))
    record = publish_at_level("open")
    res = as_user("stranger").get(f"/api/records/{record.id}/files/image.png/content", headers=PROXY)
    assert res.status_code == 200 and res.data == _stored_path(record).read_bytes()
    assert "X-Accel-Redirect" not in res.headers


def test_a_failed_file_is_still_refused(behind_nginx, publish_at_level, as_user, db):
    """The fixity feature's refusal comes first: nginx is never pointed at corrupt bytes."""
    record = publish_at_level("open")
    instance = record._record.files["image.png"].object_version.file
    instance.last_check = False
    db.session.commit()
    res = as_user("stranger").get(f"/api/records/{record.id}/files/image.png/content", headers=PROXY)
    assert res.status_code == 503 and "X-Accel-Redirect" not in res.headers


def test_the_app_streams_in_pieces_of_the_configured_size(set_config, publish_at_level, as_user):
    """Upstream hands the server the open file, iterated line by line (22 lines here, a few
    hundred bytes each for a large binary file); the app reads fixed pieces instead."""
    set_config("RODARE_DOWNLOADS_CHUNK_SIZE", 1000)
    record = publish_at_level("open")
    stored = _stored_path(record).read_bytes()
    res = as_user("stranger").get(f"/api/records/{record.id}/files/image.png/content",
                                  buffered=False)
    pieces = list(res.response)
    res.close()
    assert b"".join(pieces) == stored and len(stored) > 5000
    assert [len(piece) for piece in pieces] == [1000] * (len(stored) // 1000) + [len(stored) % 1000]
    assert res.headers["Content-Length"] == str(len(stored))


def test_an_apps_range_answer_becomes_the_whole_file_for_nginx(behind_nginx, set_config,
                                                              publish_at_level, as_user):
    """With upstream's range answers switched on, nginx still cuts the range itself."""
    set_config("FILES_REST_ALLOW_RANGE_REQUESTS", True)
    record = publish_at_level("open")
    client = as_user("stranger")
    url = f"/api/records/{record.id}/files/image.png/content"
    assert client.get(url, headers={"Range": "bytes=0-9"}).status_code == 206  # without nginx
    res = client.get(url, headers={**PROXY, "Range": "bytes=0-9"})
    assert res.status_code == 200 and res.data == b""
    assert "Content-Range" not in res.headers and "X-Accel-Redirect" in res.headers


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NGINX_CONF = Path(__file__).parents[3] / "docker" / "nginx" / "conf.d" / "default.conf"


class _Replay(http.server.BaseHTTPRequestHandler):
    """Answers every request with the app's recorded answer (status, headers, body), as
    uwsgi passes it to nginx; keeps the headers nginx sent."""

    answer = None
    seen = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.seen.append(dict(self.headers))
        status, headers, body = self.answer
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        """Quiet."""


@pytest.fixture
def nginx(tmp_path, behind_nginx):
    """nginx with the Docker path's ``/_rodare_files/`` location (its alias pointed at the
    test's storage folder) in front of a replay of the app's answer; yields ``(url, replay)``."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (Debian: nginx-light)")
    block = re.search(r"\n  (location /_rodare_files/ \{[^}]*\})", NGINX_CONF.read_text()).group(1)
    block = re.sub(r"alias \S+;", f"alias {behind_nginx}/;", block)
    replay = type("Replay", (_Replay,), {"seen": []})
    app_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), replay)
    threading.Thread(target=app_server.serve_forever, daemon=True).start()
    port = free_port()
    temp = "".join(f"{kind}_temp_path {tmp_path}/{kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(f"""
master_process off;
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 16; }}
http {{
  {temp}
  access_log off;
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://127.0.0.1:{app_server.server_port};
      proxy_set_header X-Sendfile-Type X-Accel-Redirect;
    }}
    {block}
  }}
}}
""")
    process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                               stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", replay
    finally:
        process.terminate()
        process.wait(timeout=10)
        app_server.shutdown()
        app_server.server_close()


def _through(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_nginx_sends_the_bytes_of_the_apps_answer(nginx, publish_at_level, as_user):
    """The app's real answer to a checked download, then nginx with the Docker path's
    location: the file's bytes with the app's type and name and the untrusted-file headers;
    ranges cut by nginx; the internal location unreachable from outside."""
    url, replay = nginx
    record = publish_at_level("open")
    stored = _stored_path(record).read_bytes()
    app_answer = as_user("stranger").get(f"/records/{record.id}/files/image.png?download=1",
                                         headers=PROXY)
    assert app_answer.status_code == 200 and "X-Accel-Redirect" in app_answer.headers
    replay.answer = (200, list(app_answer.headers.items()), app_answer.data)

    status, headers, body = _through(f"{url}/records/{record.id}/files/image.png")
    assert status == 200 and body == stored
    assert replay.seen[-1]["X-Sendfile-Type"] == "X-Accel-Redirect"
    assert headers["Content-Length"] == str(len(stored))
    for name in ("Content-Type", "Content-Disposition", "Cache-Control"):
        assert headers[name] == app_answer.headers[name], name
    assert headers["Content-Security-Policy"] == "default-src 'none';"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "deny"

    status, headers, body = _through(f"{url}/x", headers={"Range": "bytes=100-199"})
    assert status == 206 and body == stored[100:200]
    assert headers["Content-Range"] == f"bytes 100-199/{len(stored)}"

    # Only the app's answer reaches the folder: the internal location asked for directly is
    # nginx's 404 (were it passed to the app, the replayed answer would send the file).
    status, _headers, body = _through(f"{url}{app_answer.headers['X-Accel-Redirect']}")
    assert status == 404 and body != stored


def test_nginx_never_sees_a_location_for_a_stranger(nginx, publish_at_level, as_user):
    """A refused download's answer, through nginx: the refusal, no byte of the file."""
    url, replay = nginx
    record = publish_at_level("restricted")
    app_answer = as_user("stranger").get(f"/api/records/{record.id}/files/image.png/content",
                                         headers=PROXY)
    assert app_answer.status_code == 403 and "X-Accel-Redirect" not in app_answer.headers
    replay.answer = (403, list(app_answer.headers.items()), app_answer.data)
    status, _headers, body = _through(f"{url}/api/records/{record.id}/files/image.png/content")
    assert status == 403 and body != _stored_path(record).read_bytes()

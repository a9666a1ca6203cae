"""Downloads behind nginx: the app checks and sets the headers, nginx sends the bytes.

Every answer is compared with the app's own streaming answer for the same request, so what
nginx completes is exactly what the app would have sent, minus the body.
"""

from pathlib import Path

import pytest

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
    res = as_user("stranger").get(f"/api/records/{record.id}/files/image.png/content", headers=PROXY)
    assert res.status_code == 403
    assert "X-Accel-Redirect" not in res.headers


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

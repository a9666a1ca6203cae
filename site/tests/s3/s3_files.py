"""What the S3 tests share beside fixtures (a module of its own, not ``conftest``)."""

import hashlib

import requests


def md5(data):
    """The checksum as invenio-files-rest stores it."""
    return "md5:" + hashlib.md5(data).hexdigest()


def stored(record, key):
    """The file instance behind ``key`` of a published record (service result)."""
    return record._record.files[key].object_version.file


def follow(response):
    """The bytes behind a 302 to a presigned URL, fetched from the S3 server as a browser does
    (no cookie, no session: the URL's signature is the only permission)."""
    assert response.status_code == 302, response.data
    fetched = requests.get(response.headers["Location"], timeout=30)
    assert fetched.status_code == 200
    return fetched.content

"""Fixtures for the S3 tests: a real S3 API server process (moto's server mode, the stand-in
of stack/standins/s3.py) per module, the app connected to it, and S3 as the default location."""

import pytest
import s3fs
from flask import current_app

from rodare_rdm.s3.move import ensure_bucket, make_default, s3_location
from stack.standins import s3 as s3_standin

BUCKET = "rodare-test"


@pytest.fixture(scope="module")
def s3_endpoint():
    """The S3 server's URL; its objects vanish with it at the end of the module."""
    with s3_standin.running() as url:
        yield url


@pytest.fixture(scope="module")
def app_config(app_config, s3_endpoint):
    """invenio-s3's connection to the stand-in (upstream's S3_* settings) and our bucket."""
    app_config["S3_ENDPOINT_URL"] = s3_endpoint
    app_config["S3_ACCESS_KEY_ID"] = s3_standin.ACCESS_KEY
    app_config["S3_SECRET_ACCESS_KEY"] = s3_standin.SECRET_KEY
    app_config["RODARE_S3_BUCKET"] = BUCKET
    return app_config


@pytest.fixture
def on_s3(running_app, db):
    """S3 is the default location (the local one of pytest-invenio is not): new files go there."""
    ensure_bucket()
    location = s3_location(create=True)
    make_default(location)
    return location


@pytest.fixture
def s3():
    """A client of our own to the S3 server, to look at (and damage) objects behind the app."""
    return s3fs.S3FileSystem(skip_instance_cache=True,
                             **current_app.extensions["invenio-s3"].init_s3fs_info)

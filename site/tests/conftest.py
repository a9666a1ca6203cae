"""Fixtures for the site package's service and REST tests (pytest-invenio).

The app is the real combined UI+API app with the real ``invenio.cfg`` of this repository
(linked into a temporary instance path), on the embedded PostgreSQL, Redis and search servers
that ``stack.pytest_plugin`` starts for the run. Celery runs eagerly (pytest-invenio default).
"""

import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections import namedtuple
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from flask import g
from flask_webpackext.manifest import JinjaManifestEntry
from invenio_access.models import ActionUsers
from invenio_access.permissions import superuser_access, system_identity
from invenio_accounts.testutils import login_user_via_session
from invenio_app.factory import create_app as _create_app
from invenio_cache import current_cache
from invenio_communities.proxies import current_communities
from invenio_rdm_records.cli import create_records_custom_field
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_search import current_search, current_search_client
from invenio_users_resources.proxies import current_users_service
from invenio_vocabularies.proxies import current_service as vocabulary_service

from rodare_rdm.hzdr import fixtures as hzdr_fixtures
from stack.services import free_port, wait_for_port

REPO = Path(__file__).resolve().parents[2]


class MockManifestLoader:
    """Serve UI pages without built assets: every bundle is an empty entry."""

    def load(self, filepath):
        """Return a manifest that knows every name."""
        return self

    def __getitem__(self, key):
        """Any bundle."""
        return JinjaManifestEntry(key, [key])

    def __contains__(self, key):
        """Any bundle exists."""
        return True


@pytest.fixture(scope="session")
def _instance_folder():
    """One instance folder per run: invenio-app reads INVENIO_INSTANCE_PATH at import."""
    path = tempfile.mkdtemp(prefix="rodare-instance-")
    for name in ("invenio.cfg", "templates", "app_data"):
        os.symlink(REPO / name, Path(path) / name)
    os.environ["INVENIO_INSTANCE_PATH"] = path
    yield path
    shutil.rmtree(path)


@pytest.fixture(scope="module")
def instance_path(_instance_folder):
    """The instance folder holding this repository's invenio.cfg, templates and app_data."""
    return _instance_folder


class LocalDataCite:
    """The local DataCite (stack/standins/datacite.py) as a real HTTP server in its own process."""

    prefix, username, password = "10.5072", "RODARE.TEST", "datacite-test-password"

    def __init__(self, folder):
        """Pick a port and a folder; :meth:`start` starts it."""
        self.folder, self.port, self.proc = folder, free_port(), None

    @property
    def url(self):
        """The API's base URL."""
        return f"http://127.0.0.1:{self.port}/"

    def start(self):
        """Start (again, on the same port and data)."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "stack.standins.datacite", "--port", str(self.port), "--dir",
             str(self.folder), "--prefix", self.prefix, "--username", self.username,
             "--password", self.password],
            cwd=REPO, stdout=subprocess.DEVNULL)
        wait_for_port(self.port, proc=self.proc, name="local DataCite")
        return self

    def stop(self):
        """DataCite is down: connections are refused."""
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture(scope="module")
def local_datacite():
    """A local DataCite per test module (as the database is): every publish registers there."""
    folder = tempfile.mkdtemp(prefix="rodare-datacite-")
    server = LocalDataCite(folder).start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def app_config(app_config, local_datacite):
    """Test settings on top of invenio.cfg."""
    app_config["DATACITE_URL"] = local_datacite.url
    app_config["DATACITE_PREFIX"] = local_datacite.prefix
    app_config["DATACITE_USERNAME"] = local_datacite.username
    app_config["DATACITE_PASSWORD"] = local_datacite.password
    app_config["WEBPACKEXT_MANIFEST_LOADER"] = MockManifestLoader
    app_config["REST_CSRF_ENABLED"] = False
    app_config["SITE_UI_URL"] = "https://127.0.0.1:5000"
    app_config["SITE_API_URL"] = "https://127.0.0.1:5000/api"
    app_config["THEME_FRONTPAGE"] = False
    # The ROBIS gate is the subject of site/tests/robis only; elsewhere owners publish directly.
    app_config["RODARE_ROBIS_ENABLED"] = False
    # Tests roll the database back between them, which no cache hears of: the per-process
    # copies of action grants and facet values are the subject of their own tests only.
    app_config["RODARE_CACHING_ACTIONS_TTL"] = 0
    app_config["RODARE_SEARCH_FACET_VALUES_TTL"] = 0
    return app_config


@pytest.fixture(scope="module")
def create_app(instance_path):
    """The combined UI+API application factory."""
    return _create_app


@pytest.fixture(scope="module")
def db_session_options():
    """Keep loaded objects usable after commit, as the services expect."""
    return dict(expire_on_commit=False)


def _vocabulary(type_id, pid_type, entries):
    vocabulary_service.create_type(system_identity, type_id, pid_type)
    for entry in entries:
        vocabulary_service.create(system_identity, {**entry, "type": type_id})
    current_search.flush_and_refresh("vocabularies")


@pytest.fixture(scope="module")
def vocabularies(app, database):
    """The controlled vocabularies a minimal RDM record needs."""
    _vocabulary(
        "resourcetypes",
        "rsrct",
        [
            {
                "id": "dataset",
                "icon": "table",
                "props": {
                    "csl": "dataset",
                    "datacite_general": "Dataset",
                    "datacite_type": "",
                    "openaire_resourceType": "21",
                    "openaire_type": "dataset",
                    "eurepo": "info:eu-repo/semantics/other",
                    "schema.org": "https://schema.org/Dataset",
                    "subtype": "",
                    "type": "dataset",
                    "marc21_type": "dataset",
                    "marc21_subtype": "",
                },
                "title": {"en": "Dataset"},
                "tags": ["depositable", "linkable"],
                "type": "resourcetypes",
            },
        ],
    )
    _vocabulary(
        "licenses",
        "lic",
        [
            {
                "id": "cc-by-4.0",
                "props": {"url": "https://creativecommons.org/licenses/by/4.0/legalcode", "scheme": "spdx"},
                "title": {"en": "Creative Commons Attribution 4.0 International"},
                "tags": ["recommended", "all"],
                "description": {"en": "The Creative Commons Attribution license."},
            }
        ],
    )
    # The generic vocabulary types of the HZDR fields (empty), which every instance has
    # (`invenio rdm-records fixtures`); tests that need their entries use hzdr_vocabularies.
    for type_, (pid_type, _entries) in hzdr_fixtures.vocabulary_files().items():
        if type_ not in hzdr_fixtures.OWN_SERVICES:
            vocabulary_service.create_type(system_identity, type_, pid_type)
    # The removal reasons (upstream's fixtures load them at set-up): the deletion dialog of
    # the landing page lists them for owners (site/rodare_rdm/deletion), tombstones name them.
    _vocabulary(
        "removalreasons",
        "rem",
        [{"id": id_, "title": {"en": title}, "tags": ["deletion-request"]}
         for id_, title in (("spam", "Spam"), ("test-record", "Test record"))],
    )
    _vocabulary(
        "creatorsroles",
        "crr",
        [{"id": "datacollector", "props": {"datacite": "DataCollector"}, "title": {"en": "Data collector"}}],
    )


RunningApp = namedtuple("RunningApp", ["app", "location", "vocabularies"])


@pytest.fixture
def running_app(app, location, vocabularies):
    """The app with a file location, the vocabularies and an empty cache."""
    current_cache.clear()
    return RunningApp(app, location, vocabularies)


@pytest.fixture
def minimal_record():
    """The smallest valid RDM record input: metadata only, no files."""
    return _minimal_record()


def _minimal_record():
    """A fresh copy of the smallest valid RDM record input."""
    return {
        "access": {"record": "public", "files": "public"},
        "files": {"enabled": False},
        "metadata": {
            "creators": [
                {
                    "person_or_org": {
                        "family_name": "Rossendorf",
                        "given_name": "Rosa",
                        "type": "personal",
                    }
                }
            ],
            "publication_date": "2024-05-13",
            "publisher": "Rodare",
            "resource_type": {"id": "dataset"},
            "title": "Beamline data from ELBE",
        },
    }


@pytest.fixture
def uploader(UserFixture, app, db):
    """A confirmed, active researcher account."""
    user = UserFixture(email="uploader@hzdr.de", password="uploader-password", active=True, confirmed=True)
    user.create(app, db)
    return user


@pytest.fixture
def api(app):
    """An anonymous client."""
    return app.test_client()


@pytest.fixture
def client_with_login(client, uploader):
    """A test client logged in as the uploader."""
    login_user_via_session(client, email=uploader.email)
    return client


def _png(width, height):
    """A small RGB gradient PNG, written by hand so the test needs no imaging library."""
    rows = b"".join(
        b"\x00" + b"".join(bytes([x % 256, y % 256, 128]) for x in range(width))
        for y in range(height)
    )

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture(scope="session")
def png():
    """A function making a PNG of the given size (IIIF needs a real image)."""
    return _png


@pytest.fixture
def indexed_vocabularies(running_app):
    """The module's vocabularies back in the index, which an earlier search_clear emptied."""
    vocabularies = vocabulary_service
    for model in vocabularies.record_cls.model_cls.query.all():
        vocabularies.indexer.index(vocabularies.record_cls.get_record(model.id))
    vocabularies.indexer.refresh()


def _put_custom_field_mappings(app):
    """What ``invenio rdm-records custom-fields init`` does at set-up (RDM_CUSTOM_FIELDS)."""
    result = app.test_cli_runner().invoke(create_records_custom_field, [])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def search(search, base_app):
    """pytest-invenio's indices plus the custom-field mappings every instance has."""
    with base_app.app_context():
        _put_custom_field_mappings(base_app)
    return search


@pytest.fixture
def search_clear(search_clear, app):
    """Fresh indices for one test, with the custom-field mappings."""
    _put_custom_field_mappings(app)
    return search_clear


@pytest.fixture
def people(UserFixture, app, db):
    """Owner, stranger, community curator, administrator and a user with a granted request."""
    made = {}
    for name in ("owner", "stranger", "curator", "admin", "grantee", "community-owner"):
        user = UserFixture(email=f"{name}@hzdr.de", password=f"{name}-password",
                           active=True, confirmed=True)
        user.create(app, db)
        made[name] = user
    db.session.add(ActionUsers.allow(superuser_access, user=made["admin"].user))
    db.session.commit()
    current_users_service.indexer.process_bulk_queue()
    current_users_service.indexer.refresh()
    return made



@pytest.fixture
def curated_community(running_app, people):
    """A community with a curator (who is not the record's owner): access and embargo tests."""
    community = current_communities.service.create(
        people["community-owner"].identity,
        {"access": {"visibility": "public"}, "slug": "fwk",
         "metadata": {"title": "Institute of Fluid Dynamics"}},
    )
    current_communities.service.members.add(
        system_identity, community.id,
        {"members": [{"type": "user", "id": str(people["curator"].id)}], "role": "curator"},
    )
    return community



def _level_data(minimal_record, level, **access):
    """Record input at ``level``, with an image file."""
    custom = {"rodare:access_level": level}
    if level == "restricted":
        custom["rodare:access_conditions"] = "<p>Only for HZDR collaborators.</p>"
    embargo = {"until": (date.today() + timedelta(days=90)).isoformat(),
               "reason": "Paper under review"} if level == "embargoed" else {}
    return {
        **minimal_record,
        "files": {"enabled": True},
        "access": {"record": "public", "files": "public", **({"embargo": embargo} if embargo else {}), **access},
        "custom_fields": custom,
    }


@pytest.fixture
def level_data(minimal_record):
    """A function making record input at a level: ``level_data("closed")``."""
    return lambda level, **access: _level_data(minimal_record, level, **access)


@pytest.fixture(scope="session")
def record_input():
    """``level_data`` for fixtures of any scope: fresh input on every call."""
    return lambda level, **access: _level_data(_minimal_record(), level, **access)


@pytest.fixture
def custom_field_mappings(search_clear, indexed_vocabularies):
    """Fresh indices (with the custom-field mappings) and the vocabularies back in them."""
    return search_clear


@pytest.fixture
def index_templates(running_app, search_clear):
    """Index templates as ``invenio index init`` puts them (pytest-invenio creates only the
    indices); the indices they created are deleted afterwards."""
    list(current_search.put_templates(ignore=[400]))
    list(current_search.put_index_templates(ignore=[400]))
    yield
    prefix = running_app.app.config["SEARCH_INDEX_PREFIX"]
    patterns = ("events-stats-*", "stats-*", "job-logs*")
    current_search_client.indices.delete(",".join(prefix + p for p in patterns), ignore=[404])


@pytest.fixture
def publish(running_app, minimal_record, db):
    """A factory for published public records by title; ``community`` makes the record a member."""

    def _publish(title, community=None):
        data = {**minimal_record, "metadata": {**minimal_record["metadata"], "title": title}}
        draft = records_service.create(system_identity, data)
        record = records_service.publish(system_identity, draft.id)._record
        if community is not None:
            record.parent.communities.add(community._record, default=True)
            record.parent.commit()
            db.session.commit()
            records_service.indexer.index(record)
        records_service.indexer.refresh()
        return record

    return _publish


@pytest.fixture
def publish_at_level(running_app, minimal_record, people, png, db, custom_field_mappings):
    """Publish a record of the owner at a level, with ``image.png``, optionally in a community."""

    def _publish(level, community=None):
        owner = people["owner"].identity
        draft = records_service.create(owner, _level_data(minimal_record, level))
        files = records_service.draft_files
        files.init_files(owner, draft.id, [{"key": "image.png"}])
        files.set_file_content(owner, draft.id, "image.png", BytesIO(png(64, 48)))
        files.commit_file(owner, draft.id, "image.png")
        record = records_service.publish(owner, draft.id)
        if community is not None:
            parent = record._record.parent
            parent.communities.add(community._record, default=True)
            parent.commit()
            db.session.commit()
            records_service.indexer.index(record._record)
        records_service.indexer.refresh()
        return record

    return _publish


@pytest.fixture
def owner_client(app, people, custom_field_mappings):
    """A REST client logged in as the owner."""
    client = app.test_client()
    login_user_via_session(client, email=people["owner"].email)
    return client



@pytest.fixture
def hzdr_vocabularies(running_app, custom_field_mappings):
    """The HZDR vocabularies, affiliations and funders from this repository's app_data."""
    files = hzdr_fixtures.vocabulary_files()
    for type_, (pid_type, entries) in files.items():
        hzdr_fixtures.reload_vocabulary(type_, pid_type, entries)
    for index in ("vocabularies", "affiliations", "funders"):
        current_search.flush_and_refresh(index)
    return files


@pytest.fixture(scope="module", autouse=True)
def _fresh_user_per_request(app):
    """Serve every test request as the account it carries, and forget it when it ends.

    pytest-invenio keeps one application context open for a whole module, and Flask-Login
    caches the signed-in account in its ``g`` (``g._login_user``). pytest-invenio forgets it
    after UI requests only; invenio-oauth2server caches a bearer token's account in the same
    place on the API app (the ROBIS tests saw the owner served as ROBIS after its call).
    Autouse, on both apps: no test can switch users and keep the last one
    (``site/tests/test_fresh_user.py``).
    """

    def forget(exc):
        g.pop("_login_user", None)

    for flask_app in (app, app.wsgi_app.mounts["/api"]):
        flask_app.teardown_request_funcs.setdefault(None, []).append(forget)


@pytest.fixture
def set_config(app, monkeypatch):
    """Change a setting in the UI and the API app alike (they have a config each)."""

    def _set(key, value):
        for flask_app in (app, app.wsgi_app.mounts["/api"]):
            monkeypatch.setitem(flask_app.config, key, value)

    return _set


@pytest.fixture
def as_user(app, people):
    """A REST/UI client signed in as one of ``people`` (owner, stranger, admin, ...).

    Under ``on_day`` sign in inside the ``with``: a session cookie lasts 30 days.
    """

    def _client(name):
        client = app.test_client()
        login_user_via_session(client, email=people[name].email)
        return client

    return _client


@pytest.fixture
def on_day():
    """``with on_day(record, 29):`` the clock stands 29 days after the record's publication
    (and runs on): the grace periods' day-29-versus-day-31 tests."""

    def _travel(record, days, hours=0):
        created = getattr(record, "_record", record).created
        return time_machine.travel(created + timedelta(days=days, hours=hours), tick=True)

    return _travel

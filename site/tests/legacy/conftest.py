"""Factories of the legacy deposit API tests: the vocabularies legacy metadata names, the local
ROBIS, people with personal tokens of each scope, and a client speaking the legacy API."""

from pathlib import Path

import pytest
import yaml
from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_db import db
from invenio_oauth2server.models import Token
from invenio_rdm_records import fixtures as rdm_fixtures
from invenio_search import current_search
from invenio_vocabularies.proxies import current_service as vocabulary_service
from robis.conftest import LocalRobis

PACKAGE_DATA = Path(rdm_fixtures.__file__).parent / "data" / "vocabularies"
REPO = Path(__file__).resolve().parents[3]

LEGACY_METADATA = {
    "upload_type": "software",
    "title": "rodare-demo",
    "creators": [{"name": "Rossendorf, Rosa", "affiliation": "HZDR",
                  "orcid": "0000-0002-1825-0097"}],
    "description": "<p>Demo software</p>",
    "access_right": "open",
    "license": "apache-2.0",
    "version": "1.0.0",
    "keywords": ["hermes", "demo"],
    "related_identifiers": [{"identifier": "10.5281/zenodo.13221384", "relation": "isCompiledBy",
                             "scheme": "doi"}],
}
"""What HERMES's ``invenio`` target sends, less ``pub_id`` (tests add it where it matters)."""


@pytest.fixture(scope="module")
def local_robis(tmp_path_factory):
    """The local ROBIS (stack/standins/robis.py): it knows publications 27151, 30001, 30002, 31000."""
    server = LocalRobis(tmp_path_factory.mktemp("robis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def app_config(app_config, local_robis):
    """The ROBIS lookup at the local ROBIS (the gate stays off but where a test turns it on)."""
    app_config["RODARE_ROBIS_LOOKUP_URL"] = local_robis.lookup_url
    return app_config


def _package_entries(name, ids=None):
    entries = yaml.safe_load((PACKAGE_DATA / name).read_text())
    return [e for e in entries if ids is None or e["id"] in ids]


def _add(type_id, pid_type, entries, create_type=True):
    if create_type:
        vocabulary_service.create_type(system_identity, type_id, pid_type)
    for entry in entries:
        vocabulary_service.create(system_identity, {**entry, "type": type_id})


@pytest.fixture(scope="module")
def legacy_vocabularies(vocabularies):
    """The resource types, relations, roles, description and date types, licences and
    languages (RODARE's own entries) the tests name."""
    _add("resourcetypes", None, _package_entries(
        "resource_types.yaml", {"software", "publication-article", "publication-dissertation",
                                "image-photo", "poster"}), create_type=False)
    _add("relationtypes", "rlt", _package_entries("relation_types.yaml"))
    _add("descriptiontypes", "dty", _package_entries("description_types.yaml"))
    _add("contributorsroles", "cor", _package_entries("roles.yaml"))
    _add("licenses", None, [
        {"id": "apache-2.0", "title": {"en": "Apache License 2.0"}, "props": {"scheme": "spdx"}},
        {"id": "cc0-1.0", "title": {"en": "Creative Commons Zero v1.0 Universal"},
         "props": {"scheme": "spdx"}},
    ], create_type=False)
    _add("datetypes", "dat", _package_entries("date_types.yaml"))
    languages = yaml.safe_load((REPO / "app_data" / "vocabularies" / "languages.yaml").read_text())
    _add("languages", "lng", [e for e in languages if e["id"] in ("deu", "pol", "eng")])
    current_search.flush_and_refresh("vocabularies")


@pytest.fixture
def legacy_app(running_app, legacy_vocabularies, custom_field_mappings):
    """The app with everything a legacy deposition names, and fresh indices."""
    return running_app.app


def bearer(user, *scopes):
    """A personal token of ``user`` with ``scopes``, as the Authorization header."""
    token = Token.create_personal(f"t-{'-'.join(scopes) or 'none'}", user.id, scopes=list(scopes),
                                  is_internal=False)
    db.session.commit()
    return {"Authorization": f"Bearer {token.access_token}"}


class LegacyClient:
    """A legacy API client with a token: what HERMES and scripts do, over the test client."""

    def __init__(self, client, headers):
        """``headers``: the Authorization header."""
        self.client, self.headers = client, headers

    @staticmethod
    def path(url):
        """A link of an answer as a path the test client serves."""
        return url.removeprefix("https://127.0.0.1:5000")

    def __getattr__(self, method):
        """``get``, ``post``, ``put``, ``delete`` with the token; links work as URLs too."""
        send = getattr(self.client, method)
        return lambda url, **kw: send(self.path(url), headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def create(self, metadata=None):
        """POST a deposition; its JSON."""
        res = self.post("/api/deposit/depositions", json={"metadata": metadata or {}})
        assert res.status_code == 201, res.json
        return res.json

    def upload(self, dep, name="README.md", content=b"# rodare-demo\n"):
        """PUT a file into the deposition's bucket."""
        res = self.put(f"{dep['links']['bucket']}/{name}", data=content)
        assert res.status_code == 201, res.json
        return res.json

    def published(self, metadata):
        """A deposition with a file, published; the record's legacy JSON."""
        dep = self.create(metadata)
        self.upload(dep)
        res = self.post(dep["links"]["publish"])
        assert res.status_code == 202, res.json
        return res.json


@pytest.fixture
def owner_api(app, legacy_app, people):
    """The owner's client, its token with both legacy scopes (HERMES's)."""
    return LegacyClient(app.test_client(), bearer(people["owner"], "deposit:write", "deposit:actions"))


@pytest.fixture
def stranger_api(app, legacy_app, people):
    """Another researcher's client, with both scopes."""
    return LegacyClient(app.test_client(), bearer(people["stranger"], "deposit:write", "deposit:actions"))


@pytest.fixture
def token_of(app, legacy_app, people):
    """``token_of("owner", "deposit:write")``: a client whose token has just those scopes."""
    return lambda who, *scopes: LegacyClient(app.test_client(), bearer(people[who], *scopes))


@pytest.fixture
def metadata():
    """A fresh copy of what HERMES sends."""
    return yaml.safe_load(yaml.safe_dump(LEGACY_METADATA))


@pytest.fixture
def community(legacy_app, people):
    """A public community whose owner is not the depositor: inclusion needs a request."""
    return current_communities.service.create(
        people["community-owner"].identity,
        {"access": {"visibility": "public"}, "slug": "rodare",
         "metadata": {"title": "RODARE"}},
    )
